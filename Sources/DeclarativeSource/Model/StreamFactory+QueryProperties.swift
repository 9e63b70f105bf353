internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

extension StreamFactory {
    /// `create_simple_retriever`'s query properties: the one `QueryProperties` of the requester's
    /// `request_parameters`, else a `QueryProperties` over its `fetch_properties_from_endpoint`,
    /// else its `query_properties`.
    func makeQueryProperties(_ requester: ComponentNode, streamName: String) throws(ManifestError) -> QueryProperties? {
        var inParameters: ComponentNode?
        if case .object(let parameters)? = requester["request_parameters"] {
            for (key, value) in parameters where value.objectValue?["type"]?.stringValue == "QueryProperties" {
                inParameters = ComponentNode(value.objectValue!, path: requester.fieldPath("request_parameters.\(key)"))
            }
        }
        let fromEndpoint = try requester.component("fetch_properties_from_endpoint")
        if let inParameters {
            if fromEndpoint != nil {
                throw requester.invalid(
                    "fetch_properties_from_endpoint",
                    "PropertiesFromEndpoint should only be specified once per stream, but found in HttpRequester.fetch_properties_from_endpoint "
                        + "and HttpRequester.request_parameters")
            }
            return try makeQueryProperties(inParameters, streamName: streamName, propertyListNode: nil)
        }
        if let fromEndpoint {
            return try makeQueryProperties(nil, streamName: streamName, propertyListNode: fromEndpoint)
        }
        if let node = try requester.component("query_properties") {
            return try makeQueryProperties(node, streamName: streamName, propertyListNode: nil)
        }
        return nil
    }

    /// `create_query_properties` (`node` nil: only a property list from an endpoint).
    private func makeQueryProperties(
        _ node: ComponentNode?, streamName: String, propertyListNode: ComponentNode?
    ) throws(ManifestError) -> QueryProperties {
        if let node { _ = try node.requireType(["QueryProperties"], role: "query properties") }
        let propertyList: QueryProperties.PropertyList
        var listNode = propertyListNode
        if listNode == nil, let node, node["property_list"]?.objectValue != nil { listNode = try node.requiredComponent("property_list") }
        if let node, case .array(let names)? = node["property_list"] {
            propertyList = .fixed(names.map { $0.stringValue ?? $0.jsonText })
        } else if let listNode {
            _ = try listNode.requireType(["PropertiesFromEndpoint"], role: "property list")
            let parameters = listNode.parameters
            let path = try (listNode.stringList("property_field_path") ?? []).map {
                InterpolatedString($0, parameters: parameters, in: context.interpolation)
            }
            let retriever = try makeRetriever(
                try listNode.requiredComponent("retriever"), name: "dynamic_properties", cursor: FinalStateCursor(),
                sliceOptions: NoRequestOptions(), transformations: [], dataFeed: false, clientSide: false, useCache: true)
            propertyList = .fromEndpoint(PropertiesFromEndpoint(retriever: retriever, path: path, config: context.configValue))
        } else {
            throw ManifestError(.invalidComponent, at: node?.path ?? "", "QueryProperties requires `property_list`")
        }
        var chunking: PropertyChunking?
        if let chunkingNode = try node?.component("property_chunking") {
            _ = try chunkingNode.requireType(["PropertyChunking"], role: "property chunking")
            let typeText = try chunkingNode.string("property_limit_type")
            guard let limitType = PropertyChunking.LimitType(rawValue: typeText) else {
                throw chunkingNode.invalid("property_limit_type", "Invalid PropertyLimitType \(typeText)")
            }
            var mergeKeys = ["id"]
            if let strategy = try chunkingNode.component("record_merge_strategy") {
                _ = try strategy.requireType(["GroupByKeyMergeStrategy"], role: "record merge strategy")
                switch strategy["key"] {
                case .string(let key)?: mergeKeys = [key]
                case .array(let keys)?: mergeKeys = keys.map { $0.stringValue ?? $0.jsonText }
                default: throw strategy.invalid("key", "GroupByKeyMergeStrategy requires `key`")
                }
            }
            chunking = PropertyChunking(limitType: limitType, limit: try chunkingNode.optionalInt("property_limit"), mergeKeys: mergeKeys)
        }
        var selected: Set<String>?
        if let selector = try node?.component("property_selector") {
            _ = try selector.requireType(["JsonSchemaPropertySelector"], role: "property selector")
            selected = try selectedProperties(selector, streamName: streamName)
        }
        return QueryProperties(
            propertyList: propertyList, alwaysInclude: try node?.stringList("always_include_properties"), chunking: chunking,
            selected: selected)
    }

    /// `JsonSchemaPropertySelector.select`: the catalog schema's properties after the selector's
    /// transformations; `nil` without a catalog (check, discover), meaning every property.
    private func selectedProperties(_ selector: ComponentNode, streamName: String) throws(ManifestError) -> Set<String>? {
        guard let schema = context.catalogSchemas[streamName] else { return nil }
        var properties = JSONValue.object(schema["properties"]?.objectValue ?? JSONObject())
        for transformation in try selector.componentList("transformations") {
            do {
                try makeTransformation(transformation, context: context)
                    .transform(&properties, slice: .empty, sliceValue: StreamSlice.empty.jinja)
            } catch let error as ManifestError {
                throw error
            } catch {
                throw ManifestError(.invalidComponent, at: transformation.path, "\(error)")
            }
        }
        return Set(properties.objectValue?.keys ?? [])
    }
}
