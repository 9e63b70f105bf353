import ArgumentParser
import DeclarativeSource

/// `source-declarative-manifest spec | check | discover | read`, as the Python CDK's command.
@main
struct SourceDeclarativeManifest: AsyncParsableCommand {
    static let configuration = SourceDeclarativeManifestCommand.configuration
}
