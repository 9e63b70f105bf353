/// Where and when to send webhooks: set per workspace, with an optional
/// ``WebhookOverride`` per connection.
///
/// The flags are Airbyte's `NotificationSettings` (`sendOnFailure`,
/// `sendOnSuccess`, `sendOnSyncDisabled`).
public struct WebhookSettings: Sendable, Hashable, Codable {
    /// The webhook's URL (a Slack or Teams incoming webhook, or any HTTP
    /// endpoint); nil or empty sends nothing.
    public var url: String?
    public var sendOnFailure: Bool
    public var sendOnSuccess: Bool
    public var sendOnSyncDisabled: Bool

    public init(url: String?, sendOnFailure: Bool = true, sendOnSuccess: Bool = false, sendOnSyncDisabled: Bool = true) {
        self.url = url
        self.sendOnFailure = sendOnFailure
        self.sendOnSuccess = sendOnSuccess
        self.sendOnSyncDisabled = sendOnSyncDisabled
    }

    /// No webhook.
    public static let none = WebhookSettings(url: nil)

    /// The URL to send `event` to, or nil if these settings do not send it.
    public func destination(for event: NotificationEvent) -> String? {
        guard let url, !url.isEmpty else { return nil }
        let wanted = switch event {
        case .syncFailure: sendOnFailure
        case .syncSuccess: sendOnSuccess
        case .syncDisabled: sendOnSyncDisabled
        }
        return wanted ? url : nil
    }

    /// The settings for one connection: this workspace's, with what the
    /// connection's override sets replacing them.
    public func overridden(by override: WebhookOverride?) -> WebhookSettings {
        guard let override else { return self }
        return WebhookSettings(url: override.url ?? url,
                               sendOnFailure: override.sendOnFailure ?? sendOnFailure,
                               sendOnSuccess: override.sendOnSuccess ?? sendOnSuccess,
                               sendOnSyncDisabled: override.sendOnSyncDisabled ?? sendOnSyncDisabled)
    }
}

/// A connection's own webhook settings: each field set replaces the
/// workspace's, each nil keeps it. An empty `url` turns webhooks off for the
/// connection; another URL sends its notifications to another channel.
public struct WebhookOverride: Sendable, Hashable, Codable {
    public var url: String?
    public var sendOnFailure: Bool?
    public var sendOnSuccess: Bool?
    public var sendOnSyncDisabled: Bool?

    public init(url: String? = nil, sendOnFailure: Bool? = nil, sendOnSuccess: Bool? = nil, sendOnSyncDisabled: Bool? = nil) {
        self.url = url
        self.sendOnFailure = sendOnFailure
        self.sendOnSuccess = sendOnSuccess
        self.sendOnSyncDisabled = sendOnSyncDisabled
    }
}
