package import Foundation

/// Why an attempt failed: Airbyte's `FailureReason`.
package struct FailureReason: Sendable, Hashable, Codable {
    /// Which part failed: Airbyte's `failureOrigin`.
    package enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
        case source
        case destination
        case replication
        case persistence
        case airbytePlatform = "airbyte_platform"
        case unknown
    }

    /// What kind of failure: Airbyte's `failureType`.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case configError = "config_error"
        case systemError = "system_error"
        case manualCancellation = "manual_cancellation"
        case refreshSchema = "refresh_schema"
        case heartbeatTimeout = "heartbeat_timeout"
        case destinationTimeout = "destination_timeout"
        case transientError = "transient_error"
    }

    /// Which part failed.
    package var origin: Origin
    /// What kind of failure.
    package var type: Kind
    /// What a person reads (Airbyte's `externalMessage`); secrets masked.
    package var message: String
    /// More detail for whoever debugs it (Airbyte's `internalMessage`); secrets masked.
    package var internalMessage: String?
    /// Whether another attempt may succeed.
    package var retryable: Bool
    /// When it happened.
    package var timestamp: Date
    /// The stream it concerns, if one.
    package var streamName: String?
    /// That stream's namespace.
    package var streamNamespace: String?

    /// A failure.
    package init(
        origin: Origin, type: Kind, message: String, internalMessage: String? = nil, retryable: Bool,
        timestamp: Date = Date(), streamName: String? = nil, streamNamespace: String? = nil
    ) {
        self.origin = origin
        self.type = type
        self.message = message
        self.internalMessage = internalMessage
        self.retryable = retryable
        self.timestamp = timestamp.wholeMilliseconds
        self.streamName = streamName
        self.streamNamespace = streamNamespace
    }
}
