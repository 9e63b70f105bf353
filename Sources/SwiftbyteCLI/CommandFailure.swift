import ArgumentParser
import Foundation

/// A command failed for a reason the user can act on: printed as
/// `swiftbyte: <message>` on stderr, exit status 1, without the usage text.
struct CommandFailure: Error {
    let message: String

    init(_ message: String) { self.message = message }

    /// Runs `body`, turning a ``CommandFailure`` or any error it throws into
    /// the message on stderr and exit status 1.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            throw exit(failure.message)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw exit("\(error)")
        }
    }

    /// Prints `swiftbyte: <message>` on stderr; the exit status 1 to throw.
    static func exit(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("swiftbyte: \(message)\n".utf8))
        return ExitCode(1)
    }
}
