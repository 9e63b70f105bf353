package import AirbyteProtocol
package import Foundation
import Logging
package import PlatformStore

extension PlatformService {
    /// Queues a job for the connection; a job of the same type already waiting
    /// is returned instead (and made due now), and one waits while another job
    /// of the connection runs. A worker of any server process sharing the
    /// store runs it.
    ///
    /// - Parameters:
    ///   - streams: For a reset, clear or refresh, the streams it concerns; `nil` for all selected.
    /// - Throws: ``PlatformError`` `notFound` for an unknown or deleted connection,
    ///   `invalidInput` for a stream the connection does not sync.
    @discardableResult
    package func triggerJob(
        _ connectionID: ConnectionID, type: JobType = .sync, streams: [StreamDescriptor]? = nil,
        trigger: JobTrigger = .manual, scheduledFor: Date? = nil
    ) async throws -> EnqueuedJob {
        let connection = try await existingConnection(connectionID)
        if let streams {
            let selected = Set(connection.selectedStreams.map { StreamDescriptor(name: $0.name, namespace: $0.namespace) })
            let unknown = streams.filter { !selected.contains($0) }
            guard unknown.isEmpty else {
                throw PlatformError(
                    .invalidInput,
                    message: """
                        the connection does not sync \(unknown.map(\.description).joined(separator: ", "))
                        """)
            }
        }
        let policy = connection.retryPolicy ?? configuration.retryPolicy
        let request = JobRequest(
            connectionID: connectionID, workspaceID: connection.workspaceID, type: type, trigger: trigger,
            scheduledFor: scheduledFor, streams: type == .sync ? nil : streams,
            maxAttempts: policy.maxAttempts)
        let enqueued = try await storeCall { try await store.enqueueJob(request, now: now) }
        if enqueued.isNew {
            logger.info(
                "queued a job",
                metadata: [
                    "job": "\(enqueued.job.id)", "type": "\(type.rawValue)",
                    "connection": "\(connectionID)",
                ])
        }
        wakeUp.signal()
        return enqueued
    }

    /// Cancels a job: one waiting ends at once; a running one is stopped by its
    /// worker (at once in this process, at its next heartbeat in another), both
    /// connectors asked to stop, every state already committed kept.
    ///
    /// - Throws: ``PlatformError`` `notFound`.
    @discardableResult
    package func cancelJob(_ id: JobID) async throws -> Job {
        guard let job = try await storeCall({ try await store.requestCancellation(of: id, now: now) }) else {
            throw PlatformError(.notFound, message: "there is no job \(id)")
        }
        if job.status == .running { running.stop(id, reason: .cancelRequested) }
        return job
    }
}
