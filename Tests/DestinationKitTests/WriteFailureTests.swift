import DestinationKit
import Testing

/// Failures during `write`: what is still acknowledged, what the writer is
/// told, and the one TRACE ERROR.
@Suite struct WriteFailureTests {
    @Test func aMalformedLineCommitsAndEchoesThePendingStatesThenAborts() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["minimum_commit_interval_ms": 3_600_000]),
            input: [
                Line.record("users", "u1"), state, Line.record("users", "u2"),
                #"{"type":"RECORD","record":{"stream":"users","data":{"id":"u3"},"emitted_at":1700000000000"#,
                Line.record("users", "u4"),
            ])
        #expect(run.exitCode == 1)
        #expect(
            run.events.dropFirst(2) == [
                "commit 1 [u1, u2]", "echo \(Line.echo(state, 1))", "abort []", "trace system_error",
            ])
        let error = try #require(run.errors.first)
        #expect(error.message == "The source sent an invalid message on line 4 of the input.")
        #expect(
            error.internalMessage
                == #"line 4, column 90: invalid JSON: unexpected end of input near "{"type":"RECORD","record":{"stream":"users","data":{"id":"u3"},"emitted_at":1700000000000""#
        )
    }

    @Test func aMalformedLineWithNothingPendingCommitsNothingMore() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), state, Line.record("users", "u2"), "not json",
        ])
        #expect(run.exitCode == 1)
        // u2 follows the last STATE: committing it would acknowledge nothing.
        #expect(run.events.dropFirst(2) == ["commit 1 [u1]", "echo \(Line.echo(state, 1))", "abort [u2]", "trace system_error"])
        #expect(run.errors.map(\.message) == ["The source sent an invalid message on line 4 of the input."])
    }

    @Test func aStreamStateForAStreamNotInTheCatalogFailsNamingIt() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["minimum_commit_interval_ms": 3_600_000]),
            input: [
                Line.record("users", "u1"), state, Line.record("users", "u2"), Line.streamState("ghosts", 1),
            ])
        #expect(run.exitCode == 1)
        #expect(run.events.dropFirst(2) == ["commit 1 [u1, u2]", "echo \(Line.echo(state, 1))", "abort []", "trace config_error"])
        #expect(
            run.errors.map(\.message) == [
                "The source sent a STATE for stream ghosts, which is not in the configured catalog (line 4 of the input). The catalog and the source's streams must match."
            ])
    }

    @Test func aFailedCommitEchoesNothingAbortsAndReportsTheWritersError() throws {
        let first = Line.streamState("users", 1)
        let second = Line.streamState("users", 2)
        let run = try CommandHarness().write(
            config: .recording(["fail_commit": 2]),
            input: [
                Line.record("users", "u1"), first, Line.record("users", "u2"), second, Line.record("users", "u3"),
            ])
        #expect(run.exitCode == 1)
        #expect(run.events.dropFirst(2) == ["commit 1 [u1]", "echo \(Line.echo(first, 1))", "abort [u2]", "trace transient_error"])
        let error = try #require(run.errors.first)
        #expect(error.message == "Disk full while committing (password **********).")
        #expect(error.internalMessage == "ENOSPC at commit 2 (in commit())")
        #expect(!run.lines.joined().contains(RecordingDestination.password))
        #expect(run.logs.last?.message.hasPrefix("Wrote 2 records (users: 2, orders: 0); acknowledged 1 state after 1 commit in ") == true)
    }

    @Test func aFailedWriteAbortsWithoutCommittingAndNamesTheStream() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["fail_write_id": "u2", "minimum_commit_interval_ms": 3_600_000]),
            input: [
                Line.record("users", "u1"), state, Line.record("users", "u2"),
            ])
        #expect(run.exitCode == 1)
        #expect(run.events.dropFirst(2) == ["abort [u1]", "trace system_error"])
        let error = try #require(run.errors.first)
        #expect(error.message == "Cannot write record u2.")
        #expect(error.streamDescriptor == StreamDescriptor(name: "users"))
    }

    @Test func aFailedCompletionIsReportedAfterTheCommittedStatesWereAcknowledged() throws {
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["fail_complete": "users"]),
            input: [
                Line.record("users", "u1"), state, Line.status("users", "COMPLETE"),
            ])
        #expect(run.exitCode == 1)
        #expect(run.events.dropFirst(2) == ["commit 1 [u1]", "echo \(Line.echo(state, 1))", "abort []", "trace system_error"])
        #expect(run.errors.first?.internalMessage == "Cannot swap users. (in completeStream(_:))")
    }

    @Test func aDestinationThatCannotStartIsOneConfigErrorAndNoWriter() throws {
        let run = try CommandHarness().write(config: .recording(["fail_init": true]), input: [Line.record("users", "u1")])
        #expect(run.exitCode == 1)
        #expect(run.events == ["connecting as ********** on port 5432", "trace config_error"])
        #expect(run.errors.map(\.message) == ["Cannot open /tmp/recording with password **********."])
        #expect(!run.lines.joined().contains(RecordingDestination.password))
    }

    @Test func anUnreadableCatalogIsAConfigErrorNamingTheFile() throws {
        let harness = try CommandHarness()
        let run = try harness.run(["write", "--config", "{config}", "--catalog", harness.path("missing.json")], config: .recording())
        #expect(run.exitCode == 1)
        #expect(run.events == ["trace config_error"])
        #expect(
            run.errors.map(\.message) == ["Could not read the catalog file \(harness.path("missing.json")): No such file or directory."])
    }

    @Test func aCatalogThatIsNotACatalogIsAConfigError() throws {
        let harness = try CommandHarness()
        try harness.file("catalog.json", #"{"streams": [{"stream": {"name": 3}}]}"#)
        let run = try harness.run(["write", "--config", "{config}", "--catalog", "{catalog}"], config: .recording())
        #expect(run.exitCode == 1)
        #expect(run.errors.first?.failureType == .configError)
        #expect(
            run.errors.first?.message.hasPrefix(
                "The catalog file \(harness.path("catalog.json")) is not a valid configured catalog: streams[0].stream") == true)
    }

    @Test func aCatalogListingAStreamTwiceIsAConfigError() throws {
        let run = try CommandHarness().write(catalog: .streams("users", "users"), input: [])
        #expect(run.exitCode == 1)
        #expect(run.events == ["trace config_error"])
        #expect(run.errors.map(\.message) == ["The configured catalog lists the stream users more than once."])
    }
}
