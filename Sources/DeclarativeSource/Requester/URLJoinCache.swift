internal import Synchronization

/// The last `url_base` + `path` join of a requester and its result: a paginated stream joins
/// the same two strings for every page, and `urljoin` is a pure function of them.
final class URLJoinCache: Sendable {
    private let last = Mutex<(base: String, path: String, url: String)?>(nil)

    /// `HttpRequester.join(base, path)`, from the cache when the inputs are the last ones.
    func join(_ base: String, _ path: String) -> String {
        if let last = last.withLock({ $0 }), last.base == base, last.path == path { return last.url }
        let url = HttpRequester.join(base, path)
        last.withLock { $0 = (base, path, url) }
        return url
    }
}
