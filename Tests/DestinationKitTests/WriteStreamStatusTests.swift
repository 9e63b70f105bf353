import DestinationKit
import Testing

/// Stream statuses: when the writer completes or abandons a stream.
@Suite struct WriteStreamStatusTests {
    @Test func completeCommitsEverythingBeforeItThenCompletesTheStream() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["minimum_commit_interval_ms": 3_600_000]),
            input: [
                Line.status("users", "STARTED"), Line.record("users", "u1"), Line.record("users", "u2"), state,
                Line.record("orders", "o1"), Line.status("users", "COMPLETE"), Line.record("orders", "o2"),
                Line.status("orders", "COMPLETE"),
            ])
        #expect(run.exitCode == 0)
        #expect(
            run.events.dropFirst(2) == [
                "commit 1 [u1, u2, o1]", "echo \(Line.echo(state, 2))", "complete users",
                "commit 2 [o2]", "complete orders", "close",
            ])
    }

    @Test func theEndOfInputCompletesNothingMoreOnceTheSourceSendsStatuses() throws {
        let run = try CommandHarness().write(
            catalog: .streams("users", "orders", "items"),
            input: [
                Line.status("users", "STARTED"), Line.status("orders", "STARTED"),
                Line.record("users", "u1"), Line.record("orders", "o1"), Line.record("items", "i1"),
                Line.status("users", "RUNNING"), Line.status("users", "COMPLETE"),
            ])
        #expect(run.exitCode == 0)
        // orders STARTED and never COMPLETE: not completed; items got no status from a source that sends them: not either.
        #expect(run.writerCalls == ["commit 1 [u1, o1, i1]", "complete users", "close"])
        let warnings = run.logs.filter { $0.level == .warn }.map(\.message)
        #expect(warnings.contains { $0.hasPrefix("Stream items got no COMPLETE status") }, "\(warnings)")
    }

    @Test func theEndOfInputCompletesEveryStreamOfASourceWithoutStatuses() throws {
        let run = try CommandHarness().write(
            catalog: .streams("users", "orders"),
            input: [
                Line.record("users", "u1"), Line.record("orders", "o1"),
            ])
        #expect(run.exitCode == 0)
        #expect(run.writerCalls == ["commit 1 [u1, o1]", "complete users", "complete orders", "close"])
    }

    @Test func incompleteAbandonsTheStreamAndTheEndDoesNotCompleteIt() throws {
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), Line.record("orders", "o1"), Line.status("orders", "INCOMPLETE"),
            Line.record("users", "u2"), Line.status("users", "COMPLETE"),
        ])
        #expect(run.exitCode == 0)
        #expect(run.writerCalls == ["abandon orders", "commit 1 [u1, o1, u2]", "complete users", "close"])
    }

    @Test func aSecondFinalStatusIsIgnoredWithAWarning() throws {
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), Line.status("users", "COMPLETE"), Line.status("users", "COMPLETE"),
            Line.status("users", "INCOMPLETE"), Line.status("orders", "COMPLETE"),
        ])
        #expect(run.writerCalls == ["commit 1 [u1]", "complete users", "complete orders", "close"])
        #expect(
            run.logs.filter { $0.level == .warn }.map(\.message) == [
                "Ignoring a second final status (COMPLETE) for stream users.",
                "Ignoring a second final status (INCOMPLETE) for stream users.",
            ])
    }

    @Test func statusesOfStreamsNotInTheCatalogAreIgnored() throws {
        let run = try CommandHarness().write(input: [Line.status("ghosts", "COMPLETE"), Line.status("ghosts", "INCOMPLETE")])
        #expect(run.exitCode == 0)
        #expect(run.writerCalls == ["complete users", "complete orders", "close"])
        #expect(
            run.logs.filter { $0.level == .warn }.map(\.message) == [
                "Ignoring the status of stream ghosts: it is not in the configured catalog."
            ])
    }

    @Test func logsControlMessagesAndSourceErrorsDoNotStopTheSync() throws {
        let run = try CommandHarness().write(input: [
            #"{"type":"LOG","log":{"level":"INFO","message":"reading users"}}"#,
            #"{"type":"CONTROL","control":{"type":"CONNECTOR_CONFIG","emitted_at":1.0,"connectorConfig":{"config":{}}}}"#,
            #"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1.0,"error":{"message":"HTTP 500 from the API","failure_type":"transient_error"}}}"#,
            #"{"type":"SOMETHING_NEW","payload":{}}"#,
            Line.record("users", "u1"),
        ])
        #expect(run.exitCode == 0)
        #expect(run.writerCalls == ["commit 1 [u1]", "complete users", "complete orders", "close"])
        #expect(run.errors.isEmpty)
        #expect(
            run.logs.contains(
                AirbyteLogMessage(level: .warn, message: "The source reported an error (transient_error) on line 3: HTTP 500 from the API"))
        )
    }
}
