internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `dynamic_streams` (the CDK's `_dynamic_stream_configs`): each definition's `stream_template`
/// copied once per set of `components_values`, with `components_mapping` setting fields from
/// them, then typed and parameter-propagated again. A `ConfigComponentsResolver` takes the
/// values from the config (every combination of the lists its `stream_config` points at); a
/// `ParametrizedComponentsResolver` from the manifest (`stream_parameters`); an
/// `HttpComponentsResolver` from the records its retriever reads from the API, slice
/// by slice (``fetch(_:factory:)``), and sees the slice as `stream_slice`.
enum DynamicStreams {
    /// What an `HttpComponentsResolver` read: each record with the slice it was read in, by the
    /// index of its definition in `dynamic_streams`.
    typealias FetchedComponents = [Int: [(values: JSONValue, slice: StreamSlice)]]

    /// Where a resolver takes its `components_values` from.
    private enum Resolver: String {
        case config = "ConfigComponentsResolver"
        case api = "HttpComponentsResolver"
        case parametrized = "ParametrizedComponentsResolver"
    }

    /// `ComponentMappingDefinition`.
    private struct Mapping {
        var fieldPath: [InterpolatedString]
        var value: InterpolatedString
        var valueType: Set<PythonType>?
        var createOrUpdate: Bool
        var condition: InterpolatedBoolean?
    }

    /// The definitions in `dynamic_streams`, each with its resolver and the resolver's kind.
    private static func definitions(_ manifest: ResolvedManifest) throws(ManifestError) -> [(
        definition: ComponentNode, resolver: ComponentNode, kind: Resolver
    )] {
        guard let value = manifest.root["dynamic_streams"] else { return [] }
        guard case .array(let elements) = value else {
            throw ManifestError(.invalidComponent, at: "dynamic_streams", "`dynamic_streams` must be a list")
        }
        var result: [(ComponentNode, ComponentNode, Resolver)] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw ManifestError(.invalidComponent, at: "dynamic_streams[\(index)]", "A dynamic stream definition must be a mapping")
            }
            let definition = ComponentNode(object, path: "dynamic_streams[\(index)]")
            let resolver = try definition.requiredComponent("components_resolver")
            let type = try resolver.requireType(
                [Resolver.config.rawValue, Resolver.api.rawValue, Resolver.parametrized.rawValue], role: "components resolver")
            result.append((definition, resolver, Resolver(rawValue: type)!))
        }
        return result
    }

    /// The stream that reads an `HttpComponentsResolver`'s components: its retriever, named after
    /// the definition, with the response cache on and no schema, as the CDK builds it.
    static func resolverStream(
        _ definition: ComponentNode, _ resolver: ComponentNode, factory: StreamFactory
    ) throws(ManifestError) -> DeclarativeStream {
        guard case .object(var retriever)? = resolver["retriever"] else {
            throw resolver.invalid("retriever", "HttpComponentsResolver requires `retriever`")
        }
        if case .object(var requester)? = retriever["requester"] {
            requester["use_cache"] = true
            retriever["requester"] = .object(requester)
        }
        let name = definition["name"]?.stringValue ?? "__http_components_resolver"
        let stream: JSONObject = [
            "type": "DeclarativeStream", "name": .string(name), "retriever": .object(retriever),
            "schema_loader": ["type": "InlineSchemaLoader", "schema": .object(JSONObject())],
        ]
        return try factory.makeStream(ComponentNode(stream, path: resolver.path), useCache: true)
    }

    /// Reads every `HttpComponentsResolver`'s records from the API, slice by slice.
    static func fetch(_ manifest: ResolvedManifest, factory: StreamFactory) async throws -> FetchedComponents {
        var fetched: FetchedComponents = [:]
        for (index, item) in try definitions(manifest).enumerated() where item.kind == .api {
            let stream = try resolverStream(item.definition, item.resolver, factory: factory)
            var records: [(values: JSONValue, slice: StreamSlice)] = []
            try await stream.forEachSlice { slice in
                try await stream.readPartition(slice) { page in records += page.map { ($0, slice) } }
            }
            fetched[index] = records
        }
        return fetched
    }

    /// Builds (without network) what the API resolvers need, as `validate` does for the rest.
    static func validateResolvers(
        _ manifest: ResolvedManifest, factory: StreamFactory, interpolation: JinjaEnvironment
    ) throws(ManifestError) {
        for item in try definitions(manifest) where item.kind == .api {
            _ = try resolverStream(item.definition, item.resolver, factory: factory)
            _ = try mappings(item.resolver, interpolation, kind: .api)
        }
    }

    /// The stream definitions, each with where its dynamic definition sits. Definitions whose
    /// components come from the API take them from `fetched` (none without it: `validate`).
    static func resolve(
        _ manifest: ResolvedManifest, config: JSONObject, interpolation: JinjaEnvironment, fetched: FetchedComponents = [:]
    ) throws(ManifestError) -> [ComponentNode] {
        let configValue = JinjaValue(config)
        var streams: [ComponentNode] = []
        var seen: Set<String> = []
        for (index, item) in try definitions(manifest).enumerated() {
            let (definition, resolver) = (item.definition, item.resolver)
            guard case .object(let template)? = definition["stream_template"] else {
                throw definition.invalid("stream_template", "A dynamic stream definition requires `stream_template`")
            }
            let useParentParameters = try definition.bool("use_parent_parameters", default: true)
            let mappings = try mappings(resolver, interpolation, kind: item.kind)
            let components: [(values: JinjaValue, slice: JinjaValue?)]
            switch item.kind {
            case .api: components = (fetched[index] ?? []).map { (JinjaValue($0.values), $0.slice.jinja) }
            case .config: components = try combinations(resolver, config: config, interpolation: interpolation).map { ($0, nil) }
            case .parametrized: components = try streamParameters(resolver).map { (JinjaValue($0), nil) }
            }
            for (values, slice) in components {
                var stream = JSONValue.object(template)
                var variables: [String: JinjaValue] = [
                    "stream_template_config": JinjaValue(JSONValue.object(template)), "components_values": values,
                ]
                if let slice { variables["stream_slice"] = slice }
                for mapping in mappings {
                    do {
                        if let condition = mapping.condition, try !condition.eval(configValue, variables) { continue }
                        let evaluated = try mapping.value.eval(configValue, variables, validTypes: mapping.valueType)
                        let path = try mapping.fieldPath.map { try $0.eval(configValue, variables).description }
                        var parsed = try evaluated.toJSON()
                        // The API resolver sets the value as evaluated; the others parse YAML
                        // (the config resolver not for a declared string) and may create the field.
                        if item.kind == .api {
                            _ = Dpath.set(&stream, path[...], parsed)
                            continue
                        }
                        // Text that is not YAML stays text; the config resolver also keeps text
                        // PyYAML's scanner refuses (the CDK: `%Y-%m-%d` and tabs; other scanner
                        // errors raise there).
                        if case .string(let text) = parsed, item.kind == .parametrized || mapping.valueType != [.str] {
                            parsed = try ManifestYAML.loadValueIfPossible(text, keepingScannerErrors: item.kind == .config) ?? parsed
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
                    let advice = item.kind == .config ? "Please check your configuration." : "Please contact Airbyte Support."
                    throw ManifestError(
                        .invalidComponent, at: definition.path, "Dynamic streams list contains a duplicate name: \(name). \(advice)")
                }
                streams.append(ComponentNode(propagated, path: "\(definition.path)[\(name)]"))
            }
        }
        return streams
    }

    private static func mappings(
        _ resolver: ComponentNode, _ interpolation: JinjaEnvironment, kind: Resolver
    ) throws(ManifestError) -> [Mapping] {
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
            if kind != .config, condition != nil {
                throw node.invalid("condition", "`condition` is only supported for `ConfigComponentsResolver`")
            }
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

    /// `stream_parameters.list_of_parameters_for_stream`: one mapping per stream.
    private static func streamParameters(_ resolver: ComponentNode) throws(ManifestError) -> [JSONValue] {
        let definition = try resolver.requiredComponent("stream_parameters")
        _ = try definition.requireType(["StreamParametersDefinition"], role: "stream parameters")
        guard case .array(let items)? = definition["list_of_parameters_for_stream"] else {
            throw definition.invalid(
                "list_of_parameters_for_stream", "StreamParametersDefinition requires `list_of_parameters_for_stream`, a list")
        }
        for (index, item) in items.enumerated() where item.objectValue == nil {
            throw definition.invalid("list_of_parameters_for_stream[\(index)]", "Each stream's parameters must be a mapping")
        }
        return items
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
