internal import Synchronization

/// A requester's recent `url_base` + `path` joins and their results: a paginated stream
/// joins the same two strings for every page (a substream, the same few per partition
/// being read), and `urljoin` is a pure function of them.
final class URLJoinCache: Sendable {
    private struct Inputs: Hashable {
        let base: String
        let path: String
    }

    /// More distinct joins than this (a path per partition, many partitions) start over.
    private static let capacity = 256
    private let joined = Mutex<[Inputs: String]>([:])

    /// `HttpRequester.join(base, path)`, from the cache when these inputs were joined before.
    func join(_ base: String, _ path: String) -> String {
        let inputs = Inputs(base: base, path: path)
        if let url = joined.withLock({ $0[inputs] }) { return url }
        let url = HttpRequester.join(base, path)
        joined.withLock { joined in
            if joined.count >= Self.capacity { joined.removeAll(keepingCapacity: true) }
            joined[inputs] = url
        }
        return url
    }
}
