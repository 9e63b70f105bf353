internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

extension JinjaValue {
    /// The value as the CDK's record serializer (orjson) would write it: datetimes as
    /// ISO 8601 text, tuples and sets as arrays, other keys as their `str()`.
    var jsonValue: JSONValue {
        switch kind {
        case .none, .undefined: return .null
        case .bool: return .bool(boolValue ?? false)
        case .int: return .number(description)
        case .float:
            guard let double = doubleValue, double.isFinite else { return .null }
            return .number(PythonFloat.repr(double))
        case .string: return .string(stringValue ?? "")
        case .list, .tuple, .set: return .array((arrayValue ?? []).map(\.jsonValue))
        case .dict:
            return .object(
                JSONObject(
                    (dictItems ?? []).map { ($0.key.kind == .string ? ($0.key.stringValue ?? "") : $0.key.description, $0.value.jsonValue) }
                ))
        case .datetime:
            if let datetime = datetimeValue, let text = try? datetime.isoformat() { return .string(text) }
            return .string(description)
        case .date: return .string(description)
        default: return .string(description)
        }
    }
}
