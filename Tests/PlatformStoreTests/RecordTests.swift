import AirbyteProtocol
import Foundation
import PlatformTestSupport
import Testing

@testable import PlatformStore

@Suite("Store objects")
struct RecordTests {
    @Test("Workspaces: create, read, list, page, update, delete as a tombstone", arguments: StoreKind.allCases)
    func workspaces(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let first = try await store.defaultWorkspace()
            var created: [Workspace] = []
            for index in 1...3 {
                let workspace = Workspace(name: "team \(index)", createdAt: first.createdAt.addingTimeInterval(Double(index)))
                try await store.insertWorkspace(workspace)
                created.append(workspace)
            }
            #expect(try await store.workspace(created[1].id) == created[1])
            #expect(try await store.workspaces().map(\.name) == ["Default Workspace", "team 1", "team 2", "team 3"])
            #expect(try await store.workspaces(page: Page(limit: 2, offset: 1)).map(\.name) == ["team 1", "team 2"])
            #expect(try await store.workspaces(ids: [created[2].id, first.id]).map(\.name) == ["Default Workspace", "team 3"])

            var renamed = created[0]
            renamed.name = "analytics"
            renamed.notifications.failure = NotificationSettings.Item(webhookEnabled: true, webhookURL: "http://127.0.0.1:9/hook")
            renamed.isDeleted = true
            try await store.updateWorkspace(renamed)
            #expect(try await store.workspace(renamed.id) == renamed)
            #expect(try await store.workspaces().map(\.name) == ["Default Workspace", "team 2", "team 3"])
            #expect(try await store.workspaces(includeDeleted: true).count == 4)

            let missing = await #expect(throws: StoreError.self) { try await store.updateWorkspace(Workspace(name: "ghost")) }
            #expect(missing?.code == .notFound)
            let duplicate = await #expect(throws: StoreError.self) { try await store.insertWorkspace(created[1]) }
            #expect(duplicate?.code == .conflict)
        }
    }

    @Test(
        "Definitions: found by Airbyte's short type, global or a workspace's own; fixed ids saved once",
        arguments: StoreKind.allCases)
    func definitions(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            #expect(try await store.definition(kind: .source, type: "faker") == fixtures.sourceDefinition)
            #expect(try await store.definition(kind: .destination, type: "faker") == nil)
            #expect(try await store.definition(fixtures.destinationDefinition.id)?.runtime == .builtIn)

            let team = Workspace(name: "team")
            try await store.insertWorkspace(team)
            let custom = ConnectorDefinition(
                kind: .source, name: "source-faker", type: "faker", displayName: "Our faker",
                runtime: .executable(path: "/opt/faker/bin/source-faker"), workspaceID: team.id)
            try await store.insertDefinition(custom)
            #expect(try await store.definition(kind: .source, type: "faker", workspace: team.id) == custom)
            #expect(try await store.definition(kind: .source, type: "faker") == fixtures.sourceDefinition)
            #expect(try await store.definitions(kind: .source).count == 1)
            #expect(try await store.definitions(kind: .source, workspace: team.id).count == 2)
            #expect(try await store.definitions().count == 2)

            let docker = ConnectorDefinition(
                id: fixtures.sourceDefinition.id, kind: .source, name: "source-postgres",
                type: "postgres", displayName: "Postgres",
                runtime: .docker(image: "airbyte/source-postgres:3.6.28"))
            #expect(try await store.insertDefinition(docker, ifAbsent: true) == false)
            #expect(try await store.definition(fixtures.sourceDefinition.id) == fixtures.sourceDefinition)
        }
    }

    @Test("Sources and destinations keep their configuration exactly; deleted ones are hidden", arguments: StoreKind.allCases)
    func sourcesAndDestinations(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            #expect(try await store.source(fixtures.source.id) == fixtures.source)
            #expect(try await store.destination(fixtures.destination.id) == fixtures.destination)

            let precise: JSONValue = [
                "big": .number("123456789012345678901234567890"), "nested": ["list": [1, "two", nil, true]],
                "ordered": ["z": 1, "a": 2],
            ]
            var source = fixtures.source
            source.configuration = precise
            source.name = "faker (precise)"
            source.updatedAt = source.createdAt.addingTimeInterval(5)
            try await store.updateSource(source)
            let read = try #require(try await store.source(source.id))
            #expect(read == source)
            #expect(read.configuration.jsonText == precise.jsonText, "numbers and key order survive")

            let other = Workspace(name: "other")
            try await store.insertWorkspace(other)
            let second = SavedSource(
                workspaceID: other.id, definitionID: fixtures.sourceDefinition.id, name: "second",
                configuration: [:], createdAt: fixtures.source.createdAt.addingTimeInterval(1))
            try await store.insertSource(second)
            #expect(try await store.sources().map(\.id) == [fixtures.source.id, second.id])
            #expect(try await store.sources(workspaces: [other.id]).map(\.id) == [second.id])
            var deleted = second
            deleted.isDeleted = true
            try await store.updateSource(deleted)
            #expect(try await store.sources().map(\.id) == [fixtures.source.id])
            #expect(try await store.sources(includeDeleted: true).count == 2)
            #expect(try await store.destinations(workspaces: [other.id]).isEmpty)
        }
    }

    @Test("Connections keep every setting: streams, catalog, schedule, policies, notifications", arguments: StoreKind.allCases)
    func connections(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let catalog = AirbyteCatalog(streams: [
                AirbyteStream(
                    name: "users", jsonSchema: ["type": "object", "properties": ["id": ["type": "integer"]]],
                    supportedSyncModes: [.fullRefresh, .incremental], sourceDefinedCursor: true,
                    defaultCursorField: ["updated_at"], sourceDefinedPrimaryKey: [["id"]])
            ])
            let schedules: [ConnectionSchedule] = [
                .manual, .basic(units: 24, timeUnit: .hours), .cron(expression: "0 0 12 * * ?", timeZone: "Europe/Paris"),
            ]
            for (index, schedule) in schedules.enumerated() {
                let connection = SavedConnection(
                    workspaceID: fixtures.workspace.id, name: "connection \(index)", sourceID: fixtures.source.id,
                    destinationID: fixtures.destination.id,
                    streams: [
                        ConfiguredStream(
                            name: "users", syncMode: .incrementalDedupedHistory, cursorField: ["updated_at"],
                            primaryKey: [["id"]]),
                        ConfiguredStream(
                            name: "products", namespace: "shop", selected: false, syncMode: .fullRefreshOverwrite,
                            destinationObjectName: "items"),
                    ],
                    catalog: catalog, namespaceDefinition: .customFormat, namespaceFormat: "raw_${SOURCE_NAMESPACE}",
                    prefix: "faker_", schedule: schedule, scheduleUpdatedAt: epoch.addingTimeInterval(100),
                    status: index == 2 ? .inactive : .active,
                    statusReason: index == 2 ? "disabled after 3 failed syncs in a row" : nil,
                    nonBreakingChangesBehavior: .propagateColumns,
                    retryPolicy: RetryPolicy(maxAttempts: 5, initialBackoffSeconds: 1, backoffMultiplier: 2, maxBackoffSeconds: 60),
                    failureThreshold: 4,
                    notifications: NotificationSettings(failure: .init(webhookEnabled: true, webhookURL: "https://hooks.example/x")),
                    createdAt: epoch.addingTimeInterval(Double(index)))
                try await store.insertConnection(connection)
                #expect(try await store.connection(connection.id) == connection)
            }
            #expect(try await store.connections().map(\.name) == ["connection 0", "connection 1", "connection 2"])
            #expect(try await store.connections(statuses: [.active]).count == 2)
            #expect(
                try await store.connections(source: fixtures.source.id, page: Page(limit: 1, offset: 2)).map(\.name)
                    == ["connection 2"])
            #expect(try await store.connections(destination: DestinationID()).isEmpty)

            var deleted = try #require(try await store.connections().first)
            deleted.status = .deprecated
            try await store.updateConnection(deleted)
            #expect(try await store.connections().count == 2)
            #expect(try await store.connections(includeDeleted: true).count == 3)
        }
    }

    @Test(
        "A connection's catalog: lists read its schema-free outline, the schemas decode on use, a connection saved back unchanged keeps them, and a row written before the outline column still reads",
        arguments: StoreKind.allCases)
    func connectionCatalogs(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let schema: JSONObject = ["type": "object", "properties": ["id": ["type": "integer"], "name": ["type": "string"]]]
            let catalog = AirbyteCatalog(streams: [
                AirbyteStream(
                    name: "users", jsonSchema: schema, supportedSyncModes: [.fullRefresh, .incremental],
                    sourceDefinedCursor: true, defaultCursorField: ["updated_at"], sourceDefinedPrimaryKey: [["id"]],
                    namespace: "shop")
            ])
            let connection = SavedConnection(
                workspaceID: fixtures.workspace.id, name: "with a catalog", sourceID: fixtures.source.id,
                destinationID: fixtures.destination.id,
                streams: [ConfiguredStream(name: "users", namespace: "shop", syncMode: .incrementalDedupedHistory)],
                catalog: catalog)
            try await store.insertConnection(connection)

            let listed = try #require(try await store.connections(page: Page(limit: 20)).first)
            let outline = try #require(listed.catalogWithoutSchemas?.streams.first)
            #expect(outline.name == "users" && outline.namespace == "shop" && outline.jsonSchema.isEmpty)
            #expect(outline.sourceDefinedCursor == true && outline.defaultCursorField == ["updated_at"])
            #expect(outline.sourceDefinedPrimaryKey == [["id"]] && outline.supportedSyncModes == [.fullRefresh, .incremental])
            #expect(listed.catalog == catalog)
            #expect(try listed.decodedCatalog() == catalog)
            #expect(listed == connection)

            var renamed = listed
            renamed.name = "renamed"
            try await store.updateConnection(renamed)
            #expect(try await store.connection(connection.id)?.catalog == catalog, "saving a listed connection keeps its catalog")

            // A row from before migration 3 has no outline: it is derived from the catalog.
            var row = try #require(try await store.select(from: .connections, StoreQuery([.equals("id", StoreValue(connection.id))])).first)
            row["catalog_streams"] = .null
            #expect(try await store.update(row, in: .connections))
            let old = try #require(try await store.connection(connection.id))
            #expect(old.catalogWithoutSchemas == listed.catalogWithoutSchemas && old.catalog == catalog)

            // A catalog that no longer decodes reads as none, and says why when asked.
            row["catalog_streams"] = .json(listed.catalogWithoutSchemas?.json)
            row["catalog"] = .text("{\"streams\": 42}")
            #expect(try await store.update(row, in: .connections))
            let corrupt = try #require(try await store.connection(connection.id))
            #expect(corrupt.catalog == nil && corrupt.catalogWithoutSchemas == listed.catalogWithoutSchemas)
            let error = #expect(throws: StoreError.self) { try corrupt.decodedCatalog() }
            #expect(error?.code == .corruptRow)
        }
    }

    @Test("A source's discovered catalog is cached and replaced", arguments: StoreKind.allCases)
    func discoveredCatalogs(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            #expect(try await store.discoveredCatalog(fixtures.source.id) == nil)
            let first = DiscoveredCatalog(
                sourceID: fixtures.source.id,
                catalog: AirbyteCatalog(streams: [
                    AirbyteStream(name: "users", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh])
                ]), configurationHash: "a", discoveredAt: epoch)
            try await store.saveDiscoveredCatalog(first)
            #expect(try await store.discoveredCatalog(fixtures.source.id) == first)
            var second = first
            second.catalog.streams.append(
                AirbyteStream(
                    name: "purchases", jsonSchema: ["type": "object"],
                    supportedSyncModes: [.fullRefresh, .incremental]))
            second.configurationHash = "b"
            try await store.saveDiscoveredCatalog(second)
            #expect(try await store.discoveredCatalog(fixtures.source.id) == second)
        }
    }

    @Test("API applications: one per client id, found by it, deleted for good", arguments: StoreKind.allCases)
    func applications(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let application = APIApplication(name: "dagster", clientID: "client-1", secretHash: "hash", createdAt: epoch)
            try await store.insertApplication(application)
            #expect(try await store.application(clientID: "client-1") == application)
            let duplicate = await #expect(throws: StoreError.self) {
                try await store.insertApplication(APIApplication(name: "other", clientID: "client-1", secretHash: "x"))
            }
            #expect(duplicate?.code == .conflict)
            #expect(try await store.applications().count == 1)
            #expect(try await store.deleteApplication(application.id))
            #expect(try await store.application(application.id) == nil)
            #expect(try await store.deleteApplication(application.id) == false)
        }
    }
}
