import DestinationKit
import Testing

/// Seeded random syncs checked against the checkpointing rules, whatever the
/// commit policy: every record committed once and in order, every STATE echoed
/// once and in order with its count, never before its records are committed.
@Suite struct WriteInvariantTests {
    @Test(arguments: 0..<12 as Range<UInt64>)
    func randomSyncsNeverAcknowledgeUncommittedRecords(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let streams = ["users", "orders", "items"]
        var input: [String] = []
        var expectedEchoes: [String] = []
        var recordsBeforeState: [Int] = []  // for each state, how many records precede it
        var recordIDs: [String] = []
        var sinceStream = [0, 0, 0]
        var sinceGlobal = 0
        for step in 0..<250 {
            let roll = random.next(below: 100)
            if roll < 70 {
                let stream = random.next(below: 3)
                let id = "r\(step)"
                input.append(Line.record(streams[stream], id))
                recordIDs.append(id)
                sinceStream[stream] += 1
                sinceGlobal += 1
            } else if roll < 85 {
                let stream = random.next(below: 3)
                let state = Line.streamState(streams[stream], step)
                input.append(state)
                expectedEchoes.append(Line.echo(state, sinceStream[stream]))
                recordsBeforeState.append(recordIDs.count)
                sinceStream[stream] = 0
            } else if roll < 95 {
                let state = roll < 90 ? Line.globalState(step) : Line.legacyState(step)
                input.append(state)
                expectedEchoes.append(Line.echo(state, sinceGlobal))
                recordsBeforeState.append(recordIDs.count)
                sinceGlobal = 0
                sinceStream = [0, 0, 0]
            } else {
                input.append(#"{"type":"LOG","log":{"level":"INFO","message":"step \#(step)"}}"#)
            }
        }
        let config = JSONValue.recording([
            "minimum_commit_interval_ms": random.next(below: 2) == 0 ? 0 : 3_600_000,
            "maximum_uncommitted_bytes": .number(String(random.next(below: 2) == 0 ? 1 << 30 : 11 * (1 + random.next(below: 20)))),
        ])
        let run = try CommandHarness().write(config: config, catalog: .streams("users", "orders", "items"), input: input)

        #expect(run.exitCode == 0)
        #expect(run.echoes == expectedEchoes)
        var committed: [String] = []
        var echoed = 0
        for event in run.events {
            if event.hasPrefix("commit ") {
                let list = event.drop { $0 != "[" }.dropFirst().dropLast()
                committed += list.isEmpty ? [] : list.components(separatedBy: ", ")
            } else if event.hasPrefix("echo ") {
                #expect(committed.count >= recordsBeforeState[echoed], "state \(echoed) echoed before its records were committed")
                echoed += 1
            }
        }
        #expect(committed == recordIDs)
        #expect(run.writerCalls.suffix(4) == ["complete users", "complete orders", "complete items", "close"])
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
