/// Which events go to which webhook: set per workspace, with an optional
/// ``WebhookOverride`` per connection.
///
/// The shape is Airbyte's `NotificationsConfig`: one item per event, each
/// with its own switch and URL (`failure`, `success`, `syncDisabled`).
public struct WebhookSettings: Sendable, Hashable, Codable {
    /// One event's webhook.
    public struct Item: Sendable, Hashable, Codable {
        /// Whether the event is sent.
        public var enabled: Bool
        /// Where: a Slack or Teams incoming webhook, or any HTTP endpoint. Nil or empty sends nothing.
        public var url: String?

        public init(enabled: Bool, url: String?) {
            self.enabled = enabled
            self.url = url
        }

        /// Nothing sent.
        public static let off = Item(enabled: false, url: nil)
    }

    /// A sync failed.
    public var failure: Item
    /// A sync succeeded.
    public var success: Item
    /// A connection was disabled after repeated failures.
    public var syncDisabled: Item

    public init(failure: Item, success: Item, syncDisabled: Item) {
        self.failure = failure
        self.success = success
        self.syncDisabled = syncDisabled
    }

    /// One URL for every event; by default failures and disabled connections
    /// are sent and successes are not, as in Airbyte.
    public init(url: String?, sendOnFailure: Bool = true, sendOnSuccess: Bool = false, sendOnSyncDisabled: Bool = true) {
        self.init(
            failure: Item(enabled: sendOnFailure, url: url), success: Item(enabled: sendOnSuccess, url: url),
            syncDisabled: Item(enabled: sendOnSyncDisabled, url: url))
    }

    /// No webhook.
    public static let none = WebhookSettings(failure: .off, success: .off, syncDisabled: .off)

    /// The item for `event`.
    public subscript(event: NotificationEvent) -> Item {
        get {
            switch event {
            case .syncFailure: failure
            case .syncSuccess: success
            case .syncDisabled: syncDisabled
            }
        }
        set {
            switch event {
            case .syncFailure: failure = newValue
            case .syncSuccess: success = newValue
            case .syncDisabled: syncDisabled = newValue
            }
        }
    }

    /// The URL to send `event` to, or nil if these settings do not send it.
    public func destination(for event: NotificationEvent) -> String? {
        let item = self[event]
        guard item.enabled, let url = item.url, !url.isEmpty else { return nil }
        return url
    }

    /// The settings for one connection: this workspace's, with the events the
    /// connection's override sets replaced.
    public func overridden(by override: WebhookOverride?) -> WebhookSettings {
        guard let override else { return self }
        var settings = self
        for event in NotificationEvent.allCases {
            if let item = override[event] { settings[event] = item }
        }
        return settings
    }
}

/// A connection's own webhook settings: each event it sets replaces the
/// workspace's for that connection (another URL for its team's channel, or
/// ``WebhookSettings/Item/off``); each nil keeps the workspace's.
public struct WebhookOverride: Sendable, Hashable, Codable {
    public var failure: WebhookSettings.Item?
    public var success: WebhookSettings.Item?
    public var syncDisabled: WebhookSettings.Item?

    public init(
        failure: WebhookSettings.Item? = nil, success: WebhookSettings.Item? = nil,
        syncDisabled: WebhookSettings.Item? = nil
    ) {
        self.failure = failure
        self.success = success
        self.syncDisabled = syncDisabled
    }

    /// Every event to `url`, successes included or not.
    public static func all(to url: String, includingSuccess: Bool = false) -> WebhookOverride {
        WebhookOverride(
            failure: .init(enabled: true, url: url), success: .init(enabled: includingSuccess, url: url),
            syncDisabled: .init(enabled: true, url: url))
    }

    /// Nothing sent for this connection.
    public static let silent = WebhookOverride(failure: .off, success: .off, syncDisabled: .off)

    /// The item for `event`, nil when the workspace's applies.
    public subscript(event: NotificationEvent) -> WebhookSettings.Item? {
        switch event {
        case .syncFailure: failure
        case .syncSuccess: success
        case .syncDisabled: syncDisabled
        }
    }
}
