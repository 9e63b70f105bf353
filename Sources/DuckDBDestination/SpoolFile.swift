import DestinationKit
import Foundation

#if canImport(Glibc)
import SystemPackage
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stream's records since the last commit, as newline-delimited JSON that
/// DuckDB reads at the commit (see ``TypedSelect/spooledRecords``).
///
/// Each record is one line, put together from the reader's byte spans without
/// parsing anything: `{"d":<data>,"e":<emitted_at>,"m":<meta or null>}`. `data`
/// comes first so a bad record's data can be quoted from a known offset. A
/// record with long numbers (``AirbyteProtocol/ScannedRecord/hasLongNumbers``)
/// has them marked in its data (``LongNumberText``) and ends with `,"x":true}`.
/// A spool that writes raw ids (``init(path:writesRawIds:)``) ends each line
/// with `,"r":"<UUIDv7>"}` instead (after `"x"` when there is one).
/// Writes go through a buffer; ``flush()`` before DuckDB reads the file.
final class SpoolFile {
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Records appended.
    private(set) var records = 0
    /// Records appended with marked long numbers (``LongNumberText``).
    private(set) var markedRecords = 0
    /// Bytes of the longest line, newline included: DuckDB's reader must accept objects this large.
    private(set) var longestLine = 0
    /// Draws each record's `_airbyte_raw_id` into its line (`"r"`), when the spool is read more than once.
    private var rawIds: RawIdGenerator?

    /// Buffered bytes that trigger a write to the file.
    static let bufferCapacity = 1 << 20
    /// Where `data` starts in every line.
    static let dataOffset = 5

    private static let dataPrefix = Array(#"{"d":"#.utf8)
    private static let emittedAtPrefix = Array(#","e":"#.utf8)
    private static let metaPrefix = Array(#","m":"#.utf8)
    private static let noMeta = Array("null".utf8)
    private static let end = Array("}\n".utf8)
    private static let flag = Array(#","x":true"#.utf8)
    private static let rawIdPrefix = Array(#","r":""#.utf8)
    private static let rawIdEnd = Array("\"}\n".utf8)

    /// Creates (or empties) the file at `path`. With `writesRawIds`, each line
    /// carries the record's `_airbyte_raw_id` (`"r"`), so every read of the file
    /// sees the same ids: a normalized family's parent and children are loaded by
    /// separate reads.
    init(path: String, writesRawIds: Bool = false) throws(ConnectorFailure) {
        self.path = path
        rawIds = writesRawIds ? RawIdGenerator() : nil
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create", path) }
        buffer.reserveCapacity(Self.bufferCapacity + (64 << 10))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func append(_ record: ScannedRecord) throws(ConnectorFailure) {
        let start = buffer.count
        buffer.append(contentsOf: Self.dataPrefix)
        if record.hasLongNumbers {
            markedRecords += 1
            record.data.withUnsafeBytes { LongNumberText.rewrite($0, into: &buffer) }
        } else {
            record.data.withUnsafeBytes { buffer.append(contentsOf: $0) }
        }
        buffer.append(contentsOf: Self.emittedAtPrefix)
        buffer.append(contentsOf: String(record.emittedAt).utf8)  // a small string: no allocation
        buffer.append(contentsOf: Self.metaPrefix)
        if let meta = record.meta {
            meta.withUnsafeBytes { buffer.append(contentsOf: $0) }
        } else {
            buffer.append(contentsOf: Self.noMeta)
        }
        if record.hasLongNumbers { buffer.append(contentsOf: Self.flag) }
        if rawIds != nil {
            buffer.append(contentsOf: Self.rawIdPrefix)
            rawIds!.append(to: &buffer)
            buffer.append(contentsOf: Self.rawIdEnd)
        } else {
            buffer.append(contentsOf: Self.end)
        }
        longestLine = max(longestLine, buffer.count - start)
        records += 1
        if buffer.count >= Self.bufferCapacity { try flush() }
    }

    /// Writes the buffered lines to the file.
    func flush() throws(ConnectorFailure) {
        do {
            try FileDescriptor(rawValue: descriptor).writeAll(buffer)
        } catch {
            throw Self.failure("write to", path)
        }
        buffer.removeAll(keepingCapacity: buffer.capacity <= Self.bufferCapacity * 2)
    }

    /// The first line that is not strict JSON, with its number (from 1); nil when all are.
    /// Reads the whole file: for explaining a failed load, not for the hot path.
    func firstInvalidLine() throws(ConnectorFailure) -> (number: Int, line: ArraySlice<UInt8>)? {
        try flush()
        guard let contents = FileManager.default.contents(atPath: path) else { throw Self.failure("read", path) }
        let bytes = [UInt8](contents)
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            do {
                _ = try JSONValue(parsing: line)
            } catch {
                return (index + 1, line)
            }
        }
        return nil
    }

    /// Closes and deletes the file.
    func remove() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
    }

    private static func failure(_ action: String, _ path: String) -> ConnectorFailure {
        let reason = String(cString: strerror(errno))
        return .system(
            "cannot \(action) the spool file \(path): \(reason); check the free space and permissions of its folder",
            internalMessage: "\(action) \(path): errno \(errno) \(reason)")
    }
}
