public import AirbyteProtocol

/// Infers missing component `type`s and propagates `$parameters`, exactly as the Python
/// CDK's `ManifestComponentTransformer.propagate_types_and_parameters` does.
///
/// - A mapping without `type` gets the default type of the field it sits in
///   (`SimpleRetriever.requester` → `HttpRequester`), or the `Custom*` type when it has a
///   `class_name`.
/// - A component's own `$parameters` are merged over its parent's (or under them, when
///   `useParentParameters` is set, as for dynamic streams), then copied onto every field of
///   the component that is missing or falsy (`0`, `""`, `false`, `[]`, `{}`, `null`), and
///   passed on to every typed descendant. The merged parameters are stored back as `$parameters`.
/// - A JSON schema (`type: object`) is left untouched; an untyped mapping only passes
///   parameters to its direct typed children.
public struct ManifestComponentTransformer: Sendable {
    public init() {}

    /// Types inferred from the field a component sits in (`DEFAULT_MODEL_TYPES`).
    public static let defaultModelTypes: [String: String] = [
        "CompositeErrorHandler.error_handlers": "DefaultErrorHandler",
        "CursorPagination.decoder": "JsonDecoder",
        "DatetimeBasedCursor.end_datetime": "MinMaxDatetime",
        "DatetimeBasedCursor.end_time_option": "RequestOption",
        "DatetimeBasedCursor.start_datetime": "MinMaxDatetime",
        "DatetimeBasedCursor.start_time_option": "RequestOption",
        "DeclarativeSource.check": "CheckStream",
        "DeclarativeSource.spec": "Spec",
        "DeclarativeSource.streams": "DeclarativeStream",
        "DeclarativeStream.retriever": "SimpleRetriever",
        "DeclarativeStream.schema_loader": "JsonFileSchemaLoader",
        "DynamicDeclarativeStream.stream_template": "DeclarativeStream",
        "DynamicDeclarativeStream.components_resolver": "ConfigComponentResolver",
        "HttpComponentsResolver.retriever": "SimpleRetriever",
        "HttpComponentsResolver.components_mapping": "ComponentMappingDefinition",
        "ConfigComponentsResolver.stream_config": "StreamConfig",
        "ConfigComponentsResolver.components_mapping": "ComponentMappingDefinition",
        "DefaultErrorHandler.response_filters": "HttpResponseFilter",
        "DefaultPaginator.decoder": "JsonDecoder",
        "DefaultPaginator.page_size_option": "RequestOption",
        "DpathExtractor.decoder": "JsonDecoder",
        "DpathExtractor.record_expander": "RecordExpander",
        "RecordExpander.parent_fields": "ParentFieldPath",
        "HttpRequester.error_handler": "DefaultErrorHandler",
        "ListPartitionRouter.request_option": "RequestOption",
        "ParentStreamConfig.request_option": "RequestOption",
        "ParentStreamConfig.stream": "DeclarativeStream",
        "RecordSelector.extractor": "DpathExtractor",
        "RecordSelector.record_filter": "RecordFilter",
        "SimpleRetriever.paginator": "NoPagination",
        "SimpleRetriever.record_selector": "RecordSelector",
        "SimpleRetriever.requester": "HttpRequester",
        "SubstreamPartitionRouter.parent_stream_configs": "ParentStreamConfig",
        "AddFields.fields": "AddedFieldDefinition",
        "CustomPartitionRouter.parent_stream_configs": "ParentStreamConfig",
        "DynamicSchemaLoader.retriever": "SimpleRetriever",
        "SchemaTypeIdentifier.types_map": "TypesMap",
    ]

    /// Types given to a mapping with a `class_name` (`CUSTOM_COMPONENTS_MAPPING`).
    public static let customComponentTypes: [String: String] = [
        "CompositeErrorHandler.backoff_strategies": "CustomBackoffStrategy",
        "DeclarativeStream.retriever": "CustomRetriever",
        "DeclarativeStream.transformations": "CustomTransformation",
        "DefaultErrorHandler.backoff_strategies": "CustomBackoffStrategy",
        "DefaultPaginator.pagination_strategy": "CustomPaginationStrategy",
        "HttpRequester.authenticator": "CustomAuthenticator",
        "HttpRequester.error_handler": "CustomErrorHandler",
        "RecordSelector.extractor": "CustomRecordExtractor",
        "SimpleRetriever.partition_router": "CustomPartitionRouter",
    ]

    /// The component with types inferred and parameters propagated; the input is not modified.
    public func propagate(
        _ parentFieldIdentifier: String,
        _ component: JSONObject,
        parentParameters: JSONObject,
        useParentParameters: Bool = false
    ) -> JSONObject {
        var propagated = component
        if propagated["type"] == nil {
            let found =
                propagated["class_name"] != nil
                ? Self.customComponentTypes[parentFieldIdentifier]
                : Self.defaultModelTypes[parentFieldIdentifier]
            if let found { propagated["type"] = .string(found) }
        }

        var currentParameters = parentParameters
        let componentParameters = propagated["$parameters"]?.objectValue ?? JSONObject()
        propagated["$parameters"] = nil
        if useParentParameters {
            var merged = componentParameters
            for (key, value) in currentParameters { merged[key] = value }
            currentParameters = merged
        } else {
            for (key, value) in componentParameters { currentParameters[key] = value }
        }

        if Self.isJSONSchemaObject(propagated) { return propagated }

        guard let type = propagated["type"] else {
            if Self.hasNestedComponents(propagated) {
                for (fieldName, fieldValue) in propagated {
                    guard case .object(let nested) = fieldValue, Self.isTruthy(nested["type"]) else { continue }
                    propagated[fieldName] = .object(
                        propagate(
                            parentFieldIdentifier, nested, parentParameters: currentParameters,
                            useParentParameters: useParentParameters))
                }
            }
            return propagated
        }

        for (key, value) in currentParameters {
            propagated[key] = Self.isTruthy(propagated[key]) ? propagated[key] : value
        }

        let typeName = Self.pythonString(type)
        for fieldName in propagated.keys {
            guard let fieldValue = propagated[fieldName] else { continue }
            switch fieldValue {
            case .object(let nested):
                let excluded = currentParameters[fieldName]
                currentParameters[fieldName] = nil
                propagated[fieldName] = .object(
                    propagate(
                        "\(typeName).\(fieldName)", nested, parentParameters: currentParameters,
                        useParentParameters: useParentParameters))
                if let excluded, Self.isTruthy(excluded) { currentParameters[fieldName] = excluded }
            case .array(var elements):
                let excluded = currentParameters[fieldName]
                currentParameters[fieldName] = nil
                for index in elements.indices {
                    if case .object(let element) = elements[index] {
                        elements[index] = .object(
                            propagate(
                                "\(typeName).\(fieldName)", element, parentParameters: currentParameters,
                                useParentParameters: useParentParameters))
                    }
                }
                propagated[fieldName] = .array(elements)
                if let excluded, Self.isTruthy(excluded) { currentParameters[fieldName] = excluded }
            default:
                continue
            }
        }

        if !currentParameters.isEmpty { propagated["$parameters"] = .object(currentParameters) }
        return propagated
    }

    /// `_is_json_schema_object` (CDK 7.3x): component types are strings, so a list `type` is a
    /// JSON schema's type union and a mapping one a `properties` map with a property named `type`.
    static func isJSONSchemaObject(_ component: JSONObject) -> Bool {
        switch component["type"] {
        case .string("object")?, .array?, .object?: true
        default: false
        }
    }

    static func hasNestedComponents(_ component: JSONObject) -> Bool {
        component.contains { member in
            if case .object(let nested) = member.value { return isTruthy(nested["type"]) }
            return false
        }
    }

    /// Python truthiness of a JSON value (`nil` is a missing key: falsy).
    public static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null: return false
        case .bool(let flag): return flag
        case .number(let text): return (Double(text) ?? 1) != 0
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let object): return !object.isEmpty
        }
    }

    /// `f"{value}"` of a `type` field, which is a string in every real manifest.
    private static func pythonString(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonText
    }
}
