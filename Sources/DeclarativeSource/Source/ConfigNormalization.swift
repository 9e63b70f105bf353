internal import AirbyteProtocol
internal import ConnectorKit
internal import DeclarativeManifest
internal import Jinja

/// The spec's `config_normalization_rules` (the CDK's `Spec.migrate_config`,
/// `transform_config` and `validate_config`): migrations that rewrite the user's config
/// (persisted), transformations applied for this run only, and validations of the result.
struct ConfigNormalization: Sendable {
    /// One step that changes the config in place.
    enum Transformation: Sendable {
        /// `ConfigAddFields`: each `(path, value)` set when `condition` holds.
        case addFields(fields: [(path: [String], value: InterpolatedString, valueType: Set<PythonType>?)], condition: InterpolatedBoolean?)
        /// `ConfigRemapField`: the value at `path` replaced by its entry in `map`.
        case remapField(path: [InterpolatedString], map: InterpolatedMapping)
        /// `ConfigRemoveFields`: the fields at `pointers` removed when `condition` holds.
        case removeFields(pointers: [[String]], condition: InterpolatedBoolean?)
    }

    /// `DpathValidator` with `ValidateAdheresToSchema`: the value(s) at `path` must conform.
    struct Validation: Sendable {
        var path: [InterpolatedString]
        var schema: JSONValue
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let migrations: [Transformation]
    let transformations: [Transformation]
    let validations: [Validation]

    /// The rules of `manifest`'s spec; `nil` when it has none.
    init?(_ manifest: ResolvedManifest, interpolation: JinjaEnvironment) throws(ManifestError) {
        guard case .object(let rules)? = manifest.root["spec"]?["config_normalization_rules"] else { return nil }
        let node = ComponentNode(rules, path: "spec.config_normalization_rules")
        var migrations: [Transformation] = []
        for migration in try node.componentList("config_migrations") {
            _ = try migration.requireType(["ConfigMigration"], role: "config migration")
            for transformation in try migration.componentList("transformations") {
                migrations.append(try Self.transformation(transformation, interpolation))
            }
        }
        var transformations: [Transformation] = []
        for transformation in try node.componentList("transformations") {
            transformations.append(try Self.transformation(transformation, interpolation))
        }
        var validations: [Validation] = []
        for validation in try node.componentList("validations") {
            switch try validation.requireType(["DpathValidator", "PredicateValidator"], role: "config validation") {
            case "DpathValidator":
                let strategy = try validation.requiredComponent("validation_strategy")
                _ = try strategy.requireType(["ValidateAdheresToSchema"], role: "validation strategy")
                let path = try validation.stringList("field_path") ?? []
                if path.isEmpty { throw validation.invalid("field_path", "Field path is empty") }
                validations.append(
                    Validation(
                        path: path.map { InterpolatedString($0, parameters: JSONObject(), in: interpolation) },
                        schema: try Self.baseSchema(strategy)))
            default:
                throw ManifestError(.unsupportedComponent, at: validation.path, "PredicateValidator is not supported yet")
            }
        }
        self.migrations = migrations
        self.transformations = transformations
        self.validations = validations
    }

    private static func baseSchema(_ strategy: ComponentNode) throws(ManifestError) -> JSONValue {
        switch strategy["base_schema"] {
        case .object(let schema)?: return .object(schema)
        case .string(let text)?:
            // The CDK hands the text to jsonschema, which refuses it as a schema.
            throw strategy.invalid("base_schema", "'\(text)' is not of type 'object', 'boolean'")
        default: throw strategy.invalid("base_schema", "ValidateAdheresToSchema requires `base_schema`")
        }
    }

    private static func transformation(_ node: ComponentNode, _ interpolation: JinjaEnvironment) throws(ManifestError) -> Transformation {
        func condition() throws(ManifestError) -> InterpolatedBoolean? {
            guard let text = try node.optionalString("condition"), !text.isEmpty else { return nil }
            return InterpolatedBoolean(text, parameters: JSONObject(), in: interpolation)
        }
        switch try node.requireType(["ConfigAddFields", "ConfigRemapField", "ConfigRemoveFields"], role: "config transformation") {
        case "ConfigAddFields":
            var fields: [(path: [String], value: InterpolatedString, valueType: Set<PythonType>?)] = []
            for field in try node.componentList("fields") {
                let path = try field.stringList("path") ?? []
                if path.isEmpty { throw field.invalid("path", "Expected a non-zero-length path for the AddFields transformation") }
                guard case .string(let value)? = field["value"] else {
                    throw field.invalid("value", "Expected a string value for the AddFields transformation")
                }
                var valueType: Set<PythonType>?
                if let name = try field.optionalString("value_type") {
                    guard let named = ValidTypes.named(name) else { throw field.invalid("value_type", "Unknown value_type \(name)") }
                    valueType = named
                }
                fields.append((path, InterpolatedString(value, parameters: JSONObject(), in: interpolation), valueType))
            }
            return .addFields(fields: fields, condition: try condition())
        case "ConfigRemapField":
            let path = try node.stringList("field_path") ?? []
            if path.isEmpty { throw node.invalid("field_path", "field_path cannot be empty.") }
            guard case .object(let map)? = node["map"] else { throw node.invalid("map", "ConfigRemapField requires `map`") }
            return .remapField(
                path: path.map { InterpolatedString($0, parameters: JSONObject(), in: interpolation) },
                map: InterpolatedMapping(map, parameters: JSONObject(), in: interpolation))
        default:
            var pointers: [[String]] = []
            guard case .array(let lists)? = node["field_pointers"] else {
                throw node.invalid("field_pointers", "ConfigRemoveFields requires `field_pointers`")
            }
            for case .array(let pointer) in lists { pointers.append(pointer.map(\.pathText)) }
            return .removeFields(pointers: pointers, condition: try condition())
        }
    }

    /// Applies the migrations, then the transformations: the migrated config (to persist)
    /// when the migrations changed it, and the config to run with.
    func apply(to config: JSONObject) throws -> (migrated: JSONObject?, config: JSONObject) {
        var value = JSONValue.object(config)
        for migration in migrations { try Self.apply(migration, to: &value) }
        let migrated = value == .object(config) ? nil : value.objectValue
        for transformation in transformations { try Self.apply(transformation, to: &value) }
        return (migrated, value.objectValue ?? config)
    }

    private static func apply(_ transformation: Transformation, to config: inout JSONValue) throws {
        switch transformation {
        case .addFields(let fields, let condition):
            for field in fields {
                let current = JinjaValue(config)
                let value = try field.value.eval(current, validTypes: field.valueType)
                if let condition {
                    let path = JinjaValue.list(field.path.map { .string($0) })
                    guard try condition.eval(current, ["value": value, "path": path]) else { continue }
                }
                Dpath.new(&config, field.path.map { .string($0) }, try value.toJSON())
            }
        case .remapField(let pathTemplates, let map):
            let current = JinjaValue(config)
            let path = try pathTemplates.map { try $0.eval(current).description }
            var parent: JSONValue = config
            for component in path.dropLast() {
                guard case .object(let object) = parent, let child = object[component], case .object = child else { return }
                parent = child
            }
            guard case .object(let object) = parent, let existing = object[path.last!] else { return }
            let mapping = try map.eval(current)
            guard let replacement = mapping.first(where: { $0.key == JinjaValue(existing) })?.value else { return }
            Dpath.new(&config, path.map { .string($0) }, try replacement.toJSON())
        case .removeFields(let pointers, let condition):
            if let condition, try !condition.eval(JinjaValue(config)) { return }
            for pointer in pointers { _ = Dpath.delete(&config, pointer) }
        }
    }

    /// `validate_config`: the first failure, as the CDK raises it.
    func validate(_ config: JSONObject) throws {
        let document = JSONValue.object(config)
        for validation in validations {
            let path = try validation.path.map { try $0.eval(JinjaValue(JSONValue.object(JSONObject()))).description }
            let values: [JSONValue]
            if path.contains("*") {
                values = Dpath.values(document, path)
            } else {
                guard let value = try? Dpath.get(document, path) else { continue }
                values = [value]
            }
            for var value in values {
                if case .string(let text) = value {
                    guard let parsed = try? JSONValue(parsing: Array(text.utf8)) else {
                        throw Failure(description: "Invalid JSON string: \(text)")
                    }
                    value = parsed
                }
                if let problem = ConfigValidator(connectionSpecification: validation.schema).validate(value).first {
                    throw Failure(description: "JSON schema validation error: \(problem)")
                }
            }
        }
    }
}
