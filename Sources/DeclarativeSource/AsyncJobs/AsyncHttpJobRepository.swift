internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Creates, polls, downloads, aborts and deletes jobs over HTTP (the CDK's
/// `AsyncHttpJobRepository`). Templates of the polling, abort and delete requests see the
/// creation response as `creation_response`; download requests also see `polling_response`
/// and `download_target`.
struct AsyncHttpJobRepository: Sendable {
    let creationRequester: HttpRequester
    let pollingRequester: HttpRequester
    /// Reads the records of one download target (its own paginator and extractor, no
    /// transformations: the stream's record selector applies those).
    let downloadRetriever: SimpleRetriever
    let abortRequester: HttpRequester?
    let deleteRequester: HttpRequester?
    let downloadTargetRequester: HttpRequester?
    let statusExtractor: RecordExtractor
    /// API status → job status (`AsyncJobStatusMap`).
    let statusMapping: [String: AsyncJobStatus]
    let downloadTargetExtractor: RecordExtractor?
    /// `polling_job_timeout` (60 minutes without one).
    let jobTimeout: Duration

    /// `start`: sends the creation request for `slice`.
    func start(_ slice: StreamSlice) async throws -> AsyncJob {
        let (request, response) = try await exchange(creationRequester, slice: slice)
        return AsyncJob(parameters: slice, creation: .init(request: request, response: response), timeout: jobTimeout)
    }

    /// `update_jobs_status`: polls each job and maps the API's status.
    func updateStatus(_ jobs: [AsyncJob]) async throws {
        for job in jobs {
            let (request, response) = try await exchange(pollingRequester, slice: try creationSlice(job))
            let status = try jobStatus(response)
            job.update(status)
            if status == .completed { job.polling = .init(request: request, response: response) }
        }
    }

    /// `_get_validated_job_status`: the first value the status extractor finds, as Python's
    /// `str()` gives it, looked up in the mapping; an unknown status fails.
    func jobStatus(_ response: HTTPResponse) throws -> AsyncJobStatus {
        let apiStatus = try statusExtractor.extract(response).first.map { JinjaValue($0).description } ?? "None"
        guard let status = statusMapping[apiStatus] else {
            throw SourceFailure.system(
                "ValueError: API status `\(apiStatus)` is unknown. Contact the connector developer to make sure this status is supported.")
        }
        return status
    }

    /// `fetch_records`: every download target's records, target after target.
    func fetchRecords(_ job: AsyncJob, emit: ([JSONValue]) async throws -> Void) async throws {
        let creation = try Self.context(job.creation)
        let polling = try Self.context(job.polling)
        for target in try await downloadTargets(job, polling: polling) {
            var extra = job.parameters.extraFields
            extra["download_target"] = target
            extra["creation_response"] = .object(creation)
            extra["polling_response"] = .object(polling)
            let slice = StreamSlice(partition: job.parameters.partition, cursorSlice: job.parameters.cursorSlice, extraFields: extra)
            try await downloadRetriever.read(slice, schema: nil, emit: emit)
        }
    }

    /// `abort`: only with an `abort_requester`.
    func abort(_ job: AsyncJob) async throws {
        guard let abortRequester else { return }
        _ = try await exchange(abortRequester, slice: try creationSlice(job))
    }

    /// `delete`: only with a `delete_requester`.
    func delete(_ job: AsyncJob) async throws {
        guard let deleteRequester else { return }
        _ = try await exchange(deleteRequester, slice: try creationSlice(job))
    }

    /// `_get_download_targets`: one empty target without an extractor; else what the
    /// extractor finds in the polling response, or in the `download_target_requester`'s.
    private func downloadTargets(_ job: AsyncJob, polling: JSONObject) async throws -> [JSONValue] {
        guard let downloadTargetExtractor else { return [""] }
        if let downloadTargetRequester {
            let slice = StreamSlice(extraFields: ["polling_response": .object(polling)])
            let (_, response) = try await exchange(downloadTargetRequester, slice: slice)
            return try downloadTargetExtractor.extract(response)
        }
        guard let response = job.polling?.response else { return [] }
        return try downloadTargetExtractor.extract(response)
    }

    /// `_get_create_job_stream_slice`: the job's slice with `creation_response` added.
    private func creationSlice(_ job: AsyncJob) throws -> StreamSlice {
        var slice = job.parameters
        slice.extraFields["creation_response"] = .object(try Self.context(job.creation))
        return slice
    }

    private func exchange(_ requester: HttpRequester, slice: StreamSlice) async throws -> (OutgoingRequest, HTTPResponse) {
        let request = try await requester.prepare(slice: slice, nextPageToken: nil, path: nil)
        return (request, try await requester.client.send(request))
    }

    /// A response as templates see it (`dict(response.json())` with `headers` and `request`
    /// added when the body has no such keys): the request is its method, URL, headers and body.
    static func context(_ exchange: AsyncJob.Exchange?) throws -> JSONObject {
        guard let exchange else { throw SourceFailure.system("KeyError: the job has no response to interpolate") }
        var context: JSONObject
        switch try? JSONValue(parsing: exchange.response.body) {
        case .object(let object)?: context = object
        case .array(let pairs)?:
            context = try RecordSelector.pythonDict(.array(pairs)).objectValue ?? JSONObject()
        default:
            throw SourceFailure.system("JSONDecodeError: the job's response is not a JSON object: \(exchange.response.text.prefix(200))")
        }
        if context["headers"] == nil { context["headers"] = .object(headerObject(exchange.response.headers)) }
        if context["request"] == nil {
            let request = exchange.request
            var object = JSONObject()
            object["method"] = .string(request.method)
            object["url"] = .string(request.url)
            object["headers"] = .object(headerObject(request.headers))
            object["body"] = request.body.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
            context["request"] = .object(object)
        }
        return context
    }

    /// Headers as a mapping; a repeated header's values joined with ", " (as `requests` does).
    private static func headerObject(_ headers: [(String, String)]) -> JSONObject {
        var object = JSONObject()
        for (name, value) in headers {
            if case .string(let existing)? = object[name] {
                object[name] = .string(existing + ", " + value)
            } else {
                object[name] = .string(value)
            }
        }
        return object
    }
}
