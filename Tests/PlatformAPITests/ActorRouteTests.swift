import AirbyteProtocol
import Foundation
import PlatformStore
import Testing

/// Sources and destinations, with the real faker from PyPI and the built-in DuckDB destination.
@Suite(.serialized) struct ActorRouteTests {
    @Test func createAFakerSourceBySourceType() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let workspace = try await defaultWorkspace(client)
            let created = try await client.post(
                "/api/public/v1/sources",
                [
                    "name": "faker", "workspaceId": .string(workspace),
                    "configuration": ["sourceType": "faker", "count": 1000],
                ])
            #expect(created.status == 200, "\(created.text)")
            #expect(created["sourceType"] == "faker")
            #expect(created["definitionId"] == "dfd88b22-b603-4c3d-aad7-3701784586b1")
            #expect(created["workspaceId"]?.stringValue == workspace)
            #expect(created["configuration"] == ["sourceType": "faker", "count": 1000])
            #expect(created["createdAt"]?.int64Value == 1_893_456_000)
            let id = try #require(created["sourceId"]?.stringValue)

            #expect(try await client.get("/api/public/v1/sources/\(id)").json == created.json)
            let listed = try await client.get("/api/public/v1/sources?workspaceIds=\(workspace)")
            #expect(listed["data"] == [created.json])

            // By definitionId too.
            let byID = try await client.post(
                "/api/public/v1/sources",
                [
                    "name": "faker 2", "workspaceId": .string(workspace),
                    "definitionId": "dfd88b22-b603-4c3d-aad7-3701784586b1", "configuration": ["count": 5],
                ])
            #expect(byID.status == 200, "\(byID.text)")
            #expect(byID["sourceType"] == "faker")
        }
    }

    @Test func configurationThatBreaksTheSpecificationIs422WithEachProblem() async throws {
        try await APIHarness().test { client in
            let answer = try await client.post(
                "/api/public/v1/sources",
                [
                    "name": "faker", "workspaceId": .string(try await defaultWorkspace(client)),
                    "configuration": ["sourceType": "faker", "count": "many"],
                ])
            expectProblem(answer, status: 422, title: "unprocessable-entity")
            #expect(answer["detail"]?.stringValue?.contains("count") == true, "\(answer.text)")
            #expect(answer["data"]?["problems"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func sourceWithoutTypeOrDefinitionIs422() async throws {
        try await APIHarness().test { client in
            let answer = try await client.post(
                "/api/public/v1/sources",
                [
                    "name": "x", "workspaceId": .string(try await defaultWorkspace(client)), "configuration": ["count": 1],
                ])
            expectProblem(answer, status: 422, title: "unprocessable-entity")
            #expect(answer["detail"]?.stringValue?.contains("configuration.sourceType or definitionId") == true)
        }
    }

    @Test func unknownSourceTypeIsValueNotFound() async throws {
        try await APIHarness().test { client in
            let workspace = try await defaultWorkspace(client)
            for type in ["Not A Connector!", "swiftbyte-no-such-connector-xyz"] {
                let answer = try await client.post(
                    "/api/public/v1/sources",
                    [
                        "name": "x", "workspaceId": .string(workspace), "configuration": ["sourceType": .string(type)],
                    ])
                expectProblem(answer, status: 400, title: "value-not-found")
                #expect(answer["data"]?["value"]?.stringValue == type, "\(answer.text)")
            }
        }
    }

    @Test func unknownWorkspaceIs404() async throws {
        try await APIHarness().test { client in
            let answer = try await client.post(
                "/api/public/v1/destinations",
                [
                    "name": "x", "workspaceId": .string(UUID().uuidString),
                    "configuration": ["destinationType": "duckdb", "destination_path": "x.duckdb"],
                ])
            expectProblem(answer, status: 404, title: "resource-not-found")
        }
    }

    @Test func secretsAreMaskedStoredSealedAndKeptWhenSentBackMasked() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let secret = "md-token-\(UUID().uuidString)"
            let created = try await client.post(
                "/api/public/v1/destinations",
                [
                    "name": "warehouse", "workspaceId": .string(try await defaultWorkspace(client)),
                    "configuration": [
                        "destinationType": "duckdb", "destination_path": "warehouse.duckdb",
                        "motherduck_api_key": .string(secret),
                    ],
                ])
            #expect(created.status == 200, "\(created.text)")
            #expect(created["destinationType"] == "duckdb")
            #expect(
                created["configuration"] == [
                    "destinationType": "duckdb", "destination_path": "warehouse.duckdb",
                    "motherduck_api_key": "**********",
                ])
            #expect(!created.text.contains(secret))
            let id = try #require(created["destinationId"]?.stringValue)

            // At rest: sealed, never the plain text.
            let destinationID = try #require(DestinationID(id))
            let stored = try #require(try await harness.store.destination(destinationID))
            #expect(!stored.configuration.jsonText.contains(secret))
            #expect(stored.configuration["motherduck_api_key"]?.stringValue?.hasPrefix("swiftbyte-secret:") == true)

            // A patch merges; the mask sent back keeps the stored secret.
            let patched = try await client.request(
                .patch, "/api/public/v1/destinations/\(id)",
                json: [
                    "name": "warehouse 2", "configuration": ["schema": "analytics", "motherduck_api_key": "**********"],
                ])
            #expect(patched.status == 200, "\(patched.text)")
            #expect(patched["name"] == "warehouse 2")
            #expect(
                patched["configuration"] == [
                    "destinationType": "duckdb", "destination_path": "warehouse.duckdb",
                    "motherduck_api_key": "**********", "schema": "analytics",
                ])
            let after = try #require(try await harness.store.destination(destinationID))
            #expect(try harness.secrets.opening(after.configuration)["motherduck_api_key"] == .string(secret))

            // A put replaces the configuration.
            let put = try await client.request(
                .put, "/api/public/v1/destinations/\(id)",
                json: [
                    "name": "warehouse 3", "configuration": ["destination_path": "other.duckdb"],
                ])
            #expect(put["configuration"] == ["destinationType": "duckdb", "destination_path": "other.duckdb"])

            #expect(try await client.request(.delete, "/api/public/v1/destinations/\(id)").status == 204)
            expectProblem(try await client.get("/api/public/v1/destinations/\(id)"), status: 404, title: "resource-not-found")
            #expect(try await client.get("/api/public/v1/destinations")["data"] == [])
            #expect(try await client.get("/api/public/v1/destinations?includeDeleted=true")["data"]?.arrayValue?.count == 1)
        }
    }
}

/// The default workspace's id.
func defaultWorkspace(_ client: APIClient) async throws -> String {
    try #require(try await client.get("/api/public/v1/workspaces")["data"]?.arrayValue?.first?["workspaceId"]?.stringValue)
}
