internal import AirbyteProtocol
public import ArgumentParser
internal import DeclarativeManifest
internal import Foundation

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
public struct SourceDeclarativeManifestCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "source-declarative-manifest",
        abstract: "Runs an Airbyte declarative (low-code) manifest natively.",
        subcommands: [Spec.self, Check.self, Discover.self, Read.self])

    public init() {}

    /// Options every command but `spec` takes.
    struct SourceInputs: ParsableArguments {
        @Option(help: "The connector's config (JSON).") var config: String
        @Option(name: .customLong("manifest-path"), help: "The manifest (YAML); otherwise the config's __injected_declarative_manifest.")
        var manifestPath: String?
        @Option(name: .customLong("components-path"), help: "Python components: not supported natively.")
        var componentsPath: String?
        @Flag(help: "More logs.") var debug = false
    }

    struct Spec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
                    CommandSupport.fail(
                        SourceFailure(message: error.description, internalMessage: error.debugDescription, failureType: .systemError),
                        sink: sink)
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
        static let configuration = CommandConfiguration(abstract: "Check the connection.")
        @OptionGroup var inputs: SourceInputs
        func run() async throws {
            let sink = FileDescriptorSink()
            let source = try CommandSupport.makeSource(inputs, sink: sink)
            let status: JSONValue
            switch await source.check(sink: sink) {
            case .succeeded: status = ["status": "SUCCEEDED"]
            case .failed(let message): status = ["status": "FAILED", "message": .string(message)]
            }
            sink.write(line: Array(JSONValue.object(["type": "CONNECTION_STATUS", "connectionStatus": status]).jsonText.utf8))
            sink.flush()
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the streams.")
        @OptionGroup var inputs: SourceInputs
        @Option(help: "Ignored (the CDK accepts it).") var catalog: String?
        func run() async throws {
            let sink = FileDescriptorSink()
            let source = try CommandSupport.makeSource(inputs, sink: sink)
            if let problem = source.configProblems() {
                CommandSupport.fail(SourceFailure.config(problem), sink: sink)
            }
            do {
                let catalog = try source.discover()
                sink.write(line: Array(JSONValue.object(["type": "CATALOG", "catalog": .object(catalog)]).jsonText.utf8))
                sink.flush()
            } catch {
                CommandSupport.fail(
                    SourceFailure(message: error.description, internalMessage: error.debugDescription, failureType: .systemError),
                    sink: sink)
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read the configured streams.")
        @OptionGroup var inputs: SourceInputs
        @Option(help: "The configured catalog (JSON).") var catalog: String
        @Option(help: "The state: a list of state messages (JSON).") var state: String?
        func run() async throws {
            let sink = FileDescriptorSink()
            let source = try CommandSupport.makeSource(inputs, sink: sink)
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
                CommandSupport.fail(SourceFailure.config("\(error)"), sink: sink)
            }
            let succeeded = await source.read(catalog: catalogValue, state: stateMessages, sink: sink)
            if !succeeded { throw ExitCode(1) }
        }
    }
}

enum CommandSupport {
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(description: "Cannot read \(path)")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw InputError(description: "\(path) is not valid JSON: \(error)")
        }
    }

    /// Prints the CDK's "Error starting the sync" trace and exits 1.
    static func fail(_ failure: SourceFailure, sink: any MessageSink) -> Never {
        let output = MessageOutput(sink: sink, nowMilliseconds: { Date().timeIntervalSince1970 * 1000 })
        output.error(failure)
        sink.flush()
        Foundation.exit(1)
    }

    static func makeSource(_ inputs: SourceDeclarativeManifestCommand.SourceInputs, sink: any MessageSink) throws -> DeclarativeSource {
        do {
            guard case .object(var config) = try readJSON(inputs.config) else {
                throw InputError(description: "The config must be a JSON object")
            }
            if inputs.componentsPath != nil {
                throw InputError(
                    description: "--components-path: Python custom components cannot run natively; use the Python CDK for this manifest")
            }
            if let path = inputs.manifestPath {
                let text: String
                do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                    throw InputError(description: "Failed to load manifest file from \(path): \(error.localizedDescription)")
                }
                let manifest = try ManifestYAML.load(text)
                config["__injected_declarative_manifest"] = .object(manifest)
            }
            guard let injected = config["__injected_declarative_manifest"] else {
                throw InputError(
                    description:
                        "Invalid config: `__injected_declarative_manifest` should be provided at the root of the config or using the --manifest-path argument. Config only has keys: \(config.keys)"
                )
            }
            guard case .object(let manifestObject) = injected else {
                throw InputError(description: "Invalid config: `__injected_declarative_manifest` should be a dictionary")
            }
            let manifest = try ResolvedManifest(manifestObject)
            let source = DeclarativeSource(manifest: manifest, config: config)
            try source.validate()
            return source
        } catch {
            let message = (error as? ManifestError)?.description ?? "\(error)"
            fail(
                SourceFailure(
                    message:
                        "Error starting the sync. This could be due to an invalid configuration or catalog. Please contact Support for assistance. Error: \(message)",
                    internalMessage: String(reflecting: error), failureType: .systemError), sink: sink)
        }
    }
}
