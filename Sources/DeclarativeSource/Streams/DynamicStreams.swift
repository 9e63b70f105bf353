internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `dynamic_streams` resolved from the config (`ConfigComponentsResolver`): each definition's
/// `stream_template` copied once per combination of the config values its `stream_config`
/// points at, with `components_mapping` setting fields from `components_values`, then typed
/// and parameter-propagated again (the CDK's `_dynamic_stream_configs`). Resolvers that need
/// the API (`HttpComponentsResolver`) are refused.
enum DynamicStreams {
    /// `ComponentMappingDefinition`.
    private struct Mapping {
        var fieldPath: [InterpolatedString]
        var value: InterpolatedString
        var valueType: Set<PythonType>?
        var createOrUpdate: Bool
        var condition: InterpolatedBoolean?
    }

    /// The stream definitions, each with where its dynamic definition sits.
    static func resolve(
        _ manifest: ResolvedManifest, config: JSONObject, interpolation: JinjaEnvironment
    ) throws(ManifestError) -> [ComponentNode] {
        guard let value = manifest.root["dynamic_streams"] else { return [] }
        guard case .array(let definitions) = value else {
            throw ManifestError(.invalidComponent, at: "dynamic_streams", "`dynamic_streams` must be a list")
        }
        let configValue = JinjaValue(config)
        var streams: [ComponentNode] = []
        var seen: Set<String> = []
        for (index, element) in definitions.enumerated() {
            guard case .object(let object) = element else {
                throw ManifestError(.invalidComponent, at: "dynamic_streams[\(index)]", "A dynamic stream definition must be a mapping")
            }
            let definition = ComponentNode(object, path: "dynamic_streams[\(index)]")
            let resolver = try definition.requiredComponent("components_resolver")
            _ = try resolver.requireType(["ConfigComponentsResolver"], role: "components resolver")
            guard case .object(let template)? = definition["stream_template"] else {
                throw definition.invalid("stream_template", "A dynamic stream definition requires `stream_template`")
            }
            let useParentParameters = try definition.bool("use_parent_parameters", default: true)
            let mappings = try mappings(resolver, interpolation)
            for values in try combinations(resolver, config: config, interpolation: interpolation) {
                var stream = JSONValue.object(template)
                let variables: [String: JinjaValue] = [
                    "stream_template_config": JinjaValue(JSONValue.object(template)), "components_values": values,
                ]
                for mapping in mappings {
                    do {
                        if let condition = mapping.condition, try !condition.eval(configValue, variables) { continue }
                        let evaluated = try mapping.value.eval(configValue, variables, validTypes: mapping.valueType)
                        let path = try mapping.fieldPath.map { try $0.eval(configValue, variables).description }
                        var parsed = try evaluated.toJSON()
                        if case .string(let text) = parsed, mapping.valueType != [.str] {
                            parsed = (try? ManifestYAML.loadValue(text)) ?? parsed
                        }
                        let replaced = Dpath.set(&stream, path[...], parsed)
                        if replaced == 0 && mapping.createOrUpdate && JinjaValue(parsed).isTruthy {
                            Dpath.new(&stream, path.map { .string($0) }, parsed)
                        }
                    } catch {
                        throw ManifestError(.invalidComponent, at: resolver.fieldPath("components_mapping"), "\(error)", underlying: error)
                    }
                }
                guard case .object(let resolvedStream) = stream else { continue }
                var propagated = ManifestComponentTransformer().propagate(
                    "", resolvedStream, parentParameters: JSONObject(), useParentParameters: useParentParameters)
                if propagated["type"] == nil { propagated["type"] = "DeclarativeStream" }
                guard case .string(let name)? = propagated["name"] else {
                    throw definition.invalid("stream_template", "Expected stream name \(propagated["name"] ?? .null) to be a string")
                }
                if !seen.insert(name).inserted {
                    throw ManifestError(
                        .invalidComponent, at: definition.path,
                        "Dynamic streams list contains a duplicate name: \(name). Please check your configuration.")
                }
                streams.append(ComponentNode(propagated, path: "\(definition.path)[\(name)]"))
            }
        }
        return streams
    }

    private static func mappings(_ resolver: ComponentNode, _ interpolation: JinjaEnvironment) throws(ManifestError) -> [Mapping] {
        // The CDK interpolates the mappings with the resolver's own `$parameters`.
        let parameters = resolver.parameters
        var result: [Mapping] = []
        for node in try resolver.componentList("components_mapping") {
            _ = try node.requireType(["ComponentMappingDefinition"], role: "components mapping")
            guard case .string(let value)? = node["value"] else {
                throw node.invalid("value", "Expected a string or InterpolatedString for value in mapping")
            }
            let valueType = try node.optionalString("value_type").flatMap(ValidTypes.named)
            let condition = try node.optionalString("condition").flatMap { $0.isEmpty ? nil : $0 }
            result.append(
                Mapping(
                    fieldPath: (try node.stringList("field_path") ?? []).map {
                        InterpolatedString($0, parameters: parameters, in: interpolation)
                    },
                    value: InterpolatedString(value, parameters: parameters, in: interpolation),
                    valueType: valueType, createOrUpdate: try node.bool("create_or_update", default: false),
                    condition: condition.map { InterpolatedBoolean($0, parameters: parameters, in: interpolation) }))
        }
        return result
    }

    /// `_stream_config`: every combination of the config lists the stream configs point at
    /// (plus their `default_values`); mappings merge, other items go in as
    /// `source_config_<n>: (index, item)`.
    private static func combinations(
        _ resolver: ComponentNode, config configObject: JSONObject, interpolation: JinjaEnvironment
    ) throws(ManifestError) -> [JinjaValue] {
        let config = JinjaValue(configObject)
        var streamConfigs: [ComponentNode]
        switch resolver["stream_config"] {
        case .array?: streamConfigs = try resolver.componentList("stream_config")
        case .object?: streamConfigs = [try resolver.requiredComponent("stream_config")]
        default: throw resolver.invalid("stream_config", "ConfigComponentsResolver requires `stream_config`")
        }
        var lists: [[JSONValue]] = []
        for streamConfig in streamConfigs {
            _ = try streamConfig.requireType(["StreamConfig"], role: "stream config")
            let pointer = try streamConfig.stringList("configs_pointer") ?? []
            var path: [String] = []
            for segment in pointer {
                do {
                    path.append(
                        try InterpolatedString(segment, parameters: resolver.parameters, in: interpolation).eval(config).description)
                } catch {
                    throw streamConfig.invalid("configs_pointer", "\(error)")
                }
            }
            let raw = (try? Dpath.get(.object(configObject), path)) ?? .array([])
            var items: [JSONValue]
            if case .array(let elements) = raw { items = elements } else { items = [raw] }
            if case .array(let defaults)? = streamConfig["default_values"] { items += defaults }
            lists.append(items)
        }
        var combos: [[(Int, JSONValue)]] = [[]]
        for items in lists {
            combos = combos.flatMap { prefix in items.enumerated().map { prefix + [($0.offset, $0.element)] } }
        }
        return combos.map { combo in
            var merged: [(JinjaValue, JinjaValue)] = []
            func put(_ key: String, _ value: JinjaValue, replacing: Bool) {
                if let index = merged.firstIndex(where: { $0.0 == .string(key) }) {
                    if replacing { merged[index].1 = value }
                } else {
                    merged.append((.string(key), value))
                }
            }
            for (configIndex, (elementIndex, element)) in combo.enumerated() {
                if case .object(let object) = element {
                    for (key, value) in object { put(key, JinjaValue(value), replacing: true) }
                } else {
                    put("source_config_\(configIndex)", .tuple([.int(elementIndex), JinjaValue(element)]), replacing: false)
                }
            }
            return .dict(merged)
        }
    }
}
