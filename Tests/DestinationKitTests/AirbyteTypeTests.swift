import DestinationKit
import Testing

@Suite struct AirbyteTypeJSONSchemaTests {
    @Test(
        arguments: [
            (["type": "string"] as JSONValue, AirbyteType.string),
            (["type": "boolean"], .boolean),
            (["type": "integer"], .integer),
            (["type": "number"], .number),
            (["type": "number", "airbyte_type": "integer"], .integer),
            (["type": "integer", "airbyte_type": "big_integer"], .number),
            (["type": "number", "airbyte_type": "big_integer"], .number),
            (["type": "string", "airbyte_type": "big_integer"], .string),
            (["type": "string", "format": "date"], .date),
            (["type": "string", "format": "date-time"], .timestampWithTimezone),
            (["type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"], .timestampWithTimezone),
            (["type": "string", "format": "date-time", "airbyte_type": "timestamp_without_timezone"], .timestampWithoutTimezone),
            (["type": "string", "format": "time"], .timeWithTimezone),
            (["type": "string", "format": "time", "airbyte_type": "time_with_timezone"], .timeWithTimezone),
            (["type": "string", "format": "time", "airbyte_type": "time_without_timezone"], .timeWithoutTimezone),
            (["type": "string", "airbyte_type": "timestamp_without_timezone"], .timestampWithoutTimezone),
            (["type": "string", "format": "email"], .string),
            ("number", .number),
        ] as [(JSONValue, AirbyteType)])
    func primitives(schema: JSONValue, expected: AirbyteType) {
        #expect(AirbyteType(jsonSchema: schema) == expected)
    }

    @Test(arguments: [
        ("String", AirbyteType.string),
        ("BinaryData", .string),
        ("Boolean", .boolean),
        ("Date", .date),
        ("TimestampWithTimezone", .timestampWithTimezone),
        ("TimestampWithoutTimezone", .timestampWithoutTimezone),
        ("TimeWithTimezone", .timeWithTimezone),
        ("TimeWithoutTimezone", .timeWithoutTimezone),
        ("Integer", .integer),
        ("Number", .number),
    ])
    func wellKnownTypeReferences(definition: String, expected: AirbyteType) {
        #expect(AirbyteType(jsonSchema: ["$ref": .string("WellKnownTypes.json#/definitions/\(definition)")]) == expected)
        // The protocol docs spell it without the slash.
        #expect(AirbyteType(jsonSchema: ["$ref": .string("WellKnownTypes.json#definitions/\(definition)")]) == expected)
    }

    @Test func otherReferencesAreUnknown() {
        let schema: JSONValue = ["$ref": "#/definitions/address"]
        #expect(AirbyteType(jsonSchema: schema) == .unknown(schema))
        let unknownWellKnown: JSONValue = ["$ref": "WellKnownTypes.json#/definitions/Duration"]
        #expect(AirbyteType(jsonSchema: unknownWellKnown) == .unknown(unknownWellKnown))
    }

    @Test func nullIsDroppedFromTypeArraysAndASingleTypeCollapses() {
        #expect(AirbyteType(jsonSchema: ["type": ["null", "integer"]]) == .integer)
        #expect(AirbyteType(jsonSchema: ["type": ["string", "null"], "format": "date"]) == .date)
        #expect(AirbyteType(jsonSchema: ["type": ["null", "string", "null", "string"]]) == .string)
        #expect(
            AirbyteType(jsonSchema: ["type": ["null", "object"], "properties": ["a": ["type": "integer"]]])
                == .object([.init(name: "a", type: .integer)]))
    }

    @Test func typeArraysOfSeveralTypesAreUnionsThatKeepTheOtherKeywords() {
        let schema: JSONValue = [
            "type": ["null", "string", "array", "object"],
            "format": "date-time",
            "items": ["type": "integer"],
            "properties": ["x": ["type": "boolean"]],
        ]
        #expect(
            AirbyteType(jsonSchema: schema)
                == .union([
                    .timestampWithTimezone, .array(.integer), .object([.init(name: "x", type: .boolean)]),
                ]))
    }

    @Test func oneOfAndAnyOfAreUnionsWithoutNull() {
        #expect(AirbyteType(jsonSchema: ["oneOf": [["type": "null"], ["type": "string"]]]) == .string)
        #expect(
            AirbyteType(jsonSchema: ["anyOf": [["type": "integer"], ["type": "number"], ["type": "null"]]])
                == .union([.integer, .number]))
        // Nested unions flatten, repeats go.
        #expect(
            AirbyteType(jsonSchema: ["oneOf": [["type": ["string", "integer"]], ["type": "integer"]]])
                == .union([.string, .integer]))
        let onlyNull: JSONValue = ["oneOf": [["type": "null"]]]
        #expect(AirbyteType(jsonSchema: onlyNull) == .unknown(onlyNull))
    }

    @Test func objectsAndArraysWithAndWithoutSchemas() {
        #expect(AirbyteType(jsonSchema: ["type": "object"]) == .objectWithoutSchema)
        #expect(AirbyteType(jsonSchema: ["type": "object", "properties": [:]]) == .objectWithEmptySchema)
        #expect(AirbyteType(jsonSchema: ["properties": ["a": ["type": "string"]]]) == .object([.init(name: "a", type: .string)]))
        #expect(AirbyteType(jsonSchema: ["type": "array"]) == .arrayWithoutSchema)
        #expect(AirbyteType(jsonSchema: ["type": "array", "items": [:]]) == .arrayWithoutSchema)
        #expect(AirbyteType(jsonSchema: ["type": "array", "items": ["type": "string"]]) == .array(.string))
        #expect(
            AirbyteType(jsonSchema: ["type": "array", "items": [["type": "string"], ["type": "integer"]]])
                == .array(.union([.string, .integer])))
    }

    @Test func propertiesKeepSchemaOrder() {
        let type = AirbyteType(jsonSchema: ["type": "object", "properties": ["z": ["type": "string"], "a": ["type": "integer"], "m": [:]]])
        guard case .object(let properties) = type else {
            Issue.record("not an object: \(type)")
            return
        }
        #expect(properties.map(\.name) == ["z", "a", "m"])
        #expect(properties[2].type == .unknown([:]))
    }

    @Test(
        arguments: [
            [:], ["type": "null"], ["type": "geography"], ["type": 7], ["description": "untyped"],
            ["allOf": [["type": "string"], ["maxLength": 3]]], true, 42,
        ] as [JSONValue])
    func missingOrUnknownTypesAreUnknown(schema: JSONValue) {
        #expect(AirbyteType(jsonSchema: schema) == .unknown(schema))
    }

    @Test func aSingleAllOfMemberIsThatMember() {
        #expect(AirbyteType(jsonSchema: ["allOf": [["type": "integer"]]]) == .integer)
    }

    @Test func descriptionIsCompact() {
        let type = AirbyteType.object([.init(name: "id", type: .integer), .init(name: "tags", type: .array(.string))])
        #expect(type.description == "object{id: integer, tags: array<string>}")
        #expect(AirbyteType.union([.string, .integer]).description == "string | integer")
    }
}
