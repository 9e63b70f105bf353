internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `DynamicSchemaLoader`: a stream's JSON schema built from the first record its own
/// retriever reads (a list of field definitions), each field's type mapped to an Airbyte
/// type, then filtered and transformed.
struct DynamicSchemaLoader: Sendable {
    /// `TypesMap`: a field type replaced when it equals `current` and `condition` holds.
    struct TypesMap: Sendable {
        var target: JSONValue
        var current: JSONValue
        var condition: InterpolatedBoolean
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let retriever: SimpleRetriever
    let schemaPointer: [InterpolatedString]
    let keyPointer: [InterpolatedString]
    let typePointer: [InterpolatedString]?
    let typesMapping: [TypesMap]
    let transformations: [any RecordTransformation]
    let filter: RecordFilter?
    let config: JinjaValue

    /// `AIRBYTE_DATA_TYPES`.
    static let airbyteTypes: [String: JSONObject] = {
        func nullable(_ type: String, _ extra: [(String, JSONValue)] = []) -> JSONObject {
            JSONObject([("type", .array(["null", .string(type)]))] + extra)
        }
        return [
            "string": nullable("string"),
            "boolean": nullable("boolean"),
            "date": nullable("string", [("format", "date")]),
            "timestamp_without_timezone": nullable(
                "string", [("format", "date-time"), ("airbyte_type", "timestamp_without_timezone")]),
            "timestamp_with_timezone": nullable("string", [("format", "date-time")]),
            "time_without_timezone": nullable("string", [("format", "time"), ("airbyte_type", "time_without_timezone")]),
            "time_with_timezone": nullable("string", [("format", "time"), ("airbyte_type", "time_with_timezone")]),
            "integer": nullable("integer"),
            "number": nullable("number"),
            "array": nullable("array"),
            "object": nullable("object"),
        ]
    }()

    init(_ node: ComponentNode, retriever: SimpleRetriever, context: BuildContext) throws(ManifestError) {
        self.retriever = retriever
        config = context.configValue
        let identifier = try node.requiredComponent("schema_type_identifier")
        _ = try identifier.requireType(["SchemaTypeIdentifier"], role: "schema type identifier")
        // The CDK builds the pointers with the loader's own `$parameters`.
        let parameters = node.parameters
        func pointer(_ field: String) throws(ManifestError) -> [InterpolatedString]? {
            try identifier.stringList(field).map { path in
                path.map { InterpolatedString($0, parameters: parameters, in: context.interpolation) }
            }
        }
        schemaPointer = try pointer("schema_pointer") ?? []
        guard let key = try pointer("key_pointer") else {
            throw identifier.invalid("key_pointer", "SchemaTypeIdentifier requires `key_pointer`")
        }
        keyPointer = key
        typePointer = try pointer("type_pointer").flatMap { $0.isEmpty ? nil : $0 }
        var mapping: [TypesMap] = []
        for map in try identifier.componentList("types_mapping") {
            _ = try map.requireType(["TypesMap"], role: "types map")
            guard let target = map["target_type"], let current = map["current_type"] else {
                throw ManifestError(.invalidComponent, at: map.path, "TypesMap requires `target_type` and `current_type`")
            }
            let condition = try map.optionalString("condition") ?? "True"
            mapping.append(
                TypesMap(
                    target: target, current: current,
                    condition: InterpolatedBoolean(condition, parameters: JSONObject(), in: context.interpolation)))
        }
        typesMapping = mapping
        var transformations: [any RecordTransformation] = []
        for transformation in try node.componentList("schema_transformations") {
            transformations.append(try makeTransformation(transformation, context: context))
        }
        self.transformations = transformations
        if let filterNode = try node.component("schema_filter") {
            _ = try filterNode.requireType(["RecordFilter"], role: "schema filter")
            filter = RecordFilter(
                condition: InterpolatedBoolean(
                    try filterNode.optionalString("condition") ?? "", parameters: filterNode.parameters, in: context.interpolation),
                config: context.configValue)
        } else {
            filter = nil
        }
    }

    /// `get_json_schema`: reads the first record, then builds the schema from it.
    func schema() async throws -> JSONObject {
        struct First: Error { let record: JSONValue }
        var first: JSONValue?
        do {
            try await retriever.read(.empty, schema: nil) { records in
                if let record = records.first { throw First(record: record) }
            }
        } catch let found as First {
            first = found.record
        }
        return try schema(firstRecord: first)
    }

    /// The schema built from the retriever's first record (`nil`: none was read).
    func schema(firstRecord first: JSONValue?) throws -> JSONObject {
        var properties = JSONObject()
        if let first {
            let raw = try extract(first, schemaPointer) ?? .null
            for definition in try Self.iterate(raw) {
                guard case .string(let key)? = try extract(definition, keyPointer) else {
                    throw Failure(description: "Expected key to be a string. Got \(try extract(definition, keyPointer) ?? .null)")
                }
                properties[key] = .object(try type(of: definition))
            }
        }
        var result = JSONValue.object(try filtered(properties))
        for transformation in transformations {
            try transformation.transform(&result, slice: .empty, sliceValue: .none)
        }
        return JSONObject([
            ("$schema", "https://json-schema.org/draft-07/schema#"), ("type", "object"), ("additionalProperties", true),
            ("properties", result),
        ])
    }

    /// `dpath.get(body, path)`; an empty path is the body itself; `nil` when nothing is there.
    private func extract(_ body: JSONValue, _ pointer: [InterpolatedString]) throws -> JSONValue? {
        if pointer.isEmpty { return body }
        let path = try pointer.map { try $0.eval(config).description }
        do {
            return try Dpath.get(body, path)
        } catch .notFound {
            return nil
        } catch {
            throw Failure(description: "The schema pointer \(path) matches more than one value")
        }
    }

    /// Python's iteration of the extracted value: a list's elements, a mapping's keys, a
    /// string's characters; anything else (nothing found, a number) is a `TypeError`.
    private static func iterate(_ value: JSONValue) throws -> [JSONValue] {
        switch value {
        case .array(let elements): return elements
        case .object(let object): return object.keys.map { .string($0) }
        case .string(let text): return text.map { .string(String($0)) }
        default: throw Failure(description: "The schema pointer found no list of fields (\(value))")
        }
    }

    private func type(of definition: JSONValue) throws -> JSONObject {
        var fieldType: JSONValue = "string"
        if let typePointer { fieldType = try extract(definition, typePointer) ?? "string" }
        for map in typesMapping where fieldType == map.current {
            if try map.condition.eval(config, ["raw_schema": JinjaValue(definition)]) {
                fieldType = map.target
                break
            }
        }
        switch fieldType {
        case .array(let types) where types.count == 2 && types.allSatisfy({ $0.stringValue != nil }):
            return JSONObject([
                ("oneOf", .array([.object(try Self.airbyteType(types[0])), .object(try Self.airbyteType(types[1]))]))
            ])
        case .string: return try Self.airbyteType(fieldType)
        case .object(let complex): return try Self.complexType(complex)
        default:
            throw Failure(description: "Invalid data type. Available string or two items list of string. Got \(fieldType).")
        }
    }

    /// `ComplexFieldType`: an array type with its `items` (nested).
    private static func complexType(_ complex: JSONObject) throws -> JSONObject {
        let fieldType = complex["field_type"] ?? .null
        guard let items = complex["items"], items != .null else { return try airbyteType(fieldType) }
        if fieldType != "array" { throw Failure(description: "'items' can only be used when 'field_type' is an array.") }
        var result = try airbyteType(fieldType)
        switch items {
        case .object(let nested): result["items"] = .object(try complexType(nested))
        default: result["items"] = .object(try airbyteType(items))
        }
        return result
    }

    private static func airbyteType(_ name: JSONValue) throws -> JSONObject {
        guard case .string(let text) = name, let type = airbyteTypes[text] else {
            throw Failure(description: "Invalid Airbyte data type: \(name.stringValue ?? "\(name)")")
        }
        return type
    }

    /// `schema_filter`: each property as a one-entry mapping `record`.
    private func filtered(_ properties: JSONObject) throws -> JSONObject {
        guard let filter else { return properties }
        var kept = JSONObject()
        for (key, value) in properties {
            let record = JSONValue.object(JSONObject([(key, value)]))
            if try filter.keeps(record, sliceValue: .none, slice: .empty, nextPageToken: nil) { kept[key] = value }
        }
        return kept
    }
}
