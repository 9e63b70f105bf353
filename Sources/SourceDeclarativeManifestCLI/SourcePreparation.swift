import AirbyteProtocol
import DeclarativeManifest
import DeclarativeSource
import Foundation
import Synchronization

/// Everything `check`, `discover` and `read` do before their first output: the config read,
/// the manifest loaded and resolved, the config migrated, the source built and validated.
///
/// None of it writes anything (writing the migrated config back and announcing it are left
/// to ``CommandSupport/makeSource(_:sink:)``), so for a plain command line
/// (``PlainCommandLine``) the executable starts it first (``startEarly(_:)``), on the other
/// core, while the command sets itself up; the command takes the result when its inputs are
/// the same. Loading a manifest takes a few milliseconds of a run's start.
struct SourcePreparation: Sendable {
    /// The arguments the preparation depends on.
    struct Inputs: Equatable, Sendable {
        var config: String
        var manifestPath: String?
        var componentsPath: String?
    }

    /// The config after the manifest's migrations, when they changed it: to be written back
    /// over the config file and sent as a CONNECTOR_CONFIG message.
    var migratedConfig: JSONObject?
    /// The validated source, or why it is invalid (found after the migration, as the CDK does).
    var source: Result<DeclarativeSource, any Error>

    /// Prepares the source; throws what stops it before the config is migrated.
    static func prepare(_ inputs: Inputs) throws -> SourcePreparation {
        guard case .object(var config) = try CommandSupport.readJSON(inputs.config) else {
            throw CommandSupport.InputError(description: "The config must be a JSON object")
        }
        if inputs.componentsPath != nil {
            throw CommandSupport.InputError(
                description: "--components-path: Python custom components cannot run natively; use the Python CDK for this manifest")
        }
        if let path = inputs.manifestPath {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw CommandSupport.InputError(
                    description: "Failed to load manifest file from \(path): \(error.localizedDescription)")
            }
            let manifest = try ManifestYAML.load(text)
            config["__injected_declarative_manifest"] = .object(manifest)
        }
        guard let injected = config["__injected_declarative_manifest"] else {
            throw CommandSupport.InputError(
                description:
                    "Invalid config: `__injected_declarative_manifest` should be provided at the root of the config or using the --manifest-path argument. Config only has keys: \(config.keys)"
            )
        }
        guard case .object(let manifestObject) = injected else {
            throw CommandSupport.InputError(
                description: "Invalid config: `__injected_declarative_manifest` should be a dictionary")
        }
        let manifest = try ResolvedManifest(manifestObject)
        // The CDK migrates the config as the source is created.
        let normalized = try DeclarativeSource.normalizedConfig(config, manifest: manifest)
        let source = DeclarativeSource(manifest: manifest, config: normalized.config)
        return SourcePreparation(
            migratedConfig: normalized.migrated,
            source: Result { try source.validate() }.map { source })
    }

    // MARK: Starting early

    /// The preparation started before the command ran, if one was.
    private static let early = Mutex<(inputs: Inputs, task: Task<SourcePreparation, any Error>)?>(nil)

    /// Starts preparing the source for `inputs` in the background, on the other core, while
    /// the command sets itself up (the HTTP client's warm-up, for `read`).
    static func startEarly(_ inputs: Inputs) {
        let task = Task.detached(priority: .high) { try prepare(inputs) }
        early.withLock { $0 = (inputs, task) }
    }

    /// The preparation for `inputs`: the one started early when it had the same inputs,
    /// otherwise a new one. The early one is handed out once.
    static func take(_ inputs: Inputs) async throws -> SourcePreparation {
        let started = early.withLock { started in
            defer { started = nil }
            return started
        }
        if let started, started.inputs == inputs { return try await started.task.value }
        return try prepare(inputs)
    }
}
