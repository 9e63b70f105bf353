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

/// The `loop` variable of a `for` body.
struct LoopState: Sendable {
    let index0: Int
    let items: [JinjaValue]
    let depth0: Int

    var length: Int { items.count }
}

/// A callable value: a global such as `now_utc`, a bound method (`d.get`), `namespace`.
struct JinjaFunction: Sendable {
    init(name: String, repr: String, text: String? = nil,
         body: @escaping @Sendable (_ arguments: Arguments, _ context: CallContext) throws(TemplateError) -> JinjaValue) {
        self.name = name
        self.repr = repr
        self.text = text
        self.body = body
    }

    let name: String
    /// `repr()` of the function in Python (`<function now_utc at 0x...>` cannot match
    /// byte for byte; this gives the stable part).
    let repr: String
    /// `str()` when it differs from `repr()` (a tzinfo's name).
    var text: String?
    let body: @Sendable (_ arguments: Arguments, _ context: CallContext) throws(TemplateError) -> JinjaValue
}
