internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `SimpleRetriever`: for one slice, requests page after page until the paginator has no
/// next token, selecting records from each response.
struct SimpleRetriever: Sendable {
    let streamName: String
    let requester: HttpRequester
    let selector: RecordSelector
    let paginator: any Paginator
    /// Options the stream slicer adds (the cursor's time window, the partition).
    let sliceOptions: any RequestOptionsProvider
    let ignoreSlicerOptionsOnPaginatedRequests: Bool
    /// Data feeds drop records the cursor has already synced after pagination has seen them.
    let postPaginationFilter: (@Sendable (JSONValue, StreamSlice) -> Bool)?

    /// Reads every page of `slice`, handing each page's records to `emit`.
    func read(_ slice: StreamSlice, schema: JSONObject?, emit: ([JSONValue]) async throws -> Void) async throws {
        var token: JinjaValue? = paginator.initialToken.map { _ in nil } ?? nil
        var tokenMapping: JinjaValue? = nil
        if let initial = paginator.initialToken {
            token = initial
            tokenMapping = .dict([("next_page_token", initial)])
        }
        while true {
            let response = try await fetch(slice, token: token, tokenMapping: tokenMapping)
            var records: [JSONValue] = []
            if response.ok {
                records = try selector.select(response, slice: slice, nextPageToken: tokenMapping, schema: schema).records
            }
            let lastRecord = records.last
            let lastPageSize = records.count
            if let postPaginationFilter {
                let kept = records.filter { postPaginationFilter($0, slice) }
                if !kept.isEmpty { try await emit(kept) }
            } else if !records.isEmpty {
                try await emit(records)
            }
            if !response.ok { break }
            let next = try paginator.nextPageToken(response, lastPageSize: lastPageSize, lastRecord: lastRecord, lastTokenValue: token)
            guard let next else { break }
            token = next
            tokenMapping = .dict([("next_page_token", next)])
        }
    }

    private func fetch(_ slice: StreamSlice, token: JinjaValue?, tokenMapping: JinjaValue?) async throws -> HTTPResponse {
        let includeSlicer = tokenMapping == nil || !ignoreSlicerOptionsOnPaginatedRequests
        func options(_ kind: RequestOptionKind) throws -> RequestInput {
            var inputs = [try paginator.requestOptions(kind, token: token)]
            if includeSlicer { inputs.append(try sliceOptions.requestOptions(kind, slice: slice, nextPageToken: tokenMapping)) }
            return try RequestInput.combine(inputs, allowSameValueMerge: kind == .bodyJSON)
        }
        var headers = try options(.header)
        if case .mapping(let items) = headers { headers = .mapping(items.map { ($0.key, .string($0.value.description)) }) }
        return try await requester.send(
            slice: slice, nextPageToken: tokenMapping, path: paginator.path(token),
            extraParams: try options(.requestParameter), extraHeaders: headers,
            extraBodyData: try options(.bodyData), extraBodyJSON: try options(.bodyJSON))
    }
}
