import Crypto
package import Foundation

/// Bearer tokens for API clients: JSON Web Tokens signed with HMAC-SHA256
/// under a key derived from the server's secret key, so every server process
/// sharing that key (and a database) accepts the tokens of the others, and a
/// restart does not log clients out. A token names its client and expires
/// after the credentials' lifetime (3 minutes, as Airbyte's; clients fetch a
/// new one when they get a 401).
package struct AccessTokens: Sendable {
    private let key: [UInt8]
    private let issuer = "swiftbyte"

    /// Tokens signed with these 32 or more bytes.
    package init(key: some Collection<UInt8>) {
        self.key = Array(key)
    }

    /// A token for `clientID`, valid for `lifetime` from `now`.
    package func issue(clientID: String, now: Date, lifetime: Duration) -> String {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let payload =
            #"{"iss":"\#(issuer)","sub":\#(Self.jsonString(clientID)),"iat":\#(issuedAt),"exp":\#(issuedAt + lifetime.components.seconds)}"#
        let signingInput = Self.base64URL(Data(header.utf8)) + "." + Self.base64URL(Data(payload.utf8))
        return signingInput + "." + Self.base64URL(Data(signature(of: signingInput)))
    }

    /// The client a token was issued to; `nil` when it is not one of ours, was altered, or expired before `now`.
    package func verify(_ token: String, now: Date) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Self.decodeBase64URL(parts[2]) else { return nil }
        let signingInput = "\(parts[0]).\(parts[1])"
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data(signingInput.utf8),
                using: SymmetricKey(data: key)),
            let payload = Self.decodeBase64URL(parts[1]),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
            claims["iss"] as? String == issuer, let subject = claims["sub"] as? String,
            let expiry = (claims["exp"] as? NSNumber)?.int64Value, Int64(now.timeIntervalSince1970) < expiry
        else { return nil }
        return subject
    }

    private func signature(of text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key)))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    private static func jsonString(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return data.flatMap { String(data: $0, encoding: .utf8) }.map { String($0.dropFirst().dropLast()) } ?? "\"\""
    }
}
