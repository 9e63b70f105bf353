import AirbyteProtocol
import ArgumentParser
import DeclarativeManifest
import DeclarativeSource

/// `source-declarative-manifest`: the Python CDK's command of that name, natively.
///
/// ```
/// source-declarative-manifest spec
/// source-declarative-manifest check    --config config.json [--manifest-path manifest.yaml]
/// source-declarative-manifest discover --config config.json [--manifest-path manifest.yaml]
/// source-declarative-manifest read     --config config.json --catalog catalog.json [--state state.json] [--manifest-path manifest.yaml]
/// ```
///
/// The manifest comes from `--manifest-path` or, as Airbyte's platform passes it, from the
/// config's `__injected_declarative_manifest`. Airbyte protocol messages go to stdout.
@main
struct SourceDeclarativeManifest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source-declarative-manifest",
        abstract: "Runs an Airbyte declarative (low-code) manifest natively.",
        subcommands: [Spec.self, Check.self, Discover.self, Read.self, Validate.self])

    /// Runs a plain `check`, `discover` or `read` line directly, its manifest loading from
    /// the start (``PlainCommandLine``, ``SourcePreparation``); ArgumentParser runs any other.
    static func main() async {
        guard let plain = PlainCommandLine(Array(CommandLine.arguments.dropFirst())) else {
            await main(nil)
            return
        }
        SourcePreparation.startEarly(plain.inputs)
        await plain.run()
    }

    /// Options every command but `spec` takes.
    struct SourceInputs: ParsableArguments {
        @Option(help: "The connector's config (JSON).") var config: String
        @Option(name: .customLong("manifest-path"), help: "The manifest (YAML); otherwise the config's __injected_declarative_manifest.")
        var manifestPath: String?
        @Option(name: .customLong("components-path"), help: "Python components: not supported natively.")
        var componentsPath: String?
        @Flag(help: "More logs.") var debug = false

        var preparationInputs: SourcePreparation.Inputs {
            SourcePreparation.Inputs(config: config, manifestPath: manifestPath, componentsPath: componentsPath)
        }
    }

    struct Spec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "spec",
            abstract: "Print the connector specification: the generic one, or the manifest's own with --manifest-path.")
        @Option(name: .customLong("manifest-path"), help: "Answer this manifest's own spec (the Python command has no such option).")
        var manifestPath: String?

        func run() async throws {
            if let manifestPath {
                let sink = FileDescriptorSink()
                do {
                    let manifest = try ResolvedManifest(contentsOfFile: manifestPath)
                    let spec = try DeclarativeSource(manifest: manifest, config: JSONObject()).spec()
                    sink.write(line: Array(JSONValue.object(["type": "SPEC", "spec": .object(spec)]).jsonText.utf8))
                    sink.flush()
                } catch {
                    CommandSupport.fail(message: error.description, internalMessage: error.debugDescription, sink: sink)
                }
                return
            }
            let spec: JSONValue = [
                "documentationUrl": "https://docs.airbyte.com/integrations/sources/low-code",
                "connectionSpecification": [
                    "$schema": "http://json-schema.org/draft-07/schema#",
                    "title": "Low-code source spec",
                    "type": "object",
                    "required": ["__injected_declarative_manifest"],
                    "additionalProperties": true,
                    "properties": [
                        "__injected_declarative_manifest": [
                            "title": "Low-code manifest",
                            "type": "object",
                            "description": "The low-code manifest that defines the components of the source.",
                        ]
                    ],
                ],
            ]
            let sink = FileDescriptorSink()
            sink.write(line: Array(JSONValue.object(["type": "SPEC", "spec": spec]).jsonText.utf8))
            sink.flush()
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check the connection.")
        @OptionGroup var inputs: SourceInputs
        func run() async throws { await Self.run(inputs.preparationInputs) }

        static func run(_ inputs: SourcePreparation.Inputs) async {
            let sink = FileDescriptorSink()
            let source = await CommandSupport.makeSource(inputs, sink: sink)
            let status: JSONValue
            switch await source.check(sink: sink) {
            case .succeeded: status = ["status": "SUCCEEDED"]
            case .failed(let message): status = ["status": "FAILED", "message": .string(message)]
            case .manifestError(let message): CommandSupport.fail(message: message, sink: sink)
            }
            sink.write(line: Array(JSONValue.object(["type": "CONNECTION_STATUS", "connectionStatus": status]).jsonText.utf8))
            sink.flush()
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discover", abstract: "List the streams.")
        @OptionGroup var inputs: SourceInputs
        @Option(help: "Ignored (the CDK accepts it).") var catalog: String?
        func run() async throws { await Self.run(inputs.preparationInputs) }

        static func run(_ inputs: SourcePreparation.Inputs) async {
            let sink = FileDescriptorSink()
            let source = await CommandSupport.makeSource(inputs, sink: sink)
            if let problem = source.configProblems() {
                CommandSupport.fail(message: problem, failureType: .configError, sink: sink)
            }
            do {
                let catalog = try await source.discover()
                sink.write(line: Array(JSONValue.object(["type": "CATALOG", "catalog": .object(catalog)]).jsonText.utf8))
                sink.flush()
            } catch {
                CommandSupport.fail(message: "\(error)", internalMessage: String(reflecting: error), sink: sink)
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read", abstract: "Read the configured streams.")
        @OptionGroup var inputs: SourceInputs
        @Option(help: "The configured catalog (JSON).") var catalog: String
        @Option(help: "The state: a list of state messages (JSON).") var state: String?
        func run() async throws {
            if await !Self.run(inputs.preparationInputs, catalog: catalog, state: state) { throw ExitCode(1) }
        }

        /// Reads; `false` when the read failed.
        static func run(_ inputs: SourcePreparation.Inputs, catalog: String, state: String?) async -> Bool {
            CommandSupport.runTasksOnEventLoops()
            // While the manifest loads (started first, for a plain command line).
            DeclarativeSource.warmUpHTTPClient()
            let sink = FileDescriptorSink()
            let source = await CommandSupport.makeSource(inputs, sink: sink)
            let catalogValue: JSONValue
            var stateMessages: [JSONValue] = []
            do {
                catalogValue = try CommandSupport.readJSON(catalog)
                if let state {
                    switch try CommandSupport.readJSON(state) {
                    case .array(let messages): stateMessages = messages
                    case .object(let legacy) where !legacy.isEmpty: stateMessages = [["type": "LEGACY", "data": .object(legacy)]]
                    default: break
                    }
                }
            } catch {
                CommandSupport.fail(message: "\(error)", failureType: .configError, sink: sink)
            }
            return await source.read(catalog: catalogValue, state: stateMessages, sink: sink)
        }
    }

    /// Loads a manifest as `discover` would, without network, and says whether it runs natively.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Load a manifest and build every stream without network; print one JSON line: loaded, refused or failed.",
            discussion: "Not a command of the Python CDK: scripts/declarative-sweep runs it over a folder of manifests.",
            shouldDisplay: false)
        @Option(name: .customLong("manifest-path"), help: "The manifest (YAML).") var manifestPath: String
        @Option(help: "A config (JSON) to build with; none by default.") var config: String?

        func run() async throws {
            var result: JSONObject = [:]
            do {
                var configObject = JSONObject()
                if let config {
                    guard case .object(let object) = try CommandSupport.readJSON(config) else {
                        throw CommandSupport.InputError(description: "The config must be a JSON object")
                    }
                    configObject = object
                }
                let manifest = try ResolvedManifest(contentsOfFile: manifestPath)
                let normalized = try DeclarativeSource.normalizedConfig(configObject, manifest: manifest)
                let source = DeclarativeSource(manifest: manifest, config: normalized.config)
                if let problem = source.configProblems() { result["config_problems"] = .string(problem) }
                try source.validate()
                if let error = source.templateSyntaxErrors().first { throw error }
                result["status"] = "loaded"
            } catch let error as ManifestError {
                result["status"] = error.code == .unsupportedComponent ? "refused" : "failed"
                result["code"] = .string(error.code.description)
                result["path"] = .string(error.path)
                result["message"] = .string(error.message)
            } catch {
                result["status"] = "failed"
                result["message"] = .string("\(error)")
            }
            let sink = FileDescriptorSink()
            sink.write(line: Array(JSONValue.object(result).jsonText.utf8))
            sink.flush()
        }
    }
}
