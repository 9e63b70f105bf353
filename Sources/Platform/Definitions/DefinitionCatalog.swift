import AirbyteProtocol
import Crypto
package import Foundation
package import PlatformStore
package import Swiftbyte

/// How Airbyte's `sourceType` / `destinationType` name a connector, and how a
/// definition runs.
///
/// - `faker` is `source-faker` from PyPI (`airbyte-source-faker`);
/// - `duckdb` is the built-in `destination-duckdb`;
/// - any other `NAME` is `source-NAME` / `destination-NAME` from PyPI
///   (`airbyte-source-NAME`); `pip install` failing makes it unknown.
///
/// Definitions made from a type get a fixed id (Airbyte's own for faker and
/// DuckDB, a name-derived one otherwise), so every server process saves the
/// same definition once.
package struct DefinitionCatalog: Sendable {
    /// The built-in `destination-duckdb` executable; `nil` looks beside the
    /// running program (``DestinationConnector/builtInDuckDBExecutable``).
    package var builtInDuckDB: String?

    package init(builtInDuckDB: String? = nil) {
        self.builtInDuckDB = builtInDuckDB
    }

    /// Airbyte's definition ids for the connectors Swiftbyte names itself.
    static let airbyteIDs: [String: String] = [
        "source-faker": "dfd88b22-b603-4c3d-aad7-3701784586b1",
        "destination-duckdb": "94bd199c-2ff0-4aa2-b98e-17f0acb72610",
    ]

    /// The definition `type` names for `kind` (saved in `store` if new).
    ///
    /// - Throws: ``PlatformError`` `invalidInput` for a type that cannot name a connector.
    package func definition(
        kind: ConnectorDefinition.Kind, type rawType: String, workspace: WorkspaceID?,
        store: any PlatformStore, now: Date
    ) async throws -> ConnectorDefinition {
        let type = rawType.lowercased()
        if let existing = try await store.definition(kind: kind, type: type, workspace: workspace) { return existing }
        guard !type.isEmpty, type.count <= 100,
            type.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            throw PlatformError(
                .invalidInput,
                message: """
                    \(kind == .source ? "sourceType" : "destinationType") \(rawType.debugDescription) is not a connector's name \
                    (letters, digits and dashes, such as faker or postgres)
                    """)
        }
        let name = "\(kind.rawValue)-\(type)"
        let runtime: ConnectorRuntime =
            (kind == .destination && type == "duckdb")
            ? .builtIn
            : .pip(package: "airbyte-\(name)", version: nil)
        let definition = ConnectorDefinition(
            id: Self.fixedID(for: name), kind: kind, name: name, type: type,
            displayName: type.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "),
            runtime: runtime, createdAt: now)
        try await store.insertDefinition(definition, ifAbsent: true)
        return try await store.definition(definition.id) ?? definition
    }

    /// Airbyte's id for `name`, or one derived from it (a version-5-style UUID of its SHA-256).
    static func fixedID(for name: String) -> DefinitionID {
        if let known = airbyteIDs[name], let id = DefinitionID(known) { return id }
        var bytes = Array(SHA256.hash(data: Data("swiftbyte connector definition \(name)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return DefinitionID(uuid)
    }

    /// How `definition` runs.
    ///
    /// - Throws: ``PlatformError`` `connectorFailed` when the built-in
    ///   `destination-duckdb` is not beside the running program.
    package func executor(for definition: ConnectorDefinition) throws -> any ConnectorExecutor {
        switch definition.runtime {
        case .pip(let package, let version):
            guard package != "airbyte-\(definition.name)" else { return PythonConnector(definition.name, version: version) }
            return PythonConnector(definition.name, version: version, pipURL: package + (version.map { "==\($0)" } ?? ""))
        case .docker(let image):
            return DockerImage(image)
        case .executable(let path):
            return LocalExecutable(path)
        case .builtIn:
            guard let path = builtInDuckDB ?? DestinationConnector.builtInDuckDBExecutable else {
                throw PlatformError(
                    .connectorFailed,
                    message: """
                        the built-in \(definition.name) is not installed beside swiftbyte (build it with swift build, \
                        or use the Docker image, which ships it)
                        """)
            }
            return LocalExecutable(path)
        }
    }
}
