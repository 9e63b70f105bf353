import Foundation

/// A declarative (low-code) manifest run natively by `source-declarative-manifest`, the
/// executable built beside `swiftbyte` (or found on PATH): no Python needed.
///
/// ```swift
/// let source = try await Source.resolve("manifest.yaml", config: config)   // picked for .yaml/.yml names
/// ```
///
/// The manifest's path is passed as `--manifest-path`, and `spec` answers the manifest's
/// own specification, so the config is validated as for any other connector.
public struct DeclarativeManifestExecutor: ConnectorExecutor {
    /// The manifest file.
    public var manifestPath: String

    public init(manifestPath: String) {
        self.manifestPath = manifestPath
    }

    public var description: String { "declarative manifest \(manifestPath) (native)" }

    /// Whether `name` names a manifest file rather than a connector.
    public static func isManifest(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// The built-in `source-declarative-manifest` beside the running program, else on PATH.
    public static var builtInExecutable: String? {
        if let program = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let candidate = program.deletingLastPathComponent().appendingPathComponent("source-declarative-manifest").path
            if ExecutablePath.isExecutableFile(candidate) { return candidate }
        }
        return ExecutablePath.resolve("source-declarative-manifest")
    }

    public func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand {
        let absolute = manifestPath.hasPrefix("/") ? manifestPath : FileManager.default.currentDirectoryPath + "/" + manifestPath
        guard FileManager.default.isReadableFile(atPath: absolute) else {
            throw ExecutorError(
                .executableNotFound, connector: manifestPath, message: "The manifest \(manifestPath) does not exist or is not readable.")
        }
        guard let executable = Self.builtInExecutable else {
            throw ExecutorError(
                .executableNotFound, connector: "source-declarative-manifest",
                message:
                    "source-declarative-manifest was not found beside swiftbyte or on PATH; build it with `swift build --product source-declarative-manifest`."
            )
        }
        return ConnectorCommand(executable: executable) { arguments, _ in arguments + ["--manifest-path", absolute] }
    }
}
