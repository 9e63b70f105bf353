import DestinationKit
import DestinationKitCommand
import Foundation
import Testing

/// `spec`, `check`, config handling and arguments.
@Suite struct CommandTests {
    @Test func specPrintsTheSpecificationAsOneLine() throws {
        let run = try CommandHarness().run(["spec"])
        #expect(run.exitCode == 0)
        #expect(run.lines == [AirbyteMessage.spec(RecordingDestination.specification).jsonText])
    }

    @Test func checkSucceedsWithAValidConfigAndMasksTheSecretInLogs() throws {
        let run = try CommandHarness().run(["check", "--config", "{config}"], config: .recording())
        #expect(run.exitCode == 0)
        #expect(
            run.lines == [
                AirbyteMessage.log(.info, "recording: connecting as ********** on port 5432").jsonText,
                AirbyteMessage.connectionStatus(.succeeded).jsonText,
            ])
    }

    @Test func checkReportsTheDestinationsProblemsMasked() throws {
        let config = JSONValue.recording([
            "check_problems": [.string("Cannot log in as loader with password \(RecordingDestination.password)"), "Disk is read-only"]
        ])
        let run = try CommandHarness().run(["check", "--config", "{config}"], config: config)
        #expect(run.exitCode == 0)
        #expect(
            run.lines.last
                == AirbyteMessage.connectionStatus(
                    .failed, message: "2 problems:\n- Cannot log in as loader with password **********\n- Disk is read-only"
                ).jsonText)
        #expect(!run.lines.joined().contains(RecordingDestination.password))
    }

    @Test func checkListsEveryConfigProblemAndNeverTheSecret() throws {
        let secret = "hunter2"  // too short for minLength 8
        let run = try CommandHarness().run(
            ["check", "--config", "{config}"],
            config: ["password": .string(secret), "port": 70000, "colour": "red"])
        #expect(run.exitCode == 0)
        #expect(
            run.lines == [
                AirbyteMessage.connectionStatus(
                    .failed,
                    message: """
                        The configuration does not match the connector's specification (4 problems):
                        - $.path is required
                        - $.password must be at least 8 characters long
                        - $.port must be at most 65535
                        - $.colour is not a setting of this connector
                        """
                ).jsonText
            ])
        #expect(!String(decoding: run.output, as: UTF8.self).contains(secret))
    }

    @Test func checkReportsAConfigFileThatIsNotJSONWithoutQuotingIt() throws {
        let harness = try CommandHarness()
        let path = try harness.file("config.json", "{\"password\": \"s3cret-value\",\n \"path\": }")
        let run = try harness.run(["check", "--config", path])
        #expect(run.exitCode == 0)
        #expect(
            run.lines == [
                AirbyteMessage.connectionStatus(
                    .failed, message: "The config file \(path) is not valid JSON: unexpected '}' at line 2, column 10."
                ).jsonText
            ])
        #expect(!String(decoding: run.output, as: UTF8.self).contains("s3cret"))
    }

    @Test func checkReportsAMissingConfigFile() throws {
        let harness = try CommandHarness()
        let run = try harness.run(["check", "--config", harness.path("nope.json")])
        #expect(run.exitCode == 0)
        #expect(
            run.lines == [
                AirbyteMessage.connectionStatus(
                    .failed, message: "Could not read the config file \(harness.path("nope.json")): No such file or directory."
                ).jsonText
            ])
    }

    @Test func writeRejectsAnInvalidConfigBeforeReadingAnythingElse() throws {
        let secret = "shortpw"
        let harness = try CommandHarness()
        // No catalog file exists: the config is checked first.
        let run = try harness.run(
            ["write", "--config", "{config}", "--catalog", harness.path("missing.json")],
            config: ["password": .string(secret), "path": ""], input: [Line.record("users", "u1")])
        #expect(run.exitCode == 1)
        #expect(run.lines.count == 1)
        let error = try #require(run.errors.first)
        #expect(error.failureType == .configError)
        #expect(
            error.message == """
                The configuration does not match the connector's specification (2 problems):
                - $.password must be at least 8 characters long
                - $.path must be at least 1 character long
                """)
        #expect(!String(decoding: run.output, as: UTF8.self).contains(secret))
    }

    @Test func writeFillsInDefaultsBeforeTheDestinationSeesTheConfig() throws {
        let run = try CommandHarness().write(input: [])
        #expect(run.exitCode == 0)
        #expect(run.events.first == "connecting as ********** on port 5432")
    }

    @Test func helpListsTheCommandsOnStdout() throws {
        let run = try CommandHarness().run(["--help"])
        #expect(run.exitCode == 0)
        let help = String(decoding: run.output, as: UTF8.self)
        for command in ["spec", "check", "write"] { #expect(help.contains("  \(command) ")) }
        let writeHelp = try CommandHarness().run(["write", "--help"])
        #expect(writeHelp.exitCode == 0)
        #expect(String(decoding: writeHelp.output, as: UTF8.self).contains("--catalog <file>"))
    }

    @Test func missingArgumentsAreAUsageErrorOnStderrAndATraceOnStdout() throws {
        let run = try CommandHarness().run(["write", "--config", "x.json"])
        #expect(run.exitCode == 64)
        #expect(run.error.contains("Missing expected argument '--catalog <file>'"))
        #expect(run.errors.map(\.message) == ["Invalid arguments: Missing expected argument '--catalog <file>'"])
        #expect(run.errors.map(\.internalMessage) == ["arguments: write --config x.json"])
        #expect(run.lines.count == 1)
    }

    @Test func anOutputThatCannotBeWrittenFailsTheSyncWithANoteOnStderr() throws {
        let harness = try CommandHarness()
        try harness.file("config.json", JSONValue.recording().jsonText)
        try harness.file("catalog.json", ConfiguredAirbyteCatalog.streams("users").json.jsonText)
        try harness.file("input.jsonl", Line.record("users", "u1") + "\n" + Line.streamState("users", 1) + "\n")
        let input = open(harness.path("input.jsonl"), O_RDONLY)
        let unwritable = open(harness.path("input.jsonl"), O_RDONLY)
        let error = open(harness.path("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { for descriptor in [input, unwritable, error] { close(descriptor) } }
        let code = DestinationCommand<RecordingDestination>.run(
            arguments: ["write", "--config", harness.path("config.json"), "--catalog", harness.path("catalog.json")],
            input: input, output: unwritable, error: error)
        #expect(code == 1)
        #expect(
            try String(contentsOfFile: harness.path("stderr"), encoding: .utf8)
                == "Writing the connector's output failed: Bad file descriptor.\n")
    }

    @Test func noCommandIsAUsageError() throws {
        let run = try CommandHarness().run([])
        #expect(run.exitCode == 64)
        #expect(run.error.contains("Name a command: spec, check or write."))
    }
}
