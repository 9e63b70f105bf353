internal import AirbyteProtocol
internal import ConnectorKit
internal import DeclarativeManifest
internal import Foundation
internal import Synchronization

/// Log levels of the protocol's LOG messages.
public enum SourceLogLevel: String, Sendable {
    case debug = "DEBUG"
    case info = "INFO"
    case warning = "WARN"
    case error = "ERROR"
}

/// Where components report what happens besides records: logs and rate limiting.
protocol SourceEvents: Sendable {
    func log(_ level: SourceLogLevel, _ message: String)
    func rateLimited(stream: String)
    /// The connector's config changed (a single-use refresh token was rotated).
    func configUpdated(_ config: JSONValue)
    /// An error TRACE that does not stop the stream (a job that could not be created is retried).
    func error(_ failure: SourceFailure)
}

/// Receives the Airbyte protocol messages a source produces, one JSON line each.
public protocol MessageSink: Sendable {
    /// One complete protocol message, as UTF-8 JSON without the newline.
    func write(line: [UInt8])
    /// Many records at once (the hot path); each element is one line.
    func write(lines: [[UInt8]])
    /// Many records at once as one block: each message followed by a newline. The record hot
    /// path writes a page this way, with no array per record.
    func write(newlineTerminated block: [UInt8])
    /// Everything written so far reaches its destination.
    func flush()
}

extension MessageSink {
    /// Splits `block` at its newlines (compact JSON has none inside a message) for `write(lines:)`.
    public func write(newlineTerminated block: [UInt8]) {
        write(lines: block.split(separator: UInt8(ascii: "\n")).map { Array($0) })
    }
}

/// Writes protocol messages to a file descriptor (stdout), buffered, safe from any task.
///
/// A page's block of records is kept as the array it came in, not copied into a buffer:
/// once `capacity` bytes wait, one `writev` hands every waiting block (and the small
/// messages between them) to the kernel. One thread writes at a time, taking what waits in
/// order; a thread that finds another writing leaves its bytes to it instead of waiting, up
/// to eight times `capacity` waiting (then it waits: a slow reader slows the source down).
public final class FileDescriptorSink: MessageSink {
    private let descriptor: Int32
    private let waiting = Mutex(Waiting())
    /// Held while writing to the descriptor.
    private let writing = Mutex(())
    private let capacity: Int

    /// What waits to be written, in order: whole blocks, then the lines written after the last one.
    private struct Waiting {
        var blocks: [[UInt8]] = []
        var lines: [UInt8] = []
        var byteCount = 0

        mutating func takeLines() {
            guard !lines.isEmpty else { return }
            blocks.append(lines)
            lines = []
        }

        /// Everything waiting, in order, leaving nothing.
        mutating func takeAll() -> [[UInt8]] {
            takeLines()
            defer {
                blocks = []
                byteCount = 0
            }
            return blocks
        }
    }

    /// A pipe's capacity is raised to this (Linux's default is 64 KiB, one buffer).
    static let pipeCapacity: Int32 = 1 << 20

    /// At most this many buffers go to one `writev` (Linux's `IOV_MAX` is 1024).
    private static let buffersPerWrite = 512

    public init(descriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.capacity = capacity
        Self.growPipe(descriptor)
    }

    /// When `descriptor` is a pipe, as a source's stdout is when a destination or the platform
    /// reads it, lets it hold many buffers: with Linux's default the source stops at every
    /// buffer until the reader has taken the last one, and each stop is two thread wake-ups.
    /// Best effort: a pipe that cannot grow (the system's limit) stays as it is.
    private static func growPipe(_ descriptor: Int32) {
        #if os(Linux)
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else { return }
        // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), which Glibc declares only under _GNU_SOURCE.
        let setPipeSize: Int32 = 1024 + 7
        _ = fcntl(descriptor, setPipeSize, pipeCapacity)
        #endif
    }

    public func write(line: [UInt8]) { write(lines: [line]) }

    public func write(lines: [[UInt8]]) {
        let waitingBytes = waiting.withLock { waiting in
            for line in lines {
                waiting.lines.append(contentsOf: line)
                waiting.lines.append(UInt8(ascii: "\n"))
                waiting.byteCount += line.count + 1
            }
            return waiting.byteCount
        }
        writeIfFull(waitingBytes)
    }

    public func write(newlineTerminated block: [UInt8]) {
        guard !block.isEmpty else { return }
        let waitingBytes = waiting.withLock { waiting in
            waiting.takeLines()
            waiting.blocks.append(block)
            waiting.byteCount += block.count
            return waiting.byteCount
        }
        writeIfFull(waitingBytes)
    }

    public func flush() {
        writing.withLock { _ in writeWaiting(all: true) }
    }

    private func writeIfFull(_ waitingBytes: Int) {
        var waitingBytes = waitingBytes
        while waitingBytes >= capacity {
            if waitingBytes < capacity * 8 {
                // A thread writing now takes these bytes after its own, before it stops.
                guard writing.withLockIfAvailable({ _ in writeWaiting(all: false) }) != nil else { return }
            } else {
                writing.withLock { _ in writeWaiting(all: false) }
            }
            // Another thread may have added bytes after this one last looked and before it let
            // go of the lock, and left them to it: look again, now that the lock is free.
            waitingBytes = waiting.withLock { $0.byteCount }
        }
    }

    /// Writes what waits, in order, until less than `capacity` (or, with `all`, nothing) is
    /// left; called with `writing` held. A write that fails (the reader went away) drops the
    /// bytes, as there is nowhere left to write them.
    private func writeWaiting(all: Bool) {
        let least = all ? 1 : capacity
        while let blocks = waiting.withLock({ $0.byteCount >= least ? $0.takeAll() : nil }) {
            var first = 0
            while first < blocks.count {
                let last = min(first + Self.buffersPerWrite, blocks.count)
                guard writeAll(blocks[first..<last]) else { break }
                first = last
            }
        }
    }

    /// One `writev` of `blocks`, again from where it stopped when the kernel took only part.
    private func writeAll(_ blocks: ArraySlice<[UInt8]>) -> Bool {
        var vectors: [iovec] = []
        vectors.reserveCapacity(blocks.count)
        // Each array's storage stays where it is while `blocks` holds it unchanged, which it
        // does until this returns: the addresses are used only here.
        for block in blocks {
            block.withUnsafeBytes { raw in
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress), iov_len: raw.count))
            }
        }
        var next = 0
        while next < vectors.count {
            let written = vectors[next...].withUnsafeBufferPointer { pending in
                Foundation.writev(descriptor, pending.baseAddress, Int32(pending.count))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            var remaining = written
            while next < vectors.count, remaining >= vectors[next].iov_len {
                remaining -= vectors[next].iov_len
                next += 1
            }
            if remaining > 0 {
                vectors[next].iov_base = vectors[next].iov_base.map { $0 + remaining }
                vectors[next].iov_len -= remaining
            }
        }
        return true
    }
}

/// The fixed text around a RECORD's `data`, the same for every record of a page:
/// `{"type":"RECORD","record":{"stream":…,"data":` before it, `,"emitted_at":…}}` and the
/// newline after it.
private struct RecordLineParts {
    let prefix: [UInt8]
    let emittedAtMember: [UInt8]
    let end: [UInt8] = Array("}}\n".utf8)
    /// `emittedAtMember` and `end` together, for a record with nothing after `emitted_at`.
    let suffix: [UInt8]

    init(stream: String, emittedAt: Int64) {
        var prefix = Array("{\"type\":\"RECORD\",\"record\":{\"stream\":".utf8)
        JSONValue.string(stream).serialize(into: &prefix)
        prefix.append(contentsOf: Array(",\"data\":".utf8))
        self.prefix = prefix
        emittedAtMember = Array(",\"emitted_at\":\(emittedAt)".utf8)
        suffix = emittedAtMember + end
    }

    /// The bytes a record's line has besides its `data`.
    var byteCount: Int { prefix.count + suffix.count }
}

/// Builds the protocol messages of a sync and counts records per stream for `sourceStats`.
final class MessageOutput: SourceEvents, Sendable {
    let sink: any MessageSink
    private let counts = Mutex<[String: Int]>([:])
    private let nowMilliseconds: @Sendable () -> Double
    let masker: SecretMasker

    init(sink: any MessageSink, nowMilliseconds: @escaping @Sendable () -> Double, masker: SecretMasker = SecretMasker(secrets: [])) {
        self.sink = sink
        self.nowMilliseconds = nowMilliseconds
        self.masker = masker
    }

    /// For a message written outside a read (the CLI's own): the wall clock in whole
    /// milliseconds, written as the CDK's float (`1700000000000.0`), nothing masked.
    convenience init(outsideAReadFor sink: any MessageSink) {
        self.init(sink: sink, nowMilliseconds: { (Date().timeIntervalSince1970 * 1000).rounded(.towardZero) })
    }

    func mask(_ text: String) -> String { masker.mask(text) }

    /// Writes a message other than a record and flushes, with the records buffered before it:
    /// a state, log or trace reaches the reader as it happens, not when 64 KiB of records have
    /// piled up or the sync ends (a sync waiting minutes in a backoff still shows why).
    func emit(_ message: JSONObject) {
        sink.write(line: Array(JSONValue.object(message).jsonText.utf8))
        sink.flush()
    }

    func records(_ records: [JSONValue], stream: String) {
        writeRecords(count: records.count, stream: stream) { block, index in Self.writeData(records[index], into: &block) }
    }

    /// Records with the files a `file_uploader` wrote: each RECORD carries its
    /// `file_reference` after `emitted_at`, as the CDK's message does.
    func records(_ records: [JSONValue], fileReferences: [JSONObject], stream: String) {
        writeRecords(count: records.count, stream: stream) { block, index in
            Self.writeData(records[index], into: &block)
        } afterEmittedAt: { block, index in
            block.append(contentsOf: Array(",\"file_reference\":".utf8))
            JSONValue.object(fileReferences[index]).serialize(into: &block)
        }
    }

    /// A page taken from the response as bytes: each record's compact JSON is copied as it is
    /// (one with a top-level `null` member is parsed and written without it).
    func records(_ records: RawRecords, stream: String) {
        let scan = records.scan
        guard scan.recordsWithNullMembers.isEmpty else {
            let bytes = scan.records
            writeRecords(count: records.count, stream: stream) { block, index in
                if scan.hasNullMember(index) {
                    Self.writeData(records.value(at: index), into: &block)
                } else {
                    block.append(contentsOf: bytes[scan.range(of: index)])
                }
            }
            return
        }
        // The common page: every record copied whole, so the block's size is known and each
        // line is three copies into it.
        let parts = RecordLineParts(stream: stream, emittedAt: Int64(nowMilliseconds()))
        let size = scan.count * parts.byteCount + scan.records.count
        let block = [UInt8](unsafeUninitializedCapacity: size) { block, initialized in
            guard let output = block.baseAddress else { return }
            var at = 0
            func append(_ bytes: UnsafeBufferPointer<UInt8>) {
                guard let source = bytes.baseAddress else { return }
                (output + at).initialize(from: source, count: bytes.count)
                at += bytes.count
            }
            scan.records.withUnsafeBufferPointer { records in
                parts.prefix.withUnsafeBufferPointer { prefix in
                    parts.suffix.withUnsafeBufferPointer { suffix in
                        var start = 0
                        for end in scan.recordEnds {
                            append(prefix)
                            append(UnsafeBufferPointer(rebasing: records[start..<end]))
                            append(suffix)
                            start = end
                        }
                    }
                }
            }
            initialized = at
        }
        counts.withLock { $0[stream, default: 0] += scan.count }
        sink.write(newlineTerminated: block)
    }

    /// A record's `data` as the CDK writes it: its serializer (`omit_none`) leaves out the
    /// top-level members whose value is `null`; nested ones stay.
    static func writeData(_ record: JSONValue, into block: inout [UInt8]) {
        guard case .object(let object) = record, object.contains(where: { $0.value == .null }) else {
            record.serialize(into: &block)
            return
        }
        var kept = JSONObject()
        for (key, value) in object where value != .null { kept[key] = value }
        JSONValue.object(kept).serialize(into: &block)
    }

    /// One RECORD line per record, `data` written by `writeData`, handed to the sink as one block.
    private func writeRecords(
        count: Int, stream: String, writeData: (inout [UInt8], Int) -> Void,
        afterEmittedAt: ((inout [UInt8], Int) -> Void)? = nil
    ) {
        let parts = RecordLineParts(stream: stream, emittedAt: Int64(nowMilliseconds()))
        var block: [UInt8] = []
        block.reserveCapacity(count * (parts.byteCount + 160))
        for index in 0..<count {
            block.append(contentsOf: parts.prefix)
            writeData(&block, index)
            if let afterEmittedAt {
                block.append(contentsOf: parts.emittedAtMember)
                afterEmittedAt(&block, index)
                block.append(contentsOf: parts.end)
            } else {
                block.append(contentsOf: parts.suffix)
            }
        }
        counts.withLock { $0[stream, default: 0] += count }
        sink.write(newlineTerminated: block)
    }

    func state(_ state: JSONObject, stream: String) {
        let count = counts.withLock { counts -> Int in
            let value = counts[stream] ?? 0
            counts[stream] = 0
            return value
        }
        emit([
            "type": "STATE",
            "state": [
                "type": "STREAM",
                "stream": ["stream_descriptor": ["name": .string(stream)], "stream_state": .object(state)],
                "sourceStats": ["recordCount": .number(PythonFloatText.of(Double(count)))],
            ],
        ])
    }

    func status(_ status: String, stream: String, reasons: [JSONValue] = []) {
        var streamStatus: JSONObject = ["stream_descriptor": ["name": .string(stream)], "status": .string(status)]
        if !reasons.isEmpty { streamStatus["reasons"] = .array(reasons) }
        emit([
            "type": "TRACE",
            "trace": [
                "type": "STREAM_STATUS", "emitted_at": .number(PythonFloatText.of(nowMilliseconds())),
                "stream_status": .object(streamStatus),
            ],
        ])
    }

    func error(_ failure: SourceFailure) {
        var error: JSONObject = [
            "message": .string(mask(failure.message)),
            "internal_message": .string(mask(failure.internalMessage)),
            "failure_type": .string(failure.failureType.rawValue),
            "stack_trace": .string(mask(failure.internalMessage)),
        ]
        if let stream = failure.stream { error["stream_descriptor"] = ["name": .string(stream)] }
        emit([
            "type": "TRACE",
            "trace": ["type": "ERROR", "emitted_at": .number(PythonFloatText.of(nowMilliseconds())), "error": .object(error)],
        ])
    }

    func log(_ level: SourceLogLevel, _ message: String) {
        emit(["type": "LOG", "log": ["level": .string(level.rawValue), "message": .string(mask(message))]])
    }

    func rateLimited(stream: String) {
        status("RUNNING", stream: stream, reasons: [["type": "RATE_LIMITED"]])
    }

    func configUpdated(_ config: JSONValue) {
        emit([
            "type": "CONTROL",
            "control": [
                "type": "CONNECTOR_CONFIG", "emitted_at": .number(PythonFloatText.of(nowMilliseconds())),
                "connectorConfig": ["config": config],
            ],
        ])
    }
}

enum PythonFloatText {
    static func of(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e16 { return String(Int64(value)) + ".0" }
        return "\(value)"
    }
}
