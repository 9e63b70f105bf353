import ArgumentParser
import DestinationKit
import Logging

extension DestinationCommand {
    /// `write --config FILE --catalog FILE`: loads the messages on stdin.
    struct Write: ConnectorSubcommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                commandName: "write",
                abstract: "Write the messages read from stdin; acknowledge each STATE once its records are committed.")
        }

        @Option(name: .customLong("config"), help: ArgumentHelp("The config, a JSON file.", valueName: "file"))
        var configPath: String

        @Option(name: .customLong("catalog"), help: ArgumentHelp("The configured catalog, a JSON file.", valueName: "file"))
        var catalogPath: String

        func execute(_ io: CommandIO) -> Int32 {
            var loop: WriteLoop?
            do {
                let config = try InputFile.config(at: configPath, specification: D.specification, output: io.output)
                let catalog = try InputFile.catalog(at: catalogPath)
                let router = try StreamRouter(catalog: catalog)
                let destination = try D(config: config, log: io.output.logger)
                let writer = try destination.makeWriter(catalog: catalog)
                let input = MessageReader(fileDescriptor: io.input)
                let running = WriteLoop(
                    input: input, writer: writer, router: router, policy: destination.commitPolicy,
                    sink: io.output, log: io.output.logger)
                loop = running
                try running.run()
                io.output.logger.info("\(running.summary)")
                return io.finish(0)
            } catch {
                if let loop { io.output.logger.info("\(loop.summary)") }
                io.output.emit(FailureReport(error).traceMessage)
                return io.finish(1)
            }
        }
    }
}
