import ArgumentParser
import DestinationKit
import Logging

extension DestinationCommand {
    /// `check --config FILE`: whether the destination can work with this config.
    struct Check: ConnectorSubcommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                commandName: "check",
                abstract: "Check the config and the connection; print a CONNECTION_STATUS message.")
        }

        @Option(name: .customLong("config"), help: ArgumentHelp("The config, a JSON file.", valueName: "file"))
        var configPath: String

        func execute(_ io: CommandIO) -> Int32 {
            let status: AirbyteConnectionStatus
            do {
                let config = try InputFile.config(at: configPath, specification: D.specification, output: io.output)
                let problems = try D(config: config, log: io.output.logger).check()
                status = problems.isEmpty ? AirbyteConnectionStatus(status: .succeeded) : Self.failed(problems)
            } catch {
                let report = FailureReport(error)
                // The status says what to fix; for anything but the user's input, the details help whoever debugs it.
                if report.failureType != .configError, report.internalMessage != report.message {
                    io.output.logger.error("\(report.internalMessage)")
                }
                status = AirbyteConnectionStatus(status: .failed, message: report.message)
            }
            io.output.emit(AirbyteMessage(.connectionStatus(status)))
            return io.finish(0)
        }

        private static func failed(_ problems: [String]) -> AirbyteConnectionStatus {
            let message =
                problems.count == 1
                ? problems[0]
                : "\(problems.count) problems:\n" + problems.map { "- \($0)" }.joined(separator: "\n")
            return AirbyteConnectionStatus(status: .failed, message: message)
        }
    }
}
