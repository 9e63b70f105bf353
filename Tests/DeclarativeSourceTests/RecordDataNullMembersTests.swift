import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import DeclarativeSource

/// The CDK's RECORD messages leave out a record's top-level members whose value is `null`
/// (its serializer's `omit_none`); nested nulls stay. Ours must write the same `data`, from
/// records as values and from the raw-bytes path alike.
@Suite struct RecordDataNullMembersTests {
    final class BlockSink: MessageSink {
        private let lines = Mutex<[[UInt8]]>([])
        func write(line: [UInt8]) { lines.withLock { $0.append(line) } }
        func write(lines more: [[UInt8]]) { lines.withLock { $0.append(contentsOf: more) } }
        func write(newlineTerminated block: [UInt8]) {
            lines.withLock { $0 += block.split(separator: UInt8(ascii: "\n")).map(Array.init) }
        }
        func flush() {}
        var data: [String] {
            lines.withLock { $0 }.compactMap { line in (try? JSONValue(parsing: line))?["record"]?["data"]?.jsonText }
        }
    }

    static let records = [
        #"{"a":1,"b":null,"c":{"d":null},"e":[null],"f":"null"}"#, #"{"only":null}"#, #"{"x":2}"#, #"{}"#,
    ]

    static func ours(values: Bool, member: String = "") throws -> [String] {
        let sink = BlockSink()
        let output = MessageOutput(sink: sink, nowMilliseconds: { 0 })
        if values {
            output.records(try records.map { try JSONValue(parsing: $0) }, stream: "s")
        } else {
            let document = Array(#"{"data":[\#(records.joined(separator: ", "))]}"#.utf8)
            let scan = try #require(JSONRecordScan(document: document, recordsAt: ["data"], appendingMember: Array(member.utf8)))
            output.records(RawRecords(scan: scan, hasCursorField: false), stream: "s")
        }
        return sink.data
    }

    @Test func topLevelNullsAreLeftOutAsTheCDKDoes() async throws {
        let expected = [#"{"a":1,"c":{"d":null},"e":[null],"f":"null"}"#, "{}", #"{"x":2}"#, "{}"]
        #expect(try Self.ours(values: true) == expected)
        #expect(try Self.ours(values: false) == expected)
        // An AddFields of None adds a member the CDK then leaves out.
        #expect(try Self.ours(values: false, member: #""z":null"#) == expected)
        #expect(try Self.ours(values: false, member: #""z":0"#) == expected.map { $0.dropLast() + ($0 == "{}" ? "" : ",") + #""z":0}"# })

        guard let python = Harness.python else {
            if Harness.isCI { Issue.record("the oracle venv is missing in CI") }
            return
        }
        let script = """
            import json, sys
            from airbyte_cdk.models import AirbyteMessage, AirbyteRecordMessage, Type, AirbyteMessageSerializer
            for line in sys.stdin:
                message = AirbyteMessage(type=Type.RECORD, record=AirbyteRecordMessage(stream="s", data=json.loads(line), emitted_at=0))
                print(json.dumps(AirbyteMessageSerializer.dump(message)["record"]["data"], separators=(",", ":")))
            """
        let cdk = try await onOwnThread {
            try XMLDecoderOracleTests.runPython(python, script: script, input: Self.records.joined(separator: "\n") + "\n")
        }
        #expect(cdk == expected)
    }
}
