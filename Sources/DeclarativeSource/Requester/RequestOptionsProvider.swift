internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Something that contributes query parameters, headers or a body to a request for a slice
/// and page: the requester's own options, the paginator, the cursor, a partition router.
protocol RequestOptionsProvider: Sendable {
    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput
}

/// Contributes nothing (`DefaultRequestOptionsProvider`).
struct NoRequestOptions: RequestOptionsProvider {
    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput { .empty }
}

/// The requester's `request_parameters`, `request_headers`, `request_body_data`,
/// `request_body_json` and `request_body` (`InterpolatedRequestOptionsProvider`).
struct InterpolatedRequestOptionsProvider: RequestOptionsProvider {
    private enum Source: Sendable {
        case mapping(InterpolatedMapping)
        case text(InterpolatedString)
        case nested(InterpolatedNestedMapping)
        case none
    }

    private let parameters: Source
    private let headers: Source
    private let bodyData: Source
    private let bodyJSON: Source
    private let config: JinjaValue
    /// The request parameter a `QueryProperties` defines: the slice's chunk, joined by commas.
    let queryPropertiesKey: String?

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        let interpolation = context.interpolation
        func flat(_ field: String) throws(ManifestError) -> Source {
            switch node[field] {
            case nil: return .none
            case .object(let object) where object.isEmpty: return .none
            case .object(let object): return .mapping(InterpolatedMapping(object, parameters: parameters, in: interpolation))
            case .string(let text) where text.isEmpty: return .none
            case .string(let text): return .text(InterpolatedString(text, parameters: parameters, default: "", in: interpolation))
            default: throw node.invalid(field, "`\(field)` must be a mapping or a string")
            }
        }
        // A `QueryProperties` parameter is filled from the slice's chunk of properties, not
        // interpolated (the retriever requests each chunk).
        var queryPropertiesKeys: [String] = []
        if case .object(var requestParameters)? = node["request_parameters"] {
            queryPropertiesKeys = requestParameters.filter { $0.value.objectValue?["type"]?.stringValue == "QueryProperties" }.map(\.key)
            if queryPropertiesKeys.count > 1 {
                throw node.invalid(
                    "request_parameters",
                    "request_parameters only supports defining one QueryProperties field, but found \(queryPropertiesKeys.count) usages")
            }
            for key in queryPropertiesKeys { requestParameters[key] = nil }
            self.parameters =
                requestParameters.isEmpty
                ? .none : .mapping(InterpolatedMapping(requestParameters, parameters: parameters, in: interpolation))
        } else {
            self.parameters = try flat("request_parameters")
        }
        queryPropertiesKey = queryPropertiesKeys.first
        headers = try flat("request_headers")
        var data = try flat("request_body_data")
        var json: Source
        switch node["request_body_json"] {
        case nil: json = .none
        case .object(let object) where object.isEmpty: json = .none
        case .string(let text) where text.isEmpty: json = .none
        case .string(let text): json = .text(InterpolatedString(text, parameters: parameters, default: "", in: interpolation))
        case .some(let value): json = .nested(InterpolatedNestedMapping(value, parameters: parameters, in: interpolation))
        }
        if let body = try node.component("request_body") {
            let value = body["value"]
            switch body.type {
            case "RequestBodyUrlEncodedForm", "RequestBodyPlainText":
                switch value {
                case .object(let object)?: data = .mapping(InterpolatedMapping(object, parameters: parameters, in: interpolation))
                case .string(let text)?: data = .text(InterpolatedString(text, parameters: parameters, default: "", in: interpolation))
                default: break
                }
            case "RequestBodyJsonObject":
                if let value { json = .nested(InterpolatedNestedMapping(value, parameters: parameters, in: interpolation)) }
            case "RequestBodyGraphQL":
                if case .object(var query)? = value {
                    for key in query.keys where query[key] == .null { query[key] = nil }
                    json = .nested(InterpolatedNestedMapping(.object(query), parameters: parameters, in: interpolation))
                }
            default:
                throw body.invalid("type", "Unsupported request body type: \(body.type ?? "none")")
            }
        }
        if case .none = json {
        } else if case .none = data {
        } else {
            throw node.invalid(
                "request_body_json", "RequestOptionsProvider should only contain either 'request_body_data' or 'request_body_json' not both"
            )
        }
        bodyData = data
        bodyJSON = json
        config = context.configValue
    }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        // Most requesters set few of the four kinds: an absent one costs no context (every page asks).
        if kind == .requestParameter, let queryPropertiesKey { return try withQueryProperties(queryPropertiesKey, slice, nextPageToken) }
        switch kind {
        case .requestParameter: if case .none = parameters { return .empty }
        case .header: if case .none = headers { return .empty }
        case .bodyData: if case .none = bodyData { return .empty }
        case .bodyJSON: if case .none = bodyJSON { return .empty }
        }
        let context = slice.interpolationContext(nextPageToken: nextPageToken)
        switch kind {
        case .requestParameter: return try evaluate(parameters, context, valueTypes: ValidTypes.stringOrList)
        case .header: return try evaluate(headers, context, valueTypes: nil)
        case .bodyData: return try evaluate(bodyData, context, valueTypes: ValidTypes.stringOrList)
        case .bodyJSON:
            switch bodyJSON {
            case .nested(let mapping):
                let value = try mapping.eval(config, context)
                if let items = value.dictItems { return .mapping(items.map { ($0.key.description, $0.value) }) }
                return .empty
            case .text(let template):
                let value = try template.eval(config, context)
                if let items = value.dictItems { return .mapping(items.map { ($0.key.description, $0.value) }) }
                if value.kind == .string, !(value.stringValue ?? "").isEmpty { return .text(value.description) }
                return .empty
            default: return .empty
            }
        }
    }

    /// `get_request_params` with query properties: the parameters, then the chunk joined by commas.
    private func withQueryProperties(_ key: String, _ slice: StreamSlice, _ nextPageToken: JinjaValue?) throws -> RequestInput {
        var items: [(key: String, value: JinjaValue)] = []
        if case .none = parameters {
        } else {
            switch try evaluate(parameters, slice.interpolationContext(nextPageToken: nextPageToken), valueTypes: ValidTypes.stringOrList) {
            case .mapping(let evaluated): items = evaluated
            default: return .empty
            }
        }
        guard let chunk = slice.extraFields["query_properties"], chunk != .null else {
            throw SourceFailure.system(
                "QueryProperties component is defined but stream_partition does not contain query_properties. Please contact Airbyte Support"
            )
        }
        guard let properties = chunk.arrayValue else {
            throw SourceFailure.system(
                "QueryProperties component is defined but stream_slice.extra_fields.query_properties is not a List. Please contact Airbyte Support"
            )
        }
        let joined = JinjaValue.string(properties.map { $0.stringValue ?? $0.jsonText }.joined(separator: ","))
        if let index = items.firstIndex(where: { $0.key == key }) { items[index].value = joined } else { items.append((key, joined)) }
        return .mapping(items)
    }

    private func evaluate(_ source: Source, _ context: InterpolationContext, valueTypes: Set<PythonType>?) throws -> RequestInput {
        switch source {
        case .none, .nested: return .empty
        case .mapping(let mapping):
            let items = try mapping.eval(config, context, validKeyTypes: ValidTypes.string, validValueTypes: valueTypes)
            // InterpolatedRequestInputProvider drops None values.
            return .mapping(items.filter { !$0.value.isNone }.map { ($0.key.description, $0.value) })
        case .text(let template):
            let value = try template.eval(config, context)
            if let items = value.dictItems {
                return .mapping(items.filter { !$0.value.isNone }.map { ($0.key.description, $0.value) })
            }
            let text = value.description
            return text.isEmpty || value.isNone ? .empty : .text(text)
        }
    }
}

/// Puts the cursor's slice bounds into the request (`DatetimeBasedRequestOptionsProvider`).
struct DatetimeRequestOptionsProvider: RequestOptionsProvider {
    let startTimeOption: RequestOption?
    let endTimeOption: RequestOption?
    let partitionFieldStart: InterpolatedString
    let partitionFieldEnd: InterpolatedString
    let config: JinjaValue

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        var options: [(key: String, value: JinjaValue)] = []
        guard slice.isTruthy else { return .empty }
        if let startTimeOption, startTimeOption.injectInto == kind {
            let key = try partitionFieldStart.eval(config).description
            try startTimeOption.inject(into: &options, value: slice[key].map(JinjaValue.init) ?? .none, config: config)
        }
        if let endTimeOption, endTimeOption.injectInto == kind {
            let key = try partitionFieldEnd.eval(config).description
            try endTimeOption.inject(into: &options, value: slice[key].map(JinjaValue.init) ?? .none, config: config)
        }
        return .mapping(options)
    }
}

/// A partition router's options for the slice's partition, then the cursor's for its time
/// window (`PerPartitionRequestOptionsProvider`).
struct PerPartitionRequestOptionsProvider: RequestOptionsProvider {
    let router: any RequestOptionsProvider
    let cursor: any RequestOptionsProvider

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        let fromRouter = try router.requestOptions(kind, slice: StreamSlice(partition: slice.partition), nextPageToken: nextPageToken)
        let fromCursor = try cursor.requestOptions(kind, slice: StreamSlice(cursorSlice: slice.cursorSlice), nextPageToken: nextPageToken)
        // Python's dict `|`: the cursor's keys win.
        var items = fromRouter.items
        for item in fromCursor.items {
            if let index = items.firstIndex(where: { $0.key == item.key }) { items[index].value = item.value } else { items.append(item) }
        }
        return .mapping(items)
    }
}
