import AirbyteProtocol
import ConnectorKit
import Foundation
import Logging
import Swiftbyte
import Synchronization

/// An attempt's log file: the platform's own lines and both connectors' logs,
/// each line stamped with the time, every secret of either configuration masked.
/// Lines may come from any thread.
final class AttemptLog: Sendable {
    /// The file.
    let path: String
    private let handle: Mutex<FileHandle?>
    private let masker = Mutex(SecretMasker(secrets: []))

    /// Opens (creating it and its folder) the log at `path` for appending.
    init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        _ = try handle.seekToEnd()
        self.handle = Mutex(handle)
    }

    /// Masks these secrets too, from now on.
    func hide(_ secrets: SecretMasker) {
        masker.withLock { $0 = $0.merging(secrets) }
    }

    /// Appends one line (or several, each stamped).
    func write(_ text: String, level: String = "INFO", origin: String = "platform") {
        let stamp = Date().ISO8601Format(.iso8601(timeZone: .gmt, includingFractionalSeconds: true))
        let masked = masker.withLock { $0.mask(text) }
        var lines = ""
        for line in masked.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += "\(stamp) \(level) [\(origin)] \(line)\n"
        }
        handle.withLock { handle in try? handle?.write(contentsOf: Data(lines.utf8)) }
    }

    /// A logger for connector `name`: its INFO and more severe lines, its errors and Swiftbyte's progress about it.
    func connectorLogger(_ name: String) -> Logger {
        Logger(label: "swiftbyte.attempt") { _ in
            LineLogHandler(origin: name) { level, origin, message in
                self.write(message, level: AirbyteLogMessage.Level(level).rawValue, origin: origin)
            }
        }
    }

    /// Closes the file.
    func close() {
        handle.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }
}
