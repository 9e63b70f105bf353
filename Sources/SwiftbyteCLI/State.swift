import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte state show|reset`: the saved state reads resume from.
struct State: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or forget the saved state that the next read resumes from.",
        subcommands: [Show.self, Reset.self])

    /// Which states a `state` command acts on.
    struct Selection: ParsableArguments {
        @Argument(help: "One stream, `name` or `namespace.name` (default: every stream).")
        var stream: String?

        @Option(name: .long, help: ArgumentHelp("Only this source's states, such as source-faker.", valueName: "name"))
        var source: String?

        @OptionGroup var cacheOptions: CacheOptions

        /// Fails when `--source` names a source with no saved state, listing those with one.
        func checkSource(in cache: Cache, found: [SavedState]) throws {
            guard let source, stream == nil, found.isEmpty else { return }
            let known = Set(try cache.savedStates().map(\.source)).sorted()
            throw CommandFailure(
                "no saved state for source \(source); "
                    + (known.isEmpty ? "the cache holds none" : "sources with saved state: \(known.joined(separator: ", "))"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the saved states, as the next read passes them to the source.")

        @OptionGroup var selection: Selection

        func run() throws {
            try CommandFailure.reporting {
                let cache = try selection.cacheOptions.openExisting()
                if let stream = selection.stream { _ = try cache.stream(named: stream, source: selection.source) }
                let states = try cache.savedStates(source: selection.source, stream: selection.stream)
                try selection.checkSource(in: cache, found: states)
                guard !states.isEmpty else {
                    print("No saved state: the next read starts from the beginning.")
                    return
                }
                for state in states {
                    let saved = state.updated.map { ", saved \(ListStreams.timestamp($0))" } ?? ""
                    print("\(state.source) \(state.descriptor)\(saved):")
                    print(state.json)
                }
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget saved state, so the next read starts over. Tables and rows are kept.",
            discussion: """
                Only the cursor is forgotten. The next read reads those streams in full: streams with a primary \
                key (append_dedup) are merged by key, append-only streams get their rows again. To replace a \
                table instead, run `swiftbyte read SOURCE --full-refresh`. A source that keeps one GLOBAL state \
                for all its streams can only be reset as a whole (--source NAME without a stream).
                """)

        @OptionGroup var selection: Selection

        @Flag(name: .long, help: "Do not ask for confirmation (required when stdin is not a terminal).")
        var yes = false

        func run() throws {
            try CommandFailure.reporting {
                let cache = try selection.cacheOptions.openExisting()
                let states = try cache.statesToReset(source: selection.source, stream: selection.stream)
                try selection.checkSource(in: cache, found: states)
                guard !states.isEmpty else {
                    print("No saved state to forget.")
                    return
                }
                let list = states.map { "\($0.source) \($0.descriptor)" }.joined(separator: ", ")
                guard try confirmed("Forget the saved state of \(list)? The tables stay; the next read starts from the beginning. [y/N] ")
                else {
                    throw CommandFailure("nothing forgotten")
                }
                let forgotten = try cache.resetState(source: selection.source, stream: selection.stream)
                print(
                    "Forgot the saved state of \(forgotten.map { "\($0.source) \($0.descriptor)" }.joined(separator: ", ")); "
                        + "the next read starts from the beginning. Tables were kept.")
            }
        }

        private func confirmed(_ question: String) throws -> Bool {
            if yes { return true }
            guard isatty(STDIN_FILENO) != 0 else {
                throw CommandFailure("state reset forgets saved state; pass --yes to confirm (stdin is not a terminal)")
            }
            FileHandle.standardError.write(Data(question.utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            return answer == "y" || answer == "yes"
        }
    }
}
