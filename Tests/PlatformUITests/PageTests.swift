import AirbyteProtocol
import Foundation
import Platform
import PlatformStore
import Testing

@testable import PlatformUI

/// The read-only pages over a real store: what each shows, paging, escaping, the live and download parts.
@Suite struct PageTests {
    @Test func homeWithoutConnectionsSaysHowToStart() async throws {
        try await UIHarness.with { harness in
            try await harness.test { client in
                let page = try await client.get("/")
                #expect(page.status == .ok)
                #expect(page.body.contains("No connections yet"))
                #expect(page.body.contains(#"href="/sources/new""#))
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
        }
    }

    @Test func homeListsConnectionsWithStatusScheduleAndLatestJob() async throws {
        try await UIHarness.with { harness in
            let daily = try await harness.connection(name: "orders", schedule: .cron(expression: "0 2 * * 1-5", timeZone: "UTC"))
            try await harness.job(of: daily, outcome: .succeeded, records: 1234)
            let failing = try await harness.connection(name: "events", schedule: .basic(units: 6, timeUnit: .hours))
            try await harness.job(
                of: failing,
                outcome: .failed(
                    FailureReason(
                        origin: .source, type: .systemError, message: "boom",
                        retryable: true), retryAt: nil))
            try await harness.test { client in
                let page = try await client.get("/")
                #expect(page.status == .ok)
                #expect(page.body.contains("orders"))
                #expect(page.body.contains("weekdays at 02:00 UTC"))
                #expect(page.body.contains("every 6 hours"))
                // Status by word and symbol, not colour alone.
                #expect(page.body.contains(#"<span class="status-icon" aria-hidden="true">✓</span> Succeeded"#))
                #expect(page.body.contains(#"<span class="status-icon" aria-hidden="true">✕</span> Failed"#))
                #expect(page.body.contains("1,234"))
                #expect(page.body.contains("Sync now"))
            }
        }
    }

    @Test func namesAreTextNotMarkup() async throws {
        try await UIHarness.with { harness in
            let probe = #"<script>alert("x")</script>"#
            let connection = try await harness.connection(
                name: probe, sourceName: "<img src=x onerror=alert(1)>",
                destinationName: "\"'><b>bold</b>")
            try await harness.job(
                of: connection,
                outcome: .failed(
                    FailureReason(
                        origin: .source, type: .configError,
                        message: "<iframe src=evil>", retryable: false),
                    retryAt: nil), log: "<script>in the log</script>\n")
            try await harness.test { client in
                for path in ["/", "/connections/\(connection.id)", "/jobs/1", "/sources", "/destinations"] {
                    let page = try await client.get(path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(!page.body.contains("<script>"), "\(path)")
                    #expect(!page.body.contains("<img src=x"), "\(path)")
                    #expect(!page.body.contains("<b>bold</b>"), "\(path)")
                    #expect(!page.body.contains("<iframe"), "\(path)")
                }
                let home = try await client.get("/")
                #expect(home.body.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
                let job = try await client.get("/jobs/1")
                #expect(job.body.contains("&lt;script&gt;in the log&lt;/script&gt;"))
                #expect(job.body.contains("&lt;iframe src=evil&gt;"))
            }
        }
    }

    @Test func homePagesThroughManyConnections() async throws {
        try await UIHarness.with(pageSize: 3) { harness in
            for index in 1...7 { _ = try await harness.connection(name: "connection \(index)") }
            try await harness.test { client in
                let first = try await client.get("/")
                #expect(first.body.contains("connection 1") && first.body.contains("connection 3") && !first.body.contains("connection 4"))
                #expect(first.body.contains("1–3 of 7"))
                #expect(first.body.contains(#"href="/?page=2" rel="next""#))
                let last = try await client.get("/?page=3")
                #expect(last.body.contains("connection 7") && !last.body.contains("connection 6"))
                #expect(last.body.contains(#"href="/?page=2" rel="prev""#))
            }
        }
    }

    @Test func connectionPageShowsStreamsScheduleHistoryAndChart() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(
                name: "orders", schedule: .cron(expression: "0 30 2 * * ?", timeZone: "Europe/Paris"),
                streams: [
                    ConfiguredStream(name: "users", syncMode: .incrementalDedupedHistory),
                    ConfiguredStream(name: "purchases", selected: false, syncMode: .fullRefreshAppend),
                ])
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            try await harness.job(of: connection, outcome: .succeeded, records: 100, at: start)
            try await harness.job(
                of: connection,
                outcome: .failed(
                    FailureReason(
                        origin: .destination, type: .systemError,
                        message: "disk full", retryable: true), retryAt: nil),
                at: start.addingTimeInterval(3600))
            try await harness.job(of: connection, outcome: .succeeded, records: 300, at: start.addingTimeInterval(7200))
            try await harness.test { client in
                let page = try await client.get("/connections/\(connection.id)")
                #expect(page.status == .ok)
                #expect(page.body.contains("Incremental | Append + Deduped"))
                #expect(page.body.contains("1 of 2 streams"))
                #expect(page.body.contains("at 02:30 every day (Europe/Paris)"))
                // Five next runs, in the schedule's zone: the schedule's, and the editor's preview of the same.
                #expect(page.body.components(separatedBy: "02:30 Europe/Paris</li>").count - 1 == 10)
                #expect(page.body.contains(#"<ol class="next-runs" id="next-runs"><li>"#))
                #expect(page.body.contains("Failed in the destination"))
                #expect(page.body.contains("disk full"))
                #expect(page.body.contains(#"<svg class="job-chart""#))
                #expect(page.body.contains("Most records: 300 (job 3)"))
                #expect(page.body.contains(#"href="/jobs/2""#))
                #expect(page.body.contains("fill=\"url(#hatch)\""))
            }
        }
    }

    @Test func jobPageShowsAttemptsFailureAndLogAndOffersItForDownload() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            let job = try await harness.job(
                of: connection,
                outcome: .failed(
                    FailureReason(
                        origin: .source, type: .configError,
                        message: "password refused", retryable: false),
                    retryAt: nil),
                records: 5, log: "first line\nsecond line\n")
            try await harness.test { client in
                let page = try await client.get("/jobs/\(job.id)")
                #expect(page.status == .ok)
                #expect(page.body.contains("Attempt 1 of"))
                #expect(page.body.contains("password refused"))
                #expect(page.body.contains("first line\nsecond line"))
                #expect(!page.body.contains("data-follow"), "an ended job's log is not followed")
                #expect(!page.body.contains("Cancel job"))
                let download = try await client.get("/jobs/\(job.id)/attempts/1/log")
                #expect(download.status == .ok)
                #expect(download.body == "first line\nsecond line\n")
                #expect(download.headers[.contentDisposition]?.contains("attachment") == true)
                let missing = try await client.get("/jobs/\(job.id)/attempts/7/log")
                #expect(missing.status == .notFound)
            }
        }
    }

    @Test func runningJobIsFollowedLiveAndReloadsWithoutJavaScript() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            _ = try await harness.store.enqueueJob(
                JobRequest(connectionID: connection.id, workspaceID: connection.workspaceID), now: Date())
            let folder = harness.folder
            let claimed = try #require(
                try await harness.store.claimJob(
                    worker: "test:1:x", leaseDuration: .seconds(60), now: Date(),
                    logPath: { job, attempt in PlatformConfiguration.logPath(job: job, attempt: attempt) }))
            let logFile = "\(folder)/\(claimed.attempt.logPath ?? "")"
            try FileManager.default.createDirectory(
                atPath: (logFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("started\nhalf a li".utf8).write(to: URL(fileURLWithPath: logFile))
            try await harness.test { client in
                let page = try await client.get("/jobs/\(claimed.job.id)")
                #expect(page.body.contains(#"data-follow="/jobs/\#(claimed.job.id)/follow?attempt=1""#))
                #expect(page.body.contains(#"<meta http-equiv="refresh" content="5">"#))
                #expect(page.body.contains("Cancel job"))
                // The line still being written is left for the next read.
                #expect(page.body.contains("started\n</pre>"))
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("ne\nthird\n".utf8))
                try handle.close()
                let offset = "started\n".utf8.count
                let progress = try await client.get("/jobs/\(claimed.job.id)/follow?attempt=1&offset=\(offset)")
                let json = try JSONSerialization.jsonObject(with: Data(progress.body.utf8)) as? [String: Any]
                #expect(json?["text"] as? String == "half a line\nthird\n")
                #expect(json?["status"] as? String == "running")
                #expect(json?["terminal"] as? Bool == false)
                #expect(json?["offset"] as? Int == offset + "half a line\nthird\n".utf8.count)
            }
        }
    }

    @Test func unknownThingsAreNotFoundPages() async throws {
        try await UIHarness.with { harness in
            try await harness.test { client in
                for path in ["/connections/\(UUID())", "/connections/not-an-id", "/jobs/999", "/jobs/abc", "/sources/\(UUID())"] {
                    let page = try await client.get(path)
                    #expect(page.status == .notFound, "\(path)")
                    #expect(page.body.contains("<h1>Not found</h1>"), "\(path)")
                }
            }
        }
    }
}
