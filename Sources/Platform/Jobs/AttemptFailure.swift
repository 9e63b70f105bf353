import AirbyteProtocol
import Foundation
import PlatformStore
import Swiftbyte

/// How an attempt's error becomes Airbyte's `FailureReason`: which side
/// failed, what kind of failure, whether another attempt may do better.
enum AttemptFailure {
    /// An error raised while preparing or running one side, tagged with it.
    struct Tagged: Error {
        var origin: FailureReason.Origin
        var error: any Error
    }

    static func reason(for error: any Error, source: String?, destination: String?, now: Date) -> FailureReason {
        var origin: FailureReason.Origin = .airbytePlatform
        var error = error
        if let tagged = error as? Tagged {
            origin = tagged.origin
            error = tagged.error
        }
        switch error {
        case let failure as SourceError:
            let side: FailureReason.Origin =
                failure.connector == destination
                ? .destination
                : failure.connector == source ? .source : origin
            let (type, retryable): (FailureReason.Kind, Bool) =
                switch failure.failureType {
                case .configError?: (.configError, false)
                case .transientError?: (.transientError, true)
                default: (.systemError, true)
                }
            return FailureReason(
                origin: side, type: type, message: failure.message, internalMessage: failure.description,
                retryable: retryable, timestamp: now)
        case let failure as SyncError:
            return FailureReason(
                origin: .destination, type: .systemError, message: failure.message, retryable: true,
                timestamp: now)
        case let failure as PlatformError:
            let type: FailureReason.Kind = failure.code == .invalidInput ? .configError : .systemError
            return FailureReason(
                origin: origin, type: type, message: failure.description,
                internalMessage: failure.underlying.map { String(describing: $0) },
                retryable: failure.code != .invalidInput && failure.code != .secretUnavailable, timestamp: now)
        case let failure as ConnectionCatalog.Invalid:
            return FailureReason(
                origin: .airbytePlatform, type: .configError, message: failure.description, retryable: false,
                timestamp: now)
        case let failure as SchemaChangeRefused:
            return FailureReason(
                origin: .airbytePlatform, type: .refreshSchema, message: failure.description, retryable: false,
                timestamp: now)
        case let failure as StoreError:
            return FailureReason(
                origin: .persistence, type: .systemError, message: failure.message,
                internalMessage: failure.debugDescription, retryable: true, timestamp: now)
        default:
            return FailureReason(
                origin: origin, type: .systemError, message: String(describing: error), retryable: true,
                timestamp: now)
        }
    }
}
