/// The `loop` variable of a `for` body.
struct LoopState: Sendable {
    let index0: Int
    let items: [JinjaValue]
    let depth0: Int

    var length: Int { items.count }
}
