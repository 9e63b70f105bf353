import Foundation
import Schedule
import Testing

@Suite struct ManualClockTests {
    @Test func sleepersWakeWhenTheirDeadlineComes() async throws {
        let clock = ManualClock(instant("2024-01-01T00:00:00Z"))
        let woke = Task { () -> Date in
            try await clock.sleep(until: instant("2024-01-01T01:00:00Z"))
            return clock.now()
        }
        await clock.waitForSleepers(1)
        #expect(clock.sleepingUntil == [instant("2024-01-01T01:00:00Z")])
        clock.advance(by: 1800)
        #expect(clock.sleepingUntil.count == 1)  // not yet
        clock.advance(to: instant("2024-01-01T02:00:00Z"))
        #expect(try await woke.value == instant("2024-01-01T02:00:00Z"))
        #expect(clock.sleepingUntil.isEmpty)
    }

    @Test func aPastDeadlineReturnsAtOnceAndTimeNeverGoesBack() async throws {
        let clock = ManualClock(instant("2024-01-01T00:00:00Z"))
        try await clock.sleep(until: instant("2023-12-31T00:00:00Z"))
        clock.advance(to: instant("2023-01-01T00:00:00Z"))
        #expect(clock.now() == instant("2024-01-01T00:00:00Z"))
    }

    @Test func cancellingASleeperEndsItsSleep() async throws {
        let clock = ManualClock(instant("2024-01-01T00:00:00Z"))
        let sleeper = Task { try await clock.sleep(until: instant("2025-01-01T00:00:00Z")) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleepingUntil.isEmpty)
    }

    @Test func systemClockSleepsUntilTheDeadline() async throws {
        let clock = SystemWallClock(maximumNap: .milliseconds(20))
        let deadline = Date().addingTimeInterval(0.1)
        try await clock.sleep(until: deadline)
        #expect(clock.now() >= deadline)
    }
}
