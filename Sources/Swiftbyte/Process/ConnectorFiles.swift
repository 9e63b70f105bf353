import Foundation
import SystemPackage

/// A private folder (mode 0700) of files (mode 0600) a connector reads — its
/// config, catalog and state — that exists only while `body` runs and is
/// removed afterwards, whether `body` returns, throws or is cancelled.
enum ConnectorFiles {
    /// The folder's parent: `$TMPDIR` or `/tmp`.
    static var parent: String {
        let temporary = FileManager.default.temporaryDirectory.path
        return temporary.hasSuffix("/") && temporary.count > 1 ? String(temporary.dropLast()) : temporary
    }

    /// Writes `files` (name and bytes) into a new private folder and calls
    /// `body` with the folder's path.
    static func with<Result>(
        _ files: [(name: String, contents: [UInt8])],
        _ body: (String) async throws -> Result
    ) async throws -> Result {
        var template = Array("\(parent)/swiftbyte-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw ConnectorFilesError(path: parent, operation: "create a temporary folder in", errno: errno)
        }
        let folder = String(cString: created)
        EmergencyCleanup.addFolder(folder)
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            EmergencyCleanup.removeFolder(folder)
        }
        for file in files {
            try writeFile(file.contents, to: "\(folder)/\(file.name)")
        }
        return try await body(folder)
    }

    private static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ConnectorFilesError(path: path, operation: "create", errno: errno) }
        defer { close(descriptor) }
        do {
            try FileDescriptor(rawValue: descriptor).writeAll(bytes)
        } catch {
            throw ConnectorFilesError(path: path, operation: "write", errno: (error as? Errno)?.rawValue ?? EIO)
        }
    }
}

/// A temporary connector file could not be made.
struct ConnectorFilesError: Error, CustomStringConvertible {
    let path: String
    let operation: String
    let errno: Int32
    var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
}
