internal import CDuckDB
import Foundation

// Conversions between DuckDB's C structs and Swift's types, all internal.

extension duckdb_hugeint {
    init(_ value: Int128) {
        self.init(lower: UInt64(truncatingIfNeeded: value), upper: Int64(truncatingIfNeeded: value >> 64))
    }

    var int128: Int128 { Int128(upper) << 64 | Int128(lower) }
}

extension duckdb_uhugeint {
    init(_ value: UInt128) {
        self.init(lower: UInt64(truncatingIfNeeded: value), upper: UInt64(truncatingIfNeeded: value >> 64))
    }

    var uint128: UInt128 { UInt128(upper) << 64 | UInt128(lower) }
}

extension UInt128 {
    /// The UUID's 16 bytes read big-endian, the order `duckdb_create_uuid` expects.
    init(uuid: UUID) {
        let bytes = uuid.uuid
        self = withUnsafeBytes(of: bytes) { raw in raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
    }
}

extension UUID {
    init(_ value: UInt128) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<16 { raw[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
        }
        self.init(uuid: bytes)
    }

    /// DuckDB stores a UUID in a vector as a HUGEINT with the top bit flipped,
    /// so that signed comparison orders UUIDs like their text.
    init(vectorStorage value: duckdb_hugeint) {
        self.init(UInt128(UInt64(bitPattern: value.upper) ^ (1 << 63)) << 64 | UInt128(value.lower))
    }

    var vectorStorage: duckdb_hugeint {
        let natural = UInt128(uuid: self)
        return duckdb_hugeint(
            lower: UInt64(truncatingIfNeeded: natural),
            upper: Int64(bitPattern: UInt64(truncatingIfNeeded: natural >> 64) ^ (1 << 63)))
    }
}
