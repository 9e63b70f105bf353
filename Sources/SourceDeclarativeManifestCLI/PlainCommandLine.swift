internal import Foundation

/// A `check`, `discover` or `read` command line in the plain form the platform and
/// orchestrators use: only this executable's options, each once, as `--name value` or
/// `--name=value`, the required ones present.
///
/// `main()` runs such a line directly. ArgumentParser would read it the same way, but its
/// parse reflects over every command type and takes about 3 ms of a run's start, ahead of
/// everything else. Any other line (help, `spec`, `validate`, a repeated or unknown option, a
/// value that starts with `-`, a missing option) goes to ArgumentParser, with its messages.
struct PlainCommandLine: Equatable {
    enum Command: Equatable {
        case check
        case discover
        case read(catalog: String, state: String?)
    }

    var command: Command
    /// What the source is prepared from (``SourcePreparation``).
    var inputs: SourcePreparation.Inputs

    /// `nil` unless `arguments` (without the program's name) are a plain command line.
    init?(_ arguments: [String]) {
        guard let name = arguments.first else { return nil }
        let options: Set<String>
        switch name {
        case "check": options = ["config", "manifest-path"]
        // The CDK's discover takes a catalog, and ignores it.
        case "discover": options = ["config", "manifest-path", "catalog"]
        case "read": options = ["config", "manifest-path", "catalog", "state"]
        default: return nil
        }
        var values: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            // `--debug` asks for more logs; the native source writes the same either way.
            if argument == "--debug" { continue }
            guard argument.hasPrefix("--") else { return nil }
            var option = String(argument.dropFirst(2))
            let value: String
            if let equals = option.firstIndex(of: "=") {
                value = String(option[option.index(after: equals)...])
                option = String(option[..<equals])
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            guard options.contains(option), values.updateValue(value, forKey: option) == nil else { return nil }
        }
        guard let config = values["config"] else { return nil }
        inputs = SourcePreparation.Inputs(config: config, manifestPath: values["manifest-path"], componentsPath: nil)
        switch name {
        case "check": command = .check
        case "discover": command = .discover
        default:
            guard let catalog = values["catalog"] else { return nil }
            command = .read(catalog: catalog, state: values["state"])
        }
    }

    /// Runs the command; exits with status 1 when it fails, as ArgumentParser does for it.
    func run() async {
        switch command {
        case .check: await SourceDeclarativeManifest.Check.run(inputs)
        case .discover: await SourceDeclarativeManifest.Discover.run(inputs)
        case .read(let catalog, let state):
            if await !SourceDeclarativeManifest.Read.run(inputs, catalog: catalog, state: state) { Foundation.exit(1) }
        }
    }
}
