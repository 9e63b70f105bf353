public import AirbyteProtocol
import Foundation
import Synchronization
import SystemPackage

/// A JSON file holding a sync's states: an array of STATE messages, the
/// format a connector's `--state` takes. Each save rewrites it atomically (a
/// temporary file beside it, then a rename), so a crash leaves the previous
/// version whole. One file holds one source–destination pair's states.
///
/// ```swift
/// try await source.sync(to: destination, states: StateFile(path: "faker-to-duckdb.json"))
/// ```
public final class StateFile: SyncStateStore {
    /// The file.
    public let path: String
    private let kept = Mutex<[AirbyteStateMessage]?>(nil)

    /// The states in `path` (none yet if it does not exist).
    public init(path: String) {
        self.path = path
    }

    /// The file's states; `source` and `destination` are not checked (a file is for one pair).
    ///
    /// - Throws: ``StateFileError`` when the file exists but is not an array of STATE messages.
    public func states(source: String, destination: String) throws -> [AirbyteStateMessage] {
        try kept.withLock { kept in
            if kept == nil { kept = try load() }
            return kept!
        }
    }

    public func save(_ state: AirbyteStateMessage, source: String, destination: String) throws {
        try kept.withLock { kept in
            var states = try kept ?? load()
            let slot = state.slot
            states.removeAll { slot.supersedes($0.slot) }
            states.append(state)
            try write(states)
            kept = states
        }
    }

    private func load() throws -> [AirbyteStateMessage] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw StateFileError(.unreadable, path: path, reason: "it cannot be read") }
            return []
        }
        do {
            guard case .array(let elements) = try JSONValue(parsing: Array(data)) else {
                throw StateFileError(.invalid, path: path, reason: "it is not a JSON array of STATE messages")
            }
            return try elements.map { try AirbyteStateMessage(json: $0) }
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(.invalid, path: path, reason: "it is not a JSON array of STATE messages (\(error))", underlying: error)
        }
    }

    private func write(_ states: [AirbyteStateMessage]) throws {
        var bytes: [UInt8] = []
        JSONValue.array(states.map(\.json)).serialize(into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let failure = Errno(rawValue: errno)
                try? FileManager.default.removeItem(at: temporary)
                throw StateFileError(
                    .writeFailed, path: path,
                    reason: "renaming the new version into place failed: \(String(cString: strerror(failure.rawValue)))",
                    underlying: failure)
            }
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(.writeFailed, path: path, reason: "writing it failed: \(error.localizedDescription)", underlying: error)
        }
    }
}
