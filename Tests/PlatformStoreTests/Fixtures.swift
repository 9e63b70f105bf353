import AirbyteProtocol
import Foundation
import PlatformTestSupport

@testable import PlatformStore

/// Objects the store tests save: a definition pair, a source, a destination and connections between them.
struct Fixtures {
    let workspace: Workspace
    let sourceDefinition: ConnectorDefinition
    let destinationDefinition: ConnectorDefinition
    let source: SavedSource
    let destination: SavedDestination

    /// Saves the definitions, source and destination in `store`'s default workspace.
    static func make(in store: any PlatformStore) async throws -> Fixtures {
        let workspace = try await store.defaultWorkspace()
        let sourceDefinition = ConnectorDefinition(
            kind: .source, name: "source-faker", type: "faker", displayName: "Faker",
            runtime: .pip(package: "airbyte-source-faker", version: nil))
        let destinationDefinition = ConnectorDefinition(
            kind: .destination, name: "destination-duckdb", type: "duckdb",
            displayName: "DuckDB", runtime: .builtIn)
        try await store.insertDefinition(sourceDefinition)
        try await store.insertDefinition(destinationDefinition)
        let source = SavedSource(
            workspaceID: workspace.id, definitionID: sourceDefinition.id, name: "faker",
            configuration: ["count": 100, "seed": 7])
        let destination = SavedDestination(
            workspaceID: workspace.id, definitionID: destinationDefinition.id, name: "warehouse",
            configuration: ["destination_path": "/tmp/warehouse.duckdb"])
        try await store.insertSource(source)
        try await store.insertDestination(destination)
        return Fixtures(
            workspace: workspace, sourceDefinition: sourceDefinition, destinationDefinition: destinationDefinition,
            source: source, destination: destination)
    }

    /// A new connection saved in the store.
    func connection(
        in store: any PlatformStore, name: String = "faker → warehouse",
        retryPolicy: RetryPolicy? = nil
    ) async throws -> SavedConnection {
        let connection = SavedConnection(
            workspaceID: workspace.id, name: name, sourceID: source.id,
            destinationID: destination.id,
            streams: [
                ConfiguredStream(
                    name: "users", syncMode: .incrementalDedupedHistory,
                    cursorField: ["updated_at"], primaryKey: [["id"]])
            ],
            retryPolicy: retryPolicy)
        try await store.insertConnection(connection)
        return connection
    }

    /// A request for a sync of `connection`.
    func sync(_ connection: SavedConnection, type: JobType = .sync, maxAttempts: Int = 3) -> JobRequest {
        JobRequest(connectionID: connection.id, workspaceID: workspace.id, type: type, maxAttempts: maxAttempts)
    }
}

/// A fixed clock for queue tests: times are passed to the store explicitly.
let epoch = Date(timeIntervalSince1970: 1_750_000_000)

func at(_ seconds: Double) -> Date { epoch.addingTimeInterval(seconds) }
