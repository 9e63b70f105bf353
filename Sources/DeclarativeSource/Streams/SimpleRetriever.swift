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
    ///
    /// The next page is requested as soon as its token is known, while `emit` still handles
    /// this page's records, so the network and the records' work overlap. The requests and
    /// their order are the CDK's: a page's token comes from the page before it.
    func read(_ slice: StreamSlice, schema: JSONObject?, emit: ([JSONValue]) async throws -> Void) async throws {
        var token: JinjaValue? = nil
        var tokenMapping: JinjaValue? = nil
        if let initial = paginator.initialToken {
            token = initial
            tokenMapping = .dict([("next_page_token", initial)])
        }
        var response = try await fetch(slice, token: token, tokenMapping: tokenMapping)
        while true {
            var records: [JSONValue] = []
            if response.ok {
                records = try selector.select(response, slice: slice, nextPageToken: tokenMapping, schema: schema).records
            }
            // The token is known before the records are handed on; a failure to find it
            // is thrown after them, as the CDK's loop does.
            var next: Result<JinjaValue?, any Error> = .success(nil)
            if response.ok {
                let lastTokenValue = token
                next = Result {
                    try paginator.nextPageToken(
                        response, lastPageSize: records.count, lastRecord: records.last, lastTokenValue: lastTokenValue)
                }
            }
            if let postPaginationFilter { records = records.filter { postPaginationFilter($0, slice) } }
            guard case .success(let nextToken?) = next else {
                if !records.isEmpty { try await emit(records) }
                _ = try next.get()
                return
            }
            token = nextToken
            tokenMapping = .dict([("next_page_token", nextToken)])
            // A record that is not an object fails the stream in `emit`: no request follows it.
            if records.contains(where: { $0.objectValue == nil }) {
                try await emit(records)
                response = try await fetch(slice, token: token, tokenMapping: tokenMapping)
                continue
            }
            response = try await withThrowingTaskGroup(of: HTTPResponse.self) { [token, tokenMapping] group in
                group.addTask { try await fetch(slice, token: token, tokenMapping: tokenMapping) }
                if !records.isEmpty { try await emit(records) }
                return try await group.next()!
            }
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
