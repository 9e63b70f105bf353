/// A hash that never changes between runs, machines or Swift versions —
/// unlike `Hasher`, which is seeded per process. Identifiers derived from it
/// are part of a destination's on-disk layout, so the algorithm is fixed:
/// FNV-1a, 64 bits, over the UTF-8 bytes.
enum StableHash {
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Six lowercase hex digits: the top 24 bits of ``fnv1a64(_:)``, where
    /// FNV mixes best.
    static func suffix(_ text: String) -> String {
        let digits = String(fnv1a64(text) >> 40, radix: 16)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}
