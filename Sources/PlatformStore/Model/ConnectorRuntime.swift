/// How a connector runs: what the domain hands Swiftbyte's executors.
package enum ConnectorRuntime: Sendable, Hashable, Codable {
    /// A Python package from PyPI, installed into a virtualenv of its own
    /// (`airbyte-source-faker`), optionally pinned to `version`.
    case pip(package: String, version: String?)
    /// A Docker image, such as `airbyte/source-postgres:3.6.28`.
    case docker(image: String)
    /// An executable: an absolute path, or a name found on PATH.
    case executable(path: String)
    /// Shipped with Swiftbyte (the built-in `destination-duckdb`).
    case builtIn

    private enum CodingKeys: String, CodingKey { case kind, package, version, image, path }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "pip":
            self = .pip(
                package: try container.decode(String.self, forKey: .package),
                version: try container.decodeIfPresent(String.self, forKey: .version))
        case "docker": self = .docker(image: try container.decode(String.self, forKey: .image))
        case "executable": self = .executable(path: try container.decode(String.self, forKey: .path))
        case "builtIn": self = .builtIn
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown runtime kind \(other)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .pip(let package, let version):
            try container.encode("pip", forKey: .kind)
            try container.encode(package, forKey: .package)
            try container.encodeIfPresent(version, forKey: .version)
        case .docker(let image):
            try container.encode("docker", forKey: .kind)
            try container.encode(image, forKey: .image)
        case .executable(let path):
            try container.encode("executable", forKey: .kind)
            try container.encode(path, forKey: .path)
        case .builtIn:
            try container.encode("builtIn", forKey: .kind)
        }
    }
}
