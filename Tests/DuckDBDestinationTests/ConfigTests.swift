import DestinationKit
import DuckDB
import Foundation
import Testing

@testable import DuckDBDestination

@Suite struct ConfigTests {
    /// MotherDuck cannot be reached here: this checks what would be handed to DuckDB.
    /// The live MotherDuck path is untested.
    @Test func motherDuckTokenIsASettingNeverPartOfThePath() throws {
        let config = try DuckDBDestinationConfig(json: ["destination_path": "motherduck:analytics", "motherduck_api_key": "tok-123"])
        #expect(config.isMotherDuck)
        let settings = config.connectionSettings
        #expect(settings.path == "md:analytics")
        #expect(settings.options.settings == ["motherduck_token": "tok-123"])
        #expect(!settings.path.contains("tok-123"))
    }

    @Test func localFilesIgnoreTheToken() throws {
        let config = try DuckDBDestinationConfig(json: [
            "destination_path": "/local/x.duckdb", "motherduck_api_key": "tok", "threads": 2, "memory_limit": "1GB",
        ])
        #expect(!config.isMotherDuck)
        #expect(config.connectionSettings.path == "/local/x.duckdb")
        #expect(config.connectionSettings.options.settings.isEmpty)
        #expect(config.connectionSettings.options.threads == 2)
        #expect(config.schema == "main")
    }

    @Test func oneDuckDBThreadUnlessConfigured() throws {
        let config = try DuckDBDestinationConfig(json: ["destination_path": "/local/x.duckdb"])
        #expect(config.connectionSettings.options.threads == 1)
    }

    @Test func specValidatesTheAirbyteFields() throws {
        let validator = ConfigValidator(connectionSpecification: .object(DuckDBDestination.specification.connectionSpecification))
        #expect(validator.validate(["destination_path": "/tmp/x.duckdb"]).isEmpty)
        let problems = validator.validate(["schema": "", "threads": 0, "motherduck_api_key": 5])
        #expect(problems.count >= 3)
        #expect(validator.applyingDefaults(to: ["destination_path": "a"])["schema"] == "main")
        #expect(DuckDBDestination.specification.supportedDestinationSyncModes == [.append, .overwrite, .appendDedup])
    }

    @Test func checkPassesOnAWritableFileAndCreatesItsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/deeper/db.duckdb").path
        let destination = try DuckDBDestination(config: ["destination_path": .string(path), "schema": "analytics"], log: .discarding)
        #expect(try destination.check() == [])
        #expect(try Database(path: path).connect().scalar("SELECT count(*) FROM duckdb_tables()") == .integer(0))
    }

    @Test func checkExplainsAnUnwritableFolder() throws {
        let destination = try DuckDBDestination(config: ["destination_path": "/proc/not-here/db.duckdb"], log: .discarding)
        let problems = try destination.check()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("/proc/not-here") == true)
    }
}

@Test func readsDuckDBsPrintedMemorySettings() {
    #expect(DuckDBWriter.bytes(ofMemorySetting: "122.0 MiB") == 127_926_272)
    #expect(DuckDBWriter.bytes(ofMemorySetting: "1.5 GiB") == 1_610_612_736)
    #expect(DuckDBWriter.bytes(ofMemorySetting: "512 bytes") == 512)
    #expect(DuckDBWriter.bytes(ofMemorySetting: "lots") == nil)
}
