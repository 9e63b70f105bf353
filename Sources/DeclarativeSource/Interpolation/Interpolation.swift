internal import AirbyteProtocol
internal import Jinja

/// The values a template sees besides `config`, as the CDK passes them as keyword arguments
/// (`stream_slice`, `next_page_token`, `response`, `record`, ...).
typealias InterpolationContext = [String: JinjaValue]

/// The CDK's `valid_types` for the places that use them.
enum ValidTypes {
    static let string: Set<PythonType> = [.str]
    static let int: Set<PythonType> = [.int]
    static let float: Set<PythonType> = [.float]
    static let bool: Set<PythonType> = [.bool]
    /// `(str, list)`: what request parameters and form bodies accept.
    static let stringOrList: Set<PythonType> = [.str, .list]

    /// The types a manifest's `value_type` (`string`, `number`, `integer`, `boolean`)
    /// names; nil for any other name, which each component treats as the CDK does.
    static func named(_ valueType: String) -> Set<PythonType>? {
        switch valueType {
        case "string": string
        case "number": float
        case "integer": int
        case "boolean": bool
        default: nil
        }
    }
}

/// The manifest's `$parameters` objects handed to the Jinja module's interpolation types.
extension InterpolatedString {
    init(_ string: String, parameters: JSONObject, default defaultValue: String? = nil, in environment: JinjaEnvironment) {
        self.init(string, default: defaultValue, parameters: JinjaValue(parameters), environment: environment)
    }
}

extension InterpolatedBoolean {
    init(_ condition: String, parameters: JSONObject, in environment: JinjaEnvironment) {
        self.init(condition, parameters: JinjaValue(parameters), environment: environment)
    }
}

extension InterpolatedMapping {
    init(_ mapping: JSONObject, parameters: JSONObject, in environment: JinjaEnvironment) {
        self.init(mapping, parameters: JinjaValue(parameters), environment: environment)
    }
}

extension InterpolatedNestedMapping {
    init(_ mapping: JSONValue, parameters: JSONObject, in environment: JinjaEnvironment) {
        self.init(mapping, parameters: JinjaValue(parameters), environment: environment)
    }
}
