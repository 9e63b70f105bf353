import AirbyteProtocol
import PlatformStore

extension Workspace {
    /// Airbyte's `WorkspaceResponse`.
    var publicAPI: JSONValue {
        [
            "workspaceId": .string(id.description), "name": .string(name), "dataResidency": "auto",
            "notifications": notifications.publicAPI,
        ]
    }
}

extension NotificationSettings {
    /// The events in Airbyte's order, by their `NotificationsConfig` names.
    static var events: [(name: String, item: WritableKeyPath<NotificationSettings, Item>)] {
        [
            ("failure", \.failure), ("success", \.success), ("connectionUpdate", \.connectionUpdate),
            ("connectionUpdateActionRequired", \.connectionUpdateActionRequired), ("syncDisabled", \.syncDisabled),
            ("syncDisabledWarning", \.syncDisabledWarning),
        ]
    }

    /// Airbyte's `NotificationsConfig`.
    var publicAPI: JSONValue {
        .object(
            JSONObject(
                Self.events.map { event in
                    let item = self[keyPath: event.item]
                    var webhook: JSONObject = ["enabled": .bool(item.webhookEnabled)]
                    if let url = item.webhookURL { webhook["url"] = .string(url) }
                    return (event.name, ["email": ["enabled": .bool(item.emailEnabled)], "webhook": .object(webhook)])
                }))
    }

    /// These settings changed by a `NotificationsConfig` from a request; events it leaves out keep theirs.
    func updated(by fields: JSONFields) throws(APIProblem) -> NotificationSettings {
        var settings = self
        for event in Self.events {
            guard let config = try fields.object(event.name) else { continue }
            var item = settings[keyPath: event.item]
            if let email = try config.object("email"), let enabled = try email.bool("enabled") { item.emailEnabled = enabled }
            if let webhook = try config.object("webhook") {
                if let enabled = try webhook.bool("enabled") { item.webhookEnabled = enabled }
                if let url = try webhook.string("url") {
                    let scheme = url.hasPrefix("https://") ? "https://" : url.hasPrefix("http://") ? "http://" : nil
                    guard url.isEmpty || (scheme.map { url.count > $0.count } == true && !url.contains(where: \.isWhitespace)) else {
                        throw APIProblem.badRequest("\(webhook.path(of: "url")) must be an http or https URL")
                    }
                    item.webhookURL = url.isEmpty ? nil : url
                }
            }
            if item.webhookEnabled, item.webhookURL == nil {
                throw APIProblem.badRequest("\(config.path(of: "webhook")) is enabled but has no url")
            }
            settings[keyPath: event.item] = item
        }
        return settings
    }
}
