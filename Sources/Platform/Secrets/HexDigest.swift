import Crypto

/// SHA-256 in hex, for digests that must be stable across processes (a cached catalog's configuration).
enum HexDigest {
    static func hex(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
