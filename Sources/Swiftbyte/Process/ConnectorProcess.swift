import AirbyteProtocol
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one connector process: stdout through a ``MessageReader`` on a pipe,
/// stderr drained into a bounded tail, the child in its own process group so
/// that it and everything it starts can be stopped together.
///
/// The child is torn down — SIGTERM to its process group, then SIGKILL after
/// the grace period — when the calling task is cancelled, when `body` throws,
/// and when `body` returns before the end of the output. It is always reaped
/// before ``run(_:arguments:filesFolder:gracePeriod:body:)`` returns.
enum ConnectorProcess {
    struct Outcome<Value> {
        var value: Value
        /// How the process ended; `nil` when `body` stopped reading early and the process was torn down.
        var status: TerminationStatus?
        /// The end of what it wrote on stderr.
        var stderr: String
    }

    /// Thrown inside the subprocess body to make it tear the child down.
    private struct StopReading: Error {}

    /// Runs `command` with the connector arguments `arguments`; `body` reads its
    /// stdout with the reader it is given (and the pipe's descriptor, to poll,
    /// and the child's process id) on a thread of its own, so it may block.
    /// `input`, when given, is the descriptor the child reads as its stdin (the
    /// read end of a pipe another task writes); it is closed here once the
    /// child has it, and `/dev/null` is the child's stdin otherwise.
    ///
    /// - Throws: What `body` throws; `CancellationError`; ``SubprocessError``
    ///   when the process cannot be started.
    static func run<Value>(
        _ command: ConnectorCommand, arguments: [String], filesFolder: String, gracePeriod: Duration,
        input: Int32? = nil, body: (MessageReader, _ descriptor: Int32, _ processID: Int32) throws -> Value
    ) async throws -> Outcome<Value> {
        let output = try makePipe()
        defer { close(output.read) }
        let errors: (read: Int32, write: Int32)
        do {
            errors = try makePipe()
        } catch {
            close(output.write)
            throw error
        }
        let standardInput = input ?? open("/dev/null", O_RDONLY | O_CLOEXEC)
        let collector = StderrCollector(descriptor: errors.read)

        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        let environment = command.environment.reduce(into: [Environment.Key: String?]()) {
            $0[Environment.Key(rawValue: $1.key)!] = $1.value
        }
        let executor = BlockingReadExecutor(label: "swiftbyte.connector-output")
        var value: Value?
        var processGroup: Int32?
        defer { if let processGroup { EmergencyCleanup.removeProcessGroup(processGroup) } }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(command.executable)),
                arguments: Arguments(command.arguments(for: arguments, filesFolder: filesFolder)),
                environment: .inherit.updating(environment),
                platformOptions: options,
                input: .fileDescriptor(FileDescriptor(rawValue: standardInput), closeAfterSpawningProcess: true),
                output: .fileDescriptor(FileDescriptor(rawValue: output.write), closeAfterSpawningProcess: true),
                error: .fileDescriptor(FileDescriptor(rawValue: errors.write), closeAfterSpawningProcess: true)
            ) { execution in
                let processID = execution.processIdentifier.value
                // Its own process group (processGroupID 0), so the group's id is its pid;
                // registered until reaped, teardown included.
                EmergencyCleanup.addProcessGroup(processID)
                processGroup = processID
                let reachedEnd = try await withTaskExecutorPreference(executor) {
                    let reader = MessageReader(fileDescriptor: output.read)
                    value = try body(reader, output.read, processID)
                    return reader.reachedEndOfInput
                }
                if !reachedEnd { throw StopReading() }
            }
            return Outcome(value: value!, status: result.terminationStatus, stderr: await collector.finish())
        } catch is StopReading {
            return Outcome(value: value!, status: nil, stderr: await collector.finish())
        } catch var ended as SourceEndedWithFailure {
            ended.stderr = await collector.finish()
            throw ended
        }
    }

    static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw ConnectorFilesError(path: "a pipe", operation: "create", errno: errno)
        }
        // Neither end leaks into other processes; the child gets the write end as its stdout or stderr.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}
