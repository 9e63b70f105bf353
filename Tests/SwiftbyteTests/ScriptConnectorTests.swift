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
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(4), "killed after the grace period: \(elapsed)")
        #expect(!ProcessProbe.exists(child))
    }

    @Test func ctrlCCancelsTheReadAndStopsTheSource() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await ScriptConnector.source("endless", in: folder)
        let processID = Mutex<Int32?>(nil)
        let result = await Result(catching: {
            try await withInterruptCancellation {
                try await source.withMessages(catalog: ScriptConnector.catalog) { messages in
                    processID.withLock { $0 = messages.processID }
                    var records = 0
                    while let message = try messages.next() {
                        if case .record = message.content { records += 1 }
                        if records == 20 { kill(getpid(), SIGINT) }  // as a terminal's Ctrl-C would
                    }
                }
            }
        })
        #expect(throws: CancellationError.self) { try result.get() }
        let child = try #require(processID.withLock { $0 })
        #expect(!ProcessProbe.exists(child))
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

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
