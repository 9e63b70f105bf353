import Foundation
import Hummingbird

/// One request to the UI, as its handlers see it: the path's parameters, the
/// query, the posted form (its token already checked), who is signed in.
struct UIRequest: Sendable {
    /// The request.
    var request: Request
    /// The path's parameters (`:id`).
    var parameters: Parameters
    /// The query string's fields.
    var query: FormData
    /// The posted form's fields (empty for a GET).
    var form: FormData
    /// The token this browser's forms carry.
    var csrf: String
    /// Who is signed in, when sign-in is on.
    var user: String?
    /// A message left by the previous request (after a redirect).
    var flash: Flash?
    /// Now.
    var now: Date
    /// A file's bytes as a streamed response body (Hummingbird's file IO, in this request's context).
    var fileBody: @Sendable (_ path: String) async throws -> ResponseBody

    /// The path parameter `name`.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw HTTPError(.badRequest, message: "missing \(name)") }
        return value
    }

    /// The path (and query) of this request, for a sign-in page to come back to.
    var pathAndQuery: String { request.uri.string }
}

/// A message shown once on the next page: "Saved", "Sync started", or an error.
struct Flash: Sendable, Hashable, Codable {
    enum Kind: String, Sendable, Codable { case notice, alert }
    var kind: Kind
    var text: String

    static func notice(_ text: String) -> Flash { Flash(kind: .notice, text: text) }
    static func alert(_ text: String) -> Flash { Flash(kind: .alert, text: text) }

    /// The cookie that carries it across a redirect.
    static let cookie = "swiftbyte_flash"

    /// The cookie value: base64url of its JSON.
    var cookieValue: String {
        BrowserTokens.base64URL((try? JSONEncoder().encode(self)) ?? Data())
    }

    init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    init?(cookieValue: String) {
        guard let data = BrowserTokens.data(base64URL: cookieValue),
            let flash = try? JSONDecoder().decode(Flash.self, from: data)
        else { return nil }
        self = flash
    }
}
