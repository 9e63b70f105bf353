public import ConnectorKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SecretResolver {
    /// Asks on the terminal for a secret found nowhere else, with echo off
    /// (restored on a second Ctrl-C too, see ``withInterruptCancellation(_:)``);
    /// for an application's resolver when stdin is a terminal.
    public static let terminalPrompt: @Sendable (Prompt) -> String? = TerminalPrompt.ask
}

/// Reads a secret from the terminal with echo off.
enum TerminalPrompt {
    @Sendable static func ask(_ prompt: SecretResolver.Prompt) -> String? {
        FileHandle.standardError.write(Data("\(prompt.connector) needs the secret \(prompt.name) (\(prompt.path)): ".utf8))
        var original = termios()
        let canHide = tcgetattr(STDIN_FILENO, &original) == 0
        if canHide {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            EmergencyCleanup.setTerminalToRestore(original)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                EmergencyCleanup.setTerminalToRestore(nil)
            }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
