internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Logging

/// Sends a request with the CDK's retry rules (`HttpClient._send_with_retry`): the error
/// handler decides, user-defined backoffs wait their time plus a second, rate limits and
/// other retryable errors back off exponentially (1, 2, 4, … seconds), each kind up to
/// `max_retries + 1` tries and `max_time` seconds.
struct HttpClient: Sendable {
    let name: String
    let engine: HTTPEngine
    let errorHandler: any ErrorHandler
    let backoffStrategies: [any BackoffStrategy]
    let authenticator: any Authenticator
    let cache: ResponseCache?
    let events: any SourceEvents
    let disableRetries: Bool
    /// The source's client-side call rate limits, spent by every request sent (not by cached answers).
    let apiBudget: APIBudget?

    /// Thrown when an error handler asks to restart pagination.
    struct PaginationReset: PythonException {
        var pythonTypeName: String { "PaginationResetRequiredException" }
    }

    /// Thrown when an error handler asks for the same page with a smaller page size
    /// (`PageSizeReductionRequiredException`): no retry, no backoff; the retriever decides.
    struct PageSizeReductionRequired: Error {
        var errorMessage: String?
    }

    private enum Retry: Error {
        case userDefined(seconds: Double, FailedAttempt)
        case rateLimited(FailedAttempt)
        case transient(FailedAttempt)
    }

    struct FailedAttempt: Sendable {
        var message: String
        var failureType: FailureType?
        var status: Int?
    }

    var maxTries: Int {
        let retries = disableRetries ? 0 : (errorHandler.maxRetries ?? 5)
        return max(0, retries) + 1
    }

    func send(_ request: OutgoingRequest) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let maxTime = Double(errorHandler.maxTime ?? 600)
        var attempts = 0
        var outerTries = 0
        // `_token_refresh_outcomes`: whether this request's one token refresh succeeded.
        var refreshOutcome: Bool?
        while true {
            outerTries += 1
            do {
                var middleTries = 0
                while true {
                    middleTries += 1
                    do {
                        var innerTries = 0
                        while true {
                            innerTries += 1
                            do {
                                attempts += 1
                                return try await attempt(request, attemptNumber: attempts, refreshOutcome: &refreshOutcome)
                            } catch Retry.userDefined(let seconds, let failure) {
                                if innerTries >= maxTries || elapsed(since: started) >= maxTime {
                                    throw exhausted(failure)
                                }
                                events.log(
                                    .info,
                                    "UserDefinedBackoffException: Rate limit exceeded\(failure.status.map { " (HTTP \($0))" } ?? ""). Retrying in \(seconds + 1) seconds."
                                )
                                try await Task.sleep(for: .milliseconds(Int64((seconds + 1) * 1000)))
                            }
                        }
                    } catch Retry.rateLimited(let failure) {
                        if middleTries >= maxTries { throw exhausted(failure) }
                        let wait = pow(2, Double(middleTries - 1))
                        events.log(
                            .info,
                            "Caught retryable error '\(failure.message)' after \(middleTries) tries. Waiting \(wait) seconds then retrying..."
                        )
                        try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                    }
                }
            } catch Retry.transient(let failure) {
                let elapsedSeconds = elapsed(since: started)
                if outerTries >= maxTries || elapsedSeconds >= maxTime { throw exhausted(failure) }
                let wait = min(pow(2, Double(outerTries - 1)), max(0, maxTime - elapsedSeconds))
                events.log(
                    .info, "Caught retryable error '\(failure.message)' after \(outerTries) tries. Waiting \(wait) seconds then retrying..."
                )
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            } catch let retry as Retry {
                // A rate-limit or user-defined retry that escaped its own handler after exhausting it.
                switch retry {
                case .userDefined(_, let failure), .rateLimited(let failure), .transient(let failure): throw exhausted(failure)
                }
            }
        }
    }

    private func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func exhausted(_ failure: FailedAttempt) -> SourceFailure {
        events.log(.error, "Retries exhausted with backoff exception.")
        if failure.status == 429 {
            return SourceFailure(
                message: "API rate limit exceeded.",
                internalMessage: "Rate limit retry budget exhausted. Last exception: \(failure.message)",
                failureType: .transientError, stream: name)
        }
        return SourceFailure(
            message: "Exhausted available request attempts. Please see logs for more details. Exception: \(failure.message)",
            internalMessage: "Exhausted available request attempts. Exception: \(failure.message)",
            failureType: failure.failureType ?? .systemError, stream: name)
    }

    private func attempt(_ original: OutgoingRequest, attemptNumber: Int, refreshOutcome: inout Bool?) async throws -> HTTPResponse {
        var request = original
        if attemptNumber > 1 {
            // requests re-applies the session's auth on a retry (a refreshed token).
            let headers = try await authenticator.authHeaders()
            for (name, value) in headers {
                if let index = request.headers.firstIndex(where: { $0.0.lowercased() == name.lowercased() }) {
                    request.headers[index] = (name, value)
                } else {
                    request.headers.append((name, value))
                }
            }
        }
        let responseOrError: ResponseOrError
        if let cache, let cached = cache.lookup(request, namespace: name) {
            responseOrError = .response(cached)
        } else {
            try await apiBudget?.acquire(for: request)
            do {
                let response = try await engine.send(request)
                apiBudget?.update(from: response, for: request)
                if let cache { cache.store(response, for: request, namespace: name) }
                responseOrError = .response(response)
            } catch {
                responseOrError = .error(error)
            }
        }
        let resolution = try errorHandler.interpret(responseOrError)
        return try await handle(resolution, responseOrError, request: request, attempt: attemptNumber, refreshOutcome: &refreshOutcome)
    }

    private func handle(
        _ resolution: ErrorResolution, _ responseOrError: ResponseOrError,
        request: OutgoingRequest, attempt: Int, refreshOutcome: inout Bool?
    ) async throws -> HTTPResponse {
        let action = resolution.action
        if action == .resetPagination { throw PaginationReset() }
        if action == .reducePageSize { throw PageSizeReductionRequired(errorMessage: resolution.errorMessage) }
        if action == .rateLimited {
            events.rateLimited(stream: name)
        }
        if action == .refreshTokenThenRetry {
            try await refreshToken(resolution, responseOrError, request: request, outcome: &refreshOutcome)
        }
        switch action {
        case .fail?:
            let message: String
            switch responseOrError {
            case .response(let response):
                let parsed = JSONErrorMessage.parse(response) ?? "None"
                message =
                    "'\(request.method)' request to '\(request.url)' failed with status code '\(response.status)' and error message: '\(parsed)'. Request (body): '\(request.body.map { String(decoding: $0, as: UTF8.self) } ?? "None")'. Response (body): '\(response.text)'."
            case .error(let error):
                message = "'\(request.method)' request to '\(request.url)' failed with exception: '\(error.message)'"
            }
            events.log(.error, message)
            throw SourceFailure(
                message: resolution.errorMessage ?? message, internalMessage: message,
                failureType: resolution.failureType ?? .systemError, stream: name)
        case .ignore?:
            switch responseOrError {
            case .response(let response):
                events.log(
                    .info,
                    resolution.errorMessage
                        ?? "Ignoring response for '\(request.method)' request to '\(request.url)' with response code '\(response.status)'")
                return response
            case .error(let error):
                events.log(
                    .info,
                    resolution.errorMessage
                        ?? "Ignoring response for '\(request.method)' request to '\(request.url)' with error '\(error.message)'")
                // The CDK returns no response: the retriever stops this slice.
                return HTTPResponse(status: 599, headers: [], body: [], url: request.url)
            }
        case .retry?, .rateLimited?, .refreshTokenThenRetry?:
            var userBackoff: Double?
            for strategy in backoffStrategies {
                if let seconds = try strategy.backoffTime(responseOrError, attempt: attempt), seconds != 0 {
                    userBackoff = seconds
                    break
                }
            }
            let message =
                resolution.errorMessage
                ?? "Request to \(request.url) failed with failure type \(resolution.failureType?.rawValue ?? "None"), response action \(action!.rawValue)."
            let failure = FailedAttempt(message: message, failureType: resolution.failureType, status: responseOrError.response?.status)
            if let userBackoff { throw Retry.userDefined(seconds: userBackoff, failure) }
            if action == .rateLimited { throw Retry.rateLimited(failure) }
            throw Retry.transient(failure)
        default:
            switch responseOrError {
            case .response(let response):
                if !response.ok {
                    events.log(.error, response.text)
                    throw SourceFailure(
                        message: "\(response.status) Error for url: \(request.url)", failureType: .systemError, stream: name)
                }
                return response
            case .error(let error):
                throw SourceFailure(message: error.message, failureType: .systemError, stream: name)
            }
        }
    }

    /// `REFRESH_TOKEN_THEN_RETRY` (CDK 7.3x): a new token at most once per request. A request
    /// refused again after its refresh fails (a config error when the refresh worked, transient
    /// when it did not), as does a token endpoint that refuses the refresh; other refresh
    /// failures retry with the token there is.
    private func refreshToken(
        _ resolution: ErrorResolution, _ responseOrError: ResponseOrError, request: OutgoingRequest, outcome: inout Bool?
    ) async throws {
        let status: String
        switch responseOrError {
        case .response(let response): status = "status code '\(response.status)'"
        case .error(let error): status = "exception '\(error.message)'"
        }
        if let refreshed = outcome {
            var internalMessage =
                refreshed
                ? "'\(request.method)' request to '\(request.url)' was rejected with \(status) again after the OAuth token was refreshed; not refreshing again."
                : "'\(request.method)' request to '\(request.url)' was rejected with \(status) and the OAuth token could not be refreshed; not refreshing again."
            if let message = resolution.errorMessage, !message.isEmpty { internalMessage += " Error handler message: '\(message)'" }
            events.log(.error, internalMessage)
            throw SourceFailure(
                message: refreshed
                    ? "Refreshed OAuth access token is rejected by the API."
                    : "API rejects the current OAuth access token and the token refresh failed.",
                internalMessage: internalMessage, failureType: refreshed ? .configError : .transientError, stream: name)
        }
        guard authenticator.canRefresh else {
            events.log(
                .warning,
                "REFRESH_TOKEN_THEN_RETRY action received but authenticator does not support token refresh. Proceeding with normal retry.")
            return
        }
        outcome = false
        do {
            let sent = request.headers.first { $0.0.lowercased() == "authorization" }?.1
            let current = try await authenticator.authHeaders().first { $0.0.lowercased() == "authorization" }?.1
            if let sent, let current, current != sent {
                events.log(
                    .info,
                    "OAuth token was already replaced since this request was sent; retrying with the current token without refreshing again."
                )
            } else {
                try await authenticator.refresh()
                events.log(.info, "Refreshed OAuth token due to REFRESH_TOKEN_THEN_RETRY response action")
            }
            outcome = true
        } catch let failure as SourceFailure where failure.failureType == .configError {
            throw failure
        } catch let refused as RefreshHTTPError where (400..<500).contains(refused.status) && refused.status != 429 {
            let internalMessage =
                "'\(request.method)' request to '\(request.url)' was rejected with \(status) and the OAuth token endpoint rejected the refresh request: \(refused)"
            events.log(.error, internalMessage)
            throw SourceFailure(
                message: "OAuth token refresh request is rejected by the token endpoint.", internalMessage: internalMessage,
                failureType: .configError, stream: name)
        } catch {
            events.log(.warning, "Failed to refresh OAuth token: \(error). Proceeding with retry using existing token.")
        }
    }
}
