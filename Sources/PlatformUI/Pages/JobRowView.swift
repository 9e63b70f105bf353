import Foundation
import Platform
import PlatformStore

/// A job as a row of a job history: status, when, how long, counts, attempts, why it failed.
struct JobRowView {
    struct StreamCount {
        var stream: String
        var records: String
        var bytes: String
    }

    var jobID: String
    var type: String
    var jobStatus: StatusBadge
    var created: String
    var createdTitle: String
    var createdMachine: String
    var duration: String
    var records: String
    var bytes: String
    var attempts: String
    var failure: FailureView?
    var streams: [StreamCount]
    var hasStreams: Bool

    init(_ details: JobDetails, now: Date) {
        let job = details.job
        jobID = job.id.description
        type = JobRowView.typeLabel(job.type)
        jobStatus = StatusBadge(job: job.status)
        created = Format.relative(job.createdAt, now: now)
        createdTitle = Format.dateTime(job.createdAt)
        createdMachine = Format.machineDateTime(job.createdAt)
        duration = details.duration(now: now).map(Format.duration) ?? "–"
        let totals = details.totals
        records = Format.count(totals.recordsCommitted)
        bytes = Format.bytes(totals.bytesCommitted)
        attempts = details.attempts.count == 1 ? "1 attempt" : "\(details.attempts.count) attempts"
        failure = job.status == .failed || job.status == .incomplete ? details.failure.map(FailureView.init) : nil
        streams = details.streams.map {
            StreamCount(
                stream: StreamText.label($0.name, namespace: $0.namespace),
                records: Format.count($0.recordsCommitted), bytes: Format.bytes($0.bytesCommitted))
        }
        hasStreams = !streams.isEmpty
    }

    static func typeLabel(_ type: JobType) -> String {
        switch type {
        case .sync: "Sync"
        case .reset: "Reset"
        case .clear: "Clear"
        case .refresh: "Refresh"
        }
    }
}

/// Why an attempt failed, as a person reads it: where, what kind, the message.
struct FailureView {
    var origin: String
    var kind: String
    var message: String
    var retryable: Bool

    init(_ failure: FailureReason) {
        origin =
            switch failure.origin {
            case .source: "the source"
            case .destination: "the destination"
            case .replication: "replication"
            case .persistence: "saving state"
            case .airbytePlatform: "the platform"
            case .unknown: "an unknown part"
            }
        kind =
            switch failure.type {
            case .configError: "configuration error"
            case .systemError: "system error"
            case .manualCancellation: "cancelled"
            case .refreshSchema: "schema refresh needed"
            case .heartbeatTimeout: "worker stopped responding"
            case .destinationTimeout: "destination timed out"
            case .transientError: "transient error"
            }
        message = failure.message
        retryable = failure.retryable
    }
}
