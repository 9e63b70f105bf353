import AirbyteProtocol
import DestinationKit
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Swiftbyte

/// How a connector's failures, logs and secrets surface, with a scripted connector.
struct ScriptConnectorTests {
    @Test func aTraceErrorBecomesASourceErrorWithTheStderrTailAndNoSecret() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await ScriptConnector.source("trace-error", in: folder)
        var records = 0
        let error = await #expect(throws: SourceError.self) {
            _ = try await source.read(catalog: ScriptConnector.catalog) { message in
                if case .record = message.content { records += 1 }
            }
        }
        #expect(records == 3, "every record before the error was handed over")
        #expect(error?.code == .connectorFailed)
        #expect(error?.command == "read")
        #expect(error?.failureType == .configError)
        #expect(error?.message == "login refused for \(SecretMasker.mask)")
        #expect(error?.internalMessage == "401 from the API")
        #expect(error?.exitStatus == "exited with status 1")
        #expect(error?.stderrTail.contains("boom while using \(SecretMasker.mask)") == true)
        #expect(error?.description.contains("hunter2-secret") == false)
    }

    @Test func aFailedExitWithoutATraceIsReportedWithStderr() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await ScriptConnector.source("exit-3", in: folder)
        let error = await #expect(throws: SourceError.self) {
            _ = try await source.read(catalog: ScriptConnector.catalog) { _ in }
        }
        #expect(error?.code == .exitedWithFailure)
        #expect(error?.exitStatus == "exited with status 3")
        #expect(error?.stderrTail == "segfault-ish crash")
    }

    @Test func logsAreForwardedMaskedAndStrayLinesSkipped() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let recorder = LogRecorder()
        let source = try await ScriptConnector.source("ok", in: folder, logger: recorder.logger)
        let summary = try await source.read(catalog: ScriptConnector.catalog) { _ in }
        #expect(summary.recordsPerStream == ["items": 3])
        #expect(summary.stateCount == 1)
        let logged = recorder.entries
        #expect(
            logged.contains(
                .init(
                    level: .info, message: "connecting with \(SecretMasker.mask)",
                    metadata: ["connector": "source-script"])))
        #expect(logged.contains { $0.level == .warning && $0.message.hasPrefix("skipped a line of output: line 2") })
        #expect(!logged.map(\.message).joined().contains("hunter2-secret"))
    }

    @Test func aFailedCheckCarriesTheConnectorsReasonMasked() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await ScriptConnector.source("check-fails", in: folder)
        let error = await #expect(throws: SourceError.self) { try await source.check() }
        #expect(error?.code == .checkFailed)
        #expect(error?.message == "password \(SecretMasker.mask) was refused")
        try await ScriptConnector.source("ok", in: folder).check()
    }

    @Test func aMissingRequiredSecretComesFromTheEnvironment() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let executor = try ScriptConnector.executor(in: folder)
        let fromField = try await Source.resolve(
            "source-script", config: .empty, executor: executor,
            secrets: SecretResolver(environment: ["PASSWORD": "pw-field"], dotEnvPath: nil))
        #expect(fromField.config["password"] == "pw-field")
        #expect(fromField.config["mode"] == "ok")
        let both = SecretResolver(environment: ["PASSWORD": "pw-field", "SCRIPT_PASSWORD": "pw-connector"], dotEnvPath: nil)
        let fromConnector = try await Source.resolve("source-script", config: .empty, executor: executor, secrets: both)
        #expect(fromConnector.config["password"] == "pw-connector", "the connector's own name is looked up first")

        let prompted = SecretResolver { prompt in
            prompt.path == "$.password" ? "typed-in" : nil
        }
        let typed = try await Source.resolve("source-script", config: .empty, executor: executor, secrets: prompted)
        #expect(typed.config["password"] == "typed-in")

        let error = await #expect(throws: ConfigError.self) {
            _ = try await Source.resolve(
                "source-script", config: .empty, executor: executor,
                secrets: SecretResolver())
        }
        #expect(error?.code == .missingSecret)
        #expect(error?.message.contains("SCRIPT_PASSWORD or PASSWORD") == true)
    }

    @Test func aConnectorIgnoringSIGTERMIsKilledAfterTheGracePeriod() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await ScriptConnector.source("ignore-term", in: folder, gracePeriod: .milliseconds(500))
        let processID = Mutex<Int32?>(nil)
        let task = Task {
            try await source.withMessages(catalog: ScriptConnector.catalog) { messages in
                while try messages.next() != nil {
                    // Past the first records the script ignores SIGTERM.
                    if messages.recordCount == 10 { processID.withLock { $0 = messages.processID } }
                }
            }
        }
        var pid: Int32?
        for _ in 0..<200 where pid == nil {
            try await Task.sleep(for: .milliseconds(25))
            pid = processID.withLock { $0 }
        }
        let child = try #require(pid)
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        let elapsed = ContinuousClock.now - started
        // The script never ends by itself, so any bound proves the SIGKILL; the
        // bound is loose because a starved cooperative pool (every test runs in
        // parallel on two threads) delays this measurement, not the kill.
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(60), "killed after the grace period: \(elapsed)")
        #expect(!ProcessProbe.exists(child))
    }

    /// Ctrl-C is the command line's business: `swiftbyte read` runs as a real
    /// process and gets the SIGINT, not the test process, whose signal
    /// dispositions every test running beside it shares.
    @Test func ctrlCCancelsTheReadAndStopsTheSource() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let script = try folder.write("source-script", ScriptConnector.script, executable: true)
        let read = Process()
        read.executableURL = CacheReadTests.swiftbyteExecutable
        read.arguments = [
            "read", "source-script", "--executable", script, "--config", #"{"password": "x", "mode": "endless"}"#,
            "--cache", folder.path + "/cache.duckdb",
        ]
        read.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let errors = folder.path + "/stderr"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        read.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        read.standardOutput = FileHandle.nullDevice
        read.standardInput = FileHandle.nullDevice
        try read.run()
        defer { if read.isRunning { kill(read.processIdentifier, SIGKILL) } }

        // The source runs once records flow: its command line names the script.
        var source: Int32?
        let deadline = ContinuousClock.now + .seconds(120)
        while source == nil, read.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            source = ProcessTable.processes { $0.contains(script) && $0.contains("read") }.first
        }
        let child = try #require(source, "the source started")
        try await Task.sleep(for: .seconds(1))

        kill(read.processIdentifier, SIGINT)  // as a terminal's Ctrl-C would
        let interrupted = ContinuousClock.now
        while read.isRunning, ContinuousClock.now - interrupted < .seconds(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!read.isRunning, "swiftbyte stopped within 30 s of Ctrl-C")
        let log = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(log.contains("read interrupted"), "\(log.suffix(2000))")
        #expect(!ProcessProbe.exists(child), "the source is stopped, not left behind")
    }

    @Test func aConnectorThatCannotStartIsALaunchFailure() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let script = try folder.write("source-broken", "#!/nonexistent/interpreter\n", executable: true)
        let error = await #expect(throws: SourceError.self) {
            _ = try await Source.specification(of: "source-broken", executor: LocalExecutable(script))
        }
        #expect(error?.code == .launchFailed)
    }
}
