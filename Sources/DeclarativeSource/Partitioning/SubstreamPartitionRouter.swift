internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `SubstreamPartitionRouter`: one partition per parent record,
/// `{partition_field: record[parent_key], "parent_slice": <the parent's partition>}`.
struct SubstreamPartitionRouter: PartitionRouter {
    struct ParentConfig: Sendable {
        let stream: DeclarativeStream
        let parentKey: InterpolatedString
        let partitionField: InterpolatedString
        let requestOption: RequestOption?
        let incrementalDependency: Bool
        let extraFields: [[InterpolatedString]]
        /// `lazy_read_pointer`: where the parent record holds the child's first page (empty: none).
        var lazyReadPointer: [InterpolatedString] = []
    }

    let parents: [ParentConfig]
    let config: JinjaValue

    var parentStreams: [DeclarativeStream] { parents.map(\.stream) }

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        for parent in parents {
            let stream = parent.stream
            let parentField = try parent.parentKey.eval(config).description
            let partitionField = try parent.partitionField.eval(config).description
            let extraPaths = try parent.extraFields.map { path in try path.map { try $0.eval(config).description } }
            let lazyPath = try parent.lazyReadPointer.map { try $0.eval(config).description }
            let keyPath = parentField.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            // The parent's partitions are read one after another, as the CDK's generator does.
            try await stream.forEachSlice { parentSlice in
                func handOn(_ records: ArraySlice<JSONValue>) async throws {
                    var children: [StreamSlice] = []
                    for record in records {
                        guard record.objectValue != nil else {
                            // The CDK fails reading a parent record that is not an object.
                            throw SourceFailure(
                                message: "A parent record of \(stream.name) is not an object: ValueError",
                                internalMessage: "Parent record \(record.jsonText.prefix(200)) is not an object",
                                failureType: .systemError)
                        }
                        stream.cursor.observe(record, slice: parentSlice)
                        // A missing or null parent key makes no child partition (CDK 7.3x).
                        guard let value = try? Dpath.get(record, keyPath), value != .null else { continue }
                        var extra = JSONObject()
                        // The child's first page, read from the parent record, as a response body
                        // the child's retriever selects from (`_extract_child_response`).
                        if !lazyPath.isEmpty { extra["child_response"] = (try? Dpath.get(record, lazyPath)) ?? .array([]) }
                        for path in extraPaths {
                            extra[path.joined(separator: ".")] = (try? Dpath.get(record, path)) ?? .null
                        }
                        children.append(
                            StreamSlice(
                                partition: JSONObject([(partitionField, value), ("parent_slice", .object(parentSlice.partition))]),
                                extraFields: extra))
                    }
                    for child in children { try await body(child) }
                }
                // Children are handed on page by page, so memory holds one parent page. The
                // CDK looks one parent record ahead (`iterate_with_last_flag`): a page's last
                // record is handed on once the next page is read, and not at all when reading
                // that page fails.
                var held: JSONValue?
                try await stream.readPartition(parentSlice) { records in
                    guard let last = records.last else { return }
                    if let previous = held { try await handOn([previous]) }
                    held = last
                    try await handOn(records.dropLast())
                }
                if let held { try await handOn([held]) }
                _ = try stream.cursor.closePartition(parentSlice)
            }
            _ = try stream.cursor.finalState()
        }
    }

    func parentState() throws -> JSONObject? {
        var state = JSONObject()
        for parent in parents where parent.incrementalDependency {
            state[parent.stream.name] = .object(try parent.stream.cursor.currentState())
        }
        return state
    }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput {
        var options: [(key: String, value: JinjaValue)] = []
        guard slice.isTruthy else { return .empty }
        for parent in parents {
            guard let option = parent.requestOption, option.injectInto == kind else { continue }
            let key = try parent.partitionField.eval(config).description
            if let value = slice[key], ManifestTruthiness.isTruthy(value) {
                try option.inject(into: &options, value: JinjaValue(value), config: config)
            }
        }
        return .mapping(options)
    }
}
