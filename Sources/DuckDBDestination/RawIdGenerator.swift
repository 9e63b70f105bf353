#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes `_airbyte_raw_id`s as UUIDv7 text (RFC 9562: 48 bits of Unix
/// milliseconds, then random bits) while records are spooled, for streams whose
/// spool is read more than once (a normalized family: the parent's rows, then
/// each child's rows with the parent's id, ``SpoolFile/init(path:writesRawIds:)``).
/// DuckDB's `uuidv7()` draws a new id at every read, so it cannot serve there.
///
/// The random bits are 12 drawn once per run and 62 of a counter (started at a
/// random value) mixed by SplitMix64, so two ids of the same millisecond are
/// equal only by a chance of about 2^-62, with two system random draws per run
/// instead of two per record.
struct RawIdGenerator {
    private var counter: UInt64
    private let randomA: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        counter = system.next()
        randomA = system.next()
    }

    /// Appends the next id's 36 characters (`xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx`) to `buffer`.
    mutating func append(to buffer: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec / 1_000_000)
        counter &+= 1
        let mixed = Self.splitMix64(counter)
        // High: 48 bits of time, version 7, 12 bits of rand_a. Low: variant 0b10, 62 random bits.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (randomA & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (mixed >> 2)
        Self.appendHex(high >> 32, digits: 8, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendHex(high >> 16, digits: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendHex(high, digits: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendHex(low >> 48, digits: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendHex(low, digits: 12, to: &buffer)
    }

    /// The low `digits` hex digits of `value`, most significant first, lower case.
    @inline(__always)
    private static func appendHex(_ value: UInt64, digits: Int, to buffer: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0xF
            buffer.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
    }

    /// SplitMix64's output function: a bijection of 64 bits that spreads a counter's bits.
    @inline(__always)
    static func splitMix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
