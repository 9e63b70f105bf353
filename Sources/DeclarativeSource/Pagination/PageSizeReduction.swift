internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Synchronization

/// A `SimpleRetriever`'s `page_size_reduction` (CDK 7.3x): when an error handler resolves a
/// response to `REDUCE_PAGE_SIZE`, the same page is requested again with the page size divided by
/// `reduction_factor`, down to `minimum_page_size`, waiting `backoff_seconds` times the attempts
/// in a row; `max_attempts` reductions without a page succeeding, or the floor with its
/// `retries_at_minimum_page_size` spent, fail the stream. `AFTER_SUCCESSFUL_PAGE` restores the
/// configured size after each page that succeeds; `NEVER` keeps the reduced one.
struct PageSizeReduction: Sendable {
    var reductionFactor = 2.0
    var minimumPageSize = 1
    var maxAttempts = 5
    var backoffSeconds = 0.5
    var retriesAtMinimumPageSize = 0
    var failureMessage: String?
    var restoresAfterSuccessfulPage = false

    init(_ node: ComponentNode) throws(ManifestError) {
        _ = try node.requireType(["PageSizeReduction"], role: "page size reduction")
        reductionFactor = try node.optionalDouble("reduction_factor") ?? 2
        guard reductionFactor > 1 else {
            throw node.invalid(
                "reduction_factor", "The page size reduction factor needs to be greater than 1. Got \(reductionFactor)")
        }
        minimumPageSize = try node.optionalInt("minimum_page_size") ?? 1
        guard minimumPageSize >= 1 else {
            throw node.invalid("minimum_page_size", "The minimum page size needs to be strictly positive. Got \(minimumPageSize)")
        }
        maxAttempts = try node.optionalInt("max_attempts") ?? 5
        guard maxAttempts >= 1 else {
            throw node.invalid(
                "max_attempts", "The maximum number of page size reductions needs to be strictly positive. Got \(maxAttempts)")
        }
        backoffSeconds = try node.optionalDouble("backoff_seconds") ?? 0.5
        guard backoffSeconds >= 0 else {
            throw node.invalid("backoff_seconds", "The wait between page size reductions cannot be negative. Got \(backoffSeconds)")
        }
        retriesAtMinimumPageSize = try node.optionalInt("retries_at_minimum_page_size") ?? 0
        guard retriesAtMinimumPageSize >= 0 else {
            throw node.invalid(
                "retries_at_minimum_page_size",
                "The number of retries at the minimum page size cannot be negative. Got \(retriesAtMinimumPageSize)")
        }
        failureMessage = try node.optionalString("failure_message")
        switch try node.optionalString("reset_policy") ?? "NEVER" {
        case "NEVER": restoresAfterSuccessfulPage = false
        case "AFTER_SUCCESSFUL_PAGE": restoresAfterSuccessfulPage = true
        case let other: throw node.invalid("reset_policy", "reset_policy must be NEVER or AFTER_SUCCESSFUL_PAGE, not `\(other)`")
        }
    }
}

/// The page size one partition's read requests (`PageSizeReducer`): a reader of its own, since a
/// stream's partitions are read side by side.
final class PageSizeReducer: Sendable {
    private struct State {
        var current: Int?
        var attempts = 0
        var totalReductions = 0
        var retriesAtMinimum = 0
    }

    let reduction: PageSizeReduction
    let configuredPageSize: Int?
    let streamName: String
    let events: any SourceEvents
    private let state = Mutex(State())

    init(_ reduction: PageSizeReduction, configuredPageSize: Int?, streamName: String, events: any SourceEvents) {
        self.reduction = reduction
        self.configuredPageSize = configuredPageSize
        self.streamName = streamName
        self.events = events
    }

    /// The reduced page size to request, or nil while the configured one holds.
    var pageSizeOverride: Int? { state.withLock { $0.current } }

    /// `reduce`: a smaller page size for the next request of the same page, after the wait; fails
    /// once none is left.
    func reduce(_ errorMessage: String?) async throws {
        guard let configured = configuredPageSize else {
            throw SourceFailure(
                message:
                    "Stream \(streamName) is set up to reduce its page size on error but does not define one. Set `page_size` on "
                    + "the pagination strategy and `page_size_option` on the paginator.",
                internalMessage:
                    "Stream \(streamName) received a REDUCE_PAGE_SIZE response action but its paginator does not inject a page size",
                failureType: .configError, stream: streamName)
        }
        let rejection = errorMessage.map { $0.isEmpty ? "" : "; the API rejected the page: \($0)" } ?? ""
        let wait: Double = try state.withLock { state in
            let current = state.current ?? configured
            let reduced = max(reduction.minimumPageSize, Int((Double(current) / reduction.reductionFactor).rounded(.down)))
            if reduced >= current { return try retryAtMinimum(&state, current: current, rejection: rejection) }
            state.attempts += 1
            state.totalReductions += 1
            if state.attempts > reduction.maxAttempts {
                throw SourceFailure(
                    message: withFailureMessage(
                        "The source keeps rejecting pages of stream \(streamName) at every page size the connector requested, down to "
                            + "\(current) records per page."),
                    internalMessage:
                        "Stream \(streamName) reduced its page size \(state.attempts - 1) times in a row without a single page succeeding, "
                        + "which is the configured maximum of \(reduction.maxAttempts) (\(state.totalReductions - 1) reductions so far "
                        + "while reading this partition)\(rejection)",
                    failureType: .transientError, stream: streamName)
            }
            let backoff = reduction.backoffSeconds * Double(state.attempts)
            events.log(
                .info,
                "Reducing the page size of stream \(streamName) from \(current) to \(reduced) and retrying the same page in \(backoff)s.")
            state.current = reduced
            return backoff
        }
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
    }

    /// `_retry_at_minimum_page_size`: the same page again unchanged, while that budget lasts.
    private func retryAtMinimum(_ state: inout State, current: Int, rejection: String) throws -> Double {
        if state.retriesAtMinimum < reduction.retriesAtMinimumPageSize {
            state.retriesAtMinimum += 1
            let backoff = reduction.backoffSeconds * Double(state.retriesAtMinimum)
            events.log(
                .info,
                "Stream \(streamName) cannot request a page smaller than \(current) records, so the same page is retried unchanged in "
                    + "\(backoff)s (\(state.retriesAtMinimum) of \(reduction.retriesAtMinimumPageSize)).")
            return backoff
        }
        let retries = state.retriesAtMinimum
        if state.current == nil && reduction.minimumPageSize > 1 {
            throw SourceFailure(
                message:
                    "The page size of stream \(streamName) (\(current)) is already at or below the configured minimum of "
                    + "\(reduction.minimumPageSize), so the connector cannot reduce it. Raise the page size of the stream, or lower "
                    + "`minimum_page_size`.",
                internalMessage:
                    "Stream \(streamName) has a configured page size of \(current) which is not greater than the configured minimum page "
                    + "size of \(reduction.minimumPageSize), so it can never be reduced"
                    + (retries > 0 ? " (\(retries) retries at that size were spent first)" : "") + rejection,
                failureType: .configError, stream: streamName)
        }
        throw SourceFailure(
            message: withFailureMessage(
                "The source keeps rejecting pages of stream \(streamName) at the smallest page size the connector is allowed to request "
                    + "(\(current) records per page)."),
            internalMessage:
                "Stream \(streamName) still fails with a page size of \(current), which is the smallest page size allowed by the "
                + "configured minimum of \(reduction.minimumPageSize)" + (retries > 0 ? ", after \(retries) retries at that size" : "")
                + rejection,
            failureType: .transientError, stream: streamName)
    }

    private func withFailureMessage(_ message: String) -> String {
        let extra = (reduction.failureMessage ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return extra.isEmpty ? message : "\(message) \(extra)"
    }

    /// `on_successful_page`: the budget of reductions in a row starts again, and
    /// `AFTER_SUCCESSFUL_PAGE` restores the configured size.
    func pageSucceeded() {
        let restored: Int? = state.withLock { state in
            state.attempts = 0
            state.retriesAtMinimum = 0
            guard reduction.restoresAfterSuccessfulPage, let current = state.current else { return nil }
            state.current = nil
            return current
        }
        if let restored, let configuredPageSize {
            events.log(.info, "Restoring the page size of stream \(streamName) from \(restored) to \(configuredPageSize).")
        }
    }
}
