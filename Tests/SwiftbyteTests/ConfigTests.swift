import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// Reading configs (JSON, YAML, inline), `.env` files, and building catalogs.
struct ConfigTests {
    @Test func yamlFilesBecomeOrderedJSON() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "config.yaml",
            """
            # faker
            count: 50
            seed: -1
            ratio: 0.5
            always_updated: false
            name: "007"
            nothing: null
            credentials:
              auth_type: token
              token: secret_reference::TOKEN
            streams: [users, products]
            """)
        let config = try ConfigLoader.load(.file(file), connector: "source-faker")
        #expect(
            config.jsonText
                == #"{"count":50,"seed":-1,"ratio":0.5,"always_updated":false,"name":"007","nothing":null,"credentials":{"auth_type":"token","token":"secret_reference::TOKEN"},"streams":["users","products"]}"#
        )
    }

    @Test func jsonFilesAndInlineJSON() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("config.json", #"{"count": 12345678901234567890}"#)
        #expect(try ConfigLoader.load(.file(file), connector: "x")["count"] == .number("12345678901234567890"))
        #expect(try ConfigLoader.load(.inline(#" {"count": 5} "#), connector: "x") == ["count": 5])
        #expect(try ConfigLoader.load(.inline("count: 5"), connector: "x") == ["count": 5])
    }

    @Test func unusableConfigsSayWhyWithoutQuotingThem() {
        let invalid = #expect(throws: ConfigError.self) { try ConfigLoader.load(.inline(#"{"password": "hunter2", }"#), connector: "x") }
        #expect(invalid?.code == .invalidSyntax)
        #expect(invalid?.description.contains("line 1") == true)
        #expect(invalid?.description.contains("hunter2") == false)

        let yaml = #expect(throws: ConfigError.self) { try ConfigLoader.load(.inline("password: [hunter2\n"), connector: "x") }
        #expect(yaml?.code == .invalidSyntax)
        #expect(yaml?.description.contains("hunter2") == false)

        let missing = #expect(throws: ConfigError.self) { try ConfigLoader.load(.file("/nonexistent/config.json"), connector: "x") }
        #expect(missing?.code == .unreadable)
        let array = #expect(throws: ConfigError.self) { try ConfigLoader.load(.inline("[1]"), connector: "x") }
        #expect(array?.message == "a config must be an object ({…}).")
    }

    @Test func catalogModesFollowWhatEachStreamSupports() {
        func stream(_ name: String, modes: [SyncMode], key: [[String]]? = nil, cursor: [String]? = nil, sourceCursor: Bool? = nil)
            -> SourceStream
        {
            SourceStream(
                AirbyteStream(
                    name: name, jsonSchema: ["type": "object"], supportedSyncModes: modes,
                    sourceDefinedCursor: sourceCursor, defaultCursorField: cursor, sourceDefinedPrimaryKey: key))
        }
        let streams = [
            stream("keyed", modes: [.fullRefresh, .incremental], key: [["id"]], cursor: ["updated_at"], sourceCursor: true),
            stream("cursorOnly", modes: [.fullRefresh, .incremental], cursor: ["ts"]),
            stream("givenKey", modes: [.fullRefresh, .incremental], cursor: ["ts"]),
            stream("fullOnly", modes: [.fullRefresh], key: [["id"]]),
            stream("noCursor", modes: [.incremental]),
        ]
        let builder = CatalogBuilder(
            primaryKeys: ["givenKey": [["a"], ["b"]]], previousGenerations: ["keyed": 2, "fullOnly": 2], syncID: 9)
        let catalog = builder.catalog(for: streams)
        let modes = catalog.streams.map { "\($0.stream.name) \($0.syncMode.rawValue) \($0.destinationSyncMode.rawValue)" }
        #expect(
            modes == [
                "keyed incremental append_dedup",
                "cursorOnly incremental append",
                "givenKey incremental append_dedup",
                "fullOnly full_refresh overwrite",
                "noCursor full_refresh overwrite",
            ])
        #expect(catalog.streams[2].primaryKey == [["a"], ["b"]])
        #expect(catalog.streams[1].cursorField == ["ts"])
        #expect(catalog.streams.map(\.generationId) == [2, 0, 0, 3, 1])
        #expect(catalog.streams.map(\.minimumGenerationId) == [0, 0, 0, 3, 1])
        #expect(Set(catalog.streams.map(\.syncId)) == [9])

        var forSync = builder
        forSync.fullRefreshGeneration = 1_764_000_000_000
        let synced = forSync.catalog(for: streams)
        #expect(synced.streams.map(\.generationId) == [2, 0, 0, 1_764_000_000_000, 1_764_000_000_000], "only full refreshes take it")
        #expect(synced.streams.map(\.minimumGenerationId) == [0, 0, 0, 1_764_000_000_000, 1_764_000_000_000])
    }

    @Test func stateFiles() throws {
        #expect(Source.stateFile([]) == Array("[]".utf8))
        let stream = try AirbyteStateMessage(
            json: JSONValue(
                parsing: #"{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"updated_at":"2024"}}}"#))
        #expect(
            String(decoding: Source.stateFile([stream]), as: UTF8.self)
                == #"[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"updated_at":"2024"}}}]"#)
        let legacy = AirbyteStateMessage(type: nil, data: ["cursor": 5])
        #expect(String(decoding: Source.stateFile([legacy]), as: UTF8.self) == #"{"cursor":5}"#)
    }

    @Test func outputTailsKeepTheLastWholeLines() {
        var tail = OutputTail(limit: 20)
        for index in 1...20 { tail.append(line: "line \(index)") }
        #expect(tail.text == "…\nline 19\nline 20")
    }
}
