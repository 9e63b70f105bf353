package import AirbyteProtocol
package import Foundation

/// A job to queue (see ``PlatformStore/enqueueJob(_:now:)``).
package struct JobRequest: Sendable, Hashable {
    /// The connection.
    package var connectionID: ConnectionID
    /// The connection's workspace.
    package var workspaceID: WorkspaceID
    /// What to do.
    package var type: JobType
    /// Who asks.
    package var trigger: JobTrigger
    /// For a scheduled job, the schedule's time it stands for.
    package var scheduledFor: Date?
    /// The streams a reset, clear or refresh is about; `nil` for all.
    package var streams: [StreamDescriptor]?
    /// Attempts it may take.
    package var maxAttempts: Int

    /// A request.
    package init(
        connectionID: ConnectionID, workspaceID: WorkspaceID, type: JobType = .sync,
        trigger: JobTrigger = .manual, scheduledFor: Date? = nil, streams: [StreamDescriptor]? = nil,
        maxAttempts: Int = RetryPolicy.airbyteDefault.maxAttempts
    ) {
        self.connectionID = connectionID
        self.workspaceID = workspaceID
        self.type = type
        self.trigger = trigger
        self.scheduledFor = scheduledFor
        self.streams = streams
        self.maxAttempts = max(1, maxAttempts)
    }
}
