import DestinationKit
import Foundation

#if canImport(Glibc)
import Logging
import DuckDB
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder one write run spools its records into: `run-<pid>-<random>`
/// inside a parent folder next to the database (`<destination_path>.spool`),
/// or in the system's temporary folder for MotherDuck and in-memory databases.
///
/// A run removes its folder when it closes or aborts. A run that was killed
/// cannot, so every new run first removes the run folders of processes that
/// no longer exist; their records were never committed, and the source sends
/// them again from the last acknowledged state.
struct SpoolFolder {
    /// The run's own folder.
    let path: String
    /// The folder holding the run folders.
    let parent: String

    /// Makes a new run folder under `parent`, after removing dead runs' folders there.
    init(parent: String, log: Logger) throws(ConnectorFailure) {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .system(
                "cannot create the spool folder \(parent): \(error.localizedDescription); the folder of destination_path must be writable",
                internalMessage: "\(error)")
        }
        Self.removeLeftovers(in: parent, log: log)
        self.parent = parent
        path = parent + "/run-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        guard mkdir(path, 0o700) == 0 else {
            throw .system("cannot create the spool folder \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Where `parent` goes for a database at `destinationPath`: beside the file,
    /// unless there is no local file or its path holds characters DuckDB would
    /// read as a file pattern.
    static func parent(forDatabaseAt destinationPath: String, isMotherDuck: Bool) -> String {
        let isFile =
            !isMotherDuck && !destinationPath.isEmpty && destinationPath != ":memory:"
            && !destinationPath.hasPrefix(":memory:")
        guard isFile, !destinationPath.contains(where: { "*?[]{}".contains($0) }) else {
            return FileManager.default.temporaryDirectory.path + "/swiftbyte-spool"
        }
        return destinationPath + ".spool"
    }

    /// A file in the run folder.
    func file(named name: String) -> String { path + "/" + name }

    /// Deletes the run folder and what is in it, and the parent folder when no other run uses it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        rmdir(parent)
    }

    /// Removes `run-<pid>-…` folders whose process is gone.
    static func removeLeftovers(in parent: String, log: Logger) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names {
            let parts = name.split(separator: "-")
            guard parts.count == 3, parts[0] == "run", let pid = pid_t(parts[1]), !isRunning(pid) else { continue }
            do {
                try FileManager.default.removeItem(atPath: parent + "/" + name)
                log.info("removed \(parent)/\(name), the records spooled by an earlier run that did not finish (they were never committed)")
            } catch {
                log.warning("could not remove \(parent)/\(name), left by an earlier run: \(error.localizedDescription)")
            }
        }
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }
}
