import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// `JsonItemsDecoder` against the Python CDK's own (built by its `ModelToComponentFactory`, so
/// `ijson` walks the document): the same bodies must give the same records, in the same order
/// with the same key order, or fail alike.
@Suite struct JSONItemsDecoderOracleTests {
    /// (decoder definition, body as latin-1 text: each character one byte)
    static let cases: [(String, String)] = [
        (items("data.users"), #"{"meta": {"page": 1}, "data": {"users": [{"id": 1, "name": "Ann"}, {"name": "Bob", "id": 2}]}}"#),
        // `item` steps into every element of an array on the way.
        (items("results.item.rows"), #"{"results": [{"rows": [1, "two"]}, {"other": 3}, {"rows": [{"a": [null, true]}]}]}"#),
        // A top-level array, and arrays of arrays.
        (items("item"), #"[[{"x": 1}, {"x": 2}], [], [{"x": 3}], 4]"#),
        // Nothing at the path, or no array there: no records, no error.
        (items("data.users"), #"{"data": {"people": [{"id": 1}]}}"#),
        (items("data"), #"{"data": {"id": 1}}"#),
        // A member named `item` of an object at the path matches as `ijson` reads prefixes.
        (items("data"), #"{"data": {"item": {"id": 7}, "id": 1}}"#),
        // A key holding a dot matches as its dotted text.
        (items("a.b"), #"{"a.b": [{"k": 1}], "a": {"b": [{"k": 2}]}}"#),
        // Numbers as `use_float=True` gives them, strings with escapes and non-ASCII text. (An
        // integer beyond 64 bits is left out: yajl, ijson's backend, fails on it; we read it.)
        (items("n"), #"{"n": [1.50, 1e2, -0.0, 9223372036854775807, 0.1, "caf\u00e9 \ud83d\ude00", "\"q\""]}"#),
        // latin-1 bodies are transcoded first.
        (items("rows", encoding: "latin-1"), "{\"rows\": [{\"name\": \"Ren\u{E9}e\"}]}"),
        (#"{"type": "GzipDecoder", "decoder": "# + items("d") + "}", #"{"d": [{"plain": true}]}"#),
        // Failures: not JSON, cut short, data after the document.
        (items("data"), "not json"),
        (items("data"), #"{"data": [1, 2"#),
        (items("data"), #"{"data": [1]} {"data": [2]}"#),
    ]

    static func items(_ path: String, encoding: String? = nil) -> String {
        #"{"type": "JsonItemsDecoder", "items_path": "\#(path)""# + (encoding.map { #", "encoding": "\#($0)""# } ?? "") + "}"
    }

    static let script = """
        import json, sys
        \(RawDecoderOracleTests.cdkDecode)
        for definition, text in json.load(sys.stdin):
            print(json.dumps(cdk_decode(json.loads(definition), text.encode("latin-1"))))
        """

    @Test func decodesLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.array(Self.cases.map { .array([.string($0.0), .string($0.1)]) }).jsonText
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input) }
        try #require(lines.count == Self.cases.count, "the CDK decoded \(lines.count) of \(Self.cases.count) bodies")
        var failures = 0
        for ((definition, text), line) in zip(Self.cases, lines) {
            let expected = try JSONValue(parsing: Array(line.utf8))
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "decoder")
            let decoder = try makeDecoder(node)
            #expect(decoder.isStreamResponse)
            let body = text.unicodeScalars.map { UInt8($0.value) }
            let response = HTTPResponse(status: 200, headers: [], body: body, url: "https://api.example.com/items")
            if let error = expected["error"]?.stringValue {
                failures += 1
                #expect(throws: (any Error).self, "the CDK failed (\(error)): \(text)") { try decoder.decode(response) }
                continue
            }
            let ours = JSONValue.array(try decoder.decode(response))
            let records = try #require(expected["records"])
            // Numbers keep the API's text here (`1.50`, `1e2`) where Python writes its float
            // (`1.5`, `100.0`): the same values, compared as such; everything else as written.
            #expect(Self.numbersAsValues(ours).jsonText == Self.numbersAsValues(records).jsonText, "\(definition) \(text)")
        }
        #expect(failures == 3)
    }

    static func numbersAsValues(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let text): return .number(Double(text).map { "\($0)" } ?? text)
        case .array(let elements): return .array(elements.map(numbersAsValues))
        case .object(let object): return .object(JSONObject(object.map { ($0.key, numbersAsValues($0.value)) }))
        default: return value
        }
    }

    @Test func refusesAnEmptyPathAndUnknownEncodings() throws {
        for definition in [Self.items(""), Self.items("data", encoding: "utf-16"), #"{"type": "JsonItemsDecoder"}"#] {
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "decoder")
            #expect(throws: ManifestError.self, "\(definition)") { try makeDecoder(node) }
        }
    }
}
