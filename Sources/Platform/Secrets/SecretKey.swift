import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The key that encrypts configuration secrets at rest.
///
/// From `SWIFTBYTE_SECRET_KEY` when set (32 bytes in base64, as
/// `openssl rand -base64 32` prints them, or any passphrase, whose SHA-256 is
/// the key); otherwise from `secret.key` in the server's folder, generated on
/// first start in a file only its owner can read (mode 0600). Servers sharing
/// one PostgreSQL database must share the key.
package struct SecretKey: Sendable {
    /// The environment variable that overrides the key file.
    package static let environmentVariable = "SWIFTBYTE_SECRET_KEY"
    /// The key file's name in the server's folder.
    package static let fileName = "secret.key"

    /// The key's bytes (`SymmetricKey` is not `Sendable`; one is made per use).
    private let bytes: [UInt8]
    /// Where the key came from, for logs (never the key).
    package let origin: String

    /// A key of these 32 bytes.
    package init(bytes: some Collection<UInt8>, origin: String) throws {
        guard bytes.count == 32 else {
            throw SecretKeyError(origin: origin, reason: "a key has 32 bytes, this one \(bytes.count)")
        }
        self.bytes = Array(bytes)
        self.origin = origin
    }

    /// The key, for one encryption or decryption.
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// 32 bytes derived from the key for one `purpose` (HKDF-SHA256), such as
    /// signing the API's bearer tokens: servers sharing the key share them, and
    /// knowing them reveals nothing of the key itself.
    package func derivedKey(for purpose: String) -> [UInt8] {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("swiftbyte \(purpose)".utf8), outputByteCount: 32)
            .withUnsafeBytes { Array($0) }
    }

    /// The key from `SWIFTBYTE_SECRET_KEY` in `environment`, else from (or
    /// newly into) `folder/secret.key`.
    ///
    /// - Throws: ``SecretKeyError`` when the file cannot be created or read, is
    ///   readable by others, or holds no key.
    package static func load(folder: String, environment: [String: String]) throws -> SecretKey {
        if let text = environment[environmentVariable], !text.isEmpty {
            if let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 {
                return try SecretKey(bytes: bytes, origin: environmentVariable)
            }
            return try SecretKey(bytes: Array(SHA256.hash(data: Data(text.utf8))), origin: "\(environmentVariable) (a passphrase)")
        }
        let path = "\(folder)/\(fileName)"
        if let created = try create(at: path) { return created }
        return try read(at: path)
    }

    /// A new random key written to `path`, or `nil` when the file exists
    /// (another process may have just made it: creation is exclusive).
    private static func create(at path: String) throws -> SecretKey? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return nil }
            throw SecretKeyError(origin: path, reason: "it cannot be created: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let key = SymmetricKey(size: .bits256)
        let text = Array((key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw SecretKeyError(origin: path, reason: "it cannot be written: \(String(cString: strerror(errno)))")
        }
        return try SecretKey(bytes: key.withUnsafeBytes { Array($0) }, origin: path)
    }

    private static func read(at path: String) throws -> SecretKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw SecretKeyError(origin: path, reason: "it cannot be read: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw SecretKeyError(
                origin: path,
                reason: """
                    others than its owner may read it (mode \(String(status.st_mode & 0o777, radix: 8))): run chmod 600 \(path)
                    """)
        }
        // A file a concurrent first start is still writing: wait for its key.
        for _ in 0..<50 {
            if let contents = FileManager.default.contents(atPath: path),
                let bytes = Data(
                    base64Encoded: String(decoding: contents, as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
            {
                return try SecretKey(bytes: bytes, origin: path)
            }
            usleep(20_000)
        }
        throw SecretKeyError(origin: path, reason: "it holds no key (32 bytes in base64)")
    }
}

/// The secret key cannot be had.
package struct SecretKeyError: Error, Sendable, CustomStringConvertible {
    /// The file or variable.
    package var origin: String
    /// What is wrong.
    package var reason: String
    package var description: String { "the secret key \(origin) cannot be used: \(reason)" }
}
