import Crypto
import Foundation

/// The UI's signed values: the token every form carries against cross-site
/// request forgery, and the session cookie of a signed-in person.
///
/// A browser gets a random id in an HttpOnly cookie on its first page; each
/// form carries an HMAC of that id under the server's key (derived from its
/// secret key, so every server sharing the key accepts the others' forms). A
/// post is accepted only when the two match: another site can make a browser
/// post, but can neither read the cookie nor compute its token.
struct BrowserTokens: Sendable {
    /// The cookie with the browser's random id.
    static let browserCookie = "swiftbyte_browser"
    /// The cookie with a signed-in person's session.
    static let sessionCookie = "swiftbyte_session"
    /// The form field with the token.
    static let formField = "_csrf"

    private let key: [UInt8]

    /// Tokens signed with `key` (32 bytes or more).
    init(key: [UInt8]) {
        self.key = key
    }

    /// A new browser id: 16 random bytes in hex.
    static func newBrowserID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether `value` looks like a browser id this server made (32 hex digits).
    static func isBrowserID(_ value: String) -> Bool {
        value.utf8.count == 32
            && value.utf8.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    /// The token the forms of browser `id` carry.
    func formToken(browser id: String) -> String {
        signature(of: "form:\(id)")
    }

    /// Whether `token` is browser `id`'s (compared in constant time).
    func isValid(formToken token: String, browser id: String) -> Bool {
        Self.constantTimeEqual(token, formToken(browser: id))
    }

    /// A session cookie value for `user` until `expires`: `user.expiry.signature`, the user in base64url.
    func session(user: String, expires: Date) -> String {
        let payload = "\(Self.base64URL(Data(user.utf8))).\(Int64(expires.timeIntervalSince1970))"
        return "\(payload).\(signature(of: "session:\(payload)"))"
    }

    /// The user a session cookie names, when its signature holds and it has not expired.
    func user(fromSession value: String, now: Date) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int64(parts[1]),
            Self.constantTimeEqual(String(parts[2]), signature(of: "session:\(parts[0]).\(parts[1])")),
            Double(expiry) > now.timeIntervalSince1970,
            let data = Self.data(base64URL: String(parts[0]))
        else { return nil }
        return String(data: data, encoding: .utf8)
    }

    private func signature(of text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))
        return Self.base64URL(Data(mac))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
