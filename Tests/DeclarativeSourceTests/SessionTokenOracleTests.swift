import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `SessionTokenAuthenticator` logs in as often as the Python CDK does: without an
/// `expiration_duration` the CDK keeps no token and logs in for every request; with one it logs
/// in once until the token expires. Both engines read three pages of a local API; compared: every
/// request in order (logins included) and the records.
@Suite struct SessionTokenOracleTests {
    static let server = LoggingOracleAPI.handler(
        answering: """
            def answer(path, query):
                if path == "/login":
                    return 200, {"session": {"token": "t1"}}
                if path == "/items":
                    page = int(query.get("page", "0"))
                    return 200, {"items": [{"id": page}], "next": page + 1 if page < 2 else None}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int, expiration: String?) -> String {
        """
        version: 7.39.1
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [items]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        streams:
          - type: DeclarativeStream
            name: items
            schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: "http://127.0.0.1:\(port)"
                path: /items
                authenticator:
                  type: SessionTokenAuthenticator
                  login_requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", path: /login, http_method: GET}
                  session_token_path: [session, token]
                  \(expiration.map { "expiration_duration: \($0)" } ?? "")
                  request_authentication: {type: ApiKey, inject_into: {type: RequestOption, inject_into: request_parameter, field_name: token}}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [items]}}
              paginator:
                type: DefaultPaginator
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: page}
                pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.next }}"}
        """
    }

    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "items", "json_schema": [:], "supported_sync_modes": ["full_refresh"]], "sync_mode": "full_refresh",
                "destination_sync_mode": "append",
            ]
        ]
    ]

    @Test(arguments: [nil, "PT1H"]) func logsInAsOftenAsTheCDK(expiration: String?) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let reads = try await OracleReads.run(
            python: python, port: api.port, manifest: Self.manifest(port: api.port, expiration: expiration), catalog: Self.catalog)
        let logins = (reads.cdkRequests.arrayValue ?? []).filter { $0["path"] == "/login" }.count
        #expect(logins == (expiration == nil ? 3 : 1), "\(reads.cdkRequests.jsonText)")
        #expect(reads.ourRequests.jsonText == reads.cdkRequests.jsonText)
        func records(_ messages: [JSONValue]) -> [String] {
            messages.filter { $0["type"] == "RECORD" }.compactMap { $0["record"]?["data"]?.jsonText }
        }
        #expect(records(reads.ourMessages) == records(reads.cdkMessages) && records(reads.cdkMessages).count == 3)
    }
}
