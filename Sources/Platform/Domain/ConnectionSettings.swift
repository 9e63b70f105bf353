package import PlatformStore

/// What a request sets on a connection; `nil` leaves a field as it is (on
/// create, at Airbyte's default). The three overrides are doubly optional:
/// `.some(nil)` removes the connection's own value, falling back to the platform's.
package struct ConnectionSettings: Sendable {
    package var name: String?
    /// The streams and how each syncs; on create, `nil` selects every stream
    /// of the source in its best mode (incremental + deduped with a primary key,
    /// incremental + append with a cursor, else full refresh + overwrite).
    package var streams: [ConfiguredStream]?
    package var namespaceDefinition: NamespaceDefinition?
    package var namespaceFormat: String?
    package var prefix: String?
    package var schedule: ConnectionSchedule?
    package var status: ConnectionStatus?
    package var nonBreakingChangesBehavior: NonBreakingChangesBehavior?
    package var retryPolicy: RetryPolicy??
    package var failureThreshold: Int??
    package var notifications: NotificationSettings??

    package init(
        name: String? = nil, streams: [ConfiguredStream]? = nil, namespaceDefinition: NamespaceDefinition? = nil,
        namespaceFormat: String? = nil, prefix: String? = nil, schedule: ConnectionSchedule? = nil,
        status: ConnectionStatus? = nil, nonBreakingChangesBehavior: NonBreakingChangesBehavior? = nil,
        retryPolicy: RetryPolicy?? = nil, failureThreshold: Int?? = nil,
        notifications: NotificationSettings?? = nil
    ) {
        self.name = name
        self.streams = streams
        self.namespaceDefinition = namespaceDefinition
        self.namespaceFormat = namespaceFormat
        self.prefix = prefix
        self.schedule = schedule
        self.status = status
        self.nonBreakingChangesBehavior = nonBreakingChangesBehavior
        self.retryPolicy = retryPolicy
        self.failureThreshold = failureThreshold
        self.notifications = notifications
    }

    /// `connection` with these settings applied.
    func applied(to connection: SavedConnection) -> SavedConnection {
        var connection = connection
        if let name { connection.name = name }
        if let streams { connection.streams = streams }
        if let namespaceDefinition { connection.namespaceDefinition = namespaceDefinition }
        if let namespaceFormat { connection.namespaceFormat = namespaceFormat }
        if let prefix { connection.prefix = prefix }
        if let schedule { connection.schedule = schedule }
        if let status {
            connection.status = status
            if status == .active { connection.statusReason = nil }
        }
        if let nonBreakingChangesBehavior { connection.nonBreakingChangesBehavior = nonBreakingChangesBehavior }
        if let retryPolicy { connection.retryPolicy = retryPolicy }
        if let failureThreshold { connection.failureThreshold = failureThreshold.map { max(1, $0) } }
        if let notifications { connection.notifications = notifications }
        return connection
    }
}
