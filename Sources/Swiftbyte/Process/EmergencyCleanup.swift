import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What must not outlive this process when it exits at once (a second Ctrl-C
/// while a cancelled read is still stopping): the connectors' process groups,
/// their private folders holding secrets, and a terminal whose echo a secret
/// prompt turned off. Registered while they exist; ``run()`` undoes them.
enum EmergencyCleanup {
    private struct Registered: ~Copyable {
        var processGroups: Set<Int32> = []
        var folders: Set<String> = []
        var terminal: termios?
    }

    private static let registered = Mutex(Registered())

    static func addProcessGroup(_ group: Int32) { registered.withLock { _ = $0.processGroups.insert(group) } }
    static func removeProcessGroup(_ group: Int32) { registered.withLock { _ = $0.processGroups.remove(group) } }
    static func addFolder(_ folder: String) { registered.withLock { _ = $0.folders.insert(folder) } }
    static func removeFolder(_ folder: String) { registered.withLock { _ = $0.folders.remove(folder) } }
    /// The terminal settings to restore while a prompt has echo off; `nil` once restored.
    static func setTerminalToRestore(_ settings: termios?) { registered.withLock { $0.terminal = settings } }

    /// Kills every registered process group (SIGKILL), removes the folders and
    /// restores the terminal: the last thing before `_exit`.
    static func run() {
        registered.withLock { registered in
            for group in registered.processGroups { kill(-group, SIGKILL) }
            for folder in registered.folders { try? FileManager.default.removeItem(atPath: folder) }
            if var terminal = registered.terminal { tcsetattr(STDIN_FILENO, TCSANOW, &terminal) }
        }
    }
}
