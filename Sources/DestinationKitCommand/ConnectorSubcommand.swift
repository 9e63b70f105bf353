import ArgumentParser
import DestinationKit

/// A subcommand of ``DestinationCommand`` that runs against any ``CommandIO``,
/// so that tests and embedders drive it in-process.
protocol ConnectorSubcommand: ParsableCommand {
    /// Runs the command; returns the exit code.
    func execute(_ io: CommandIO) -> Int32
}

extension ConnectorSubcommand {
    /// Runs on the standard streams, for ArgumentParser's own `main`.
    func run() throws {
        let code = execute(.standard)
        if code != 0 { throw ExitCode(code) }
    }
}
