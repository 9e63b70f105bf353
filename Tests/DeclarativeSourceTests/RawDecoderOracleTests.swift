import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// `CsvDecoder` and `GzipDecoder` against the Python CDK's own decoders (built by its
/// `ModelToComponentFactory`, so `CompositeRawDecoder` with its parsers): the same bodies must
/// decode to the same records, or fail alike. The CDK gzips the bodies marked so and hands back
/// the exact bytes it decoded.
@Suite struct RawDecoderOracleTests {
    struct Case {
        var decoder: String
        var body: String
        var gzip = false
        /// Gzip members the body is cut into (a concatenation of members is one valid gzip stream).
        var gzipMembers = 1
        /// Bytes after the last member (as latin-1): zeros are padding, anything else is not gzip.
        var gzipTrailer = ""
        /// How the text becomes bytes (`utf-8` or `latin-1`).
        var bodyEncoding = "utf-8"
    }

    static let csv = #"{"type": "CsvDecoder"}"#
    static let cases: [Case] = [
        Case(decoder: csv, body: "id,name\n1,Ann\n2,Bob\n"),
        Case(decoder: csv, body: "id,name\r\n1,Ann\r\n\r\n2,Bob"),
        Case(decoder: csv, body: "id,name\r1,Ann\r2,Bob\r"),
        Case(decoder: csv, body: "a,b,c\n1,\"two, quoted\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,\n"),
        Case(decoder: csv, body: "a,b,c\n1\n1,2,3,4,5\n,,\n"),
        Case(decoder: csv, body: "a,b\n\"ab\"cd,e\"f\n\"open,1\n"),
        Case(decoder: csv, body: "a,a,b\n1,2,3\n"),
        Case(decoder: csv, body: ""),
        Case(decoder: csv, body: "only,header\n"),
        Case(decoder: csv, body: "\u{FEFF}id,caf\u{E9}\n1,\u{1F600}\n"),
        Case(decoder: #"{"type": "CsvDecoder", "delimiter": "\\t"}"#, body: "a\tb\n1\t2,3\n"),
        Case(decoder: #"{"type": "CsvDecoder", "delimiter": ";"}"#, body: "a;b\n1;2\n"),
        Case(decoder: #"{"type": "CsvDecoder", "delimiter": "\\x1f"}"#, body: "a\u{1F}b\n1\u{1F}2\n"),
        Case(
            decoder: #"{"type": "CsvDecoder", "set_values_to_none": ["", "N/A"]}"#, body: "a,b,c\n,N/A,x\n"),
        Case(decoder: #"{"type": "CsvDecoder", "encoding": "latin-1"}"#, body: "a,b\ncaf\u{E9},\u{FF}\n", bodyEncoding: "latin-1"),
        Case(decoder: #"{"type": "CsvDecoder", "encoding": "iso-8859-1"}"#, body: "a\n\u{E9}\n", bodyEncoding: "latin-1"),
        // Not utf-8: both fail.
        Case(decoder: csv, body: "a,b\ncaf\u{E9},1\n", bodyEncoding: "latin-1"),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "CsvDecoder"}}"#, body: "id,name\n1,Ann\n", gzip: true),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "CsvDecoder"}}"#, body: "id,name\n1,Ann\n"),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonlDecoder"}}"#, body: "{\"a\":1}\n\nnot json\n[2]\n", gzip: true),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonDecoder"}}"#, body: "[{\"a\":1},{\"b\":2}]", gzip: true),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonDecoder"}}"#, body: "[]", gzip: true),
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonDecoder"}}"#, body: "{\"plain\": true}"),
        // Not JSON: the CDK's JsonParser raises where JsonDecoder would yield {}.
        Case(decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonDecoder"}}"#, body: "nope", gzip: true),
        Case(
            decoder: #"{"type": "GzipDecoder", "decoder": {"type": "CsvDecoder", "delimiter": "|", "encoding": "latin-1"}}"#,
            body: "x|y\n\u{E9}|2\n", gzip: true, bodyEncoding: "latin-1"),
        // Several gzip members, as from a server that compresses in chunks: all are decoded.
        Case(
            decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonlDecoder"}}"#, body: "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n",
            gzip: true, gzipMembers: 2),
        Case(
            decoder: #"{"type": "GzipDecoder", "decoder": {"type": "CsvDecoder"}}"#, body: "id,name\n1,Ann\n2,Bob\n3,Cy\n", gzip: true,
            gzipMembers: 3),
        Case(
            decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonlDecoder"}}"#, body: "{\"a\":1}\n{\"b\":2}\n", gzip: true,
            gzipMembers: 2, gzipTrailer: "\0\0\0\0"),
        Case(
            decoder: #"{"type": "GzipDecoder", "decoder": {"type": "JsonlDecoder"}}"#, body: "{\"a\":1}\n", gzip: true,
            gzipTrailer: "trailing"),
    ]

    /// Python defining `cdk_decode(definition, body)`: the decoder built the CDK's way
    /// (`ModelToComponentFactory`) decodes `body` as a response; it gives `{"records": [...]}`,
    /// or `{"error": <exception class>, "message": <its message>}`. The decoder oracle tests share it.
    static let cdkDecode = """
        import io, logging
        logging.disable(logging.CRITICAL)
        import requests
        from airbyte_cdk.sources.declarative.models import declarative_component_schema as models
        from airbyte_cdk.sources.declarative.parsers.model_to_component_factory import ModelToComponentFactory
        def cdk_decode(definition, body):
            decoder = ModelToComponentFactory().create_component(getattr(models, definition["type"]), definition, config={})
            response = requests.Response()
            response.status_code = 200
            response._content = body
            response.raw = io.BytesIO(body)
            response.request = requests.Request("GET", "https://api.example.com/export").prepare()
            try:
                return {"records": list(decoder.decode(response))}
            except Exception as error:
                return {"error": type(error).__name__, "message": getattr(error, "message", str(error))}
        """

    static let script = """
        import base64, gzip, json, sys
        \(cdkDecode)
        for case in json.load(sys.stdin):
            definition = json.loads(case["decoder"])
            body = case["body"].encode(case["encoding"])
            if case["gzip"]:
                size = -(-len(body) // case["members"])
                body = b"".join(gzip.compress(body[i:i + size], mtime=0) for i in range(0, len(body), size))
                body += case["trailer"].encode("latin-1")
            result = cdk_decode(definition, body)
            result["body"] = base64.b64encode(body).decode()
            print(json.dumps(result))
        """

    @Test func decodesLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.array(
            Self.cases.map { item in
                .object(
                    JSONObject([
                        ("decoder", .string(item.decoder)), ("body", .string(item.body)),
                        ("gzip", .bool(item.gzip)), ("members", .number("\(item.gzipMembers)")),
                        ("trailer", .string(item.gzipTrailer)), ("encoding", .string(item.bodyEncoding)),
                    ]))
            }
        ).jsonText
        let lines = try await onOwnThread {
            try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input)
        }
        try #require(lines.count == Self.cases.count, "the CDK decoded \(lines.count) of \(Self.cases.count) bodies")
        for (item, line) in zip(Self.cases, lines) {
            let expected = try JSONValue(parsing: Array(line.utf8))
            let encoded = try #require(expected.objectValue?["body"]?.stringValue)
            let body = try #require(Data(base64Encoded: encoded))
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(item.decoder).objectValue), path: "decoder")
            let decoder = try makeDecoder(node)
            let response = HTTPResponse(status: 200, headers: [], body: Array(body), url: "https://api.example.com/")
            let label = "\(item.decoder) on \(item.body.debugDescription)"
            if expected.objectValue?["error"] != nil {
                #expect(throws: (any Error).self, "the CDK failed: \(label)") { try decoder.decode(response) }
                continue
            }
            let ours = JSONValue.array(try decoder.decode(response))
            let records = try #require(expected.objectValue?["records"])
            #expect(ours == records, "\(label)")
            #expect(XMLDecoderOracleTests.keyOrder(ours) == XMLDecoderOracleTests.keyOrder(records), "key order: \(label)")
        }
    }

    @Test func refusesWhatTheCDKCannotBuild() throws {
        for definition in [
            #"{"type": "GzipDecoder", "decoder": {"type": "XmlDecoder"}}"#,
            #"{"type": "GzipDecoder"}"#,
            #"{"type": "CsvDecoder", "delimiter": ";;"}"#,
            #"{"type": "CsvDecoder", "encoding": "shift-jis"}"#,
        ] {
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "decoder")
            #expect(throws: ManifestError.self, "\(definition)") { try makeDecoder(node) }
        }
    }
}
