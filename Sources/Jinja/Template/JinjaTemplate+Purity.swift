extension JinjaTemplate {
    /// Whether the template renders the same text whenever `variables` are the same: it
    /// only outputs text and expressions over those variables and constants, with no call
    /// but a `.get` lookup and no filter but pure ones (so no clock, no random value, no
    /// variable of the caller's other than those).
    func readsOnly(_ variables: Set<String>) -> Bool {
        nodes.allSatisfy { node in
            switch node.kind {
            case .text: return true
            case .output(let expr): return expr.readsOnly(variables)
            default: return false
            }
        }
    }
}

extension Expr {
    /// Filters whose result depends only on their arguments.
    static let pureFilters: Set<String> = [
        "string", "lower", "upper", "trim", "int", "float", "join", "replace", "length", "count", "first", "last",
        "default", "d", "urlencode", "tojson", "capitalize", "title",
    ]

    func readsOnly(_ variables: Set<String>) -> Bool {
        func all(_ exprs: [Expr]) -> Bool { exprs.allSatisfy { $0.readsOnly(variables) } }
        func pure(_ arguments: CallArguments) -> Bool {
            all(arguments.positional) && arguments.keyword.allSatisfy { $0.1.readsOnly(variables) }
                && (arguments.starArgs?.readsOnly(variables) ?? true) && (arguments.starKwargs?.readsOnly(variables) ?? true)
        }
        switch kind {
        case .constant: return true
        case .name(let name): return variables.contains(name)
        case .list(let items), .tuple(let items), .concat(let items): return all(items)
        case .dict(let pairs): return pairs.allSatisfy { $0.0.readsOnly(variables) && $0.1.readsOnly(variables) }
        case .getattr(let base, _): return base.readsOnly(variables)
        case .getitem(let base, let key): return base.readsOnly(variables) && key.readsOnly(variables)
        case .slice(let start, let stop, let step): return all([start, stop, step].compactMap { $0 })
        case .call(let callee, let arguments):
            guard case .getattr(let base, "get") = callee.kind else { return false }
            return base.readsOnly(variables) && pure(arguments)
        case .filter(let base, let name, let arguments):
            return Self.pureFilters.contains(name) && (base?.readsOnly(variables) ?? true) && pure(arguments)
        case .test(let base, _, let arguments): return base.readsOnly(variables) && pure(arguments)
        case .not(let operand), .negate(let operand), .plus(let operand): return operand.readsOnly(variables)
        case .binary(_, let left, let right), .and(let left, let right), .or(let left, let right):
            return left.readsOnly(variables) && right.readsOnly(variables)
        case .compare(let first, let rest): return first.readsOnly(variables) && rest.allSatisfy { $0.1.readsOnly(variables) }
        case .conditional(let test, let then, let otherwise):
            return test.readsOnly(variables) && then.readsOnly(variables) && (otherwise?.readsOnly(variables) ?? true)
        }
    }
}
