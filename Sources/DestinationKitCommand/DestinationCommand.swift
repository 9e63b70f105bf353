public import ArgumentParser

#if canImport(Glibc)
public import DestinationKit
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line of a destination written with DestinationKit: Airbyte's
/// `spec`, `check --config FILE` and `write --config FILE --catalog FILE`
/// (messages on stdin), each answering with Airbyte messages on stdout.
///
/// ```swift
/// // main.swift of the destination's executable
/// DestinationCommand<DuckDBDestination>.main()
/// ```
///
/// - `spec` prints the SPEC message of `Destination/specification`.
/// - `check` reads and validates the config (defaults filled in), creates the
///   destination and calls `Destination/check()`; it prints one
///   CONNECTION_STATUS, FAILED with every problem when anything is wrong, and
///   exits 0 either way, as Airbyte's CDKs do: the status is the answer.
/// - `write` validates the config and reads the catalog before anything else,
///   then runs the sync (see `CommitPolicy`). It exits 0 after a clean end of
///   input; on any failure it prints one TRACE ERROR and exits 1.
///
/// Every LOG, TRACE and CONNECTION_STATUS text has the config's secrets
/// (`airbyte_secret`) masked. Invalid arguments print usage on stderr plus a
/// TRACE ERROR, and exit 64; `--help` prints help on stdout and exits 0.
public struct DestinationCommand<D: Destination>: ParsableCommand {
    /// The command's name (the executable's), help and subcommands.
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: executableName,
            abstract: "An Airbyte destination.",
            discussion: "Answers with Airbyte protocol messages, one JSON object per line, on stdout.",
            subcommands: [Spec.self, Check.self, Write.self]
        )
    }

    /// The executable's file name, as the help shows it.
    private static var executableName: String {
        guard let path = CommandLine.arguments.first, let name = path.split(separator: "/").last else { return "destination" }
        return String(name)
    }

    /// The root command, for ArgumentParser.
    public init() {}

    /// Without a subcommand: a usage error.
    public func run() throws {
        throw ValidationError("Name a command: spec, check or write.")
    }

    /// Runs the command named by the process's arguments on stdin, stdout and
    /// stderr, and exits with its code.
    public static func main() {
        // A closed stdout must surface as a write error, not kill the process
        // before it can abort the writer.
        signal(SIGPIPE, SIG_IGN)
        CommandIO.exitProcess(run(arguments: Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs the command named by `arguments` (without the executable's name)
    /// in-process, and returns its exit code: 0 on success, 1 on failure, 64
    /// for invalid arguments.
    ///
    /// - Parameters:
    ///   - arguments: The command and its options, such as `["spec"]`.
    ///   - input: Where `write` reads messages (stdin by default); read until its end, not closed.
    ///   - output: Where Airbyte messages (and `--help`) go (stdout by default); not closed.
    ///   - error: Where usage errors go as text (stderr by default); not closed.
    public static func run(arguments: [String], input: Int32 = 0, output: Int32 = 1, error: Int32 = 2) -> Int32 {
        let io = CommandIO(input: input, output: ProtocolOutput(fileDescriptor: output), error: error)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return reportArgumentError(error, arguments: arguments, io: io)
        }
        if let subcommand = command as? any ConnectorSubcommand {
            return subcommand.execute(io)
        }
        // The root without a subcommand, or one of ArgumentParser's own (`help`).
        do {
            try command.run()
            return io.finish(0)
        } catch {
            return reportArgumentError(error, arguments: arguments, io: io)
        }
    }

    /// Help goes to the output with exit code 0; anything else to stderr with a TRACE ERROR.
    private static func reportArgumentError(_ error: any Error, arguments: [String], io: CommandIO) -> Int32 {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if code == .success {
            io.output.emitLines(Array((text + "\n").utf8))
            return io.finish(0)
        }
        io.writeError(text + "\n")
        io.output.emit(
            .traceError(
                "Invalid arguments: \(message(for: error))", failureType: .systemError,
                internalMessage: "arguments: \(arguments.joined(separator: " "))"))
        return io.finish(code.rawValue)
    }
}
