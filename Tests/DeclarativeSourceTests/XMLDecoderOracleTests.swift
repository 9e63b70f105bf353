import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// `XmlDecoder` against the Python CDK's own `XmlDecoder` (xmltodict under it): the same
/// bodies must decode to the same records. The differential harness serves JSON only, so
/// the decoder is compared here, body by body.
@Suite struct XMLDecoderOracleTests {
    static let bodies: [String] = [
        #"<root><location id="123">  San Francisco  </location><item id="1" category="books"><name>Book</name><price>10.99</price></item><item id="2"><name>Gadget</name><description/></item></root>"#,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Status>OK</Status>\n  <StaffList>\n    <Staff>\n      <UUID>a-1</UUID>\n      <Name>Ann</Name>\n    </Staff>\n  </StaffList>\n</Response>\n",
        "<Response><StaffList><Staff><UUID>a-1</UUID></Staff><Staff><UUID>a-2</UUID></Staff><Staff><UUID>a-3</UUID></Staff></StaffList></Response>",
        "<a>one<b>inner</b> two <b>again</b>three</a>",
        "<a x=\"1\"></a>",
        "<a><empty></empty><blank>   </blank><self/></a>",
        "<a>&lt;tag&gt; &amp; &quot;quoted&quot; &apos;s &#65;&#x42; caf\u{E9} \u{1F600}</a>",
        "<a><![CDATA[<not a tag> & raw]]></a>",
        "<!-- leading comment --><a><!-- inside --><b>1</b><?pi data?></a><!-- trailing -->",
        "<x:feed xmlns:x=\"urn:x\" xmlns=\"urn:d\"><x:entry x:id=\"7\">v</x:entry></x:feed>",
        "<a attr=\"line\none&#10;two&amp;\ttab\" other='single'>text</a>",
        "<a>\r\nwindows\r\nlines\r\n</a>",
        "<!DOCTYPE note [<!ELEMENT note (#PCDATA)>]><note>hi</note>",
        "<a><b>1</b><c>2</c><b>3</b></a>",
        "<a><b><c>1</c></b><b><c>2</c><c>3</c></b></a>",
        // Not XML: the CDK logs a warning and yields {}.
        "",
        "not xml at all",
        "<a><b></a>",
        "<a></a><b></b>",
        "<a>&nbsp;</a>",
        "{\"json\": true}",
    ]

    static let script = """
        import json, sys, logging
        logging.disable(logging.CRITICAL)
        import requests
        from airbyte_cdk.sources.declarative.decoders.xml_decoder import XmlDecoder
        decoder = XmlDecoder(parameters={})
        for body in json.load(sys.stdin):
            response = requests.Response()
            response.status_code = 200
            response._content = body.encode("utf-8")
            response.encoding = "utf-8"
            print(json.dumps(list(decoder.decode(response))))
        """

    @Test func decodesLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.array(Self.bodies.map { .string($0) }).jsonText
        let lines = try await onOwnThread { try Self.runPython(python, script: Self.script, input: input) }
        try #require(lines.count == Self.bodies.count, "the CDK decoded \(lines.count) of \(Self.bodies.count) bodies")
        for (body, line) in zip(Self.bodies, lines) {
            let expected = try JSONValue(parsing: Array(line.utf8))
            let response = HTTPResponse(status: 200, headers: [], body: Array(body.utf8), url: "https://api.example.com/")
            let ours = JSONValue.array(try XMLResponseDecoder().decode(response))
            #expect(ours == expected, "body \(body.debugDescription)")
            // Key order too, as the records' JSON text shows it.
            #expect(Self.keyOrder(ours) == Self.keyOrder(expected), "key order of body \(body.debugDescription)")
        }
    }

    /// Every object's keys in order, depth first.
    static func keyOrder(_ value: JSONValue) -> [String] {
        switch value {
        case .object(let object): return object.flatMap { [$0.key] + keyOrder($0.value) }
        case .array(let elements): return elements.flatMap(keyOrder)
        default: return []
        }
    }

    static func runPython(_ python: String, script: String, input: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
