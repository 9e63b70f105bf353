/// The variables a template reads from its context, as
/// `jinja2.meta.find_undeclared_variables` finds them with Jinja's own symbol
/// tracking (`jinja2/idtracking.py`): a frame per loop body, loop `else`, loop filter,
/// `with` block, `set` block and filter block; a name read before it is set in its
/// frame (and not set in an enclosing one) is undeclared; and a name set in only
/// some branches of an `if` counts as undeclared too, since the other branches read
/// it from the context. (Jinja counts an `if` as three branches, body, `elif`s and
/// `else`, even when some are missing.)
enum VariableAnalysis {
    static func undeclared(in nodes: [Node]) -> Set<String> {
        var found: Set<String> = []
        let root = Symbols(parent: nil)
        for node in nodes { visit(node, root) }
        collect(root, &found)
        for node in nodes { enterFrames(node, root, &found) }
        return found
    }

    /// Jinja's `Symbols`: what each name in one frame resolves to.
    final class Symbols {
        enum Load { case resolve, undefined, alias, parameter }

        let parent: Symbols?
        var refs: Set<String> = []
        var loads: [String: Load] = [:]
        var stores: Set<String> = []

        init(parent: Symbols?) { self.parent = parent }

        func copy() -> Symbols {
            let copy = Symbols(parent: parent)
            copy.refs = refs
            copy.loads = loads
            copy.stores = stores
            return copy
        }

        func findRef(_ name: String) -> Bool { refs.contains(name) || (parent?.findRef(name) ?? false) }

        func load(_ name: String) {
            if !findRef(name) {
                refs.insert(name)
                loads[name] = .resolve
            }
        }

        func store(_ name: String) {
            stores.insert(name)
            if !refs.contains(name) {
                refs.insert(name)
                loads[name] = (parent?.findRef(name) ?? false) ? .alias : .undefined
            }
        }

        func parameter(_ name: String) {
            stores.insert(name)
            refs.insert(name)
            loads[name] = .parameter
        }

        func replace(with other: Symbols) {
            refs = other.refs
            loads = other.loads
            stores = other.stores
        }

        func branchUpdate(_ branches: [Symbols]) {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for branch in branches {
                for target in branch.stores.sorted() where !stores.contains(target) {
                    if counts[target] == nil { order.append(target) }
                    counts[target, default: 0] += 1
                }
            }
            for branch in branches {
                refs.formUnion(branch.refs)
                loads.merge(branch.loads) { _, new in new }
                stores.formUnion(branch.stores)
            }
            for name in order where counts[name] != branches.count {
                if let parent, parent.findRef(name) {
                    loads[name] = .alias
                } else {
                    loads[name] = .resolve
                }
            }
        }
    }

    private static func collect(_ symbols: Symbols, _ found: inout Set<String>) {
        for (name, load) in symbols.loads where load == .resolve { found.insert(name) }
    }

    // MARK: The frame symbol visitor: statements of one frame, without nested frames' bodies

    private static func visit(_ node: Node, _ symbols: Symbols) {
        switch node.kind {
        case .text: break
        case .output(let expr): visit(expr, symbols)
        case .ifBlock(let branches, let otherwise):
            visitIf(branches[...], otherwise, symbols)
        case .forLoop(_, let iterable, _, _, _, _):
            visit(iterable, symbols)
        case .set(let target, let value):
            visit(value, symbols)
            store(target, symbols)
        case .setBlock(let target, _, _):
            store(target, symbols)
        case .with(let assignments, _):
            for (_, value) in assignments { visit(value, symbols) }
        case .filterBlock(let filter, _):
            visit(filter, symbols)
        }
    }

    /// `If(test, body, elif_=[If...], else_)`: the `elif`s are one branch of nested Ifs.
    private static func visitIf(_ branches: ArraySlice<(Expr, [Node])>, _ otherwise: [Node], _ symbols: Symbols) {
        guard let (condition, body) = branches.first else { return }
        visit(condition, symbols)
        func inner(_ visitBranch: (Symbols) -> Void) -> Symbols {
            let branch = symbols.copy()
            visitBranch(branch)
            return branch
        }
        let bodySymbols = inner { branch in for element in body { visit(element, branch) } }
        let elifSymbols = inner { branch in
            for index in branches.indices.dropFirst() {
                visitIf(branches[index...index], [], branch)
            }
        }
        let elseSymbols = inner { branch in for element in otherwise { visit(element, branch) } }
        symbols.branchUpdate([bodySymbols, elifSymbols, elseSymbols])
    }

    private static func store(_ target: AssignTarget, _ symbols: Symbols, asParameter: Bool = false) {
        switch target {
        case .name(let name): asParameter ? symbols.parameter(name) : symbols.store(name)
        case .tuple(let targets): for element in targets { store(element, symbols, asParameter: asParameter) }
        case .attribute(let name, _): symbols.load(name)
        }
    }

    // MARK: The code generator's walk: nested frames

    private static func enterFrames(_ node: Node, _ frame: Symbols, _ found: inout Set<String>) {
        switch node.kind {
        case .text, .output, .set: break
        case .ifBlock(let branches, let otherwise):
            for (_, body) in branches { for element in body { enterFrames(element, frame, &found) } }
            for element in otherwise { enterFrames(element, frame, &found) }
        case .forLoop(let target, _, let filter, let body, let otherwise, _):
            let loopFrame = Symbols(parent: frame)
            loopFrame.parameter("loop")
            store(target, loopFrame, asParameter: true)
            for element in body { visit(element, loopFrame) }
            if !otherwise.isEmpty {
                let elseFrame = Symbols(parent: frame)
                for element in otherwise { visit(element, elseFrame) }
                collect(elseFrame, &found)
                for element in otherwise { enterFrames(element, elseFrame, &found) }
            }
            if let filter {
                let testFrame = Symbols(parent: frame)
                store(target, testFrame, asParameter: true)
                visit(filter, testFrame)
                collect(testFrame, &found)
            }
            collect(loopFrame, &found)
            for element in body { enterFrames(element, loopFrame, &found) }
        case .setBlock(_, let filter, let body):
            let blockFrame = Symbols(parent: frame)
            for element in body { visit(element, blockFrame) }
            if let filter { visit(filter, blockFrame) }
            collect(blockFrame, &found)
            for element in body { enterFrames(element, blockFrame, &found) }
        case .with(let assignments, let body):
            let withFrame = Symbols(parent: frame)
            for (target, _) in assignments { store(target, withFrame) }
            for element in body { visit(element, withFrame) }
            collect(withFrame, &found)
            for element in body { enterFrames(element, withFrame, &found) }
        case .filterBlock(let filter, let body):
            let filterFrame = Symbols(parent: frame)
            for element in body { visit(element, filterFrame) }
            visit(filter, filterFrame)
            collect(filterFrame, &found)
            for element in body { enterFrames(element, filterFrame, &found) }
        }
    }

    // MARK: Expressions

    private static func visit(_ expr: Expr, _ symbols: Symbols) {
        func arguments(_ args: CallArguments) {
            for e in args.positional { visit(e, symbols) }
            for (_, e) in args.keyword { visit(e, symbols) }
            if let e = args.starArgs { visit(e, symbols) }
            if let e = args.starKwargs { visit(e, symbols) }
        }
        switch expr.kind {
        case .constant: break
        case .name(let name): symbols.load(name)
        case .list(let items), .tuple(let items), .concat(let items): for element in items { visit(element, symbols) }
        case .dict(let items):
            for (k, v) in items {
                visit(k, symbols)
                visit(v, symbols)
            }
        case .getattr(let base, _): visit(base, symbols)
        case .getitem(let base, let key):
            visit(base, symbols)
            visit(key, symbols)
        case .slice(let a, let b, let c):
            for part in [a, b, c].compactMap({ $0 }) { visit(part, symbols) }
        case .call(let callee, let args):
            visit(callee, symbols)
            arguments(args)
        case .filter(let base, _, let args):
            if let base { visit(base, symbols) }
            arguments(args)
        case .test(let base, _, let args):
            visit(base, symbols)
            arguments(args)
        case .not(let e), .negate(let e), .plus(let e): visit(e, symbols)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            visit(a, symbols)
            visit(b, symbols)
        case .compare(let first, let rest):
            visit(first, symbols)
            for element in rest { visit(element.1, symbols) }
        case .conditional(let test, let then, let otherwise):
            visit(test, symbols)
            visit(then, symbols)
            if let otherwise { visit(otherwise, symbols) }
        }
    }
}
