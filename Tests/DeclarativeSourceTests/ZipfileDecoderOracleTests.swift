import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// `ZipfileDecoder` against the Python CDK's own (built by its `ModelToComponentFactory`):
/// Python's `zipfile` writes each archive (several members, deflated and stored, a folder
/// entry, gzipped members, a comment, bytes before the archive, a repeated name), the CDK
/// decodes it and hands back the exact bytes, and ours must give the same records, or fail
/// alike (not a zip, a damaged member, a member its parser cannot read).
@Suite struct ZipfileDecoderOracleTests {
    struct Case {
        var decoder: String
        /// (name, content, how it is written: "deflated", "stored", "gzip" (gzipped, then stored))
        var members: [(String, String, String)]
        var comment = ""
        /// Bytes before the archive (as a self-extractor's stub).
        var prefix = ""
        /// What to do to the archive: "", "truncate" (cut the last 30 bytes), "corrupt" (flip a
        /// byte of the first member's data), "not-zip" (replace it with text).
        var damage = ""
    }

    static let jsonl = #"{"type": "ZipfileDecoder", "decoder": {"type": "JsonlDecoder"}}"#
    static let csv = #"{"type": "ZipfileDecoder", "decoder": {"type": "CsvDecoder"}}"#
    static let json = #"{"type": "ZipfileDecoder", "decoder": {"type": "JsonDecoder"}}"#
    static let gzipJsonl = #"{"type": "ZipfileDecoder", "decoder": {"type": "GzipDecoder", "decoder": {"type": "JsonlDecoder"}}}"#
    static let big = (1...400).map { "{\"id\": \($0), \"text\": \"row \($0) of a member large enough to deflate\"}\n" }.joined()

    static let cases: [Case] = [
        Case(decoder: jsonl, members: [("a.jsonl", "{\"id\":1}\n{\"id\":2}\n", "deflated"), ("b.jsonl", "{\"id\":3}\n", "stored")]),
        Case(
            decoder: jsonl,
            members: [("big.jsonl", big, "deflated"), ("empty.jsonl", "", "deflated"), ("last.jsonl", "{\"z\":true}", "stored")]),
        Case(decoder: csv, members: [("one.csv", "id,name\n1,Ann\n", "deflated"), ("two.csv", "id,name,extra\n2,Bob,x\n", "stored")]),
        Case(
            decoder: #"{"type": "ZipfileDecoder", "decoder": {"type": "CsvDecoder", "delimiter": ";", "set_values_to_none": [""]}}"#,
            members: [("r.csv", "a;b\n1;\n", "deflated")]),
        Case(decoder: json, members: [("list.json", "[{\"a\":1},{\"a\":2}]", "deflated"), ("one.json", "{\"b\":1}", "stored")]),
        Case(decoder: gzipJsonl, members: [("x.jsonl.gz", "{\"g\":1}\n{\"g\":2}\n", "gzip"), ("y.jsonl", "{\"plain\":1}\n", "deflated")]),
        // A folder entry (parsed as an empty member), a comment, unicode names and content.
        Case(
            decoder: jsonl, members: [("dir/", "", "stored"), ("dir/caf\u{E9}.jsonl", "{\"name\":\"\u{1F600}\"}\n", "deflated")],
            comment: "exported"),
        // Bytes before the archive shift every offset.
        Case(decoder: jsonl, members: [("a.jsonl", "{\"id\":1}\n", "deflated")], prefix: "#!/bin/sh\nexit 0\n"),
        // A repeated name: zipfile reads the last member of that name, once per listing.
        Case(decoder: jsonl, members: [("same.jsonl", "{\"v\":1}\n", "deflated"), ("same.jsonl", "{\"v\":2}\n", "deflated")]),
        Case(decoder: jsonl, members: []),
        // Failures: a member the JSON parser cannot read, not a zip, cut short, a damaged member.
        Case(decoder: json, members: [("ok.json", "{\"a\":1}", "deflated"), ("bad.json", "not json", "deflated")]),
        Case(decoder: jsonl, members: [("a.jsonl", "{\"id\":1}\n", "deflated")], damage: "not-zip"),
        Case(decoder: jsonl, members: [("a.jsonl", "{\"id\":1}\n", "deflated")], damage: "truncate"),
        Case(decoder: jsonl, members: [("a.jsonl", big, "deflated")], damage: "corrupt"),
        Case(decoder: jsonl, members: [("a.jsonl", "{\"id\":1}\n{\"id\":2}\n", "stored")], damage: "corrupt"),
    ]

    static let script = """
        import base64, gzip, io, json, sys, zipfile
        \(RawDecoderOracleTests.cdkDecode)
        METHODS = {"deflated": zipfile.ZIP_DEFLATED, "stored": zipfile.ZIP_STORED, "gzip": zipfile.ZIP_STORED}
        for case in json.load(sys.stdin):
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as archive:
                for name, content, how in case["members"]:
                    data = content.encode()
                    if how == "gzip":
                        data = gzip.compress(data, mtime=0)
                    info = zipfile.ZipInfo(name, date_time=(2024, 6, 1, 0, 0, 0))
                    info.compress_type = METHODS[how]
                    archive.writestr(info, data)
                archive.comment = case["comment"].encode()
            body = case["prefix"].encode() + out.getvalue()
            if case["damage"] == "not-zip":
                body = b"this is not a zip archive at all, only some text"
            elif case["damage"] == "truncate":
                body = body[:-30]
            elif case["damage"] == "corrupt":
                # The first member's data starts after its 30-byte local header and name.
                at = 30 + len(case["members"][0][0].encode()) + 5
                body = body[:at] + bytes([body[at] ^ 0x55]) + body[at + 1:]
            result = cdk_decode(json.loads(case["decoder"]), body)
            result["body"] = base64.b64encode(body).decode()
            print(json.dumps(result))
        """

    @Test func decodesLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.array(
            Self.cases.map { item in
                .object(
                    JSONObject([
                        ("decoder", .string(item.decoder)),
                        ("members", .array(item.members.map { .array([.string($0.0), .string($0.1), .string($0.2)]) })),
                        ("comment", .string(item.comment)), ("prefix", .string(item.prefix)), ("damage", .string(item.damage)),
                    ]))
            }
        ).jsonText
        let lines = try await onOwnThread {
            try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input)
        }
        try #require(lines.count == Self.cases.count, "the CDK decoded \(lines.count) of \(Self.cases.count) bodies")
        var failures = 0
        for (item, line) in zip(Self.cases, lines) {
            let expected = try JSONValue(parsing: Array(line.utf8))
            let encoded = try #require(expected["body"]?.stringValue)
            let body = try #require(Data(base64Encoded: encoded))
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(item.decoder).objectValue), path: "decoder")
            let decoder = try makeDecoder(node)
            #expect(!decoder.isStreamResponse)
            let response = HTTPResponse(status: 200, headers: [], body: Array(body), url: "https://api.example.com/export")
            let label = "\(item.members.map(\.0)) \(item.damage) with \(item.decoder)"
            if let message = expected["message"]?.stringValue {
                failures += 1
                let error = #expect(throws: SourceFailure.self, "the CDK failed (\(message)): \(label)") { try decoder.decode(response) }
                // The CDK's own errors say the same; a damaged deflate stream escapes it as zlib's error.
                if expected["error"]?.stringValue == "AirbyteTracedException" {
                    #expect(error?.message == message, "\(label)")
                }
                continue
            }
            let ours = JSONValue.array(try decoder.decode(response))
            let records = try #require(expected["records"])
            #expect(ours == records, "\(label)")
            #expect(XMLDecoderOracleTests.keyOrder(ours) == XMLDecoderOracleTests.keyOrder(records), "key order: \(label)")
        }
        // Every failure case failed in the CDK: the test exercises them.
        #expect(failures == 5)
    }

    /// What Python's zipfile reads but this reader does not gets a clear error, not a wrong
    /// answer: zip64, encryption, other compression methods.
    @Test(arguments: [
        ("zip64", "zip64 archives are not supported"),
        ("bzip2", "uses compression method 12"),
        ("encrypted", "is encrypted"),
    ])
    func refusesWhatItCannotRead(kind: String, reason: String) async throws {
        guard let python = Harness.oraclePython() else { return }
        let script = """
            import base64, io, sys, zipfile
            kind = sys.stdin.read().strip()
            out = io.BytesIO()
            method = zipfile.ZIP_BZIP2 if kind == "bzip2" else zipfile.ZIP_DEFLATED
            with zipfile.ZipFile(out, "w", compression=method) as archive:
                archive.writestr("a.jsonl", b'{"id": 1}\\n')
            body = bytearray(out.getvalue())
            if kind == "zip64":
                # What a zip64 archive's classic end record holds: counts and offsets maxed out.
                at = body.rfind(b"PK\\x05\\x06")
                body[at + 8:at + 20] = b"\\xff" * 12
            if kind == "encrypted":
                body[6] |= 1  # the local header's flags
                at = body.rfind(b"PK\\x01\\x02")
                body[at + 8] |= 1  # the central directory's
            print(base64.b64encode(bytes(body)).decode())
            """
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: script, input: kind) }
        let encoded = try #require(lines.first)
        let body = try #require(Data(base64Encoded: encoded))
        let node = ComponentNode(try #require(try ManifestYAML.loadValue(Self.jsonl).objectValue), path: "decoder")
        let response = HTTPResponse(status: 200, headers: [], body: Array(body), url: "https://api.example.com/export")
        let error = #expect(throws: SourceFailure.self) { try makeDecoder(node).decode(response) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func refusesAnInnerDecoderWithoutAParser() throws {
        for definition in [
            #"{"type": "ZipfileDecoder", "decoder": {"type": "XmlDecoder"}}"#,
            #"{"type": "ZipfileDecoder", "decoder": {"type": "IterableDecoder"}}"#,
            #"{"type": "ZipfileDecoder"}"#,
        ] {
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "decoder")
            #expect(throws: ManifestError.self, "\(definition)") { try makeDecoder(node) }
        }
    }
}
