import AirbyteProtocol
import Foundation
import Platform
import PlatformStore
import Testing

/// Jobs on both APIs. No worker runs here: a test plays the worker through the
/// store's real queue (claim, log, finish), so every state a client can see is covered.
@Suite(.serialized) struct JobRouteTests {
    @Test func triggerListGetAndCancel() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let connection = try await createConnection(client)
            let triggered = try await client.post("/api/public/v1/jobs", ["connectionId": .string(connection), "jobType": "sync"])
            #expect(triggered.status == 200, "\(triggered.text)")
            let jobID = try #require(triggered["jobId"]?.int64Value)
            #expect(
                triggered.json == [
                    "jobId": .number(String(jobID)), "status": "pending", "jobType": "sync", "startTime": "2030-01-01T00:00:00Z",
                    "connectionId": .string(connection), "bytesSynced": 0, "rowsSynced": 0,
                ])
            // Asked again while it waits: the same job.
            let again = try await client.post("/api/public/v1/jobs", ["connectionId": .string(connection), "jobType": "sync"])
            #expect(again["jobId"]?.int64Value == jobID)

            let listed = try await client.get("/api/public/v1/jobs?connectionId=\(connection)&jobType=sync&status=pending")
            #expect(listed["data"]?.arrayValue?.map { $0["jobId"] } == [.number(String(jobID))])
            #expect(try await client.get("/api/public/v1/jobs?status=succeeded")["data"] == [])
            #expect(try await client.get("/api/public/v1/jobs?status=queued")["data"] == [])
            #expect(try await client.get("/api/public/v1/jobs?createdAtStart=2030-01-02T00:00:00Z")["data"] == [])
            expectProblem(try await client.get("/api/public/v1/jobs?orderBy=name|UP"), status: 400, title: "bad-request")

            harness.clock.advance(by: 65)
            let cancelled = try await client.request(.delete, "/api/public/v1/jobs/\(jobID)")
            #expect(cancelled.status == 200, "\(cancelled.text)")
            #expect(cancelled["status"] == "cancelled")
            #expect(cancelled["lastUpdatedAt"] == "2030-01-01T00:01:05Z")
            #expect(cancelled["duration"] == "PT1M5S")
            expectProblem(try await client.request(.delete, "/api/public/v1/jobs/\(jobID)"), status: 409, title: "state-conflict")
        }
    }

    @Test func aFinishedJobShowsCountsAndItsLogsOnTheConfigAPI() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let connection = try await createConnection(client)
            let jobID = try #require(
                try await client.post(
                    "/api/public/v1/jobs",
                    [
                        "connectionId": .string(connection),
                        "jobType": "sync",
                    ])["jobId"]?.int64Value)
            // Play the worker: claim, write the attempt's log, finish with counts.
            harness.clock.advance(by: 2)
            let claimed = try #require(
                try await harness.store.claimJob(
                    worker: "test:1:x", leaseDuration: .seconds(60), now: harness.clock.now,
                    logPath: { job, attempt in PlatformConfiguration.logPath(job: job, attempt: attempt) }))
            #expect(claimed.job.id.rawValue == jobID)
            let logPath = harness.service.configuration.absolutePath(try #require(claimed.attempt.logPath))
            try FileManager.default.createDirectory(
                atPath: (logPath as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try "line one\nline two\n".write(toFile: logPath, atomically: true, encoding: .utf8)

            let running = try await client.get("/api/public/v1/jobs/\(jobID)")
            #expect(running["status"] == "running")
            #expect(running["lastUpdatedAt"] == nil)

            harness.clock.advance(by: 3725)
            let stats = [
                StreamStats(name: "users", recordsEmitted: 100, bytesEmitted: 9000, recordsCommitted: 100, bytesCommitted: 9000),
                StreamStats(name: "products", recordsEmitted: 10, bytesEmitted: 700, recordsCommitted: 10, bytesCommitted: 700),
            ]
            try await harness.store.finishAttempt(claimed.lease, outcome: .succeeded, streamStats: stats, now: harness.clock.now)

            let job = try await client.get("/api/public/v1/jobs/\(jobID)")
            #expect(job["status"] == "succeeded")
            #expect(job["rowsSynced"] == 110)
            #expect(job["bytesSynced"] == 9700)
            #expect(job["duration"] == "PT1H2M7S")
            #expect(job["lastUpdatedAt"] == "2030-01-01T01:02:07Z")

            let info = try await client.post("/api/v1/jobs/get", ["id": .number(String(jobID))])
            #expect(info.status == 200, "\(info.text)")
            #expect(info["job"]?["configType"] == "sync")
            #expect(info["job"]?["configId"]?.stringValue == connection)
            #expect(info["job"]?["status"] == "succeeded")
            #expect(info["job"]?["createdAt"] == 1_893_456_000)
            #expect(
                info["job"]?["aggregatedStats"] == [
                    "recordsEmitted": 110, "bytesEmitted": 9700, "recordsCommitted": 110,
                    "bytesCommitted": 9700, "recordsRejected": 0,
                ])
            let attempt = try #require(info["attempts"]?.arrayValue?.first)
            #expect(attempt["attempt"]?["id"] == 0)
            #expect(attempt["attempt"]?["status"] == "succeeded")
            #expect(attempt["attempt"]?["recordsSynced"] == 110)
            #expect(attempt["attempt"]?["streamStats"]?.arrayValue?.count == 2)
            #expect(attempt["logs"] == ["logLines": ["line one", "line two"]])

            let list = try await client.post("/api/v1/jobs/list", ["configTypes": ["sync"], "configId": .string(connection)])
            #expect(list["totalJobCount"] == 1)
            #expect(list["jobs"]?.arrayValue?.first?["job"]?["id"]?.int64Value == jobID)
            #expect(list["jobs"]?.arrayValue?.first?["attempts"]?.arrayValue?.first?["recordsSynced"] == 110)
            #expect(try await client.post("/api/v1/jobs/list", ["configTypes": ["reset_connection"]])["totalJobCount"] == 0)

            expectProblem(
                try await client.post("/api/v1/jobs/cancel", ["id": .number(String(jobID))]), status: 409, title: "state-conflict")
            expectProblem(try await client.post("/api/v1/jobs/get", ["id": 99999]), status: 404, title: "resource-not-found")
        }
    }

    @Test func theSeedGuidesConfigAPICalls() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let (source, destination) = try await createSourceAndDestination(client)
            let workspace = try await defaultWorkspace(client)
            let sources = try await client.post("/api/v1/sources/list", ["workspaceId": .string(workspace)])
            #expect(sources["sources"]?.arrayValue?.first?["sourceId"]?.stringValue == source)
            #expect(sources["sources"]?.arrayValue?.first?["sourceName"] == "Faker")
            let destinations = try await client.post("/api/v1/destinations/list", ["workspaceId": .string(workspace)])
            #expect(destinations["destinations"]?.arrayValue?.first?["destinationId"]?.stringValue == destination)

            // The seed's shape: syncCatalog streams with stream{name} and config{syncMode, destinationSyncMode, cursorField},
            // and the legacy schedule{units, timeUnit}.
            let created = try await client.post(
                "/api/v1/connections/create",
                [
                    "sourceId": .string(source), "destinationId": .string(destination), "status": "active",
                    "syncCatalog": [
                        "streams": [
                            [
                                "stream": ["name": "users", "jsonSchema": [:]],
                                "config": [
                                    "syncMode": "incremental", "destinationSyncMode": "append_dedup", "cursorField": ["updated_at"],
                                ],
                            ]
                        ]
                    ],
                    "schedule": ["units": 24, "timeUnit": "hours"],
                ])
            #expect(created.status == 200, "\(created.text)")
            let connection = try #require(created["connectionId"]?.stringValue)
            #expect(created["scheduleType"] == "basic")
            #expect(created["schedule"] == ["units": 24, "timeUnit": "hours"])
            let streams = created["syncCatalog"]?["streams"]?.arrayValue ?? []
            #expect(streams.count == 3)
            #expect(streams.first?["config"]?["selected"] == true)
            #expect(streams.first?["config"]?["destinationSyncMode"] == "append_dedup")
            #expect(streams.dropFirst().allSatisfy { $0["config"]?["selected"] == false })
            #expect(
                try await client.get("/api/public/v1/connections/\(connection)")["schedule"] == [
                    "scheduleType": "basic", "basicTiming": "Every 24 HOURS",
                ])

            let fetched = try await client.post("/api/v1/connections/get", ["connectionId": .string(connection)])
            #expect(fetched.json == created.json)
            let updated = try await client.post(
                "/api/v1/connections/update",
                [
                    "connectionId": .string(connection), "scheduleType": "cron",
                    "scheduleData": ["cron": ["cronExpression": "0 0 3 * * ?", "cronTimeZone": "America/New_York"]],
                ])
            #expect(updated["scheduleData"] == ["cron": ["cronExpression": "0 0 3 * * ?", "cronTimeZone": "America/New_York"]])
            #expect(
                try await client.post("/api/v1/connections/list", ["workspaceId": .string(workspace)])["connections"]?
                    .arrayValue?.count == 1)

            let sync = try await client.post("/api/v1/connections/sync", ["connectionId": .string(connection)])
            #expect(sync["job"]?["status"] == "pending")
            #expect(sync["job"]?["configType"] == "sync")
            #expect(sync["attempts"] == [])

            let state = try await client.post("/api/v1/state/get", ["connectionId": .string(connection)])
            #expect(state.json == ["connectionId": .string(connection), "stateType": "not_set"])

            expectProblem(
                try await client.post("/api/v1/connections/get", ["connectionId": .string(UUID().uuidString)]),
                status: 404, title: "resource-not-found")
            expectProblem(try await client.post("/api/v1/connections/sync", [:]), status: 400, title: "bad-request")
        }
    }
}

/// A manual connection from faker to DuckDB; its id.
func createConnection(_ client: APIClient) async throws -> String {
    let (source, destination) = try await createSourceAndDestination(client)
    let created = try await client.post(
        "/api/public/v1/connections",
        [
            "sourceId": .string(source), "destinationId": .string(destination),
            "configurations": ["streams": [["name": "users", "syncMode": "full_refresh_overwrite"]]],
        ])
    return try #require(created["connectionId"]?.stringValue, "\(created.text)")
}
