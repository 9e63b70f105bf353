import ArgumentParser
import DestinationKit

extension DestinationCommand {
    /// `spec`: prints the destination's specification.
    struct Spec: ConnectorSubcommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "spec", abstract: "Print the connector's specification as a SPEC message.")
        }

        func execute(_ io: CommandIO) -> Int32 {
            io.output.emit(.spec(D.specification))
            return io.finish(0)
        }
    }
}
