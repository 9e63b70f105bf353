import AirbyteProtocol
import Foundation
import PlatformStore
import Testing

@testable import Platform

@Suite("Connection catalogs")
struct ConnectionCatalogTests {
    static let users = AirbyteStream(
        name: "users", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh, .incremental],
        sourceDefinedCursor: true, defaultCursorField: ["updated_at"], sourceDefinedPrimaryKey: [["id"]])
    static let events = AirbyteStream(
        name: "events", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh, .incremental],
        defaultCursorField: ["at"], namespace: "app")
    static let files = AirbyteStream(name: "files", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh])
    static let catalog = AirbyteCatalog(streams: [users, events, files])

    static func connection(_ streams: [ConfiguredStream]) -> SavedConnection {
        SavedConnection(
            workspaceID: WorkspaceID(), name: "c", sourceID: SourceID(), destinationID: DestinationID(),
            streams: streams, catalog: catalog)
    }

    @Test("By default every stream syncs in the best mode both sides support")
    func defaultModes() {
        let all = PlatformService.defaultStreams(Self.catalog, destinationModes: [.append, .overwrite, .appendDedup])
        #expect(all.map(\.syncMode) == [.incrementalDedupedHistory, .incrementalAppend, .fullRefreshOverwrite])
        #expect(all[1].namespace == "app")
        let appendOnly = PlatformService.defaultStreams(Self.catalog, destinationModes: [.append])
        #expect(appendOnly.map(\.syncMode) == [.incrementalAppend, .incrementalAppend, .fullRefreshAppend])
    }

    @Test("Streams the source lacks, modes a side does not support, missing keys and cursors are refused, all at once")
    func validation() {
        let connection = Self.connection([
            ConfiguredStream(name: "missing", syncMode: .fullRefreshAppend),
            ConfiguredStream(name: "files", syncMode: .incrementalAppend),
            ConfiguredStream(name: "events", namespace: "app", syncMode: .incrementalDedupedHistory),
            ConfiguredStream(name: "users", syncMode: .fullRefreshOverwriteDeduped),
        ])
        let error = #expect(throws: PlatformError.self) {
            try PlatformService.validate(
                connection, catalog: Self.catalog, destinationModes: [.append, .overwrite, .appendDedup],
                names: ("source-x", "destination-y"))
        }
        let problems = error?.problems ?? []
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("stream missing is not one of source-x's streams") })
        #expect(problems.contains { $0.hasPrefix("stream files cannot be read incremental") })
        #expect(problems.contains { $0.hasPrefix("stream app.events needs a primary key") })
        #expect(problems.contains { $0.hasPrefix("stream users cannot be written overwrite_dedup") })
        #expect(throws: Never.self) {
            try PlatformService.validate(
                Self.connection([ConfiguredStream(name: "events", namespace: "app", syncMode: .incrementalAppend)]),
                catalog: Self.catalog, destinationModes: nil, names: ("s", "d"))
        }
    }

    @Test("Replaced streams get the job's generation; kept ones keep every row; a clear overwrites with nothing")
    func generations() throws {
        let connection = Self.connection([
            ConfiguredStream(name: "users", syncMode: .incrementalDedupedHistory),
            ConfiguredStream(name: "events", namespace: "app", syncMode: .incrementalAppend, cursorField: ["seq"]),
            ConfiguredStream(name: "files", syncMode: .fullRefreshOverwrite),
            ConfiguredStream(name: "files", namespace: "old", selected: false, syncMode: .fullRefreshOverwrite),
        ])
        let sync = try ConnectionCatalog.configured(connection, replacing: [], generation: 42, syncID: 7)
        #expect(sync.streams.map(\.stream.name) == ["users", "events", "files"])
        #expect(sync.streams.map(\.generationId) == [0, 0, 42] && sync.streams.map(\.minimumGenerationId) == [0, 0, 42])
        #expect(sync.streams[0].cursorField == ["updated_at"] && sync.streams[0].primaryKey == [["id"]])
        #expect(sync.streams[1].cursorField == ["seq"] && sync.streams[2].cursorField == nil)
        #expect(sync.streams.allSatisfy { $0.syncId == 7 })

        let refresh = try ConnectionCatalog.configured(connection, replacing: [StreamDescriptor(name: "users")], generation: 43, syncID: 8)
        #expect(refresh.streams[0].generationId == 43 && refresh.streams[0].minimumGenerationId == 43)
        #expect(refresh.streams[0].destinationSyncMode == .appendDedup, "a refresh keeps the mode, truncating once complete")

        let clear = try ConnectionCatalog.clearing(
            connection, streams: [StreamDescriptor(name: "events", namespace: "app")],
            generation: 44, syncID: 9)
        #expect(clear.streams.map(\.stream.name) == ["events"])
        #expect(clear.streams[0].destinationSyncMode == .overwrite && clear.streams[0].minimumGenerationId == 44)
    }
}
