import AirbyteProtocol
import Logging
import Testing

@testable import DestinationKit

/// ``WriteRun``: the write loop in-process, with STATEs handed to a closure.
struct WriteRunTests {
    /// Messages in memory, as an in-process source would hand them over.
    final class MemoryInput: MessageInput {
        let reader: MessageReader
        init(_ lines: [String]) { reader = MessageReader(bytes: Array((lines.joined(separator: "\n") + "\n").utf8)) }
        func next() throws -> ScannedMessage? { try reader.next() }
        var hasBufferedLine: Bool { reader.hasBufferedLine }
        func waitForInput(timeout: Duration) -> Bool { true }
    }

    @Test func statesAreAcknowledgedInOrderAfterTheirRecords() throws {
        let catalog = ConfiguredAirbyteCatalog.streams("users", "orders")
        let input = MemoryInput([
            Line.record("users", "u1"), Line.record("users", "u2"), Line.streamState("users", 2),
            Line.record("orders", "o1"), Line.streamState("orders", 1), Line.record("ghosts", "g1"),
        ])
        var acknowledged: [AcknowledgedState] = []
        let summary = try WriteRun.run(
            writer: RecordingWriter(catalog: catalog, config: .recording(), log: .discarding),
            catalog: catalog, input: input
        ) { acknowledged.append($0) }
        #expect(acknowledged.map(\.state.stream?.streamDescriptor.name) == ["users", "orders"])
        #expect(acknowledged.map(\.recordCount) == [2, 1])
        #expect(acknowledged[0].echoLine == Line.echo(Line.streamState("users", 2), 2))
        #expect(summary["users"]?.recordCount == 2)
        #expect(summary["orders"]?.recordCount == 1)
        #expect(summary["users"]?.completedAfter != nil)
        #expect(summary.acknowledgedStates == 2)
        #expect(summary.ignoredRecords == 1)
    }

    @Test func aWriterFailureIsReportedWithTheStreamAndNoStateAfterIt() throws {
        let catalog = ConfiguredAirbyteCatalog.streams("users")
        let input = MemoryInput([Line.record("users", "u1"), Line.streamState("users", 1), Line.record("users", "bad")])
        var acknowledged: [AcknowledgedState] = []
        #expect {
            try WriteRun.run(
                writer: RecordingWriter(catalog: catalog, config: .recording(["fail_write_id": "bad"]), log: .discarding),
                catalog: catalog, input: input, policy: CommitPolicy(minimumInterval: .seconds(100))
            ) { acknowledged.append($0) }
        } throws: { error in
            guard let error = error as? WriteRunError else { return false }
            return error.message == "Cannot write record bad." && error.stream?.name == "users"
                && error.code == .writerFailed && error.operation == "write(_:stream:)"
                && error.underlying is ConnectorFailure && String(reflecting: error).contains("underlying: ")
        }
        #expect(acknowledged.isEmpty, "the STATE waited for a commit that never came")
    }
}
