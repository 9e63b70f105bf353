internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Splits a stream into partitions (`PartitionRouter`), and puts a partition's values into
/// its requests.
protocol PartitionRouter: RequestOptionsProvider {
    /// Calls `body` with each partition, in order.
    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws
    /// The parents' states, for `incremental_dependency` (`get_stream_state`).
    func parentState() throws -> JSONObject?
    /// The parent streams this router reads.
    var parentStreams: [DeclarativeStream] { get }
}

extension PartitionRouter {
    /// Whether the router puts its partitions' values into requests (a list's or a parent's
    /// `request_option`): the routers that regroup partitions refuse such children.
    var injectsPartitionValues: Bool {
        switch self {
        case let list as ListPartitionRouter: list.requestOption != nil
        case let substream as SubstreamPartitionRouter: substream.parents.contains { $0.requestOption != nil }
        default: false
        }
    }
}

/// `SinglePartitionRouter`: one empty partition.
struct SinglePartitionRouter: PartitionRouter {
    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws { try await body(.empty) }
    func parentState() -> JSONObject? { nil }
    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput { .empty }
    var parentStreams: [DeclarativeStream] { [] }
}

/// `ListPartitionRouter`: one partition per value, `{cursor_field: value}`.
struct ListPartitionRouter: PartitionRouter {
    let values: [JSONValue]
    /// Python's `TypeError` when `values` evaluated to something not iterable (a number):
    /// the CDK fails the stream when it asks for partitions.
    private(set) var iterationError: TemplateError?
    let cursorField: InterpolatedString
    let requestOption: RequestOption?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        config = context.configValue
        switch node["values"] {
        case .array(let list)?: values = list
        case .string(let text)?:
            guard
                let evaluated = try? InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
                    .eval(context.configValue)
            else {
                values = [.string(text)]
                break
            }
            // The CDK iterates whatever the template gives, as Python does: a list's items,
            // a str's characters, a dict's keys; nothing for a missing config value.
            do {
                values = try evaluated.pythonIteration().map(\.jsonValue)
            } catch {
                values = []
                iterationError = error
            }
        default: throw node.invalid("values", "ListPartitionRouter requires `values`")
        }
        cursorField = InterpolatedString(try node.string("cursor_field"), parameters: node.parameters, in: context.interpolation)
        requestOption = try node.component("request_option").map { option throws(ManifestError) in
            try RequestOption(option, context: context)
        }
    }

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        if let iterationError { throw iterationError }
        let key = try cursorField.eval(config).description
        for value in values { try await body(StreamSlice(partition: JSONObject([(key, value)]))) }
    }

    func parentState() -> JSONObject? { nil }
    var parentStreams: [DeclarativeStream] { [] }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        guard let requestOption, requestOption.injectInto == kind, slice.isTruthy else { return .empty }
        let key = try cursorField.eval(config).description
        guard let value = slice[key], ManifestTruthiness.isTruthy(value) else { return .empty }
        var options: [(key: String, value: JinjaValue)] = []
        try requestOption.inject(into: &options, value: JinjaValue(value), config: config)
        return .mapping(options)
    }
}

/// `CartesianProductStreamSlicer`: every combination of its routers' partitions.
struct CartesianProductRouter: PartitionRouter {
    let routers: [any PartitionRouter]

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        // itertools.product reads every input first.
        var lists: [[StreamSlice]] = []
        for router in routers {
            var slices: [StreamSlice] = []
            try await router.forEachPartition { slices.append($0) }
            lists.append(slices)
        }
        func product(_ index: Int, _ prefix: [StreamSlice]) async throws {
            if index == lists.count {
                var partition = JSONObject()
                var extra = JSONObject()
                // ChainMap: the first mapping wins; keys in reversed-map order.
                for slice in prefix.reversed() {
                    for (key, value) in slice.partition { partition[key] = value }
                    for (key, value) in slice.extraFields { extra[key] = value }
                }
                for slice in prefix {
                    for (key, value) in slice.partition where partition[key] != nil {
                        partition[key] = value
                        break
                    }
                }
                var firstWins = JSONObject()
                for key in partition.keys {
                    firstWins[key] = prefix.first(where: { $0.partition[key] != nil })?.partition[key]
                }
                let cursorSlices = prefix.map(\.cursorSlice).filter { !$0.isEmpty }
                if cursorSlices.count > 1 { throw SourceFailure.system("There should only be a single cursor slice.") }
                try await body(StreamSlice(partition: firstWins, cursorSlice: cursorSlices.first ?? JSONObject(), extraFields: extra))
                return
            }
            for slice in lists[index] { try await product(index + 1, prefix + [slice]) }
        }
        try await product(0, [])
    }

    func parentState() -> JSONObject? { nil }
    var parentStreams: [DeclarativeStream] { routers.flatMap(\.parentStreams) }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        var result: [(key: String, value: JinjaValue)] = []
        for router in routers.reversed() {
            for item in try router.requestOptions(kind, slice: slice, nextPageToken: nextPageToken).items {
                if result.contains(where: { $0.key == item.key }) { continue }
                result.append(item)
            }
        }
        // Values from the first router that has the key.
        var values: [(key: String, value: JinjaValue)] = []
        for item in result {
            var value = item.value
            for router in routers {
                if let found = try router.requestOptions(kind, slice: slice, nextPageToken: nextPageToken).items.first(where: {
                    $0.key == item.key
                }) {
                    value = found.value
                    break
                }
            }
            values.append((item.key, value))
        }
        return .mapping(values)
    }
}
