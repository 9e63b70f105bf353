import Subprocess
import SystemPackage

/// Runs a helper program (python's venv and pip, `docker info`) to its end,
/// passing each line of its combined output on and keeping the last ones.
enum ToolProcess {
    struct Outcome: Sendable {
        var status: TerminationStatus
        /// The end of its combined stdout and stderr.
        var tail: String
        var succeeded: Bool { status.isSuccess }
    }

    /// Runs `executable` with `arguments`.
    ///
    /// - Parameter timeout: When set, a run lasting longer is stopped (SIGTERM,
    ///   then SIGKILL) and `nil` is returned.
    /// - Throws: ``SubprocessError`` when it cannot be started; `CancellationError`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: Duration? = nil,
        onLine: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Outcome? {
        guard let timeout else {
            return try await runToEnd(executable, arguments, environment: environment, onLine: onLine)
        }
        return try await withThrowingTaskGroup(of: Outcome?.self) { group in
            group.addTask { try await runToEnd(executable, arguments, environment: environment, onLine: onLine) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func runToEnd(
        _ executable: String, _ arguments: [String], environment: [String: String],
        onLine: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
        let updates = environment.reduce(into: [Environment.Key: String?]()) { $0[Environment.Key(rawValue: $1.key)!] = $1.value }
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments),
            environment: .inherit.updating(updates), platformOptions: options,
            input: .none, output: .sequence, error: .combinedWithOutput
        ) { execution in
            var tail = OutputTail(limit: 8 * 1024)
            for try await line in execution.standardOutput.strings() {
                onLine(line)
                tail.append(line: line)
            }
            return tail.text
        }
        return Outcome(status: result.terminationStatus, tail: result.closureResult)
    }
}

extension TerminationStatus {
    /// "exited with status 1", "was killed by signal 9 (SIGKILL)".
    var explanation: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "was killed by signal \(signal)\(Self.signalNames[signal].map { " (\($0))" } ?? "")"
        }
    }

    private static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM",
    ]
}
