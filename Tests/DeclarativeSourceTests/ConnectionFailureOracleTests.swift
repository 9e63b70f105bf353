import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// An API that refuses the connection: the CDK's error handler finds no mapping for
/// `ConnectionError` (it looks exceptions up by exact class) and falls back to "ConnectionError:
/// <cause>" as a system error. Ours must fail the stream the same way, naming the real cause,
/// with the same failure types, and retry as the manifest says (not hold each attempt for the
/// HTTP client's own reconnects).
@Suite struct ConnectionFailureOracleTests {
    /// Port 9 (discard) has no listener here: every connection is refused.
    static let manifest = """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [contacts]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        streams:
          - type: DeclarativeStream
            name: contacts
            primary_key: [id]
            schema_loader: {type: InlineSchemaLoader, schema: {type: object, properties: {id: {type: integer}}}}
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: http://127.0.0.1:9
                path: /contacts
                http_method: GET
                error_handler:
                  type: DefaultErrorHandler
                  max_retries: 1
                  backoff_strategies: [{type: ConstantBackoffStrategy, backoff_time_in_seconds: 0.5}]
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        """

    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "contacts", "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                "sync_mode": "full_refresh", "destination_sync_mode": "overwrite",
            ]
        ]
    ]

    /// Each error TRACE: its failure type and its message up to the cause (the cause's text is
    /// `requests`' in the CDK and the HTTP client's here; the sync's summary lists the streams'
    /// errors in the CDK, and refers to them here).
    static func errors(_ messages: [JSONValue]) -> [String] {
        messages.compactMap { message -> String? in
            guard message["type"] == "TRACE", let error = message["trace"]?["error"] else { return nil }
            let text = error["message"]?.stringValue ?? ""
            let cause = ["ConnectionError: ", "did not sync successfully: "].compactMap { text.range(of: $0) }
                .min { $0.lowerBound < $1.lowerBound }
            let upToCause = cause.map { String(text[..<$0.upperBound]) } ?? text
            return "\(error["failure_type"]?.stringValue ?? "-") \(upToCause.prefix(120))"
        }
    }

    @Test func failsTheStreamLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let cdkStarted = ContinuousClock.now
        let cdk = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(python, manifest: Self.manifest, config: [:], state: [], catalog: Self.catalog)
        }
        let cdkTook = ContinuousClock.now - cdkStarted
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: Self.manifest), config: [:])
        let sink = AsyncRetrieverOracleTests.LinesSink()
        let started = ContinuousClock.now
        let succeeded = await source.read(catalog: Self.catalog, state: [], sink: sink)
        #expect(!succeeded)
        // One retry after 0.5 s (+1 s, as the CDK waits): about 2 s, where an HTTP client that
        // reconnects until its 30 s connect timeout takes a minute for the two attempts. The
        // bound is 30 s, or the CDK's own run of the same two attempts when the machine is so
        // loaded that it takes longer (under CI's load ours once took 46 s, the CDK's longer).
        #expect(ContinuousClock.now - started < max(.seconds(30), cdkTook), "the CDK took \(cdkTook)")
        let ours = sink.messages
        #expect(Self.errors(ours) == Self.errors(cdk), "CDK \(Self.errors(cdk))\nours \(Self.errors(ours))")
        #expect(Self.errors(cdk).first?.hasPrefix("system_error Exhausted available request attempts") == true, "\(Self.errors(cdk))")
        // Ours names the cause.
        let message = ours.first { $0["trace"]?["error"] != nil }?["trace"]?["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("Connection refused"), "\(message)")
    }
}
