import DestinationKit
import Testing

@Suite struct ColumnDefinitionTests {
    @Test func fakerUsers() throws {
        let columns = try ColumnDefinition.columns(forStreamSchema: FakerSchemas.users)
        #expect(
            columns.map(\.name) == [
                "id", "created_at", "updated_at", "name", "title", "age", "email", "telephone", "gender", "language",
                "academic_degree", "nationality", "occupation", "height", "blood_type", "weight", "address",
            ])
        let kinds = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.kind) })
        #expect(kinds["id"] == .integer)
        #expect(kinds["age"] == .integer)
        #expect(kinds["updated_at"] == .timestampWithTimezone)
        #expect(kinds["height"] == .string)
        #expect(kinds["address"] == .json)
        guard case .object(let address)? = columns.last?.type else {
            Issue.record("address is not an object")
            return
        }
        #expect(address.map(\.name) == ["street_number", "street_name", "city", "state", "province", "postal_code", "country_code"])
        #expect(address.allSatisfy { $0.type == .string })
    }

    @Test func fakerProducts() throws {
        let columns = try ColumnDefinition.columns(forStreamSchema: FakerSchemas.products)
        #expect(columns.map(\.name) == ["id", "make", "model", "year", "price", "description", "created_at", "updated_at"])
        #expect(
            columns.map(\.kind) == [
                .integer, .string, .string, .integer, .number, .string, .timestampWithTimezone, .timestampWithTimezone,
            ])
    }

    @Test func fakerPurchasesNullableTimestampsStayTimestamps() throws {
        let columns = try ColumnDefinition.columns(forStreamSchema: FakerSchemas.purchases)
        #expect(
            columns.map(\.name) == [
                "id", "user_id", "product_id", "created_at", "updated_at", "added_to_cart_at", "purchased_at", "returned_at",
            ])
        #expect(columns.map(\.type) == [.integer, .integer, .integer] + Array(repeating: .timestampWithTimezone, count: 5))
    }

    @Test func schemalessObjectsHaveNoColumns() throws {
        #expect(try ColumnDefinition.columns(forStreamSchema: ["type": "object"]).isEmpty)
        #expect(try ColumnDefinition.columns(forStreamSchema: ["type": "object", "properties": [:]]).isEmpty)
    }

    @Test func topLevelUnionsContributeTheirObjectOptions() throws {
        let schema: JSONValue = [
            "oneOf": [
                ["type": "object", "properties": ["id": ["type": "integer"], "a": ["type": "string"]]],
                ["type": "object", "properties": ["id": ["type": "number"], "b": ["type": "boolean"]]],
                ["type": "string"],
            ]
        ]
        let columns = try ColumnDefinition.columns(forStreamSchema: schema)
        #expect(
            columns == [
                ColumnDefinition(name: "id", type: .number),
                ColumnDefinition(name: "a", type: .string),
                ColumnDefinition(name: "b", type: .boolean),
            ])
    }

    @Test func nonObjectSchemasAreRejectedWithWhatTheyAre() {
        #expect(throws: StreamSchemaError(type: .array(.string))) {
            try ColumnDefinition.columns(forStreamSchema: ["type": "array", "items": ["type": "string"]])
        }
        do {
            _ = try ColumnDefinition.columns(forStreamSchema: ["type": "string"])
            Issue.record("a string schema has no columns")
        } catch {
            #expect(error.description.contains("describes string"))
        }
    }
}
