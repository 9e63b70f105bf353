import Foundation
import Logging
package import PlatformStore

extension PlatformService {
    /// Saves a custom connector for a workspace: any program that speaks the
    /// Airbyte protocol, as a local executable, a Docker image or a PyPI
    /// package, under Airbyte's short `type` (`sourceType: "my-api"`). Its
    /// `spec` runs first: a connector that cannot answer it is not saved.
    ///
    /// - Throws: ``PlatformError`` `invalidInput` (a bad type, name or runtime;
    ///   a `spec` that fails), `conflict` when the workspace already sees a connector of that type.
    package func createDefinition(
        kind: ConnectorDefinition.Kind, type rawType: String, displayName: String,
        runtime: ConnectorRuntime, workspace: WorkspaceID? = nil
    ) async throws -> ConnectorDefinition {
        let workspace = try await self.workspace(workspace)
        let type = rawType.trimmingCharacters(in: .whitespaces).lowercased()
        var problems: [String] = []
        if type.isEmpty || type.count > 100 || !type.unicodeScalars.allSatisfy({ Self.isTypeCharacter($0) }) {
            problems.append("the type must be 1 to 100 letters, digits, dashes or underscores, such as my-api")
        }
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append("the name must not be empty") }
        switch runtime {
        case .executable(let path):
            if !path.hasPrefix("/") {
                problems.append("the executable must be an absolute path, such as /opt/connectors/source-my-api")
            } else if !FileManager.default.isExecutableFile(atPath: path) {
                problems.append("\(path) is not an executable file on the server")
            }
        case .docker(let image):
            if image.isEmpty || image.contains(where: \.isWhitespace) {
                problems.append("the Docker image must be a name such as airbyte/source-postgres:3.6.28")
            }
        case .pip(let package, _):
            if package.isEmpty || !package.unicodeScalars.allSatisfy({ Self.isTypeCharacter($0) || $0 == "." || ("A"..."Z").contains($0) })
            {
                problems.append("the PyPI package must be a name such as airbyte-source-my-api")
            }
        case .builtIn:
            problems.append("only Swiftbyte's own connectors are built in")
        }
        guard problems.isEmpty else {
            throw PlatformError(.invalidInput, message: "the connector cannot be added", problems: problems)
        }
        if try await storeCall({ try await store.definition(kind: kind, type: type, workspace: workspace.id) }) != nil {
            throw PlatformError(.conflict, message: "there is already a \(kind.rawValue) connector of type \(type)")
        }
        let definition = ConnectorDefinition(
            kind: kind, name: "\(kind.rawValue)-\(type)", type: type, displayName: name,
            runtime: runtime, workspaceID: workspace.id, createdAt: now)
        do {
            _ = try await specification(of: definition)
        } catch let error as PlatformError {
            throw PlatformError(
                .invalidInput, message: "the connector did not answer spec: \(error.message)",
                problems: error.problems, underlying: error)
        }
        _ = try await storeCall { try await store.insertDefinition(definition) }
        logger.info("added a connector", metadata: ["definition": "\(definition.id)", "connector": "\(definition.name)"])
        return definition
    }

    private static func isTypeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }
}
