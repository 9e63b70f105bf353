/// Where a workspace's (or one connection's) notifications go, per event:
/// Airbyte's `NotificationsConfig`.
package struct NotificationSettings: Sendable, Hashable, Codable {
    /// One event's channels.
    package struct Item: Sendable, Hashable, Codable {
        /// Whether a webhook is called.
        package var webhookEnabled: Bool
        /// The webhook's URL (a Slack incoming webhook, or any receiver of JSON).
        package var webhookURL: String?
        /// Whether an email is sent (kept for Airbyte's shape; Swiftbyte sends webhooks only).
        package var emailEnabled: Bool

        /// An item; disabled by default.
        package init(webhookEnabled: Bool = false, webhookURL: String? = nil, emailEnabled: Bool = false) {
            self.webhookEnabled = webhookEnabled
            self.webhookURL = webhookURL
            self.emailEnabled = emailEnabled
        }
    }

    /// A sync failed.
    package var failure: Item
    /// A sync succeeded.
    package var success: Item
    /// A connection's schema changed.
    package var connectionUpdate: Item
    /// A connection's schema changed in a way that needs a person.
    package var connectionUpdateActionRequired: Item
    /// A connection was disabled after repeated failures.
    package var syncDisabled: Item
    /// A connection is about to be disabled.
    package var syncDisabledWarning: Item

    /// Settings; every event disabled unless given.
    package init(
        failure: Item = Item(), success: Item = Item(), connectionUpdate: Item = Item(),
        connectionUpdateActionRequired: Item = Item(), syncDisabled: Item = Item(),
        syncDisabledWarning: Item = Item()
    ) {
        self.failure = failure
        self.success = success
        self.connectionUpdate = connectionUpdate
        self.connectionUpdateActionRequired = connectionUpdateActionRequired
        self.syncDisabled = syncDisabled
        self.syncDisabledWarning = syncDisabledWarning
    }
}
