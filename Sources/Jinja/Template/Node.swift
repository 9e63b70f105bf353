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
