/// A callable value: a global such as `now_utc`, a bound method (`d.get`), `namespace`.
struct JinjaFunction: Sendable {
    init(
        name: String, repr: String, text: String? = nil,
        body: @escaping @Sendable (_ arguments: Arguments, _ context: CallContext) throws(TemplateError) -> JinjaValue
    ) {
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
