import Crypto
import Foundation

/// Seals and opens configuration secrets with AES-GCM under the ``SecretKey``.
///
/// A sealed secret is a string, `swiftbyte-secret:v1:<base64 of nonce,
/// ciphertext and tag>`, so a stored configuration keeps its shape; the tag
/// makes a tampered value, or one sealed under another key, fail to open
/// instead of decrypting to garbage.
package struct SecretBox: Sendable {
    /// What every sealed secret starts with.
    package static let prefix = "swiftbyte-secret:v1:"

    let key: SecretKey

    package init(key: SecretKey) {
        self.key = key
    }

    /// Whether `text` is a sealed secret.
    package static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// `plaintext` sealed (a new random nonce each time).
    package func seal(_ plaintext: String) throws -> String {
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: key.key)
            guard let combined = box.combined else { throw SecretBoxError(reason: "AES-GCM gave no combined box") }
            return Self.prefix + combined.base64EncodedString()
        } catch let error as SecretBoxError {
            throw error
        } catch {
            throw SecretBoxError(reason: "sealing failed (\(error))")
        }
    }

    /// The plaintext of a sealed secret.
    ///
    /// - Throws: ``SecretBoxError`` when it is not a sealed secret, was sealed
    ///   under another key, or was altered.
    package func open(_ sealed: String) throws -> String {
        guard Self.isSealed(sealed), let combined = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))) else {
            throw SecretBoxError(reason: "the value is not a sealed secret")
        }
        do {
            let plaintext = try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key.key)
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw SecretBoxError(
                reason: """
                    it was sealed under another key, or altered: was \(SecretKey.environmentVariable) or \
                    \(SecretKey.fileName) changed? (the key now comes from \(key.origin))
                    """)
        }
    }
}

/// A secret cannot be sealed or opened.
package struct SecretBoxError: Error, Sendable, CustomStringConvertible {
    /// Why.
    package var reason: String
    package var description: String { "a stored secret cannot be decrypted: \(reason)" }
}
