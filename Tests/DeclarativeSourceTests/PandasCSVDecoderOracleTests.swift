import AirbyteProtocol
import CompressNIO
import Foundation
import NIOCore
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// `ResponseToFileExtractor` (``PandasCSVDecoder``) against the CDK's own extractor, which
/// reads the body with pandas: the same bodies through both, the records (or that both fail)
/// compared. Bodies: missing-value spellings with and without `preserve_na_values`, repeated
/// and empty column names, short rows, blank and whitespace lines, quoted newlines and quotes,
/// `\r\n`, gzip, zlib, NUL bytes, a latin-1 charset, an empty body, a header alone, a BOM, rows
/// longer than the header, and a first column read as pandas' index.
@Suite struct PandasCSVDecoderOracleTests {
    struct Case {
        let body: [UInt8]
        let contentType: String
        let preserve: Bool
    }

    static func gzip(_ text: String) throws -> [UInt8] {
        var input = ByteBuffer(string: text)
        return Array(try input.compress(with: .gzip()).readableBytesView)
    }

    static func zlib(_ text: String) throws -> [UInt8] {
        var input = ByteBuffer(string: text)
        return Array(try input.compress(with: .zlib()).readableBytesView)
    }

    static func cases() throws -> [Case] {
        let csv = "text/csv"
        return [
            Case(body: Array("a,b\n1,2\n3,4\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b,c,d\nNA,null,,x\nN/A,NaN,None,#N/A\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b,c,d\nNA,null,,x\nN/A,NaN,None,#N/A\n".utf8), contentType: csv, preserve: true),
            Case(body: Array("a,a,,b,a.1,a\n1,2,3,4,5,6\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b,c\n\n1\n   \n2,3\n\t\n4,,\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b\n\"x\ny\",\"he said \"\"hi\"\"\"\n\"\",\" \"\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b\r\n1,2\r\n3,4\r\n".utf8), contentType: csv, preserve: false),
            Case(body: try gzip("a,b\n1,2\n3,4\n"), contentType: csv, preserve: false),
            Case(body: try zlib("a,b\nx,y\n"), contentType: csv, preserve: false),
            Case(body: Array("a,b\n1\u{0},2\n".utf8), contentType: csv, preserve: false),
            Case(body: [0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a], contentType: "text/csv; charset=latin-1", preserve: false),
            Case(body: [], contentType: csv, preserve: false),
            Case(body: Array("a,b\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("\u{FEFF}a,b\n1,2\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a\n1\n2,3\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a\n1,2\n3,4\n".utf8), contentType: csv, preserve: false),
            Case(body: Array("a,b\n1,2,3\n4,5,6,7\n".utf8), contentType: csv, preserve: false),
        ]
    }

    /// Each case as the CDK's extractor reads it: the records, or `error`.
    static let oracle = """
        import base64, json, os, sys, tempfile
        import requests
        from airbyte_cdk.sources.declarative.extractors.response_to_file_extractor import ResponseToFileExtractor
        os.chdir(tempfile.mkdtemp())
        for case in json.loads(sys.stdin.read()):
            response = requests.Response()
            response.status_code = 200
            response._content = base64.b64decode(case["body"])
            response._content_consumed = True
            response.headers["Content-Type"] = case["content_type"]
            try:
                records = list(ResponseToFileExtractor(parameters={}, preserve_na_values=case["preserve"]).extract_records(response))
                print("RESULT " + json.dumps(records))
            except Exception as error:
                print("RESULT " + json.dumps("error"))
        """

    @Test func readsLikeTheCDK() throws {
        guard let python = Harness.oraclePython() else { return }
        let cases = try Self.cases()
        let input = JSONValue.array(
            cases.map { item in
                [
                    "body": .string(Data(item.body).base64EncodedString()), "content_type": .string(item.contentType),
                    "preserve": .bool(item.preserve),
                ]
            }
        ).jsonText
        // The CDK's logger writes LOG messages to stdout too.
        let lines = try XMLDecoderOracleTests.runPython(python, script: Self.oracle, input: input).filter { $0.hasPrefix("RESULT ") }
            .map { String($0.dropFirst(7)) }
        #expect(lines.count == cases.count, "\(lines)")
        for (item, line) in zip(cases, lines) {
            let cdk = try JSONValue(parsing: Array(line.utf8))
            let response = HTTPResponse(status: 200, headers: [("Content-Type", item.contentType)], body: item.body, url: "")
            let ours: JSONValue
            do {
                ours = .array(try PandasCSVDecoder(preservesNAValues: item.preserve).decode(response))
            } catch {
                ours = "error"
            }
            #expect(ours == cdk, "body \(String(decoding: item.body, as: UTF8.self).debugDescription)")
        }
    }
}
