import AirbyteProtocol
import DeclarativeManifest
import Jinja
import Synchronization
import Testing

@testable import DeclarativeSource

/// `api_budget` as the CDK's `HttpAPIBudget` applies it, on a clock that only moves when the
/// budget sleeps: which policy a request falls under, when it may go, and how responses'
/// rate-limit headers correct the count.
@Suite struct APIBudgetTests {
    /// A clock in seconds that moves only by the budget's own waits.
    final class TestClock: Sendable {
        private let seconds: Mutex<Double>
        init(_ start: Double = 1_000) { seconds = Mutex(start) }
        var now: Double { seconds.withLock { $0 } }
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
    }

    static func budget(_ yaml: String, clock: TestClock, config: JSONObject = [:]) throws -> APIBudget {
        let value = try ManifestYAML.loadValue(yaml)
        let budget = try APIBudget.make(
            value, config: JinjaValue(config), interpolation: .airbyte(clock: JinjaClock(epochMicroseconds: { 0 })))
        let made = try #require(budget)
        return APIBudget(
            policies: made.policies, resetHeader: made.resetHeader, remainingHeader: made.remainingHeader,
            rateLimitStatuses: made.rateLimitStatuses, now: { clock.now }, sleep: { clock.advance($0) })
    }

    static func get(_ url: String, headers: [(String, String)] = []) -> OutgoingRequest {
        OutgoingRequest(method: "GET", url: url, headers: headers, body: nil)
    }

    /// When each of `count` requests went, in seconds after the start.
    static func sendTimes(_ budget: APIBudget, _ clock: TestClock, _ requests: [OutgoingRequest]) async throws -> [Double] {
        let start = clock.now
        var times: [Double] = []
        for request in requests {
            try await budget.acquire(for: request)
            times.append(((clock.now - start) * 1000).rounded() / 1000)
        }
        return times
    }

    @Test func aMovingWindowHoldsEachCallUntilTheOldestLeavesTheWindow() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 2, interval: PT1S}]
                matchers: []
            """, clock: clock)
        let times = try await Self.sendTimes(budget, clock, Array(repeating: Self.get("https://api.example.com/a"), count: 5))
        #expect(times == [0, 0, 1, 1, 2])
    }

    @Test func everyRateOfAMovingWindowHolds() async throws {
        let clock = TestClock()
        // cin7's and klaviyo's shape: a per-second and a per-minute rate, in any order.
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 5, interval: PT10S}, {limit: 3, interval: PT1S}]
                matchers: [{method: GET, url_path_pattern: ".*"}]
            """, clock: clock)
        let times = try await Self.sendTimes(budget, clock, Array(repeating: Self.get("https://api.example.com/a"), count: 7))
        #expect(times == [0, 0, 0, 1, 1, 10, 10])
    }

    @Test func theFirstMatchingPolicyDecidesAndUnmatchedRequestsGoFreely() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            policies:
              - type: UnlimitedCallRatePolicy
                matchers: [{url_path_pattern: "^/v1/orders$", headers: {X-Sandbox: "true"}}]
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 1, interval: PT1M}]
                matchers:
                  - {method: get, url_base: "https://api.example.com/", url_path_pattern: "orders(\\\\?.*)?$", params: {kind: open}}
            """, clock: clock)
        let sandbox = Self.get("https://api.example.com/v1/orders/", headers: [("x-sandbox", "true")])
        let limited = Self.get("https://api.example.com/v1/orders?kind=open&page=2")
        let otherParams = Self.get("https://api.example.com/v1/orders?kind=closed")
        let otherHost = Self.get("https://eu.example.com/v1/orders?kind=open")
        let post = OutgoingRequest(method: "POST", url: "https://api.example.com/v1/orders?kind=open", headers: [], body: nil)
        let times = try await Self.sendTimes(
            budget, clock, [sandbox, sandbox, limited, otherParams, otherHost, post, limited, sandbox])
        #expect(times == [0, 0, 0, 0, 0, 0, 60, 60])
    }

    @Test func aMatchersWeightSpendsThatManyCalls() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: "{{ config['limit'] }}", interval: PT1S}]
                matchers: [{url_path_pattern: "/search", weight: 3}, {url_path_pattern: ".*"}]
            """, clock: clock, config: ["limit": 4])
        let search = Self.get("https://api.example.com/search")
        let list = Self.get("https://api.example.com/list")
        let times = try await Self.sendTimes(budget, clock, [search, list, search, list])
        #expect(times == [0, 0, 1, 1])
    }

    @Test func aFixedWindowFollowsTheAPIsRemainingCallsAndResetTime() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            ratelimit_reset_header: X-Reset
            ratelimit_remaining_header: X-Remaining
            policies:
              - type: FixedWindowCallRatePolicy
                period: PT1M
                call_limit: 10
                matchers: []
            """, clock: clock)
        let request = Self.get("https://api.example.com/a")
        try await budget.acquire(for: request)
        // The API says one call is left and its window resets in 30 s.
        let reset = Int(clock.now) + 30
        budget.update(
            from: HTTPResponse(status: 200, headers: [("x-remaining", "1"), ("X-Reset", "\(reset)")], body: [], url: request.url),
            for: request)
        let times = try await Self.sendTimes(budget, clock, [request, request, request])
        // One call left now; the window resets at 30 s (the next call goes just after it).
        #expect(times[0] == 0)
        #expect(times[1] >= 30 && times[1] < 30.01)
        #expect(times[2] == times[1])
    }

    @Test func aRateLimitStatusEmptiesAMovingWindowAsTheCDKDoes() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            status_codes_for_ratelimit_hit: [503]
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 2, interval: PT1S}]
                matchers: []
            """, clock: clock)
        let request = Self.get("https://api.example.com/a")
        try await budget.acquire(for: request)
        // A 503 counts as "no calls left": the CDK spends what the window still allows.
        budget.update(from: HTTPResponse(status: 503, headers: [], body: [], url: request.url), for: request)
        let times = try await Self.sendTimes(budget, clock, [request, request])
        #expect(times == [1, 1])
    }

    /// Since CDK 7.3x the sync fills the whole window (7.28 added a single call, so the next
    /// calls went at once).
    @Test func aRateLimitStatusSpendsAllTheStrictestRateAllows() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            status_codes_for_ratelimit_hit: [429]
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 5, interval: PT1S}, {limit: 20, interval: PT1M}]
                matchers: []
            """, clock: clock)
        let request = Self.get("https://api.example.com/a")
        try await budget.acquire(for: request)
        budget.update(from: HTTPResponse(status: 429, headers: [], body: [], url: request.url), for: request)
        let times = try await Self.sendTimes(budget, clock, [request, request])
        #expect(times == [1, 1])
    }

    @Test func aBudgetTheCDKCannotBuildIsRefusedWhenTheManifestLoads() throws {
        let clock = TestClock()
        for (yaml, field) in [
            ("{type: HTTPAPIBudget, policies: [{type: MovingWindowCallRatePolicy, rates: [], matchers: []}]}", "rates"),
            (
                "{type: HTTPAPIBudget, policies: [{type: MovingWindowCallRatePolicy, rates: [{limit: 1, interval: P1M}], matchers: []}]}",
                "interval"
            ),
            ("{type: HTTPAPIBudget, policies: [{type: FixedWindowCallRatePolicy, period: PT1M, matchers: []}]}", "call_limit"),
            (
                "{type: HTTPAPIBudget, policies: [{type: UnlimitedCallRatePolicy, matchers: [{url_path_pattern: '(', weight: 1}]}]}",
                "url_path_pattern"
            ),
            ("{type: HTTPAPIBudget, policies: [{type: UnlimitedCallRatePolicy, matchers: [{weight: 0}]}]}", "weight"),
            ("{type: HTTPAPIBudget, policies: [{type: CustomCallRatePolicy}]}", "policies[0]"),
        ] {
            #expect(
                "\(yaml)", performing: { try Self.budget(yaml, clock: clock) },
                throws: { error in
                    (error as? ManifestError)?.description.contains(field) == true
                })
        }
    }

    @Test func aWeightAboveTheLimitFailsTheRequest() async throws {
        let clock = TestClock()
        let budget = try Self.budget(
            """
            type: HTTPAPIBudget
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [{limit: 2, interval: PT1S}]
                matchers: [{weight: 3}]
            """, clock: clock)
        await #expect(throws: APIBudget.WeightTooLarge.self) { try await budget.acquire(for: Self.get("https://api.example.com/a")) }
    }
}
