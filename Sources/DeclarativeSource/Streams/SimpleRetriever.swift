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
    /// How records go from a response to RECORD lines without being parsed, when they can.
    var rawPath: RawRecordPath? = nil
    /// Properties requested by name, chunk by chunk, each page's chunks merged by key.
    var queryProperties: QueryProperties? = nil
    /// When pagination starts again from the first page (`pagination_reset`); without one,
    /// an error handler's `RESET_PAGINATION` still restarts a slice once.
    var paginationReset: PaginationReset? = nil
    /// `LazySimpleRetriever`: a slice's first page is the one its parent record holds (the
    /// extra field `child_response`); requests start at the second.
    var readsFirstPageFromParent = false
    /// Fetches each selected record's file (`file_uploader`) before the record is handed on;
    /// such a retriever has no raw path, as the uploader reads each record.
    var fileUploader: FileUploader? = nil
    /// `page_size_reduction`: how the same page is asked for again, smaller, when the error
    /// handler says `REDUCE_PAGE_SIZE` (a reducer per partition read).
    var pageSizeReduction: PageSizeReduction? = nil

    /// Reads every page of `slice`, handing each page's records to `emit`.
    ///
    /// The next page is requested by a child task while `emit` handles this page's records.
    func read(_ slice: StreamSlice, schema: JSONObject?, emit: ([JSONValue]) async throws -> Void) async throws {
        try await readPages(slice, schema: schema, acceptsRaw: false) { page in
            try await emit(page.values)
        } emitWhileFetching: { page, fetchNext in
            try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
                group.addTask { try await fetchNext() }
                try await emit(page.values)
                return try await group.next()!
            }
        }
    }

    /// Reads every page of `slice`, handing each page's records to `emit`: as compact JSON
    /// taken from the response (``RawRecordPath``) when `acceptsRaw` and the stream allows it,
    /// as values otherwise.
    ///
    /// The next request goes out from this task as soon as its token is known, and a child
    /// task hands this page's records to `emit` meanwhile: pages form a chain (each token is
    /// in the page before), so the time from a response to the next request is what a
    /// paginated stream's reading takes, and a child task's start is not part of it (`read`,
    /// whose `emit` cannot leave this task, fetches in the child instead). When the request
    /// fails, the page's records are still all handed on first; an error of `emit` wins over
    /// the request's, and is reported once the request in flight has ended.
    func readPages(
        _ slice: StreamSlice, schema: JSONObject?, acceptsRaw: Bool, emit: @escaping @Sendable (RecordPage) async throws -> Void
    ) async throws {
        try await readPages(slice, schema: schema, acceptsRaw: acceptsRaw, emit: emit) { page, fetchNext in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await emit(page) }
                let next: HTTPResponse?
                do {
                    next = try await fetchNext()
                } catch {
                    try await group.waitForAll()
                    throw error
                }
                try await group.waitForAll()
                return next
            }
        }
    }

    /// `records` with each one's file fetched and written by the `file_uploader`, one after
    /// another, as the CDK's record selector does before the records go on. When an upload
    /// fails, the records before it are handed to `emit` first, as the CDK yielded them.
    private func uploadingFiles(
        _ records: [JSONValue], with fileUploader: FileUploader, emit: (RecordPage) async throws -> Void
    ) async throws -> RecordPage {
        var references: [JSONObject] = []
        references.reserveCapacity(records.count)
        for record in records {
            do {
                references.append(try await fileUploader.upload(record))
            } catch {
                if !references.isEmpty {
                    try await emit(.withFiles(Array(records.prefix(references.count)), fileReferences: references))
                }
                throw error
            }
        }
        return .withFiles(records, fileReferences: references)
    }

    /// The page loop: selects each response's records and finds the next token, the CDK's
    /// way; `emitWhileFetching` hands a page (never empty) on and returns the next response
    /// from `fetchNext`, overlapping the two. A `nil` response is a request to restart
    /// pagination (``PaginationTracker``), as is reaching `pagination_reset`'s record limit:
    /// the first page again, for the same slice or one narrowed by the cursor.
    private func readPages(
        _ slice: StreamSlice, schema: JSONObject?, acceptsRaw: Bool, emit: (RecordPage) async throws -> Void,
        emitWhileFetching: (RecordPage, @escaping @Sendable () async throws -> HTTPResponse?) async throws -> HTTPResponse?
    ) async throws {
        if let queryProperties, !readsFirstPageFromParent {
            try await readPages(slice, schema: schema, queryProperties: queryProperties, emit: emit)
            return
        }
        var token: JinjaValue? = nil
        var tokenMapping: JinjaValue? = nil
        if let initial = paginator.initialToken {
            token = initial
            tokenMapping = .dict([("next_page_token", initial)])
        }
        // A tracker that splits slices or counts records reads values, not raw pages.
        // The CDK's lazy retriever pages on without a tracker: a reset fails the stream.
        var tracker = PaginationTracker(readsFirstPageFromParent ? nil : paginationReset)
        let rawPath = acceptsRaw && !tracker.observesRecords ? self.rawPath : nil
        let reducer = try pageSizeReduction.map { reduction in
            PageSizeReducer(reduction, configuredPageSize: try paginator.pageSize, streamName: streamName, events: requester.client.events)
        }
        // Each page's request closure holds this one reference, not a copy of the retriever.
        let requests = PageRequests(retriever: self, reducer: reducer)
        @Sendable func fetchOrRestart(_ slice: StreamSlice, token: JinjaValue?, tokenMapping: JinjaValue?) async throws -> HTTPResponse? {
            try await requests.retriever.fetchOrRestart(slice, token: token, tokenMapping: tokenMapping, reducer: requests.reducer)
        }
        var requestSlice = slice
        var pending: HTTPResponse?
        if readsFirstPageFromParent {
            guard let childPage = slice.extraFields["child_response"] else { throw PythonKeyError(key: "child_response") }
            pending = HTTPResponse(status: 200, headers: [], body: Array(childPage.jsonText.utf8), url: "")
            // The CDK asks its paginator with no previous token after the parent's page.
            token = nil
            tokenMapping = nil
        } else {
            pending = try await fetchOrRestart(requestSlice, token: token, tokenMapping: tokenMapping)
        }
        while true {
            guard let response = pending else {
                token = paginator.initialToken
                tokenMapping = token.map { .dict([("next_page_token", $0)]) }
                requestSlice = try tracker.restart(previous: requestSlice, original: slice)
                pending = try await fetchOrRestart(requestSlice, token: token, tokenMapping: tokenMapping)
                continue
            }
            var page = RecordPage.values([])
            var lastRecord: JSONValue?
            var paginatorResponse = response
            if response.ok {
                if let rawPath, let raw = rawPath.scan(response) {
                    page = .raw(raw)
                    if raw.count > 0, paginator.readsLastRecord { lastRecord = raw.value(at: raw.count - 1) }
                    paginatorResponse = rawPath.paginatorResponse(response, raw)
                } else {
                    let records = try selector.select(response, slice: slice, nextPageToken: tokenMapping, schema: schema).records
                    page = .values(records)
                    lastRecord = records.last
                    if let fileUploader, !records.isEmpty { page = try await uploadingFiles(records, with: fileUploader, emit: emit) }
                }
            }
            if tracker.observesRecords, response.ok {
                tracker.observe(page.values)
                if tracker.hasReachedLimit {
                    if let postPaginationFilter { page = page.filter { postPaginationFilter($0, slice) } }
                    if page.count > 0 { try await emit(page) }
                    pending = nil
                    continue
                }
            }
            // The token is known before the records are handed on; a failure to find it
            // is thrown after them, as the CDK's loop does.
            var next: Result<JinjaValue?, any Error> = .success(nil)
            // The page size this page was requested with, before a reset policy restores it.
            let requestedOverride = reducer?.pageSizeOverride
            reducer?.pageSucceeded()
            if response.ok {
                let lastTokenValue = token
                let pageSize = page.count
                next = Result { [requestSlice] in
                    try paginator.nextPageToken(
                        paginatorResponse, lastPageSize: pageSize, lastRecord: lastRecord, lastTokenValue: lastTokenValue,
                        slice: requestSlice, pageSizeOverride: requestedOverride)
                }
            }
            if let postPaginationFilter { page = page.filter { postPaginationFilter($0, slice) } }
            guard case .success(let nextToken?) = next else {
                if page.count > 0 { try await emit(page) }
                _ = try next.get()
                return
            }
            token = nextToken
            tokenMapping = .dict([("next_page_token", nextToken)])
            // A record that is not an object fails the stream in `emit`: no request follows it.
            if page.hasRecordThatIsNotAnObject {
                try await emit(page)
                pending = try await fetchOrRestart(requestSlice, token: token, tokenMapping: tokenMapping)
                continue
            }
            guard page.count > 0 else {
                pending = try await fetchOrRestart(requestSlice, token: token, tokenMapping: tokenMapping)
                continue
            }
            pending = try await emitWhileFetching(page) { [requestSlice, token, tokenMapping] in
                try await fetchOrRestart(requestSlice, token: token, tokenMapping: tokenMapping)
            }
        }
    }

    /// The page loop with query properties (`_read_pages` with `additional_query_properties`):
    /// each page is requested once per chunk of properties, the chunk in the request's slice
    /// (`extra_fields: {"query_properties": chunk}`, the slice's other extra fields left out, as
    /// the CDK does) while records are selected with the slice itself. With chunking, the
    /// chunks' records that share a merge key become one record, after the page's records that
    /// have none. The next token comes from the last chunk's response; a failed one ends the slice.
    private func readPages(
        _ slice: StreamSlice, schema: JSONObject?, queryProperties: QueryProperties, emit: (RecordPage) async throws -> Void
    ) async throws {
        var token: JinjaValue? = nil
        var tokenMapping: JinjaValue? = nil
        if let initial = paginator.initialToken {
            token = initial
            tokenMapping = .dict([("next_page_token", initial)])
        }
        var tracker = PaginationTracker(paginationReset)
        var requestSlice = slice
        while true {
            var records: [JSONValue] = []
            var merged: [String: JSONObject] = [:]
            var mergeOrder: [String] = []
            var response: HTTPResponse?
            var restarts = false
            // The paginator sees the slice of the last chunk requested.
            var lastChunkSlice = requestSlice
            for chunk in try await queryProperties.chunks() {
                let chunkSlice = StreamSlice(
                    partition: requestSlice.partition, cursorSlice: requestSlice.cursorSlice,
                    extraFields: ["query_properties": .array(chunk.map(JSONValue.string))])
                lastChunkSlice = chunkSlice
                guard let chunkResponse = try await fetchOrRestart(chunkSlice, token: token, tokenMapping: tokenMapping) else {
                    // The chunks' merged records so far are dropped, as the CDK's loop leaves them.
                    restarts = true
                    break
                }
                response = chunkResponse
                guard chunkResponse.ok else { continue }
                let chunkRecords = try selector.select(chunkResponse, slice: slice, nextPageToken: tokenMapping, schema: schema).records
                // The CDK uploads each chunk's records; the merged records carry no file reference.
                if let fileUploader { for record in chunkRecords { _ = try await fileUploader.upload(record) } }
                for record in chunkRecords {
                    guard let chunking = queryProperties.chunking, let key = try chunking.mergeKey(record) else {
                        records.append(record)
                        continue
                    }
                    if merged[key] == nil { mergeOrder.append(key) }
                    merged[key, default: JSONObject()].deepMerge(record.objectValue ?? JSONObject())
                }
            }
            if !restarts { records += mergeOrder.map { JSONValue.object(merged[$0]!) } }
            tracker.observe(records)
            if restarts || (response?.ok == true && tracker.hasReachedLimit) {
                if let postPaginationFilter { records = records.filter { postPaginationFilter($0, slice) } }
                if !records.isEmpty { try await emit(.values(records)) }
                token = paginator.initialToken
                tokenMapping = token.map { .dict([("next_page_token", $0)]) }
                requestSlice = try tracker.restart(previous: requestSlice, original: slice)
                continue
            }
            // The records are handed on before a failure to find the token is thrown, as the CDK yields them first.
            var next: Result<JinjaValue?, any Error> = .success(nil)
            if let response, response.ok {
                let (pageSize, lastRecord, lastTokenValue) = (records.count, records.last, token)
                next = Result { [lastChunkSlice] in
                    try paginator.nextPageToken(
                        response, lastPageSize: pageSize, lastRecord: lastRecord, lastTokenValue: lastTokenValue, slice: lastChunkSlice,
                        pageSizeOverride: nil)
                }
            }
            if let postPaginationFilter { records = records.filter { postPaginationFilter($0, slice) } }
            if !records.isEmpty { try await emit(.values(records)) }
            guard let nextToken = try next.get() else { return }
            token = nextToken
            tokenMapping = .dict([("next_page_token", nextToken)])
        }
    }

    /// The response, or `nil` when the error handler asks to restart pagination (`RESET_PAGINATION`);
    /// after a parent's page, that request fails the stream. A page the error handler asks for
    /// smaller (`REDUCE_PAGE_SIZE`) is asked for again at once, with the `reducer`'s page size.
    private func fetchOrRestart(
        _ slice: StreamSlice, token: JinjaValue?, tokenMapping: JinjaValue?, reducer: PageSizeReducer? = nil
    ) async throws -> HTTPResponse? {
        while true {
            do {
                if readsFirstPageFromParent { return try await fetch(slice, token: token, tokenMapping: tokenMapping) }
                do {
                    return try await fetch(slice, token: token, tokenMapping: tokenMapping, pageSizeOverride: reducer?.pageSizeOverride)
                } catch is HttpClient.PaginationReset {
                    return nil
                }
            } catch let signal as HttpClient.PageSizeReductionRequired {
                guard let reducer else {
                    throw SourceFailure(
                        message:
                            "Stream \(streamName) resolves an API response to the REDUCE_PAGE_SIZE action but is not set up to send a "
                            + "smaller page. Add `page_size_reduction` to the stream's retriever, or remove the REDUCE_PAGE_SIZE action "
                            + "from its error handler.",
                        internalMessage:
                            "An error handler of stream \(streamName) resolved to REDUCE_PAGE_SIZE but the retriever it is attached to "
                            + "defines no page_size_reduction.",
                        failureType: .configError, stream: streamName)
                }
                try await reducer.reduce(signal.errorMessage)
            }
        }
    }

    private func fetch(
        _ slice: StreamSlice, token: JinjaValue?, tokenMapping: JinjaValue?, pageSizeOverride: Int? = nil
    ) async throws -> HTTPResponse {
        let includeSlicer = tokenMapping == nil || !ignoreSlicerOptionsOnPaginatedRequests
        func options(_ kind: RequestOptionKind) throws -> RequestInput {
            var inputs = [try paginator.requestOptions(kind, token: token, pageSizeOverride: pageSizeOverride)]
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

/// A retriever and its page-size reducer behind one reference, for the request of each page:
/// the retriever is a struct of many references, which an escaping closure copies.
private final class PageRequests: Sendable {
    let retriever: SimpleRetriever
    let reducer: PageSizeReducer?

    init(retriever: SimpleRetriever, reducer: PageSizeReducer?) {
        self.retriever = retriever
        self.reducer = reducer
    }
}
