import Foundation
package import Hummingbird
package import PlatformStore

/// The `next` and `previous` URLs of a list response: the request's own URL
/// with `limit` and `offset` moved, its other parameters kept, so a client
/// that follows `next` (Dagster does) pages through the same filter.
///
/// Unlike Airbyte, which gives a `next` for every non-empty page, `next` is
/// only there when there is more to read, so following it never ends on an
/// empty page. `previous` is there when `offset` is not 0.
package struct PageLinks: Sendable, Hashable {
    package var next: String?
    package var previous: String?

    /// The links of `page` of the list `request` asked for; `hasMore` says whether items follow it.
    package init(request: Request, page: Page, hasMore: Bool) {
        let base = Self.baseURL(of: request) + request.uri.path
        let kept = Self.keptQuery(request)
        func url(offset: Int) -> String {
            base + "?" + (kept + ["limit=\(page.limit)", "offset=\(offset)"]).joined(separator: "&")
        }
        next = hasMore ? url(offset: page.offset + page.limit) : nil
        previous = page.offset > 0 ? url(offset: max(0, page.offset - page.limit)) : nil
    }

    /// `scheme://host` the client used, behind a proxy too (`X-Forwarded-Proto`, `X-Forwarded-Host`).
    package static func baseURL(of request: Request) -> String {
        func forwarded(_ name: String) -> String? {
            request.headers.first { $0.name.canonicalName == name }?.value.split(separator: ",").first
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let scheme = forwarded("x-forwarded-proto") ?? "http"
        let host = forwarded("x-forwarded-host") ?? request.head.authority ?? "localhost"
        return "\(scheme)://\(host)"
    }

    /// The request's query parameters other than `limit` and `offset`, as they came (still percent-encoded).
    private static func keptQuery(_ request: Request) -> [String] {
        guard let query = request.uri.query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map(String.init).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? pair
            return name != "limit" && name != "offset"
        }
    }
}

/// One page of a list and whether more follow: lists ask the store for one
/// item more than the page holds.
package struct PageSlice<Item> {
    package var items: [Item]
    package var hasMore: Bool

    /// Splits what the store returned for `page` asked with one extra item.
    package init(_ fetched: [Item], page: Page) {
        hasMore = fetched.count > page.limit
        items = Array(fetched.prefix(page.limit))
    }
}

extension Page {
    /// The same page with room for one more item, to learn whether another page follows.
    package var probing: Page { Page(limit: limit + 1, offset: offset) }
}
