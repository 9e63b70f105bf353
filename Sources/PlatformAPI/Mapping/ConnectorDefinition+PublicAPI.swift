import AirbyteProtocol
import PlatformStore

extension ConnectorDefinition {
    /// What the definition runs, as Airbyte's `dockerRepository` and `dockerImageTag` would say it.
    var repositoryAndTag: (repository: String, tag: String) {
        switch runtime {
        case .pip(let package, let version): ("pypi:\(package)", version ?? "latest")
        case .docker(let image):
            if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
                (String(image[..<colon]), String(image[image.index(after: colon)...]))
            } else {
                (image, "latest")
            }
        case .executable(let path): ("executable:\(path)", "local")
        case .builtIn: ("swiftbyte/\(name)", "built-in")
        }
    }

    /// Airbyte's `ConnectorDefinitionResponse` (`GET /connector_definitions`).
    var connectorDefinitionAPI: JSONValue {
        [
            "id": .string(id.description), "name": .string(displayName), "connectorDefinitionType": .string(kind.rawValue),
            "version": .string(repositoryAndTag.tag),
        ]
    }

    /// Airbyte's `DefinitionResponse` (`GET /workspaces/{id}/definitions/sources`).
    var definitionAPI: JSONValue {
        let (repository, tag) = repositoryAndTag
        return [
            "id": .string(id.description), "name": .string(displayName), "dockerRepository": .string(repository),
            "dockerImageTag": .string(tag),
        ]
    }
}
