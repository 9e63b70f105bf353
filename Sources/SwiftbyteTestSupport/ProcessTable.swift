public import Foundation

/// The processes running on this machine, read from `/proc` (Linux): how a
/// test finds the connector processes a run started, to signal them or to
/// check none outlived it.
public enum ProcessTable {
    /// The ids of the processes whose arguments (`/proc/PID/cmdline`, the
    /// program first) satisfy `matches`. Empty where there is no `/proc`.
    public static func processes(where matches: ([String]) -> Bool) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { processID in
            guard let line = FileManager.default.contents(atPath: "/proc/\(processID)/cmdline") else { return false }
            return matches(line.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The ids of the processes with an argument that contains `text` (a folder's path, a script's name).
    public static func processes(withArgumentContaining text: String) -> [Int32] {
        processes { arguments in arguments.contains { $0.contains(text) } }
    }
}
