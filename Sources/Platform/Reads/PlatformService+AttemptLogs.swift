import Foundation
package import PlatformStore

extension PlatformService {
    /// The attempt's log file as an absolute path; `nil` when it has none (yet).
    package func attemptLogFile(_ attempt: Attempt) -> String? {
        guard let path = attempt.logPath else { return nil }
        let absolute = configuration.absolutePath(path)
        return FileManager.default.fileExists(atPath: absolute) ? absolute : nil
    }

    /// Whole lines of the attempt's log: from byte `offset` on (what a page
    /// following a running attempt asks for), or, with `offset` `nil`, the last
    /// lines. At most `maxBytes`; a line still being written is left for the next read.
    ///
    /// - Throws: ``PlatformError`` `storeFailed` when the file cannot be read.
    package func attemptLog(_ attempt: Attempt, from offset: Int64?, maxBytes: Int = 256 * 1024) throws -> AttemptLogChunk {
        guard let path = attemptLogFile(attempt) else { return .empty(at: offset ?? 0) }
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let size = Int64(try handle.seekToEnd())
            var start = min(max(0, offset ?? size - Int64(maxBytes)), size)
            try handle.seek(toOffset: UInt64(start))
            var bytes = Array(try handle.read(upToCount: Int(min(Int64(maxBytes), size - start))) ?? Data())
            if offset == nil, start > 0, let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                // The tail starts in the middle of a line: begin at the next one.
                bytes.removeSubrange(...newline)
                start += Int64(newline + 1)
            }
            if attempt.status == .running, bytes.count < maxBytes {
                // Leave a line still being written for the next read.
                if let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                    bytes.removeSubrange((lastNewline + 1)...)
                } else {
                    bytes.removeAll()
                }
            }
            return AttemptLogChunk(
                text: String(decoding: bytes, as: UTF8.self), start: start,
                end: start + Int64(bytes.count), size: size)
        } catch {
            throw PlatformError(
                .storeFailed, message: "the log of attempt \(attempt.number + 1) of job \(attempt.jobID) cannot be read",
                underlying: error)
        }
    }
}
