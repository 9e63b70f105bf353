internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

extension StreamFactory {
    /// `create_async_retriever`: the job repository's requesters and extractors, the
    /// download retriever, and the stream's record selector. The stream's slicer (partition
    /// router or cursor) gives the slices jobs are created for; its request options are not
    /// added to any of the job's requests, as the CDK adds none.
    func makeAsyncRetriever(
        _ node: ComponentNode, name: String, cursor: any StreamCursor,
        transformations: [any RecordTransformation], clientSide: Bool
    ) throws(ManifestError) -> AsyncRetriever {
        let decoder = try makeDecoder(try node.component("decoder"))
        let selector = try makeRecordSelector(
            try node.requiredComponent("record_selector"), decoder: decoder, cursor: cursor,
            transformations: transformations, dataFeed: false, clientSide: clientSide)
        func requester(_ field: String, _ role: String) throws(ManifestError) -> HttpRequester? {
            try node.component(field).map { requesterNode throws(ManifestError) in
                try HttpRequester(requesterNode, name: "\(role) - \(name)", useCache: false, context: context)
            }
        }
        func required(_ field: String, _ role: String) throws(ManifestError) -> HttpRequester {
            guard let requester = try requester(field, role) else { throw node.invalid(field, "AsyncRetriever requires `\(field)`") }
            return requester
        }
        let downloadTargetRequester = try requester("download_target_requester", "job extract_url")
        let downloadTargetExtractor = try node.component("download_target_extractor").map { extractor throws(ManifestError) in
            try RecordExtractor(extractor, decoder: decoder, context: context)
        }
        if downloadTargetRequester != nil && downloadTargetExtractor == nil {
            throw node.invalid("download_target_extractor", "`download_target_extractor` required if using a `download_target_requester`")
        }
        let repository = AsyncHttpJobRepository(
            creationRequester: try required("creation_requester", "job creation"),
            pollingRequester: try required("polling_requester", "job polling"),
            downloadRetriever: try makeDownloadRetriever(node, name: name),
            abortRequester: try requester("abort_requester", "job abort"),
            deleteRequester: try requester("delete_requester", "job delete"),
            downloadTargetRequester: downloadTargetRequester,
            statusExtractor: try RecordExtractor(try node.requiredComponent("status_extractor"), decoder: decoder, context: context),
            statusMapping: try statusMapping(try node.requiredComponent("status_mapping")),
            downloadTargetExtractor: downloadTargetExtractor,
            jobTimeout: .seconds(60 * (try positiveInteger(node, "polling_job_timeout") ?? 60)))
        return AsyncRetriever(
            repository: repository, selector: selector, tracker: context.jobTracker, events: context.events,
            pollInterval: context.asyncJobPollInterval,
            failedRetryWait: try positiveInteger(node, "failed_retry_wait_time_in_seconds").map { .seconds($0) })
    }

    /// `_get_download_retriever`: the download requester, the download extractor over the
    /// download decoder (all records of the body without one), the download paginator, and
    /// no filter, transformation or normalization.
    private func makeDownloadRetriever(_ node: ComponentNode, name: String) throws(ManifestError) -> SimpleRetriever {
        var decoder = try makeDecoder(try node.component("download_decoder"))
        var extractorNode =
            try node.component("download_extractor")
            ?? ComponentNode(["type": "DpathExtractor", "field_path": []], path: node.fieldPath("download_extractor"))
        if extractorNode.type == "ResponseToFileExtractor" {
            // It reads the body itself, as CSV, whatever the download decoder: each row a record.
            decoder = PandasCSVDecoder(preservesNAValues: try extractorNode.bool("preserve_na_values", default: false))
            extractorNode = ComponentNode(["type": "DpathExtractor", "field_path": []], path: extractorNode.path)
        }
        let selector = RecordSelector(
            extractor: try RecordExtractor(extractorNode, decoder: decoder, context: context), filter: nil,
            transformations: [], transformBeforeFiltering: false, normalizer: nil, clientSideFilter: nil,
            config: context.configValue)
        var paginator: any Paginator = NoPagination()
        if let paginatorNode = try node.component("download_paginator") {
            paginator = try makePaginator(paginatorNode, extractorNode: extractorNode, decoder: decoder, stopCursor: nil)
        }
        let requesterNode = try node.requiredComponent("download_requester")
        return SimpleRetriever(
            streamName: name,
            requester: try HttpRequester(requesterNode, name: "job download - \(name)", useCache: false, context: context),
            selector: selector, paginator: paginator, sliceOptions: NoRequestOptions(),
            ignoreSlicerOptionsOnPaginatedRequests: false, postPaginationFilter: nil)
    }

    /// `_create_async_job_status_mapping`: each API status to its job status; `running`,
    /// `completed`, `failed` and `timeout` are required (an empty list will do), `skipped`
    /// is optional, and an API status may appear once only.
    private func statusMapping(_ node: ComponentNode) throws(ManifestError) -> [String: AsyncJobStatus] {
        var mapping: [String: AsyncJobStatus] = [:]
        let statuses: [(String, AsyncJobStatus, Bool)] = [
            ("running", .running, true), ("completed", .completed, true), ("failed", .failed, true),
            ("timeout", .timedOut, true), ("skipped", .skipped, false),
        ]
        for (field, status, isRequired) in statuses {
            guard let apiStatuses = try node.stringList(field) else {
                if isRequired {
                    throw node.invalid(
                        field,
                        "Required CDK status '\(field)' has no API statuses mapped. Please provide at least an empty list for required status fields."
                    )
                }
                continue
            }
            for apiStatus in apiStatuses {
                if mapping[apiStatus] != nil {
                    throw node.invalid(
                        field,
                        "API status \(apiStatus) is already set for CDK status \(field). Please ensure API statuses are only provided once")
                }
                mapping[apiStatus] = status
            }
        }
        return mapping
    }

    /// A field the CDK reads with `int(InterpolatedString(str(value)).eval(config))`, when set
    /// and not 0.
    private func positiveInteger(_ node: ComponentNode, _ field: String) throws(ManifestError) -> Int? {
        guard let value = node[field] else { return nil }
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let template):
            do {
                text = try InterpolatedString(template, parameters: JSONObject(), in: context.interpolation).eval(context.configValue)
                    .description
            } catch {
                throw node.invalid(field, "`\(field)` could not be evaluated: \(error)")
            }
        default: throw node.invalid(field, "`\(field)` must be an integer")
        }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw node.invalid(field, "invalid literal for int() with base 10: '\(text)'")
        }
        if number == 0 { return nil }
        if number < 0 { throw node.invalid(field, "`\(field)` must be >= 1") }
        return number
    }
}
