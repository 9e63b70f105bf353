import Testing

@testable import DestinationKit

@Suite struct AirbyteTypeWideningTests {
    @Test(arguments: [
        (AirbyteType.integer, AirbyteType.number, AirbyteType.number),
        (.date, .timestampWithoutTimezone, .timestampWithoutTimezone),
        (.date, .timestampWithTimezone, .timestampWithTimezone),
        (.timestampWithoutTimezone, .timestampWithTimezone, .timestampWithTimezone),
        (.timeWithoutTimezone, .timeWithTimezone, .timeWithTimezone),
        (.integer, .string, .string),
        (.timestampWithTimezone, .string, .string),
        (.boolean, .integer, .string),
        (.date, .timeWithTimezone, .string),
        (.number, .date, .string),
        (.string, .objectWithoutSchema, .unknown([:])),
        (.integer, .array(.integer), .unknown([:])),
        (.objectWithoutSchema, .arrayWithoutSchema, .unknown([:])),
        (.unknown(["type": "x"]), .integer, .unknown(["type": "x"])),
        (.array(.integer), .array(.number), .array(.number)),
        (.array(.integer), .arrayWithoutSchema, .arrayWithoutSchema),
        (.objectWithEmptySchema, .object([.init(name: "a", type: .string)]), .object([.init(name: "a", type: .string)])),
        (.objectWithoutSchema, .object([.init(name: "a", type: .string)]), .objectWithoutSchema),
        (.union([.integer, .number]), .integer, .number),
        (.union([.integer, .string]), .boolean, .string),
    ])
    func widening(left: AirbyteType, right: AirbyteType, expected: AirbyteType) {
        #expect(left.widened(with: right) == expected)
        #expect(right.widened(with: left).columnKind == expected.columnKind)
    }

    @Test func objectsMergeTheirPropertiesInOrderAndWidenSharedOnes() {
        let old = AirbyteType.object([.init(name: "id", type: .integer), .init(name: "name", type: .string)])
        let new = AirbyteType.object([.init(name: "score", type: .number), .init(name: "id", type: .number)])
        #expect(
            old.widened(with: new)
                == .object([
                    .init(name: "id", type: .number), .init(name: "name", type: .string), .init(name: "score", type: .number),
                ]))
    }

    @Test func wideningIsOrderIndependentAndNeverNarrows() {
        let types: [AirbyteType] = [
            .string, .boolean, .integer, .number, .date, .timestampWithTimezone, .timestampWithoutTimezone,
            .timeWithTimezone, .timeWithoutTimezone, .objectWithoutSchema, .array(.integer), .unknown([:]),
        ]
        for a in types {
            for b in types {
                #expect(a.widened(with: b) == b.widened(with: a), "\(a) + \(b)")
                // Widening twice with the same type changes nothing more.
                #expect(a.widened(with: b).widened(with: b) == a.widened(with: b))
                for c in types {
                    #expect(a.widened(with: b).widened(with: c) == a.widened(with: b.widened(with: c)), "\(a) + \(b) + \(c)")
                }
            }
        }
    }

    @Test func commonSupertypeOfNothingIsUnknown() {
        #expect(AirbyteType.commonSupertype(of: []) == .unknown([:]))
        #expect(AirbyteType.commonSupertype(of: [.date, .timestampWithoutTimezone, .timestampWithTimezone]) == .timestampWithTimezone)
    }
}

@Suite struct ColumnKindTests {
    @Test(arguments: [
        (AirbyteType.string, ColumnKind.string),
        (.boolean, .boolean),
        (.integer, .integer),
        (.number, .number),
        (.date, .date),
        (.timestampWithTimezone, .timestampWithTimezone),
        (.timestampWithoutTimezone, .timestampWithoutTimezone),
        (.timeWithTimezone, .timeWithTimezone),
        (.timeWithoutTimezone, .timeWithoutTimezone),
        (.object([.init(name: "a", type: .string)]), .json),
        (.objectWithoutSchema, .json),
        (.objectWithEmptySchema, .json),
        (.array(.string), .json),
        (.arrayWithoutSchema, .json),
        (.unknown([:]), .json),
    ])
    func kinds(type: AirbyteType, expected: ColumnKind) {
        #expect(type.columnKind == expected)
    }

    @Test(
        arguments: [
            // Airbyte's chooseType agrees:
            (["type": ["string", "integer"]] as JSONValue, ColumnKind.string),
            (["type": ["integer", "number"]], .number),
            (["type": ["object", "string"]], .json),
            (["type": ["array", "integer"]], .json),
            (["oneOf": [["type": "string"], ["type": "object"]]], .json),
            // Airbyte would pick date and null the timestamps; the supertype keeps them:
            (["anyOf": [["type": "string", "format": "date"], ["type": "string", "format": "date-time"]]], .timestampWithTimezone),
            // Airbyte would pick integer and null the booleans; text keeps both:
            (["type": ["boolean", "integer"]], .string),
            (["type": ["null", "boolean", "number"]], .string),
        ] as [(JSONValue, ColumnKind)])
    func unionsResolveToTheirCommonSupertype(schema: JSONValue, expected: ColumnKind) {
        #expect(AirbyteType(jsonSchema: schema).columnKind == expected)
    }
}

@Suite struct ColumnKindWideningTests {
    @Test(arguments: [
        (ColumnKind.integer, ColumnKind.number, ColumnKind.number),
        (.date, .timestampWithoutTimezone, .timestampWithoutTimezone),
        (.date, .timestampWithTimezone, .timestampWithTimezone),
        (.timestampWithoutTimezone, .timestampWithTimezone, .timestampWithTimezone),
        (.timeWithoutTimezone, .timeWithTimezone, .timeWithTimezone),
        (.boolean, .integer, .string),
        (.date, .timeWithoutTimezone, .string),
        (.string, .json, .json),
        (.integer, .json, .json),
        (.string, .string, .string),
    ])
    func widensAsTheTypesTheyStoreDo(left: ColumnKind, right: ColumnKind, expected: ColumnKind) {
        #expect(left.widened(with: right) == expected)
        #expect(right.widened(with: left) == expected)
    }

    /// One lattice: for every pair, widening the kinds gives the kind of the widened types.
    @Test func agreesWithTheTypeLatticeForEveryPair() {
        for left in ColumnKind.allCases {
            for right in ColumnKind.allCases {
                #expect(left.widened(with: right) == left.airbyteType.widened(with: right.airbyteType).columnKind)
                for third in ColumnKind.allCases {
                    #expect(left.widened(with: right).widened(with: third) == left.widened(with: right.widened(with: third)))
                }
            }
        }
    }
}
