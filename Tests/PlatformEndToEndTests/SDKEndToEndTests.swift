import AirbyteProtocol
import DuckDB
import Foundation
import Testing

/// `swiftbyte server` driven by Airbyte's own Python SDK, unchanged: the real
/// faker from PyPI synced into the built-in DuckDB destination.
@Suite(.serialized) struct SDKEndToEndTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test func theSDKCreatesEverythingSyncsAndPollsTheJob() async throws {
        guard let python = try APIOracle.python() else {
            let reason: Comment = "scripts/setup-api-oracle could not make the airbyte-api venv (is PyPI reachable?)"
            if Self.isCI {
                Issue.record("in CI, \(reason)")
                return
            }
            try Test.cancel(reason)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sdk-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clientSecret = "client-secret-\(UUID().uuidString)"
        let connectorSecret = "motherduck-secret-\(UUID().uuidString)"
        let server = try await ServerProcess.start(
            folder: folder, arguments: ["--workers", "1", "--require-auth"],
            environment: [
                "SWIFTBYTE_API_CLIENT_ID": "e2e-client",
                "SWIFTBYTE_API_CLIENT_SECRET": clientSecret,
            ])
        let duckdbPath = "\(folder)/warehouse.duckdb"
        let output = try await APIOracle.run(
            python, script: "sdk_sync.py",
            [
                "\(server.baseURL)/api/public/v1", "e2e-client", clientSecret, duckdbPath, connectorSecret,
            ])
        #expect(server.stop() == 0, "the server did not stop cleanly on SIGTERM")
        let seen = try JSONValue(parsing: output)

        #expect(seen["health"] == 200)
        #expect(seen["workspace"] == "Default Workspace")
        #expect(seen["source_type"] == "faker")
        #expect(seen["destination_type"] == "duckdb")
        #expect(seen["destination_configuration"]?["motherduck_api_key"] == "**********")
        #expect(seen["streams"] == ["products", "purchases", "users"])
        #expect(seen["cron"] == "0 0 12 * * ? UTC")
        #expect(seen["connection_streams"] == [["users", "incremental_deduped_history"], ["products", "full_refresh_overwrite"]])
        #expect(seen["connections"] == 1)
        let job = try #require(seen["job"])
        #expect(job["status"] == "succeeded", "server log:\n\(server.output)")
        #expect(job["type"] == "sync")
        #expect(seen["jobs_listed"] == [job["id"] ?? .null])

        // The rows are in the DuckDB file, as many as the job says it synced.
        let database = try Database(path: duckdbPath, options: Database.Options(readOnly: true))
        let connection = try database.connect()
        func count(_ table: String) throws -> Int64? {
            guard case .integer(let count)? = try connection.scalar("SELECT count(*) FROM main.\(table)") else { return nil }
            return count
        }
        let users = try count("users")
        let products = try count("products")
        #expect(users == 1000)
        #expect((products ?? 0) > 0)
        #expect(job["rows"]?.int64Value == (users ?? 0) + (products ?? 0))
        #expect((job["bytes"]?.int64Value ?? 0) > 0)

        // Bad input: 4xx in Airbyte's problem shape.
        let problemKeys: JSONValue = ["data", "detail", "status", "title", "type"]
        #expect(seen["unknown_source_type"] == ["status": 400, "title": "value-not-found", "keys": problemKeys])
        #expect(seen["bad_config"] == ["status": 422, "title": "unprocessable-entity", "keys": problemKeys])
        #expect(seen["malformed_json"] == ["status": 400, "title": "bad-request", "keys": problemKeys])
        #expect(seen["bad_enum"] == ["status": 400, "title": "bad-request", "keys": problemKeys])
        #expect(seen["bad_page"] == ["status": 400, "title": "bad-request", "keys": problemKeys])
        #expect(seen["unknown_connection"]?["status"] == 404)
        #expect(seen["unknown_connection"]?["title"] == "resource-not-found")
        #expect(seen["unknown_job"]?["status"] == 404)

        // Secrets appear in no response (above) and no log: the server's, or any attempt's.
        #expect(!output.contains(connectorSecret) && !output.contains(clientSecret))
        #expect(!server.output.contains(connectorSecret) && !server.output.contains(clientSecret))
        let logs = FileManager.default.enumerator(atPath: "\(folder)/logs")?.compactMap { $0 as? String } ?? []
        #expect(!logs.isEmpty)
        for log in logs {
            let text = (try? String(contentsOfFile: "\(folder)/logs/\(log)", encoding: .utf8)) ?? ""
            #expect(!text.contains(connectorSecret), "\(log) holds the connector's secret")
        }
    }
}
