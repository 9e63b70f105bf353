import DestinationKit
import DestinationKitCommand
import Foundation
import Testing

/// Runs `DestinationCommand<RecordingDestination>` in-process on files: the
/// config, catalog and input are written to a fresh folder, stdout and stderr
/// are files read back after the command returns.
struct CommandHarness {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kit-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A path in the folder.
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `text` to the file `name` and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        return path(name)
    }

    /// Runs the command with `arguments` (where `{config}`, `{catalog}` stand
    /// for the files written from `config` and `catalog`) and `input` lines on stdin.
    func run(
        _ arguments: [String], config: JSONValue? = nil, catalog: ConfiguredAirbyteCatalog? = nil,
        input: [String] = []
    ) throws -> CommandRun {
        if let config { try file("config.json", config.jsonText) }
        if let catalog { try file("catalog.json", catalog.json.jsonText) }
        try file("input.jsonl", input.map { $0 + "\n" }.joined())
        let arguments = arguments.map {
            $0.replacingOccurrences(of: "{config}", with: path("config.json"))
                .replacingOccurrences(of: "{catalog}", with: path("catalog.json"))
        }
        let input = open(path("input.jsonl"), O_RDONLY)
        let output = open(path("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let error = open(path("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer {
            close(input)
            close(output)
            close(error)
        }
        let code = DestinationCommand<RecordingDestination>.run(arguments: arguments, input: input, output: output, error: error)
        return CommandRun(
            exitCode: code, output: try Data(contentsOf: URL(fileURLWithPath: path("stdout"))),
            error: try String(contentsOfFile: path("stderr"), encoding: .utf8))
    }

    /// `write` with the standard arguments.
    func write(
        config: JSONValue = .recording(), catalog: ConfiguredAirbyteCatalog = .streams("users", "orders"),
        input: [String]
    ) throws -> CommandRun {
        try run(["write", "--config", "{config}", "--catalog", "{catalog}"], config: config, catalog: catalog, input: input)
    }
}

/// What a command printed and returned.
struct CommandRun {
    var exitCode: Int32
    /// stdout, byte for byte.
    var output: Data
    /// stderr.
    var error: String

    /// stdout's lines, without their newlines.
    var lines: [String] {
        String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    /// Each stdout line decoded; a line that is not an Airbyte message fails the test.
    var messages: [AirbyteMessage] {
        lines.compactMap { line in
            let message = try? AirbyteMessage(parsing: Array(line.utf8))
            #expect(message != nil, "not an Airbyte message: \(line)")
            return message
        }
    }

    /// What happened, in output order: the writer's calls (`commit 1 [u1, u2]`,
    /// `complete users`, …), STATE acknowledgements as `echo <line>`, TRACE
    /// errors as `trace <failure_type>`. Other log lines are left out.
    var events: [String] {
        lines.compactMap { line in
            guard let message = try? AirbyteMessage(parsing: Array(line.utf8)) else { return "unparsable \(line)" }
            switch message.payload {
            case .log(let log) where log.message.hasPrefix("recording: "):
                return String(log.message.dropFirst("recording: ".count))
            case .state:
                return "echo \(line)"
            case .trace(let trace) where trace.type == .error:
                return "trace \(trace.error?.failureType?.rawValue ?? "?")"
            default:
                return nil
            }
        }
    }

    /// The writer's calls only (no connecting/open lines), without acknowledgements.
    var writerCalls: [String] {
        events.filter { !$0.hasPrefix("echo ") && !$0.hasPrefix("trace ") && !$0.hasPrefix("connecting ") && !$0.hasPrefix("open ") }
    }

    /// The acknowledged STATE lines, in order.
    var echoes: [String] {
        events.filter { $0.hasPrefix("echo ") }.map { String($0.dropFirst(5)) }
    }

    /// The LOG messages, in order.
    var logs: [AirbyteLogMessage] {
        messages.compactMap { if case .log(let log) = $0.payload { log } else { nil } }
    }

    /// The TRACE ERRORs, in order.
    var errors: [AirbyteErrorTraceMessage] {
        messages.compactMap { if case .trace(let trace) = $0.payload { trace.error } else { nil } }
    }
}

extension JSONValue {
    /// A valid config for ``RecordingDestination``, with `extra` settings.
    static func recording(_ extra: JSONObject = [:]) -> JSONValue {
        var config: JSONObject = ["path": "/tmp/recording", "password": .string(RecordingDestination.password)]
        for (key, value) in extra { config[key] = value }
        return .object(config)
    }
}

extension ConfiguredAirbyteCatalog {
    /// Append streams named `names`, without namespace.
    static func streams(_ names: String...) -> ConfiguredAirbyteCatalog {
        ConfiguredAirbyteCatalog(
            streams: names.map { name in
                ConfiguredAirbyteStream(
                    stream: AirbyteStream(
                        name: name, jsonSchema: ["type": "object", "properties": ["id": ["type": "string"]]],
                        supportedSyncModes: [.fullRefresh]),
                    syncMode: .fullRefresh, destinationSyncMode: .append)
            })
    }
}

/// Input lines, written out as a source would.
enum Line {
    static func record(_ stream: String, _ id: String, namespace: String? = nil) -> String {
        let namespace = namespace.map { #","namespace":"\#($0)""# } ?? ""
        return #"{"type":"RECORD","record":{"stream":"\#(stream)"\#(namespace),"data":{"id":"\#(id)"},"emitted_at":1700000000000}}"#
    }

    static func streamState(_ stream: String, _ cursor: Int) -> String {
        #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"\#(stream)"},"stream_state":{"cursor":\#(cursor)}}}}"#
    }

    static func globalState(_ cursor: Int) -> String {
        #"{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"lsn":\#(cursor)},"stream_states":[]}}}"#
    }

    static func legacyState(_ cursor: Int) -> String {
        #"{"type":"STATE","state":{"data":{"cursor":\#(cursor)}}}"#
    }

    static func status(_ stream: String, _ status: String) -> String {
        #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000000.0,"stream_status":{"stream_descriptor":{"name":"\#(stream)"},"status":"\#(status)"}}}"#
    }

    /// The acknowledgement of a state line built by the functions above: the
    /// `destinationStats` member added at the end of the `state` object.
    static func echo(_ state: String, _ recordCount: Int) -> String {
        precondition(state.hasSuffix("}}"))
        return String(state.dropLast(2)) + #","destinationStats":{"recordCount":\#(recordCount).0}}}"#
    }
}
