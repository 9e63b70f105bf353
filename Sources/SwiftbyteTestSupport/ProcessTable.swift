internal import Foundation

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

    /// The ids of the processes with an argument that contains `text` and that
    /// lead their own process group: a connector started in a group of its
    /// own, without the children it forked (a multiprocessing pool's workers
    /// carry the same arguments, and once process ids wrap around, a worker's
    /// id can be lower than its parent's).
    public static func groupLeaders(withArgumentContaining text: String) -> [Int32] {
        processes(withArgumentContaining: text).filter { processGroup(of: $0) == $0 }
    }

    /// The process group of a process (the fifth field of `/proc/PID/stat`),
    /// or nil once it is gone.
    public static func processGroup(of processID: Int32) -> Int32? {
        guard let stat = FileManager.default.contents(atPath: "/proc/\(processID)/stat") else { return nil }
        // The command name (second field) is in parentheses and may hold spaces: count from its end.
        guard let nameEnd = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = stat[(nameEnd + 1)...].split(separator: UInt8(ascii: " "))
        // After the name: state, parent id, process group.
        guard fields.count > 2 else { return nil }
        return Int32(String(decoding: fields[2], as: UTF8.self))
    }
}
