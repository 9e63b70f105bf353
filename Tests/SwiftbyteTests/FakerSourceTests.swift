import AirbyteProtocol
import DestinationKit
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Swiftbyte

/// `spec`, `check`, `discover` and `read` against the real source-faker.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct FakerSourceTests {
    @Test func specCheckAndDiscover() async throws {
        let source = try await Faker.source()
        #expect(source.specification.connectionSpecification["properties"]?["count"] != nil)
        #expect(source.config["records_per_slice"] == 1000, "defaults from the spec are filled in")
        try await source.check()

        let streams = try await source.streams
        #expect(streams.map(\.name).sorted() == ["products", "purchases", "users"])
        for stream in streams {
            #expect(stream.primaryKey == [["id"]])
            #expect(stream.cursorField == ["updated_at"])
            #expect(stream.supportsIncremental)
            #expect(stream.supportedSyncModes.contains(.fullRefresh))
        }
    }

    @Test func readCountsRecordsPerStreamThroughTheHandler() async throws {
        let source = try await Faker.source(count: 50)
        let catalog = try await source.configuredCatalog()
        var perStream: [StreamDescriptor: Int] = [:]
        var statuses: [String] = []
        var seenTypes: Set<String> = []
        let summary = try await source.read(catalog: catalog) { message in
            switch message.content {
            case .record(let record):
                perStream[record.streamDescriptor, default: 0] += 1
                let data = try record.decodeData()
                #expect(data["id"] != nil)
            case .message(let other):
                seenTypes.insert(other.type.rawValue)
                if case .trace(let trace) = other.payload, let status = trace.streamStatus {
                    statuses.append("\(status.streamDescriptor.name):\(status.status.rawValue)")
                }
            }
        }
        #expect(perStream["users"] == 50)
        #expect((1...100).contains(perStream["products"] ?? 0), "faker makes up to 100 products")
        #expect((perStream["purchases"] ?? 0) > 0)
        #expect(summary.recordsPerStream == perStream)
        #expect(summary.stateCount > 0)
        #expect(seenTypes.contains("STATE"))
        #expect(!seenTypes.contains("LOG"), "LOG messages go to the log, not the handler")
        for stream in ["users", "products", "purchases"] {
            #expect(statuses.contains("\(stream):COMPLETE"))
        }
    }

    @Test func selectedStreamsAreTheOnlyOnesRead() async throws {
        let source = try await Faker.source(count: 20)
        try await source.select(["users"])
        #expect(try await source.selectedStreamNames == ["users"])
        let catalog = try await source.configuredCatalog()
        #expect(catalog.streams.map(\.stream.name) == ["users"])
        let summary = try await source.read(catalog: catalog) { _ in }
        #expect(summary.recordsPerStream == ["users": 20])

        source.selectAll()
        #expect(try await source.selectedStreamNames.sorted() == ["products", "purchases", "users"])
    }

    @Test func unknownStreamNamesAreRefusedWithTheAvailableOnes() async throws {
        let source = try await Faker.source()
        let error = await #expect(throws: StreamSelectionError.self) { try await source.select(["users", "customers"]) }
        #expect(error?.unknown == ["customers"])
        #expect(error?.available.sorted() == ["products", "purchases", "users"])
        #expect(error?.description.hasPrefix(#"source-faker has no stream named "customers". Its streams: "#) == true)
        #expect(try await source.selectedStreamNames.count == 3, "a failed selection changes nothing")

        let none = await #expect(throws: StreamSelectionError.self) { try await source.select([]) }
        #expect(none?.description.hasPrefix("No stream was selected from source-faker. Its streams: ") == true)
    }

    @Test func catalogModesForFakersStreams() async throws {
        let source = try await Faker.source()
        let incremental = try await source.configuredCatalog(CatalogBuilder(syncID: 42))
        #expect(incremental.streams.count == 3)
        for stream in incremental.streams {
            #expect(stream.syncMode == .incremental)
            #expect(stream.destinationSyncMode == .appendDedup)
            #expect(stream.primaryKey == [["id"]])
            #expect(stream.cursorField == ["updated_at"])
            #expect(stream.generationId == 0)
            #expect(stream.minimumGenerationId == 0)
            #expect(stream.syncId == 42)
        }

        let full = try await source.configuredCatalog(CatalogBuilder(fullRefresh: true, previousGenerations: ["users": 3], syncID: 43))
        for stream in full.streams {
            #expect(stream.syncMode == .fullRefresh)
            #expect(stream.destinationSyncMode == .overwrite)
            #expect(stream.cursorField == nil)
            let expected: Int64 = stream.stream.name == "users" ? 4 : 1
            #expect(stream.generationId == expected)
            #expect(stream.minimumGenerationId == expected)
        }
    }

    @Test func aBadConfigIsRefusedBeforeTheSourceRunsWithIt() async throws {
        let recording = RecordingExecutor(Faker.executor)
        let error = await #expect(throws: ConfigError.self) {
            _ = try await Source.resolve(
                "source-faker", config: ["count": "fifty", "parallelism": 0],
                executor: recording, secrets: SecretResolver())
        }
        #expect(error?.code == .invalid)
        #expect(error?.problems.map(\.path).sorted() == ["$.count", "$.parallelism"])
        #expect(recording.verbs == ["spec"], "only spec ran: the source never saw the config")
    }

    @Test func secretReferencesResolveFromTheEnvironmentAndAreMasked() async throws {
        let secrets = SecretResolver(environment: ["SWIFTBYTE_TEST_TOKEN": "tok-from-env-123"], dotEnvPath: nil)
        let source = try await Faker.source(count: 5, extra: [("api_token", "secret_reference::SWIFTBYTE_TEST_TOKEN")], secrets: secrets)
        #expect(source.config["api_token"] == "tok-from-env-123")
        #expect(source.redactedConfig["api_token"] == .string(SecretMasker.mask))
        #expect(!source.redactedConfig.jsonText.contains("tok-from-env-123"))
        #expect(source.secretMasker.mask("token tok-from-env-123 leaked") == "token \(SecretMasker.mask) leaked")
        try await source.check()
    }

    @Test func secretReferencesResolveFromADotEnvFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dotEnv = try folder.write(".env", "# test secrets\nexport SWIFTBYTE_DOTENV_TOKEN=\"from dotenv\"\nOTHER=1\n")
        let secrets = SecretResolver(environment: [:], dotEnvPath: dotEnv)
        let source = try await Faker.source(count: 5, extra: [("api_token", "secret_reference::SWIFTBYTE_DOTENV_TOKEN")], secrets: secrets)
        #expect(source.config["api_token"] == "from dotenv")

        let missing = await #expect(throws: ConfigError.self) {
            _ = try await Faker.source(extra: [("api_token", "secret_reference::SWIFTBYTE_NOWHERE")], secrets: secrets)
        }
        #expect(missing?.code == .missingSecret)
        #expect(missing?.description.contains("SWIFTBYTE_NOWHERE") == true)
    }

    @Test func theConfigFileIsPrivateWhileTheSourceRunsAndGoneAfterwards() async throws {
        let recording = RecordingExecutor(Faker.executor)
        let source = try await Faker.source(count: 5, executor: recording)
        try await source.select(["users"])
        let catalog = try await source.configuredCatalog()
        var modes: [String: UInt16] = [:]
        _ = try await source.read(catalog: catalog) { _ in
            guard modes.isEmpty, let folder = recording.invocations.last?.filesFolder else { return }
            modes["folder"] = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? UInt16
            for file in ["config.json", "catalog.json", "state.json"] {
                modes[file] = try FileManager.default.attributesOfItem(atPath: "\(folder)/\(file)")[.posixPermissions] as? UInt16
            }
        }
        #expect(modes == ["folder": 0o700, "config.json": 0o600, "catalog.json": 0o600, "state.json": 0o600])
        #expect(recording.verbs == ["spec", "discover", "read"])
        for invocation in recording.invocations where invocation.verb != "spec" {
            #expect(!FileManager.default.fileExists(atPath: invocation.filesFolder), "\(invocation.verb)'s files are removed")
        }
    }
}
