import Synchronization

/// Jinja's `namespace()`: the one value templates share by reference, so a loop body
/// can change it (`{% set ns.found = true %}`). It lives only as long as a render.
final class Namespace: Sendable {
    private let attributes: Mutex<JinjaDict>

    init(_ initial: JinjaDict) { attributes = Mutex(initial) }

    subscript(name: String) -> JinjaValue? {
        get { attributes.withLock { $0[string: name] } }
        set { attributes.withLock { $0[.string(name)] = newValue } }
    }

    var snapshot: JinjaDict { attributes.withLock { $0 } }
}
