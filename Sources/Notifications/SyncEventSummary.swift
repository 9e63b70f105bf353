public import Foundation

/// What a notification says about a sync: the platform builds one from a
/// finished job and hands it to ``WebhookNotifier``.
///
/// Its fields are those of Airbyte's `SyncSummary`, and the webhook body
/// carries them under `data` with Airbyte's names (`jobId`, `recordsCommitted`,
/// `errorOrigin`, `durationInSeconds`, …), so receivers written for Airbyte
/// read ours unchanged.
public struct SyncEventSummary: Sendable, Hashable {
    /// A workspace, connection, source or destination: its id, its name and a
    /// link to its page, if the server knows its public address.
    public struct Reference: Sendable, Hashable {
        public var id: UUID
        public var name: String
        public var url: String?

        public init(id: UUID, name: String, url: String? = nil) {
            self.id = id
            self.name = name
            self.url = url
        }
    }

    public var workspace: Reference
    public var connection: Reference
    public var source: Reference
    public var destination: Reference
    /// The job the sync ran as.
    public var jobId: Int64
    /// Whether the sync succeeded.
    public var success: Bool
    public var startedAt: Date?
    public var finishedAt: Date?
    public var recordsEmitted: Int64
    public var recordsCommitted: Int64
    public var bytesEmitted: Int64
    public var bytesCommitted: Int64
    public var recordsFilteredOut: Int64
    public var bytesFilteredOut: Int64
    /// Why the sync failed, as the failure reason's external message.
    public var errorMessage: String?
    public var errorType: FailureType?
    public var errorOrigin: FailureOrigin?
    /// For ``NotificationEvent/syncDisabled``: how many syncs in a row failed.
    /// Not part of Airbyte's summary; sent in `data` only when set.
    public var consecutiveFailures: Int?

    public init(
        workspace: Reference, connection: Reference, source: Reference, destination: Reference,
        jobId: Int64, success: Bool, startedAt: Date? = nil, finishedAt: Date? = nil,
        recordsEmitted: Int64 = 0, recordsCommitted: Int64 = 0, bytesEmitted: Int64 = 0, bytesCommitted: Int64 = 0,
        recordsFilteredOut: Int64 = 0, bytesFilteredOut: Int64 = 0,
        errorMessage: String? = nil, errorType: FailureType? = nil, errorOrigin: FailureOrigin? = nil,
        consecutiveFailures: Int? = nil
    ) {
        self.workspace = workspace
        self.connection = connection
        self.source = source
        self.destination = destination
        self.jobId = jobId
        self.success = success
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.recordsEmitted = recordsEmitted
        self.recordsCommitted = recordsCommitted
        self.bytesEmitted = bytesEmitted
        self.bytesCommitted = bytesCommitted
        self.recordsFilteredOut = recordsFilteredOut
        self.bytesFilteredOut = bytesFilteredOut
        self.errorMessage = errorMessage
        self.errorType = errorType
        self.errorOrigin = errorOrigin
        self.consecutiveFailures = consecutiveFailures
    }

    /// Whole seconds from start to finish, when both are known.
    public var durationInSeconds: Int64? {
        guard let startedAt, let finishedAt else { return nil }
        return Int64(finishedAt.timeIntervalSince(startedAt).rounded(.down))
    }

    /// Airbyte's duration text: `42 sec`, `3 min 5 sec`, `1 hours 0 min`, `2 days 3 hours`.
    public var durationFormatted: String? {
        guard let seconds = durationInSeconds.map({ max($0, 0) }) else { return nil }
        switch seconds {
        case ..<60: return "\(seconds) sec"
        case ..<3600: return "\(seconds / 60) min \(seconds % 60) sec"
        case ..<86_400: return "\(seconds / 3600) hours \(seconds / 60 % 60) min"
        default: return "\(seconds / 86_400) days \(seconds / 3600 % 24) hours"
        }
    }

    /// Airbyte's volume text: whole units of 1024, `1000 B`, `8 kB`, `3 MB`.
    public static func formatVolume(_ bytes: Int64) -> String {
        var value = bytes
        for unit in ["B", "kB", "MB", "GB"] {
            if value < 1024 { return "\(value) \(unit)" }
            value /= 1024
        }
        return "\(value) TB"
    }
}

/// Where a failure came from, as Airbyte's `FailureReason.failureOrigin` says it.
public struct FailureOrigin: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let source = FailureOrigin(rawValue: "source")
    public static let destination = FailureOrigin(rawValue: "destination")
    public static let replication = FailureOrigin(rawValue: "replication")
    public static let persistence = FailureOrigin(rawValue: "persistence")
    public static let normalization = FailureOrigin(rawValue: "normalization")
    public static let dbt = FailureOrigin(rawValue: "dbt")
    public static let platform = FailureOrigin(rawValue: "airbyte_platform")
    public static let unknown = FailureOrigin(rawValue: "unknown")
    public var description: String { rawValue }
}

/// What kind of failure it was, as Airbyte's `FailureReason.failureType` says it.
public struct FailureType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let configError = FailureType(rawValue: "config_error")
    public static let systemError = FailureType(rawValue: "system_error")
    public static let manualCancellation = FailureType(rawValue: "manual_cancellation")
    public static let refreshSchema = FailureType(rawValue: "refresh_schema")
    public static let heartbeatTimeout = FailureType(rawValue: "heartbeat_timeout")
    public static let destinationTimeout = FailureType(rawValue: "destination_timeout")
    public static let transientError = FailureType(rawValue: "transient_error")
    public var description: String { rawValue }
}
