import AirbyteProtocol
import DeclarativeManifest
import DeclarativeSource
import Foundation
import Synchronization

/// Everything `check`, `discover` and `read` do before their first output: the config read,
/// the manifest loaded and resolved, the config migrated, the source built and validated.
///
/// None of it writes anything (writing the migrated config back and announcing it are left
/// to ``CommandSupport/makeSource(_:sink:)``), so the executable starts it from the raw
/// command line (``startEarly(arguments:)``) while ArgumentParser is still parsing that line,
/// on the other core; the command takes the result only when its parsed inputs are the same.
/// Parsing the arguments and loading a manifest each take a few milliseconds of a run's start.
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

    /// The preparation started from the raw command line, if it named one.
    private static let early = Mutex<(inputs: Inputs, task: Task<SourcePreparation, any Error>)?>(nil)

    /// Starts preparing the source that `arguments` (without the program's name) describe, in
    /// the background, when they are a plain `check`, `discover` or `read` command line.
    static func startEarly(arguments: [String]) {
        guard let inputs = earlyInputs(arguments) else { return }
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

    /// The inputs of a command line that only uses the options this executable defines,
    /// each once, as `--name value` or `--name=value`; `nil` for anything else (help, a
    /// positional argument, `--components-path`), which ArgumentParser alone then handles.
    static func earlyInputs(_ arguments: [String]) -> Inputs? {
        guard let command = arguments.first else { return nil }
        let options: Set<String>
        switch command {
        case "check": options = ["config", "manifest-path"]
        case "discover": options = ["config", "manifest-path", "catalog"]
        case "read": options = ["config", "manifest-path", "catalog", "state"]
        default: return nil
        }
        var values: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--debug" { continue }
            guard argument.hasPrefix("--") else { return nil }
            var name = String(argument.dropFirst(2))
            let value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            guard options.contains(name), values.updateValue(value, forKey: name) == nil else { return nil }
        }
        guard let config = values["config"] else { return nil }
        return Inputs(config: config, manifestPath: values["manifest-path"], componentsPath: nil)
    }
}
