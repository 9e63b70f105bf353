/// Bytes of a message a ``MessageReader`` read (a line, a record's `data` or
/// `meta`), without a copy: a view into the reader's buffer that keeps that
/// buffer alive, so it stays valid for as long as it is kept.
///
/// The reader reuses its buffer in place only while no view of it is held;
/// when one is (a destination that keeps a record), the reader carries on in
/// a new buffer and the old one lives until its last view goes. A consumer
/// that copies what it keeps, as most do, costs nothing extra; one that keeps
/// views costs one buffer copy per read block, never unsafe memory.
///
/// ```swift
/// spool.append(contentsOf: record.data)          // a Collection of UInt8
/// record.data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
/// ```
public struct ScannedBytes: RandomAccessCollection {
    public typealias Index = Int
    public typealias Element = UInt8

    /// The buffer the bytes are in, kept alive by this view.
    private let storage: ReaderStorage
    private let base: UnsafeRawPointer
    /// The number of bytes.
    public let count: Int

    init(storage: ReaderStorage, base: UnsafeRawPointer, count: Int) {
        self.storage = storage
        self.base = base
        self.count = count
    }

    /// A copy of `bytes`, for messages made by hand (tests, replays).
    public init(_ bytes: some Collection<UInt8>) {
        let storage = ReaderStorage(capacity: Swift.max(bytes.count, 1))
        _ = UnsafeMutableBufferPointer(start: storage.pointer, count: bytes.count).initialize(from: bytes)
        self.init(storage: storage, base: UnsafeRawPointer(storage.pointer), count: bytes.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index \(position) is outside the \(count) bytes")
        return withExtendedLifetime(storage) { base.load(fromByteOffset: position, as: UInt8.self) }
    }

    /// Calls `body` with the bytes in place. The pointer is valid only during
    /// the call: do not let it escape (keep the ``ScannedBytes`` instead).
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withExtendedLifetime(storage) { () throws(Failure) -> Result in
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    public func withContiguousStorageIfAvailable<Result>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result? {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }
}

/// A block of memory a ``MessageReader`` reads into; freed when the reader and
/// every ``ScannedBytes`` of it are gone.
final class ReaderStorage {
    let pointer: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit {
        pointer.deallocate()
    }
}
