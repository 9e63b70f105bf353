/// The variables a template reads before (or without) setting them, as
/// `jinja2.meta.find_undeclared_variables` finds them: a name set in only some
/// branches of an `if`, or only inside a loop, still counts as undeclared after it.
enum VariableAnalysis {
    static func undeclared(in nodes: [Node]) -> Set<String> {
        var found: Set<String> = []
        _ = walk(nodes, declared: [], found: &found)
        return found
    }

    private static func walk(_ nodes: [Node], declared initial: Set<String>, found: inout Set<String>) -> Set<String> {
        var declared = initial
        for node in nodes {
            switch node.kind {
            case .text: break
            case .output(let expr): visit(expr, declared, &found)
            case .ifBlock(let branches, let otherwise):
                var common: Set<String>?
                for (condition, body) in branches {
                    visit(condition, declared, &found)
                    let after = walk(body, declared: declared, found: &found)
                    common = common.map { $0.intersection(after) } ?? after
                }
                let afterElse = walk(otherwise, declared: declared, found: &found)
                declared = (common ?? declared).intersection(afterElse)
            case .forLoop(let target, let iterable, let filter, let body, let otherwise, _):
                visit(iterable, declared, &found)
                let inner = declared.union(target.names).union(["loop"])
                if let filter { visit(filter, inner, &found) }
                _ = walk(body, declared: inner, found: &found)
                _ = walk(otherwise, declared: declared, found: &found)
            case .set(let target, let value):
                visit(value, declared, &found)
                if case .attribute(let name, _) = target, !declared.contains(name) { found.insert(name) }
                declared.formUnion(target.names)
            case .setBlock(let target, let filter, let body):
                _ = walk(body, declared: declared, found: &found)
                if let filter { visit(filter, declared, &found) }
                if case .attribute(let name, _) = target, !declared.contains(name) { found.insert(name) }
                declared.formUnion(target.names)
            case .with(let assignments, let body):
                var inner = declared
                for (target, value) in assignments {
                    visit(value, declared, &found)
                    inner.formUnion(target.names)
                }
                _ = walk(body, declared: inner, found: &found)
            case .filterBlock(let filter, let body):
                visit(filter, declared, &found)
                _ = walk(body, declared: declared, found: &found)
            }
        }
        return declared
    }

    private static func visit(_ expr: Expr, _ declared: Set<String>, _ found: inout Set<String>) {
        func arguments(_ args: CallArguments) {
            for e in args.positional { visit(e, declared, &found) }
            for (_, e) in args.keyword { visit(e, declared, &found) }
            if let e = args.starArgs { visit(e, declared, &found) }
            if let e = args.starKwargs { visit(e, declared, &found) }
        }
        switch expr.kind {
        case .constant: break
        case .name(let name): if !declared.contains(name) { found.insert(name) }
        case .list(let items), .tuple(let items), .concat(let items): items.forEach { visit($0, declared, &found) }
        case .dict(let items):
            for (k, v) in items {
                visit(k, declared, &found)
                visit(v, declared, &found)
            }
        case .getattr(let base, _): visit(base, declared, &found)
        case .getitem(let base, let key):
            visit(base, declared, &found)
            visit(key, declared, &found)
        case .slice(let a, let b, let c): [a, b, c].compactMap { $0 }.forEach { visit($0, declared, &found) }
        case .call(let callee, let args):
            visit(callee, declared, &found)
            arguments(args)
        case .filter(let base, _, let args):
            if let base { visit(base, declared, &found) }
            arguments(args)
        case .test(let base, _, let args):
            visit(base, declared, &found)
            arguments(args)
        case .not(let e), .negate(let e), .plus(let e): visit(e, declared, &found)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            visit(a, declared, &found)
            visit(b, declared, &found)
        case .compare(let first, let rest):
            visit(first, declared, &found)
            rest.forEach { visit($0.1, declared, &found) }
        case .conditional(let test, let then, let otherwise):
            visit(test, declared, &found)
            visit(then, declared, &found)
            if let otherwise { visit(otherwise, declared, &found) }
        }
    }
}
