/// A template that does not parse, or an evaluation that fails.
///
/// The ``code`` says what kind of failure it was, in the vocabulary of the Python
/// exceptions the Airbyte CDK would raise at the same point (`TypeError`,
/// `jinja2.exceptions.UndefinedError`, ...), because the CDK's interpolation
/// treats them differently: an undefined error falls back to the default, a type
/// error returns the template text unchanged, the rest fail the sync.
///
/// ``description`` is safe to log: it names the template position and the kind of
/// failure, never a value from the context (configs hold secrets).
/// ``debugDescription`` adds the template text and the underlying error.
public struct TemplateError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case syntax = "TemplateSyntaxError"
            case undefined = "UndefinedError"
            case type = "TypeError"
            case value = "ValueError"
            case zeroDivision = "ZeroDivisionError"
            case key = "KeyError"
            case index = "IndexError"
            case attribute = "AttributeError"
            case overflow = "OverflowError"
            case security = "SecurityError"
            case undeclaredVariable = "UndeclaredVariable"
            case unsupportedVariable = "UnsupportedVariable"
            case runtime = "TemplateRuntimeError"
            case pattern = "re.error"
        }

        let base: Base

        /// The template does not parse (`jinja2.TemplateSyntaxError`).
        public static let syntax = Code(base: .syntax)
        /// An undefined value was used where a value is needed: an attribute or item
        /// of an undefined, arithmetic on it, calling it (`jinja2.UndefinedError`).
        public static let undefined = Code(base: .undefined)
        /// An operation got a value of the wrong type (Python `TypeError`).
        public static let typeError = Code(base: .type)
        /// An operation got a value of the right type but a bad value, such as a
        /// string that is no date (Python `ValueError`).
        public static let valueError = Code(base: .value)
        /// Division or modulo by zero (Python `ZeroDivisionError`).
        public static let zeroDivision = Code(base: .zeroDivision)
        /// A missing key where Python raises rather than returning undefined, such as `dict.pop`.
        public static let keyError = Code(base: .key)
        /// An index out of range where Python raises, such as `list.pop`.
        public static let indexError = Code(base: .index)
        /// A missing attribute where Python raises, such as an unknown hash algorithm.
        public static let attributeError = Code(base: .attribute)
        /// A number too large for the operation (Python `OverflowError`).
        public static let overflow = Code(base: .overflow)
        /// Access the sandbox forbids (`jinja2.sandbox.SecurityError`).
        public static let security = Code(base: .security)
        /// The template names a variable that the caller did not put in the context
        /// (the CDK raises `ValueError: Jinja macro has undeclared variables`).
        public static let undeclaredVariable = Code(base: .undeclaredVariable)
        /// The template mentions a variable the CDK no longer supports (`stream_state`).
        public static let unsupportedVariable = Code(base: .unsupportedVariable)
        /// A bad regular expression, or a `strptime` format naming a directive twice (`re.error`).
        public static let patternError = Code(base: .pattern)
        /// Any other runtime failure (`jinja2.TemplateRuntimeError`).
        public static let runtime = Code(base: .runtime)

        /// The name of the Python exception the CDK raises in this case.
        public var pythonException: String { base.rawValue }
        public var description: String { base.rawValue }
    }

    /// A position in a template's source.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// 1-based line.
        public var line: Int
        /// 1-based column, in Unicode scalars.
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "line \(line), column \(column)" }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, without context values.
    public var message: String
    /// The template's source text, when known.
    public var template: String?
    /// Where in the template, when known.
    public var location: Location?
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code, _ message: String, template: String? = nil, location: Location? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.template = template
        self.location = location
        self.underlying = underlying
    }

    public var description: String {
        var text = "\(code.pythonException): \(message)"
        if let location { text += " (at \(location))" }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let template { text += " in template \(String(reflecting: template))" }
        if let underlying { text += "; underlying: \(String(reflecting: underlying))" }
        return text
    }

    /// The same error, pinned to `template` and `location` unless it already has them.
    func located(template: String?, location: Location?) -> TemplateError {
        var copy = self
        if copy.template == nil { copy.template = template }
        if copy.location == nil { copy.location = location }
        return copy
    }

    static func type(_ message: String) -> TemplateError { TemplateError(.typeError, message) }
    static func value(_ message: String) -> TemplateError { TemplateError(.valueError, message) }
    static func undefined(_ message: String) -> TemplateError { TemplateError(.undefined, message) }
}
