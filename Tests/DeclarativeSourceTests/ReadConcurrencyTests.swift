import AirbyteProtocol
import Jinja
import Synchronization
import Testing

@testable import DeclarativeSource

/// What the read loop's speed rests on: the semaphore that caps partitions in flight, a
/// page observed at once by the datetime cursor, and strptime's fast paths.
@Suite struct ReadConcurrencyTests {
    /// Counts holders of a permit, remembering the most at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    @Test func theSemaphoreNeverLetsMoreThanItsPermitsIn() async {
        let semaphore = AsyncSemaphore(permits: 3)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    await semaphore.withPermit {
                        gauge.enter()
                        try? await Task.sleep(for: .milliseconds(5))
                        gauge.leave()
                    }
                }
            }
        }
        // Holders sleep with their permit, so others get the rest: more than one, never four.
        #expect(gauge.most <= 3)
        #expect(gauge.most >= 2)
    }

    @Test func readSlotsFollowTheCDKsConcurrencyLevel() async {
        // max(concurrency_level // 2, 1) partition generators, as the CDK's concurrent source.
        for (level, generators) in [(1, 1), (2, 1), (4, 2), (5, 2)] {
            let slots = ReadSlots(concurrency: level)
            let gauge = Gauge()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<(level * 3) {
                    group.addTask {
                        await slots.generators.withPermit {
                            gauge.enter()
                            try? await Task.sleep(for: .milliseconds(2))
                            gauge.leave()
                        }
                    }
                }
            }
            #expect(gauge.most <= generators, "concurrency_level \(level)")
        }
    }

    @Test func aPageObservedAtOnceGivesTheStateOfEachRecordObserved() throws {
        let records: [JSONValue] = [
            ["updated": "2024-05-03"], ["updated": "2024-05-09"], ["other": 1], ["updated": "2024-05-04"], ["updated": .null],
        ]
        let one = try DatetimeCursorTests.cursor()
        let all = try DatetimeCursorTests.cursor()
        let slice = try one.slices()[0]
        for record in records { one.observe(record, slice: slice) }
        all.observe(records, slice: slice)
        #expect(try all.closePartition(slice) == one.closePartition(slice))
        #expect(try all.finalState() == ["updated": "2024-05-09"])
        #expect(try all.finalState() == one.finalState())
    }

    @Test func strptimeReadsASCIIAndOtherDecimalDigitsAsPythonDoes() throws {
        let format = "%Y-%m-%dT%H:%M:%SZ"
        let ascii = try DatetimeParser.parse("2024-05-07T12:30:05Z", format: format)
        #expect(try ascii.isoformat() == "2024-05-07T12:30:05+00:00")
        // Python's `\d` and int() accept any Unicode decimal digit (here Arabic-Indic).
        let arabic = try DatetimeParser.parse("٢٠٢٤-٠٥-٠٧T12:30:05Z", format: format)
        #expect(arabic == ascii)
        // Literals and names match without case; the same format parses again from the cache.
        #expect(try DatetimeParser.parse("2024-05-07t12:30:05z", format: format) == ascii)
        #expect(try DatetimeParser.parse("07 may 2024", format: "%d %b %Y").isoformat() == "2024-05-07T00:00:00+00:00")
        #expect(throws: TemplateError.self) { try DatetimeParser.parse("2024-13-07T12:30:05Z", format: format) }
    }
}
