import AirbyteProtocol
import Foundation
import PlatformStore
import Testing

/// Connections and streams, over a real faker source and DuckDB destination.
@Suite(.serialized) struct ConnectionRouteTests {
    @Test func streamsListTheSourcesStreamsWithModesBothSidesSupport() async throws {
        try await APIHarness().test { client in
            let (source, destination) = try await createSourceAndDestination(client)
            let answer = try await client.get("/api/public/v1/streams?sourceId=\(source)&destinationId=\(destination)")
            #expect(answer.status == 200, "\(answer.text)")
            let streams = answer.json.arrayValue ?? []
            #expect(Set(streams.compactMap { $0["streamName"]?.stringValue }) == ["users", "products", "purchases"])
            let users = try #require(streams.first { $0["streamName"] == "users" })
            // DuckDB writes append, overwrite and append_dedup: no update or soft delete modes.
            #expect(
                users["syncModes"] == [
                    "full_refresh_overwrite", "full_refresh_append", "incremental_append",
                    "incremental_deduped_history",
                ])
            #expect(users["sourceDefinedPrimaryKey"] == [["id"]])
            #expect(users["propertyFields"]?.arrayValue?.contains(["email"]) == true)

            expectProblem(try await client.get("/api/public/v1/streams"), status: 400, title: "bad-request")
            expectProblem(
                try await client.get("/api/public/v1/streams?sourceId=\(UUID().uuidString)"),
                status: 404, title: "resource-not-found")
        }
    }

    @Test func createWithACronScheduleAndStreams() async throws {
        try await APIHarness().test { client in
            let (source, destination) = try await createSourceAndDestination(client)
            let created = try await client.post(
                "/api/public/v1/connections",
                [
                    "name": "faker to duckdb", "sourceId": .string(source), "destinationId": .string(destination),
                    "schedule": ["scheduleType": "cron", "cronExpression": "0 0 12 * * ?"],
                    "namespaceDefinition": "custom_format", "namespaceFormat": "faker", "prefix": "raw_",
                    "nonBreakingSchemaUpdatesBehavior": "propagate_columns",
                    "configurations": [
                        "streams": [
                            ["name": "users", "syncMode": "incremental_deduped_history"],
                            ["name": "products", "syncMode": "full_refresh_overwrite"],
                        ]
                    ],
                ])
            #expect(created.status == 200, "\(created.text)")
            #expect(created["name"] == "faker to duckdb")
            #expect(created["status"] == "active")
            #expect(created["schedule"]?["scheduleType"] == "cron")
            #expect(created["schedule"]?["cronExpression"] == "0 0 12 * * ? UTC")
            // The clock says 2030-01-01T00:00:00Z: the next noons (UTC) follow.
            #expect(created["schedule"]?["nextRuns"] == ["2030-01-01T12:00:00Z", "2030-01-02T12:00:00Z", "2030-01-03T12:00:00Z"])
            #expect(created["namespaceDefinition"] == "custom_format")
            #expect(created["namespaceFormat"] == "faker")
            #expect(created["prefix"] == "raw_")
            #expect(created["nonBreakingSchemaUpdatesBehavior"] == "propagate_columns")
            #expect(created["tags"] == [])
            #expect(
                created["configurations"]?["streams"] == [
                    ["name": "users", "syncMode": "incremental_deduped_history", "cursorField": ["updated_at"], "primaryKey": [["id"]]],
                    ["name": "products", "syncMode": "full_refresh_overwrite", "primaryKey": [["id"]]],
                ])
            let id = try #require(created["connectionId"]?.stringValue)
            #expect(try await client.get("/api/public/v1/connections/\(id)").json == created.json)

            // Unix 5-field cron with a zone; status and name patched.
            let patched = try await client.request(
                .patch, "/api/public/v1/connections/\(id)",
                json: [
                    "schedule": ["scheduleType": "cron", "cronExpression": "0 2 * * 1-5 Europe/Berlin"], "status": "inactive",
                ])
            #expect(patched.status == 200, "\(patched.text)")
            #expect(patched["schedule"]?["cronExpression"] == "0 2 * * 1-5 Europe/Berlin")
            #expect(patched["status"] == "inactive")
            #expect(patched["configurations"] == created["configurations"])

            let listed = try await client.get("/api/public/v1/connections")
            #expect(listed["data"]?.arrayValue?.count == 1)

            #expect(try await client.request(.delete, "/api/public/v1/connections/\(id)").status == 204)
            #expect(try await client.get("/api/public/v1/connections")["data"] == [])
            #expect(try await client.get("/api/public/v1/connections/\(id)")["status"] == "deprecated")
            expectProblem(try await client.request(.delete, "/api/public/v1/connections/\(id)"), status: 404, title: "resource-not-found")
        }
    }

    @Test func withoutStreamsEveryStreamIsFullRefreshOverwriteAndManual() async throws {
        try await APIHarness().test { client in
            let (source, destination) = try await createSourceAndDestination(client)
            let created = try await client.post(
                "/api/public/v1/connections",
                ["sourceId": .string(source), "destinationId": .string(destination)])
            #expect(created.status == 200, "\(created.text)")
            #expect(created["schedule"] == ["scheduleType": "manual"])
            let streams = created["configurations"]?["streams"]?.arrayValue ?? []
            #expect(streams.count == 3)
            #expect(streams.allSatisfy { $0["syncMode"] == "full_refresh_overwrite" })
        }
    }

    @Test func invalidConnectionsAreExplained() async throws {
        try await APIHarness().test { client in
            let (source, destination) = try await createSourceAndDestination(client)
            func create(_ extra: JSONObject) async throws -> APIClient.Answer {
                var body: JSONObject = ["sourceId": .string(source), "destinationId": .string(destination)]
                for (key, value) in extra { body[key] = value }
                return try await client.post("/api/public/v1/connections", .object(body))
            }
            var answer = try await create(["schedule": ["scheduleType": "cron", "cronExpression": "61 * * * *"]])
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue?.contains("61 * * * *") == true, "\(answer.text)")

            answer = try await create(["schedule": ["scheduleType": "cron"]])
            expectProblem(answer, status: 400, title: "bad-request")

            answer = try await create(["schedule": ["scheduleType": "cron", "cronExpression": "0 0 12 * * ? Mars/Olympus"]])
            expectProblem(answer, status: 400, title: "bad-request")

            answer = try await create(["configurations": ["streams": [["name": "nope"]]]])
            expectProblem(answer, status: 422, title: "unprocessable-entity")
            #expect(answer["detail"]?.stringValue?.contains("nope") == true)

            answer = try await create(["configurations": ["streams": [["name": "users", "syncMode": "incremental_update"]]]])
            expectProblem(answer, status: 422, title: "unprocessable-entity")

            answer = try await create(["namespaceDefinition": "elsewhere"])
            expectProblem(answer, status: 400, title: "bad-request")

            answer = try await client.post(
                "/api/public/v1/connections",
                [
                    "sourceId": .string(UUID().uuidString),
                    "destinationId": .string(destination),
                ])
            expectProblem(answer, status: 404, title: "resource-not-found")
        }
    }
}

/// A faker source (`count` users) and a DuckDB destination in the default workspace; their ids.
func createSourceAndDestination(
    _ client: APIClient, count: Int = 100,
    destinationPath: String = "warehouse.duckdb"
) async throws -> (source: String, destination: String) {
    let workspace = try await defaultWorkspace(client)
    let source = try await client.post(
        "/api/public/v1/sources",
        [
            "name": "faker", "workspaceId": .string(workspace),
            "configuration": ["sourceType": "faker", "count": .number(String(count)), "seed": 7, "parallelism": 1],
        ])
    let destination = try await client.post(
        "/api/public/v1/destinations",
        [
            "name": "warehouse", "workspaceId": .string(workspace),
            "configuration": ["destinationType": "duckdb", "destination_path": .string(destinationPath)],
        ])
    return (
        try #require(source["sourceId"]?.stringValue, "\(source.text)"),
        try #require(destination["destinationId"]?.stringValue, "\(destination.text)")
    )
}
