import Foundation
import Synchronization

@testable import Swiftbyte

/// Wraps another executor and records every connector command started
/// through it, with the private folder of its files.
final class RecordingExecutor: ConnectorExecutor {
    struct Invocation: Sendable {
        var arguments: [String]
        var filesFolder: String
        /// The `--state` file's contents, read as the command started.
        var state: String?
        var verb: String { arguments.first ?? "" }
    }

    let base: any ConnectorExecutor
    private let recorded = Mutex<[Invocation]>([])

    init(_ base: any ConnectorExecutor) {
        self.base = base
    }

    var invocations: [Invocation] { recorded.withLock { $0 } }
    var verbs: [String] { invocations.map(\.verb) }

    var description: String { "recording \(base)" }

    func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand {
        let command = try await base.prepare(progress: progress)
        return ConnectorCommand(executable: command.executable, environment: command.environment) { arguments, folder in
            let state = arguments.firstIndex(of: "--state").flatMap { index in
                FileManager.default.contents(atPath: arguments[index + 1]).map { String(decoding: $0, as: UTF8.self) }
            }
            self.recorded.withLock { $0.append(Invocation(arguments: arguments, filesFolder: folder, state: state)) }
            return command.arguments(for: arguments, filesFolder: folder)
        }
    }
}
