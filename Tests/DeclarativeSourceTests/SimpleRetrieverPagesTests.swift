import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import DeclarativeSource

/// The page chain of `SimpleRetriever.readPages`: the next request goes out from the reading
/// task while a child hands the page on. What a reader sees must not depend on that overlap:
/// every page in order, the page before a failed request handed on whole, and an error of the
/// page's handler reported rather than the request's.
@Suite struct SimpleRetrieverPagesTests {
    /// The local API's handler (for `LocalPythonAPI`): pages 0, 1 and 2 of two records each,
    /// then a 400 for page 3, which `DefaultErrorHandler` fails at once.
    static let server = """
        import json
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit, parse_qs
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_GET(self):
                page = int(parse_qs(urlsplit(self.path).query).get("cursor", ["0"])[0])
                if page < 3:
                    body = {"data": [{"id": page * 2 + i} for i in range(2)], "next": str(page + 1)}
                    status = 200
                else:
                    body, status = {"error": "no such page"}, 400
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        """

    struct HandlerFailure: Error, Equatable {}

    /// The stream `s` of a manifest reading `/items` of the local API page by page.
    static func stream(port: Int, engine: HTTPEngine) async throws -> DeclarativeStream {
        let yaml = """
            version: 6.44.0
            type: DeclarativeSource
            check: {type: CheckStream, stream_names: [s]}
            streams:
              - type: DeclarativeStream
                name: s
                primary_key: [id]
                schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
                retriever:
                  type: SimpleRetriever
                  requester: {type: HttpRequester, url_base: 'http://127.0.0.1:\(port)', path: /items}
                  record_selector:
                    type: RecordSelector
                    extractor: {type: DpathExtractor, field_path: [data]}
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.get('next') }}"}
                    page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: cursor}
            """
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let context = try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        return try await source.buildStreams(context)[0]
    }

    /// Reads the stream with `handle` as the page handler; returns the ids handed on and the error.
    static func read(_ handle: @escaping @Sendable ([Int]) throws -> Void) async throws -> (ids: [Int], error: (any Error)?) {
        guard let python = Harness.python else {
            if Harness.isCI { Issue.record("the oracle venv is missing in CI") }
            print("skipped: the oracle venv (scripts/setup-oracles) is missing")
            return ([], nil)
        }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let engine = HTTPEngine()
        let stream = try await Self.stream(port: api.port, engine: engine)
        let ids = Mutex<[Int]>([])
        var thrown: (any Error)?
        do {
            try await stream.readPartitionPages(.empty) { page in
                let pageIDs = page.values.compactMap { $0["id"]?.doubleValue.map { Int($0) } }
                ids.withLock { $0 += pageIDs }
                try handle(pageIDs)
            }
        } catch {
            thrown = error
        }
        await engine.shutdown()
        return (ids.withLock { $0 }, thrown)
    }

    @Test func everyPageBeforeAFailedRequestIsHandedOnInOrder() async throws {
        let (ids, error) = try await Self.read { _ in }
        guard Harness.python != nil else { return }
        #expect(ids == [0, 1, 2, 3, 4, 5])
        let failure = try #require(error as? SourceFailure)
        #expect(failure.message.contains("400"))
    }

    @Test func theHandlersErrorWinsOverTheRequestsThatOverlappedIt() async throws {
        // The last page's handler fails while the request for the page after it fails too:
        // as when the page is handed on alone, the handler's error is the one reported.
        let (ids, error) = try await Self.read { ids in
            if ids.contains(5) { throw HandlerFailure() }
        }
        guard Harness.python != nil else { return }
        #expect(ids == [0, 1, 2, 3, 4, 5])
        #expect(error as? HandlerFailure == HandlerFailure())
    }
}
