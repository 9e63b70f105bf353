internal import DeclarativeManifest
internal import Synchronization

/// The in-memory equivalent of the CDK's `requests_cache` session for requesters with
/// `use_cache` (parent streams): a successful GET is answered from memory when the same
/// stream asks for the same URL with the same headers again, as when a parent stream is read
/// for a substream after being read itself.
final class ResponseCache: Sendable {
    private struct Key: Hashable {
        var namespace: String
        var request: OutgoingRequest
    }

    private let entries = Mutex<[Key: HTTPResponse]>([:])

    func lookup(_ request: OutgoingRequest, namespace: String) -> HTTPResponse? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        let key = Key(namespace: namespace, request: request)
        return entries.withLock { $0[key] }.map {
            var cached = $0
            cached.fromCache = true
            return cached
        }
    }

    func store(_ response: HTTPResponse, for request: OutgoingRequest, namespace: String) {
        guard request.method == "GET" || request.method == "HEAD", response.status == 200 else { return }
        let key = Key(namespace: namespace, request: request)
        entries.withLock { $0[key] = response }
    }
}
