/// The globals, filters and tests templates see, and the clock behind `now_utc()`.
///
/// ``airbyte(clock:)`` is the environment of the Airbyte CDK's `JinjaInterpolation`:
/// Jinja's sandboxed environment with Jinja's builtin filters and tests, the CDK's
/// macros (`now_utc`, `format_datetime`, `duration`, ...) as globals and its filters
/// (`hash`, `base64encode`, `regex_search`, `string`, ...), without `range`.
public struct JinjaEnvironment: Sendable {
    /// A function callable from a template (`{{ f(1, x=2) }}`).
    public typealias Function = @Sendable (_ arguments: JinjaArguments) throws(TemplateError) -> JinjaValue
    /// A filter (`{{ value | f(1) }}`): the value and the filter's own arguments.
    public typealias Filter = @Sendable (_ value: JinjaValue, _ arguments: JinjaArguments) throws(TemplateError) -> JinjaValue
    /// A test (`{% if value is t(1) %}`).
    public typealias Test = @Sendable (_ value: JinjaValue, _ arguments: JinjaArguments) throws(TemplateError) -> Bool

    typealias InternalFilter = @Sendable (JinjaValue, Arguments, CallContext) throws(TemplateError) -> JinjaValue
    typealias InternalTest = @Sendable (JinjaValue, Arguments, CallContext) throws(TemplateError) -> Bool

    /// The clock behind the time macros.
    public var clock: JinjaClock
    var globals: [String: JinjaValue] = [:]
    var filters: [String: InternalFilter] = [:]
    var tests: [String: InternalTest] = [:]

    /// Jinja's default sandboxed environment: builtin filters and tests, and the
    /// globals `dict`, `namespace`, `lipsum`, `cycler`, `joiner` (no `range`).
    public static func standard(clock: JinjaClock = .system) -> JinjaEnvironment {
        var environment = JinjaEnvironment(clock: clock)
        environment.installBuiltins()
        return environment
    }

    /// The Airbyte CDK's interpolation environment (see the type's documentation).
    public static func airbyte(clock: JinjaClock = .system) -> JinjaEnvironment {
        var environment = standard(clock: clock)
        environment.installAirbyteMacros()
        environment.installAirbyteFilters()
        return environment
    }

    /// Makes `function` callable as `name` from templates.
    public mutating func addGlobal(_ name: String, _ function: @escaping Function) {
        let body: @Sendable (Arguments, CallContext) throws(TemplateError) -> JinjaValue = { arguments, _ throws(TemplateError) in
            try function(arguments)
        }
        globals[name] = JinjaValue(storage: .function(JinjaFunction(name: name, repr: "<function \(name)>", body: body)))
    }

    /// Makes `value` visible as `name` in every template (a context variable of the
    /// same name wins).
    public mutating func addGlobal(_ name: String, value: JinjaValue) {
        globals[name] = value
    }

    /// Removes a global, as the CDK removes `range`.
    public mutating func removeGlobal(_ name: String) {
        globals[name] = nil
    }

    /// Adds or replaces the filter `name`.
    public mutating func addFilter(_ name: String, _ filter: @escaping Filter) {
        let wrapped: InternalFilter = { value, arguments, _ throws(TemplateError) in try filter(value, arguments) }
        filters[name] = wrapped
    }

    /// Adds or replaces the test `name`.
    public mutating func addTest(_ name: String, _ test: @escaping Test) {
        let wrapped: InternalTest = { value, arguments, _ throws(TemplateError) in try test(value, arguments) }
        tests[name] = wrapped
    }

    /// Whether a global of this name exists.
    public func hasGlobal(_ name: String) -> Bool { globals[name] != nil }

    /// Parses `source` for rendering in this environment.
    public func template(_ source: String) throws(TemplateError) -> JinjaTemplate {
        try JinjaTemplate(source, environment: self)
    }

    mutating func addInternalGlobal(
        _ name: String, repr: String? = nil,
        _ body: @escaping @Sendable (Arguments, CallContext) throws(TemplateError) -> JinjaValue
    ) {
        globals[name] = JinjaValue(storage: .function(JinjaFunction(name: name, repr: repr ?? "<function \(name)>", body: body)))
    }
}
