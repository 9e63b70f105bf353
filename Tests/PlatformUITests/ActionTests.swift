import AirbyteProtocol
import Foundation
import Platform
import PlatformAPI
import PlatformStore
import Testing

@testable import PlatformUI

/// Every action is a plain form post with a token: what it changes, what it refuses, and where it goes next.
@Suite struct ActionTests {
    @Test func postsWithoutTheFormTokenChangeNothing() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            try await harness.test { client in
                // No browser cookie at all (another site's form): refused.
                let foreign = try await client.post("/connections/\(connection.id)/sync", [("_csrf", "forged")])
                #expect(foreign.status == .forbidden)
                #expect(foreign.body.contains("did not come from this site"))
                // A browser with its cookie, but a wrong or missing token: refused too.
                _ = try await client.get("/")
                #expect(try await client.post("/connections/\(connection.id)/sync", [("_csrf", "forged")]).status == .forbidden)
                #expect(try await client.post("/connections/\(connection.id)/sync", []).status == .forbidden)
                #expect(try await client.post("/connections/\(connection.id)/delete", []).status == .forbidden)
            }
            #expect(try await harness.store.countJobs() == 0)
            #expect(try await harness.store.connection(connection.id)?.status == .active)
        }
    }

    @Test func syncNowQueuesOneJobAndShowsIt() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            try await harness.test { client in
                let csrf = try #require(try await client.get("/").csrf)
                let first = try await client.post("/connections/\(connection.id)/sync", [("_csrf", csrf)])
                #expect(first.status == .seeOther)
                #expect(first.headers[.location] == "/jobs/1")
                let job = try await client.get("/jobs/1")
                #expect(job.body.contains("Sync started."))
                #expect(job.body.contains("Queued"))
                // Asked again while it waits: the same job, not a second one.
                let again = try await client.post("/connections/\(connection.id)/sync", [("_csrf", csrf)])
                #expect(again.headers[.location] == "/jobs/1")
                // Cancel while it waits.
                let cancelled = try await client.post("/jobs/1/cancel", [("_csrf", csrf)])
                #expect(cancelled.status == .seeOther)
                #expect(try await client.get("/jobs/1").body.contains("Cancelled"))
            }
            #expect(try await harness.store.countJobs() == 1)
            #expect(try await harness.store.job(JobID(1))?.status == .cancelled)
        }
    }

    @Test func disableEnableResetAndDelete() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            try await harness.test { client in
                let csrf = try #require(try await client.get("/connections/\(connection.id)").csrf)
                _ = try await client.post("/connections/\(connection.id)/status", [("_csrf", csrf), ("status", "inactive")])
                #expect(try await harness.store.connection(connection.id)?.status == .inactive)
                let page = try await client.get("/connections/\(connection.id)")
                #expect(page.body.contains("Disabled orders"))
                #expect(page.body.contains(">Enable</button>"))
                _ = try await client.post("/connections/\(connection.id)/status", [("_csrf", csrf), ("status", "active")])
                #expect(try await harness.store.connection(connection.id)?.status == .active)

                let confirmReset = try await client.get("/connections/\(connection.id)/reset")
                #expect(confirmReset.body.contains("Reset orders?") && confirmReset.body.contains("Stream users"))
                let reset = try await client.post("/connections/\(connection.id)/reset", [("_csrf", csrf)])
                #expect(reset.status == .seeOther)
                #expect(try await harness.store.job(JobID(1))?.type == .reset)

                let confirmDelete = try await client.get("/connections/\(connection.id)/delete")
                #expect(confirmDelete.body.contains("Delete connection"))
                let deleted = try await client.post("/connections/\(connection.id)/delete", [("_csrf", csrf)])
                #expect(deleted.headers[.location] == "/")
                #expect(try await client.get("/").body.contains("Deleted the connection orders."))
                #expect(try await client.get("/connections/\(connection.id)").status == .notFound)
            }
            #expect(try await harness.store.connection(connection.id)?.status == .deprecated)
            #expect(try await harness.store.job(JobID(1))?.status == .cancelled, "deleting cancels its waiting jobs")
        }
    }

    @Test func scheduleIsCheckedPreviewedAndSaved() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(name: "orders")
            try await harness.test { client in
                let csrf = try #require(try await client.get("/connections/\(connection.id)").csrf)
                let bad = try await client.post(
                    "/connections/\(connection.id)/schedule",
                    [("_csrf", csrf), ("schedule_type", "cron"), ("cron", "61 2 * * 1-5"), ("time_zone", "UTC")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.body.contains("minute field of &#39;61 2 * * 1-5&#39;: 61 is out of range 0-59"))
                #expect(bad.body.contains(#"value="61 2 * * 1-5""#), "what was typed is shown again")
                #expect(bad.body.contains(#"aria-invalid="true""#))
                let zone = try await client.post(
                    "/connections/\(connection.id)/schedule",
                    [("_csrf", csrf), ("schedule_type", "cron"), ("cron", "0 2 * * *"), ("time_zone", "Mars/Olympus")])
                #expect(zone.body.contains("not a known time zone"))
                #expect(try await harness.store.connection(connection.id)?.schedule == .manual, "nothing saved")

                let preview = try await client.get("/schedule/preview?schedule_type=cron&cron=0+2+*+*+1-5&time_zone=Europe%2FParis")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(preview.body.utf8)) as? [String: Any])
                #expect(json["ok"] as? Bool == true)
                #expect(json["words"] as? String == "Syncs weekdays at 02:00 (Europe/Paris).")
                #expect((json["runs"] as? [String])?.count == 5)
                #expect((json["runs"] as? [String])?.first?.hasSuffix("02:00 Europe/Paris") == true)
                let error = try await client.get("/schedule/preview?schedule_type=cron&cron=0+0+12+*+*+*")
                #expect(error.body.contains(#""ok":false"#) && error.body.contains("Quartz needs"))

                let saved = try await client.post(
                    "/connections/\(connection.id)/schedule",
                    [("_csrf", csrf), ("schedule_type", "basic"), ("units", "6"), ("time_unit", "hours")])
                #expect(saved.status == .seeOther)
                #expect(try await client.get("/connections/\(connection.id)").body.contains("Saved the schedule: every 6 hours."))
            }
            #expect(try await harness.store.connection(connection.id)?.schedule == .basic(units: 6, timeUnit: .hours))
        }
    }

    @Test func streamsAreValidatedAgainstWhatTheSourceSupports() async throws {
        try await UIHarness.with { harness in
            let connection = try await harness.connection(
                name: "orders",
                streams: [
                    ConfiguredStream(name: "users", syncMode: .fullRefreshOverwrite),
                    ConfiguredStream(name: "events", syncMode: .fullRefreshAppend),
                ])
            try await harness.test { client in
                let page = try await client.get("/connections/\(connection.id)")
                #expect(page.body.contains(#"<option value="incremental_deduped_history">Incremental | Append + Deduped</option>"#))
                let csrf = try #require(page.csrf)
                let none = try await client.post(
                    "/connections/\(connection.id)/streams",
                    [
                        ("_csrf", csrf), ("s/0/name", "users"), ("s/0/namespace", ""), ("s/0/selected", "false"),
                        ("s/0/mode", "full_refresh_overwrite"),
                        ("s/1/name", "events"), ("s/1/namespace", ""), ("s/1/selected", "false"), ("s/1/mode", "full_refresh_append"),
                    ])
                #expect(none.status == .unprocessableContent)
                #expect(none.body.contains("no stream is selected"))
                let saved = try await client.post(
                    "/connections/\(connection.id)/streams",
                    [
                        ("_csrf", csrf), ("s/0/name", "users"), ("s/0/namespace", ""), ("s/0/selected", "false"), ("s/0/selected", "true"),
                        ("s/0/mode", "incremental_deduped_history"),
                        ("s/1/name", "events"), ("s/1/namespace", ""), ("s/1/selected", "false"), ("s/1/mode", "full_refresh_append"),
                    ])
                #expect(saved.status == .seeOther)
            }
            let streams = try #require(try await harness.store.connection(connection.id)?.streams)
            #expect(streams.map(\.syncMode) == [.incrementalDedupedHistory, .fullRefreshAppend])
            #expect(streams.map(\.selected) == [true, false])
        }
    }

    @Test func settingsValidateAndSave() async throws {
        try await UIHarness.with { harness in
            try await harness.test { client in
                let csrf = try #require(try await client.get("/settings").csrf)
                let bad = try await client.post(
                    "/settings/notifications",
                    [
                        ("_csrf", csrf), ("webhook_url", "ftp://example.com/x"), ("on_failure", "true"), ("failure_threshold", "0"),
                    ])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.body.contains("must start with http:// or https://"))
                #expect(bad.body.contains("between 1 and 1000"))
                let good = try await client.post(
                    "/settings/notifications",
                    [
                        ("_csrf", csrf), ("webhook_url", "https://hooks.example.com/abc"), ("on_failure", "false"), ("on_failure", "true"),
                        ("on_success", "false"), ("on_disabled", "false"), ("on_disabled", "true"), ("failure_threshold", "5"),
                    ])
                #expect(good.status == .seeOther)
                let page = try await client.get("/settings")
                #expect(page.body.contains(#"value="https://hooks.example.com/abc""#))
                #expect(page.body.contains(#"id="on-failure" name="on_failure" value="true" checked"#))
                #expect(!page.body.contains(#"id="on-success" name="on_success" value="true" checked"#))
            }
            let workspace = try await harness.store.defaultWorkspace()
            #expect(workspace.failureThreshold == 5)
            #expect(workspace.notifications.failure == .init(webhookEnabled: true, webhookURL: "https://hooks.example.com/abc"))
            #expect(workspace.notifications.success.webhookEnabled == false)
            #expect(workspace.notifications.syncDisabled.webhookEnabled)
        }
    }

    @Test func signInGuardsEveryPageWhenOn() async throws {
        let signIn = PlatformUI.SignIn { user, password in user == "ada" && password == "correct horse" }
        try await UIHarness.with(signIn: signIn) { harness in
            let connection = try await harness.connection(name: "orders")
            try await harness.test { client in
                let home = try await client.get("/connections/\(connection.id)")
                #expect(home.status == .seeOther)
                #expect(home.headers[.location]?.hasPrefix("/signin?next=") == true)
                let form = try await client.get("/signin")
                #expect(form.status == .ok && !form.body.contains(#"<nav aria-label="Main">"#))
                let csrf = try #require(form.csrf)
                let wrong = try await client.post("/signin", [("_csrf", csrf), ("user", "ada"), ("password", "nope"), ("next", "/")])
                #expect(wrong.status == .unauthorized && wrong.body.contains("The user name or password is wrong."))
                #expect(try await client.get("/").status == .seeOther)
                let right = try await client.post(
                    "/signin",
                    [
                        ("_csrf", csrf), ("user", "ada"), ("password", "correct horse"),
                        ("next", "https://evil.example/"),
                    ])
                #expect(right.status == .seeOther && right.headers[.location] == "/", "never back to another site")
                let page = try await client.get("/connections/\(connection.id)")
                #expect(page.status == .ok && page.body.contains("Signed in as ada"))
                let signOutToken = try #require(page.csrf)
                _ = try await client.post("/signout", [("_csrf", signOutToken)])
                #expect(try await client.get("/").status == .seeOther)
            }
        }
    }
}

/// Settings' "API applications" section: shown when sign-in is on, an
/// application made from it has a secret shown once that the API accepts.
@Suite struct ApplicationSettingsTests {
    static let signIn = PlatformUI.SignIn { user, password in user == "ada" && password == "correct horse" }

    /// Signs in as ada; returns a page's form token.
    static func signIn(_ client: Client) async throws -> String {
        let form = try await client.get("/signin")
        let csrf = try #require(form.csrf)
        let signedIn = try await client.post("/signin", [("_csrf", csrf), ("user", "ada"), ("password", "correct horse"), ("next", "/")])
        #expect(signedIn.status == .seeOther)
        return try #require(try await client.get("/settings").csrf)
    }

    @Test func createListAndDeleteAnApplication() async throws {
        try await UIHarness.with(signIn: Self.signIn, applications: true) { harness in
            try await harness.test { client in
                let csrf = try await Self.signIn(client)
                let settings = try await client.get("/settings")
                #expect(settings.body.contains("API applications") && !settings.body.contains(#"id="application-list""#))

                let unnamed = try await client.post("/settings/applications", [("_csrf", csrf), ("name", " ")])
                #expect(unnamed.status == .unprocessableContent && unnamed.body.contains("Name the application."))

                let created = try await client.post("/settings/applications", [("_csrf", csrf), ("name", "<script>airflow</script>")])
                #expect(created.status == .ok)
                #expect(!created.body.contains("<script>airflow</script>") && created.body.contains("&lt;script&gt;airflow&lt;/script&gt;"))
                let application = try #require(try await harness.store.applications().first)
                let secret = try #require(Self.secret(in: created.body), "the new secret is shown once")
                #expect(created.body.contains(application.clientID))
                #expect(ApplicationSecrets.matches(secret, hash: application.secretHash), "the secret shown is the one the API accepts")
                #expect(application.secretHash != secret, "only its hash is stored")

                let later = try await client.get("/settings")
                #expect(later.body.contains(application.clientID), "listed")
                #expect(!later.body.contains(secret), "never shown again")

                let deleted = try await client.post("/settings/applications/\(application.id)/delete", [("_csrf", csrf)])
                #expect(deleted.status == .seeOther && deleted.headers[.location] == "/settings#applications")
                #expect(try await harness.store.applications().isEmpty)
                #expect(try await client.get("/settings").body.contains("its client can no longer get tokens"))
            }
        }
    }

    @Test func hiddenAndRefusedWithoutSignIn() async throws {
        try await UIHarness.with(applications: true) { harness in
            try await harness.test { client in
                let settings = try await client.get("/settings")
                #expect(!settings.body.contains("API applications"))
                let csrf = try #require(settings.csrf)
                let refused = try await client.post("/settings/applications", [("_csrf", csrf), ("name", "x")])
                #expect(refused.status == .notFound)
                #expect(try await harness.store.applications().isEmpty)
            }
        }
    }

    /// The secret in the "new application" notice.
    static func secret(in body: String) -> String? {
        guard let start = body.range(of: #"id="new-client-secret">"#) else { return nil }
        let after = body[start.upperBound...]
        guard let end = after.range(of: "<") else { return nil }
        return String(after[..<end.lowerBound])
    }
}
