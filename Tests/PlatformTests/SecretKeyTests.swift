import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Platform

@Suite("Secret key and sealed secrets")
struct SecretKeyTests {
    @Test("The key is generated on first start in a file only its owner can read, and read back after")
    func keyFileIsCreatedOwnerOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try SecretKey.load(folder: folder.path, environment: [:])
        let path = "\(folder.path)/\(SecretKey.fileName)"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let second = try SecretKey.load(folder: folder.path, environment: [:])
        let sealed = try SecretBox(key: first).seal("hunter2")
        #expect(try SecretBox(key: second).open(sealed) == "hunter2")
        #expect(!sealed.contains("hunter2"))
        #expect(try SecretBox(key: first).seal("hunter2") != sealed, "a new nonce each time")
    }

    @Test("A key file others may read is refused, not used")
    func looseKeyFileIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try SecretKey.load(folder: folder.path, environment: [:])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: "\(folder.path)/\(SecretKey.fileName)")
        let error = #expect(throws: SecretKeyError.self) { try SecretKey.load(folder: folder.path, environment: [:]) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test("SWIFTBYTE_SECRET_KEY overrides the file: base64 of 32 bytes, or a passphrase")
    func environmentOverridesKeyFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let base64 = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let fromBase64 = try SecretKey.load(folder: folder.path, environment: [SecretKey.environmentVariable: base64])
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/\(SecretKey.fileName)"), "no file is made")
        let again = try SecretKey.load(folder: folder.path, environment: [SecretKey.environmentVariable: base64])
        #expect(try SecretBox(key: again).open(SecretBox(key: fromBase64).seal("x")) == "x")
        let passphrase = try SecretKey.load(folder: folder.path, environment: [SecretKey.environmentVariable: "correct horse"])
        let fromFile = try SecretKey.load(folder: folder.path, environment: [:])
        let sealed = try SecretBox(key: passphrase).seal("x")
        let wrongKey = #expect(throws: SecretBoxError.self) { try SecretBox(key: fromFile).open(sealed) }
        #expect(wrongKey?.description.contains("another key") == true)
    }

    @Test("An altered sealed secret does not open")
    func tamperingIsDetected() throws {
        let key = try SecretKey(bytes: [UInt8](repeating: 7, count: 32), origin: "test")
        let sealed = try SecretBox(key: key).seal("hunter2")
        var bytes = try #require(Data(base64Encoded: String(sealed.dropFirst(SecretBox.prefix.count))))
        bytes[bytes.count - 1] ^= 1
        #expect(throws: SecretBoxError.self) { try SecretBox(key: key).open(SecretBox.prefix + bytes.base64EncodedString()) }
    }
}
