public import Foundation

/// The JSON a webhook receives: Slack's `text` (and `blocks`), so Slack,
/// Teams-style incoming webhooks and chat tools show a message, plus
/// `event` and Airbyte's sync summary under `data` for programs.
///
/// ```json
/// {"text": "Sync failed: orders (Postgres → DuckDB), job 42 …",
///  "blocks": [...], "event": "sync_failure",
///  "data": {"connection": {"id": "…", "name": "orders", "url": "…"}, "jobId": 42,
///           "recordsCommitted": 0, "errorMessage": "…", "errorOrigin": "source", …}}
/// ```
public struct WebhookPayload: Sendable, Hashable {
    /// The message for people, in Slack's mrkdwn.
    public var text: String
    /// What happened: a ``NotificationEvent`` raw value, or `test`.
    public var event: String
    /// The summary sent under `data`, absent for a test message.
    public var summary: SyncEventSummary?
    var blocks: [Block]

    /// The notification for `event` about a sync.
    public static func notification(_ event: NotificationEvent, _ summary: SyncEventSummary) -> WebhookPayload {
        let words = Words(summary: summary)
        let text: String
        let title: String
        switch event {
        case .syncFailure:
            title = "Sync failed"
            text =
                "Sync failed: \(words.route), job \(summary.jobId)."
                + (summary.errorMessage.map { "\n\(words.errorLabel): \(Words.escape($0))" } ?? "")
        case .syncSuccess:
            title = "Sync succeeded"
            text = "Sync succeeded: \(words.route), job \(summary.jobId): \(words.loaded)."
        case .syncDisabled:
            title = "Connection disabled"
            let count = summary.consecutiveFailures.map { "after \($0) failed syncs in a row" } ?? "after repeated failures"
            text =
                "Connection disabled: \(words.route) was disabled \(count)."
                + (summary.errorMessage.map { "\nLast error: \(Words.escape($0))" } ?? "")
        }
        let link = summary.connection.url.map { "\n\($0)" } ?? ""
        return WebhookPayload(
            text: text + link, event: event.rawValue, summary: summary,
            blocks: words.blocks(title: title, event: event))
    }

    /// The message the settings page's "send test" button sends.
    public static func test(_ event: NotificationEvent? = nil) -> WebhookPayload {
        let what =
            switch event {
            case .syncFailure?: "sync failures"
            case .syncSuccess?: "sync successes"
            case .syncDisabled?: "disabled connections"
            case nil: "sync notifications"
            }
        return WebhookPayload(
            text: "Hello World! This is a test from Swiftbyte to try the webhook for \(what).",
            event: "test", summary: nil, blocks: [])
    }

    /// The body to post to `url`. Google Chat refuses fields it does not know,
    /// so it gets `text` alone.
    public func body(for url: String) -> Data {
        let textOnly = URLComponents(string: url)?.host?.lowercased() == "chat.googleapis.com"
        let body = Body(
            text: text, blocks: textOnly || blocks.isEmpty ? nil : blocks,
            event: textOnly ? nil : event, data: textOnly ? nil : summary.map(SummaryJSON.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Encoding plain strings and numbers cannot fail.
        return (try? encoder.encode(body)) ?? Data(#"{"text":"(unencodable notification)"}"#.utf8)
    }

    // MARK: JSON

    private struct Body: Encodable {
        var text: String
        var blocks: [Block]?
        var event: String?
        var data: SummaryJSON?
    }

    /// Slack Block Kit: a section with mrkdwn text or fields, or a divider.
    struct Block: Sendable, Hashable, Encodable {
        var type: String
        var text: Text?
        var fields: [Text]?

        struct Text: Sendable, Hashable, Encodable {
            var type = "mrkdwn"
            var text: String
        }

        static func section(_ text: String) -> Block { Block(type: "section", text: Text(text: text)) }
        static func fields(_ texts: [String]) -> Block { Block(type: "section", fields: texts.map { Text(text: $0) }) }
        static let divider = Block(type: "divider")
    }

    /// Airbyte's `SyncSummary` as Jackson writes it: every field, nulls included.
    private struct SummaryJSON: Encodable {
        let summary: SyncEventSummary

        enum Key: String, CodingKey {
            case workspace, connection, source, destination, jobId, startedAt, finishedAt
            case bytesEmitted, bytesCommitted, recordsEmitted, recordsCommitted, recordsFilteredOut, bytesFilteredOut
            case errorMessage, errorType, errorOrigin, bytesEmittedFormatted, bytesCommittedFormatted
            case success, durationInSeconds, durationFormatted, consecutiveFailures
        }

        enum ReferenceKey: String, CodingKey { case id, name, url }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (key, reference) in [
                (Key.workspace, summary.workspace), (.connection, summary.connection),
                (.source, summary.source), (.destination, summary.destination),
            ] {
                var nested = container.nestedContainer(keyedBy: ReferenceKey.self, forKey: key)
                try nested.encode(reference.id.uuidString.lowercased(), forKey: .id)
                try nested.encode(reference.name, forKey: .name)
                try nested.encode(reference.url, forKey: .url)
            }
            try container.encode(summary.jobId, forKey: .jobId)
            try container.encode(summary.startedAt.map(Self.instant), forKey: .startedAt)
            try container.encode(summary.finishedAt.map(Self.instant), forKey: .finishedAt)
            try container.encode(summary.bytesEmitted, forKey: .bytesEmitted)
            try container.encode(summary.bytesCommitted, forKey: .bytesCommitted)
            try container.encode(summary.recordsEmitted, forKey: .recordsEmitted)
            try container.encode(summary.recordsCommitted, forKey: .recordsCommitted)
            try container.encode(summary.recordsFilteredOut, forKey: .recordsFilteredOut)
            try container.encode(summary.bytesFilteredOut, forKey: .bytesFilteredOut)
            try container.encode(summary.errorMessage, forKey: .errorMessage)
            try container.encode(summary.errorType?.rawValue, forKey: .errorType)
            try container.encode(summary.errorOrigin?.rawValue, forKey: .errorOrigin)
            try container.encode(SyncEventSummary.formatVolume(summary.bytesEmitted), forKey: .bytesEmittedFormatted)
            try container.encode(SyncEventSummary.formatVolume(summary.bytesCommitted), forKey: .bytesCommittedFormatted)
            try container.encode(summary.success, forKey: .success)
            try container.encode(summary.durationInSeconds, forKey: .durationInSeconds)
            try container.encode(summary.durationFormatted, forKey: .durationFormatted)
            try container.encodeIfPresent(summary.consecutiveFailures, forKey: .consecutiveFailures)
        }

        /// ISO 8601 in UTC, with milliseconds only when there are some (as Java's `Instant`).
        static func instant(_ date: Date) -> String {
            let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
            let text = date.formatted(format)
            return text.hasSuffix(".000Z") ? String(text.dropLast(5)) + "Z" : text
        }
    }

    /// The sentences and blocks of a notification, with names escaped for mrkdwn.
    private struct Words {
        let summary: SyncEventSummary

        /// Slack treats `&`, `<` and `>` as markup.
        static func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }

        static func link(_ reference: SyncEventSummary.Reference) -> String {
            let name = escape(reference.name)
            guard let url = reference.url else { return name }
            return "<\(url)|\(name)>"
        }

        var route: String {
            "\(Words.escape(summary.connection.name)) (\(Words.escape(summary.source.name)) → \(Words.escape(summary.destination.name)))"
        }

        var errorLabel: String {
            switch (summary.errorType, summary.errorOrigin) {
            case (let type?, let origin?): "Error (\(type) from \(origin))"
            case (let type?, nil): "Error (\(type))"
            case (nil, let origin?): "Error (from \(origin))"
            case (nil, nil): "Error"
            }
        }

        var loaded: String {
            "\(summary.recordsCommitted) records (\(SyncEventSummary.formatVolume(summary.bytesCommitted))) loaded"
                + (summary.durationFormatted.map { " in \($0)" } ?? "")
        }

        func blocks(title: String, event: NotificationEvent) -> [Block] {
            var blocks: [Block] = [.section("*\(title):* \(Words.link(summary.connection))")]
            var fields = ["*Source:*", Words.link(summary.source), "*Destination:*", Words.link(summary.destination)]
            if let duration = summary.durationFormatted { fields += ["*Duration:*", duration] }
            blocks.append(.fields(fields))
            if !summary.success, let message = summary.errorMessage {
                blocks.append(.section("*\(errorLabel):*\n```\(Words.escape(message))```"))
            }
            if event != .syncDisabled {
                blocks.append(
                    .section(
                        "*Sync summary:*\n\(summary.recordsEmitted) record(s) extracted / "
                            + "\(summary.recordsCommitted) record(s) loaded\n\(SyncEventSummary.formatVolume(summary.bytesEmitted)) extracted / "
                            + "\(SyncEventSummary.formatVolume(summary.bytesCommitted)) loaded"))
            }
            blocks.append(.section("Job ID: \(summary.jobId)"))
            return blocks
        }
    }
}
