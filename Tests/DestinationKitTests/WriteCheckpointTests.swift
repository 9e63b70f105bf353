import DestinationKit
import Testing

/// STATE acknowledgement: after the commit, in order, with the right counts.
@Suite struct WriteCheckpointTests {
    @Test func eachStateIsEchoedRightAfterTheCommitOfItsRecords() throws {
        let users1 = Line.streamState("users", 1)
        let users2 = Line.streamState("users", 2)
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), Line.record("users", "u2"), users1,
            Line.record("users", "u3"), users2,
        ])
        #expect(run.exitCode == 0)
        #expect(
            run.events == [
                "connecting as ********** on port 5432", "open users, orders",
                "commit 1 [u1, u2]", "echo \(Line.echo(users1, 2))",
                "commit 2 [u3]", "echo \(Line.echo(users2, 1))",
                "complete users", "complete orders", "close",
            ])
    }

    @Test func recordCountsFollowEachStateTypeAcrossInterleavedStreams() throws {
        let users1 = Line.streamState("users", 1)
        let orders1 = Line.streamState("orders", 1)
        let users2 = Line.streamState("users", 2)
        let global = Line.globalState(7)
        let legacy = Line.legacyState(8)
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), Line.record("orders", "o1"), Line.record("users", "u2"),
            users1,  // users: u1, u2
            Line.record("orders", "o2"), orders1,  // orders: o1, o2
            users2,  // users: none since users1
            Line.record("users", "u3"), global,  // all streams since the start: u1 o1 u2 o2 u3
            Line.record("orders", "o3"), Line.record("users", "u4"),
            legacy,  // all streams since the GLOBAL: 2
        ])
        #expect(run.exitCode == 0)
        #expect(
            run.echoes == [
                Line.echo(users1, 2), Line.echo(orders1, 2), Line.echo(users2, 0), Line.echo(global, 5), Line.echo(legacy, 2),
            ])
    }

    @Test func aGlobalStateResetsEveryStreamsCount() throws {
        let global = Line.globalState(1)
        let users = Line.streamState("users", 1)
        let run = try CommandHarness().write(input: [
            Line.record("users", "u1"), global, Line.record("users", "u2"), users,
        ])
        #expect(run.echoes == [Line.echo(global, 1), Line.echo(users, 1)])
    }

    @Test func stateLinesAreEchoedByteForByteWithUnknownFieldsAndSpacing() throws {
        let state =
            #"{ "type": "STATE", "id": 42, "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "users", "namespace": null}, "stream_state": {"cursor": 1.50, "é": "\u00e9"}}, "sourceStats": {"recordCount": 1.0}, "destinationStats": {"recordCount": 99.0}, "x-extra": [1, 2]}, "trailing": true}"#
        let run = try CommandHarness().write(input: [Line.record("users", "u1"), state])
        #expect(run.exitCode == 0)
        #expect(
            run.echoes == [
                #"{ "type": "STATE", "id": 42, "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "users", "namespace": null}, "stream_state": {"cursor": 1.50, "é": "\u00e9"}}, "sourceStats": {"recordCount": 1.0}, "destinationStats": {"recordCount":1.0}, "x-extra": [1, 2]}, "trailing": true}"#
            ])
    }

    @Test func theWriterCommitsWhenItHoldsTooManyBytes() throws {
        // Each record's data, {"id":"uN"}, is 11 bytes: a 30-byte bound commits every third record.
        let state = Line.streamState("users", 1)
        let run = try CommandHarness().write(
            config: .recording(["maximum_uncommitted_bytes": 30, "minimum_commit_interval_ms": 3_600_000]),
            input: (1...7).map { Line.record("users", "u\($0)") } + [state]
        )
        #expect(run.exitCode == 0)
        #expect(
            run.writerCalls == [
                "commit 1 [u1, u2, u3]", "commit 2 [u4, u5, u6]", "commit 3 [u7]", "complete users", "complete orders", "close",
            ])
        #expect(run.echoes == [Line.echo(state, 7)])
    }

    @Test func aBurstOfStatesCostsOneCommitWithinTheMinimumInterval() throws {
        let states = (1...5).map { Line.streamState("users", $0) }
        let input = states.enumerated().flatMap { [Line.record("users", "u\($0.offset + 1)"), $0.element] }
        let run = try CommandHarness().write(config: .recording(["minimum_commit_interval_ms": 3_600_000]), input: input)
        #expect(run.exitCode == 0)
        #expect(
            run.events.filter { $0.hasPrefix("commit") || $0.hasPrefix("echo") } == [
                "commit 1 [u1, u2, u3, u4, u5]"
            ] + states.map { "echo \(Line.echo($0, 1))" })
    }

    @Test func withoutAMinimumIntervalEveryStateCommits() throws {
        let states = (1...3).map { Line.streamState("users", $0) }
        let input = states.enumerated().flatMap { [Line.record("users", "u\($0.offset + 1)"), $0.element] }
        let run = try CommandHarness().write(config: .recording(["minimum_commit_interval_ms": 0]), input: input)
        #expect(
            run.events.filter { $0.hasPrefix("commit") || $0.hasPrefix("echo") } == [
                "commit 1 [u1]", "echo \(Line.echo(states[0], 1))",
                "commit 2 [u2]", "echo \(Line.echo(states[1], 1))",
                "commit 3 [u3]", "echo \(Line.echo(states[2], 1))",
            ])
    }

    @Test func aStateWithNoNewRecordsIsEchoedWithoutACommit() throws {
        let first = Line.streamState("users", 1)
        let second = Line.streamState("users", 2)
        let run = try CommandHarness().write(input: [Line.record("users", "u1"), first, second])
        #expect(
            run.events.filter { $0.hasPrefix("commit") || $0.hasPrefix("echo") } == [
                "commit 1 [u1]", "echo \(Line.echo(first, 1))", "echo \(Line.echo(second, 0))",
            ])
    }

    @Test func recordsOfStreamsNotInTheCatalogAreIgnoredWithOneLogLine() throws {
        let state = Line.globalState(1)
        let run = try CommandHarness().write(input: [
            Line.record("ghosts", "g1"), Line.record("users", "u1"), Line.record("ghosts", "g2"),
            Line.record("ghosts", "g3", namespace: "other"), Line.record("ghosts", "g4"), state,
        ])
        #expect(run.exitCode == 0)
        #expect(run.writerCalls.first == "commit 1 [u1]")
        #expect(run.echoes == [Line.echo(state, 1)])
        let warnings = run.logs.filter { $0.level == .warn }.map(\.message)
        #expect(
            warnings == [
                "Ignoring the records of stream ghosts: it is not in the configured catalog.",
                "Ignoring the records of stream other.ghosts: it is not in the configured catalog.",
            ])
        #expect(
            run.logs.last?.message.hasPrefix(
                "Wrote 1 record (users: 1, orders: 0), ignored 4 records of 2 streams not in the catalog; acknowledged 1 state after 1 commit in "
            ) == true)
    }

    @Test func recordsRouteByNamespaceAndAnEmptyNamespaceIsNoNamespace() throws {
        var catalog = ConfiguredAirbyteCatalog.streams("users", "users")
        catalog.streams[1].stream.namespace = "crm"
        let run = try CommandHarness().write(
            catalog: catalog,
            input: [
                Line.record("users", "a1"), Line.record("users", "b1", namespace: "crm"), Line.record("users", "a2", namespace: ""),
                Line.record("users", "b2", namespace: "crm"),
            ])
        #expect(run.exitCode == 0)
        #expect(run.logs.last?.message.hasPrefix("Wrote 4 records (users: 2, crm.users: 2);") == true)
    }
}
