import Crypto
package import Foundation
package import PlatformStore

/// API client secrets: made random, kept only as a hash, compared in constant time.
package enum ApplicationSecrets {
    /// A new client id (a UUID, as Airbyte's) and secret (32 random bytes in base64).
    package static func newCredentials() -> (clientID: String, secret: String) {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        return (UUID().uuidString.lowercased(), secret)
    }

    /// Saves a new application named `name` with new credentials: what the
    /// API's `POST /applications` and the web UI's settings page both do.
    ///
    /// - Returns: the application and its secret, which is never shown again.
    package static func create(
        named name: String, in store: any PlatformStore, now: Date
    ) async throws -> (application: APIApplication, secret: String) {
        let (clientID, secret) = newCredentials()
        let application = APIApplication(
            workspaceID: nil, name: name, clientID: clientID, secretHash: hash(secret), createdAt: now)
        try await store.insertApplication(application)
        return (application, secret)
    }

    /// What the store keeps of `secret`: its SHA-256 in hex (the secret has 256
    /// random bits, so a slow password hash would add nothing).
    package static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Whether `candidate` is the secret whose hash is `hash`.
    package static func matches(_ candidate: String, hash: String) -> Bool {
        constantTimeEqual(Self.hash(candidate), hash)
    }

    /// Whether two strings are equal, in time that does not depend on where they differ.
    package static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(a.utf8)))
        let right = Array(SHA256.hash(data: Data(b.utf8)))
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
