/// The parsed form of a template: statements (`Node`) holding expressions (`Expr`).
/// Positions are byte offsets into the normalized source; ``SourceText`` turns them
/// into lines and columns for errors.

/// An expression with the offset where it starts.
struct Expr: Sendable {
    let kind: Kind
    let offset: Int

    indirect enum Kind: Sendable {
        case constant(JinjaValue)
        case name(String)
        case list([Expr])
        case tuple([Expr])
        case dict([(Expr, Expr)])
        case getattr(Expr, String)
        case getitem(Expr, Expr)
        case slice(start: Expr?, stop: Expr?, step: Expr?)
        case call(Expr, CallArguments)
        case filter(Expr?, name: String, CallArguments)
        case test(Expr, name: String, CallArguments)
        case not(Expr)
        case negate(Expr)
        case plus(Expr)
        case binary(JinjaValue.BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case concat([Expr])
        case compare(Expr, [(CompareOperator, Expr)])
        case conditional(test: Expr, then: Expr, otherwise: Expr?)
    }
}

/// Positional and keyword arguments of a call, filter or test, with `*args` and `**kwargs`.
struct CallArguments: Sendable {
    var positional: [Expr] = []
    var keyword: [(String, Expr)] = []
    var starArgs: Expr?
    var starKwargs: Expr?
}

enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", lteq = "<=", gt = ">", gteq = ">=", `in` = "in", notIn = "not in"
}

/// An assignment target of `set`, `for` and `with`.
indirect enum AssignTarget: Sendable {
    case name(String)
    case tuple([AssignTarget])
    /// `ns.attr` (only in `set`).
    case attribute(String, String)

    var names: [String] {
        switch self {
        case .name(let name): return [name]
        case .tuple(let targets): return targets.flatMap(\.names)
        case .attribute: return []
        }
    }
}

/// A statement with the offset where it starts.
struct Node: Sendable {
    let kind: Kind
    let offset: Int

    indirect enum Kind: Sendable {
        case text(String)
        case output(Expr)
        case ifBlock(branches: [(Expr, [Node])], otherwise: [Node])
        case forLoop(target: AssignTarget, iterable: Expr, filter: Expr?, body: [Node], otherwise: [Node], recursive: Bool)
        case set(AssignTarget, Expr)
        case setBlock(AssignTarget, filter: Expr?, body: [Node])
        case with([(AssignTarget, Expr)], body: [Node])
        case filterBlock(Expr, body: [Node])
    }
}
