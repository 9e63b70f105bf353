#if canImport(Glibc)
import SystemPackage
import DestinationKit
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command reads and writes: stdin, the protocol output, stderr.
struct CommandIO {
    /// The messages to write (stdin for `write`).
    var input: Int32
    /// Airbyte messages (stdout).
    var output: ProtocolOutput
    /// Free text for a person (stderr).
    var error: Int32

    /// Standard input, output and error.
    static var standard: CommandIO {
        CommandIO(input: STDIN_FILENO, output: ProtocolOutput(fileDescriptor: STDOUT_FILENO), error: STDERR_FILENO)
    }

    /// Ends the process with `code` (ArgumentParser's commands have an `exit` of their own).
    static func exitProcess(_ code: Int32) -> Never {
        exit(code)
    }

    /// Flushes the output and returns `code`, or 1 with a note on stderr when
    /// the output could not be written.
    func finish(_ code: Int32) -> Int32 {
        do {
            try output.flush()
            return code
        } catch {
            writeError("\(error.userMessage)\n")
            return code == 0 ? 1 : code
        }
    }

    /// Writes `text` to stderr as it is; failures are ignored (there is nowhere left to tell).
    func writeError(_ text: String) {
        _ = try? FileDescriptor(rawValue: error).writeAll(text.utf8)
    }
}
