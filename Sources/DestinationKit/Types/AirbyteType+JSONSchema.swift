extension AirbyteType {
    /// The type a JSON schema describes, by Airbyte's rules.
    ///
    /// | schema | type |
    /// |---|---|
    /// | `{"type": "string"}`, `$ref` `String` or `BinaryData` | ``string`` |
    /// | `"format": "date"`, `$ref` `Date` | ``date`` |
    /// | `"format": "date-time"` (`airbyte_type` `timestamp_with_timezone` or none), `$ref` `TimestampWithTimezone` | ``timestampWithTimezone`` |
    /// | `"format": "date-time", "airbyte_type": "timestamp_without_timezone"` | ``timestampWithoutTimezone`` |
    /// | `"format": "time"` (`airbyte_type` `time_with_timezone` or none) | ``timeWithTimezone`` |
    /// | `"format": "time", "airbyte_type": "time_without_timezone"` | ``timeWithoutTimezone`` |
    /// | `{"type": "integer"}`, `{"type": "number", "airbyte_type": "integer"}` | ``integer`` |
    /// | `{"type": "number"}`; `airbyte_type: big_integer` on a number or integer | ``number`` |
    /// | `{"type": "boolean"}` | ``boolean`` |
    /// | `{"type": "object"}` without / with empty / with `properties` | ``objectWithoutSchema`` / ``objectWithEmptySchema`` / ``object(_:)`` |
    /// | `{"type": "array"}` without `items` / with `items` | ``arrayWithoutSchema`` / ``array(_:)`` |
    /// | `"type": [...]`, `oneOf`, `anyOf` | the options without `"null"`; one left is that type, more is ``union(_:)`` |
    /// | no `type` but `properties` | an object |
    /// | anything else (no `type`, an unknown `type` or `$ref`, only `"null"`, `allOf` of several) | ``unknown(_:)`` |
    ///
    /// Details that follow the Airbyte bulk CDK: `format` decides the temporal
    /// kind and `airbyte_type` only whether it has a zone, so an `airbyte_type`
    /// of `timestamp_with_timezone` on a plain string (the legacy form the
    /// protocol docs map to `TimestampWithTimezone`) is honoured too; an
    /// unrecognised `format` is a plain string; `{"type": "string",
    /// "airbyte_type": "big_integer"}` stays a string (its values do not fit 64
    /// bits, and text keeps them exact). Both `WellKnownTypes.json#/definitions/X`
    /// and the `#definitions/X` spelling of the protocol docs are recognised.
    /// A tuple `items` array becomes an array of the union of its item types.
    public init(jsonSchema: JSONValue) {
        self = JSONSchemaTypeReader.type(of: jsonSchema) ?? .unknown(jsonSchema)
    }
}

/// Reads Airbyte types out of JSON schemas; `nil` means "only null".
enum JSONSchemaTypeReader {
    static func type(of schema: JSONValue) -> AirbyteType? {
        switch schema {
        case .string(let name):
            // Legacy shorthand: a bare type name stands for {"type": name}.
            return type(named: name, in: JSONObject([("type", schema)]))
        case .object(let object):
            return type(of: object)
        default:
            return .unknown(schema)
        }
    }

    private static func type(of schema: JSONObject) -> AirbyteType? {
        let whole = JSONValue.object(schema)
        let reference = schema["$ref"]?.stringValue
        if let reference, let wellKnown = wellKnownType(reference) { return wellKnown }
        if let declared = schema["type"] {
            switch declared {
            case .string(let name):
                return type(named: name, in: schema)
            case .array(let names):
                return unionOfTypeNames(names, in: schema)
            default:
                return .unknown(whole)
            }
        }
        if reference != nil { return .unknown(whole) }
        if let options = (schema["oneOf"] ?? schema["anyOf"])?.arrayValue {
            let types = options.compactMap { type(of: $0) }
            return types.isEmpty ? .unknown(whole) : AirbyteType.union(of: types)
        }
        if let all = schema["allOf"]?.arrayValue {
            // Airbyte's protocol does not accept allOf; one member is just that member.
            return all.count == 1 ? type(of: all[0]) : .unknown(whole)
        }
        if schema["properties"] != nil { return objectType(schema) }
        return .unknown(whole)
    }

    /// `{"type": [a, b, ...]}`: each name is read with the rest of the schema
    /// (so `format`, `items` and `properties` still apply), nulls dropped.
    private static func unionOfTypeNames(_ names: [JSONValue], in schema: JSONObject) -> AirbyteType? {
        var seen: Set<String> = []
        var options: [AirbyteType] = []
        var onlyNulls = true
        for entry in names {
            switch entry {
            case .string(let name):
                guard seen.insert(name).inserted else { continue }
                if let option = type(named: name, in: schema) {
                    options.append(option)
                    onlyNulls = false
                }
            default:
                if let option = type(of: entry) {
                    options.append(option)
                    onlyNulls = false
                }
            }
        }
        if onlyNulls { return names.isEmpty ? .unknown(.object(schema)) : nil }
        return AirbyteType.union(of: options)
    }

    private static func type(named name: String, in schema: JSONObject) -> AirbyteType? {
        let airbyteType = schema["airbyte_type"]?.stringValue
        switch name {
        case "null":
            return nil
        case "string":
            return stringType(format: schema["format"]?.stringValue, airbyteType: airbyteType)
        case "boolean":
            return .boolean
        case "integer", "int":
            return airbyteType == "big_integer" ? .number : .integer
        case "number":
            return airbyteType == "integer" ? .integer : .number
        case "object":
            return objectType(schema)
        case "array":
            return arrayType(schema)
        default:
            return .unknown(.object(schema))
        }
    }

    private static func stringType(format: String?, airbyteType: String?) -> AirbyteType {
        switch format {
        case "date":
            return .date
        case "date-time":
            return airbyteType == "timestamp_without_timezone" ? .timestampWithoutTimezone : .timestampWithTimezone
        case "time":
            return airbyteType == "time_without_timezone" ? .timeWithoutTimezone : .timeWithTimezone
        default:
            switch airbyteType {
            case "timestamp_with_timezone": return .timestampWithTimezone
            case "timestamp_without_timezone": return .timestampWithoutTimezone
            case "time_with_timezone": return .timeWithTimezone
            case "time_without_timezone": return .timeWithoutTimezone
            default: return .string
            }
        }
    }

    private static func objectType(_ schema: JSONObject) -> AirbyteType {
        guard case .object(let properties) = schema["properties"] else { return .objectWithoutSchema }
        if properties.isEmpty { return .objectWithEmptySchema }
        return .object(properties.map { AirbyteType.Property(name: $0.key, type: AirbyteType(jsonSchema: $0.value)) })
    }

    private static func arrayType(_ schema: JSONObject) -> AirbyteType {
        switch schema["items"] {
        case nil, .bool?, .null?:
            return .arrayWithoutSchema
        case .object(let items)? where items.isEmpty:
            return .arrayWithoutSchema
        case .array(let tuple)?:
            let options = tuple.compactMap { type(of: $0) }
            return options.isEmpty ? .arrayWithoutSchema : .array(AirbyteType.union(of: options))
        case let items?:
            return .array(AirbyteType(jsonSchema: items))
        }
    }

    /// The type behind a `$ref` into `WellKnownTypes.json`, or `nil` for any other reference.
    static func wellKnownType(_ reference: String) -> AirbyteType? {
        guard reference.contains("WellKnownTypes.json"),
            let definition = reference.split(separator: "/").last
        else { return nil }
        switch definition {
        case "String", "BinaryData": return .string
        case "Boolean": return .boolean
        case "Integer": return .integer
        case "Number": return .number
        case "Date": return .date
        case "TimestampWithTimezone": return .timestampWithTimezone
        case "TimestampWithoutTimezone": return .timestampWithoutTimezone
        case "TimeWithTimezone": return .timeWithTimezone
        case "TimeWithoutTimezone": return .timeWithoutTimezone
        default: return nil
        }
    }
}
