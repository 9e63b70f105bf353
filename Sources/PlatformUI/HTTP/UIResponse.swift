import Foundation
import Hummingbird

/// What a UI handler answers.
enum UIResponse: Sendable {
    /// A page: the layout around its body.
    case page(HTMLPage)
    /// `303 See Other` to a path of the UI, with a message for the page there.
    case redirect(String, Flash?)
    /// JSON, for the live parts of the pages.
    case json(Data, HTTPResponse.Status)
    /// Anything else (a log download).
    case response(Response)

    /// A JSON answer of `value`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> UIResponse {
        .json((try? JSONEncoder().encode(value)) ?? Data("{}".utf8), status)
    }
}

/// A page's own part: its title, where it sits in the navigation, its body.
struct HTMLPage: Sendable {
    /// Where a page sits in the main navigation.
    enum Section: String, Sendable, CaseIterable {
        case connections, sources, destinations, settings, none
    }

    var title: String
    var section: Section
    /// The rendered body (already escaped by its template).
    var body: String
    var status: HTTPResponse.Status = .ok
    /// Reload every so many seconds when JavaScript is off (a running job).
    var autoRefresh: Int?
}
