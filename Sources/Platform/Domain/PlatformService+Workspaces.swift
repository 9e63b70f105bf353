import Foundation
package import PlatformStore

extension PlatformService {
    /// Changes a workspace's notification settings and its consecutive-failure
    /// threshold (`.some(nil)` falls back to the platform's); `nil` leaves either as it is.
    ///
    /// - Throws: ``PlatformError`` `invalidInput` naming every problem: a webhook
    ///   URL that is not http(s), a webhook turned on without a URL, a threshold below 1.
    @discardableResult
    package func updateWorkspace(
        _ id: WorkspaceID? = nil, notifications: NotificationSettings? = nil,
        failureThreshold: Int?? = nil
    ) async throws -> Workspace {
        var workspace = try await self.workspace(id)
        var problems: [String] = []
        if let notifications {
            let items: [(String, NotificationSettings.Item)] = [
                ("sync failures", notifications.failure), ("sync successes", notifications.success),
                ("disabled connections", notifications.syncDisabled), ("schema changes", notifications.connectionUpdate),
                ("schema changes to act on", notifications.connectionUpdateActionRequired),
                ("warnings before disabling", notifications.syncDisabledWarning),
            ]
            for (event, item) in items {
                if let url = item.webhookURL, !url.isEmpty, !Self.isWebURL(url) {
                    problems.append("the webhook URL for \(event) must start with http:// or https:// and name a host")
                } else if item.webhookEnabled, (item.webhookURL ?? "").isEmpty {
                    problems.append("the webhook for \(event) is on but has no URL")
                }
            }
            workspace.notifications = notifications
        }
        if let failureThreshold {
            if let threshold = failureThreshold, !(1...1000).contains(threshold) {
                problems.append("the failure threshold must be between 1 and 1000 failed jobs in a row")
            }
            workspace.failureThreshold = failureThreshold
        }
        guard problems.isEmpty else {
            throw PlatformError(.invalidInput, message: "the workspace's settings are not valid", problems: problems)
        }
        workspace.updatedAt = now
        let updated = workspace
        try await storeCall { try await store.updateWorkspace(updated) }
        return workspace
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
