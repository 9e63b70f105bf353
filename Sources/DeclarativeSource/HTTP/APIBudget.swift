internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// The manifest's `api_budget` (`HTTPAPIBudget`): client-side call rate policies, as the CDK's
/// `HttpAPIBudget` applies them. Before a request goes out (a cached answer spends nothing), the
/// first policy whose matchers match it must grant a call, else the request waits as long as the
/// policy says and asks again; after a response, its rate-limit headers (or a rate-limit status)
/// correct the policy's count. One budget is shared by every stream of a source.
final class APIBudget: Sendable {
    /// A request as matchers read it, its URL split once for every policy and matcher.
    struct MatchedRequest {
        var method: String
        /// `scheme://netloc`.
        var urlBase: String
        /// The path without trailing slashes.
        var path: String
        /// `dict(parse_qsl(query))`: the last value of a repeated name wins.
        var query: [String: String] = [:]
        /// Header names lower-cased.
        var headers: [String: String] = [:]

        init(_ request: OutgoingRequest) {
            method = request.method.uppercased()
            let parts = PythonURL.split(request.url)
            urlBase = "\(parts.scheme)://\(parts.netloc)"
            path = parts.path
            while path.hasSuffix("/") { path.removeLast() }
            for (name, value) in PythonURL.parseQuery(parts.query) { query[name] = value }
            for (name, value) in request.headers { headers[name.lowercased()] = value }
        }
    }

    /// `HttpRequestRegexMatcher`: every given criterion must hold.
    struct Matcher: Sendable {
        var method: String?
        var urlBase: String?
        var pathPattern: NSRegularExpression?
        var params: [String: String]
        var headers: [String: String]
        var weight: Int?

        func matches(_ request: MatchedRequest) -> Bool {
            if let method, request.method != method { return false }
            if let urlBase, request.urlBase != urlBase { return false }
            if let pathPattern {
                let range = NSRange(request.path.startIndex..., in: request.path)
                if pathPattern.firstMatch(in: request.path, range: range) == nil { return false }
            }
            if params.contains(where: { request.query[$0.key] != $0.value }) { return false }
            if headers.contains(where: { request.headers[$0.key] != $0.value }) { return false }
            return true
        }
    }

    /// One policy's rule and what it has counted.
    enum Rule: Sendable {
        /// `UnlimitedCallRatePolicy`: the matched requests are never held back.
        case unlimited
        /// `FixedWindowCallRatePolicy`: `callLimit` calls per `period` seconds, the window reset
        /// by the clock or by the API's reset header.
        case fixedWindow(period: Double, callLimit: Int)
        /// `MovingWindowCallRatePolicy` (pyrate-limiter's in-memory bucket): for every rate, at most
        /// `limit` calls in any `interval` seconds.
        case movingWindow(rates: [(limit: Int, interval: Double)])
    }

    /// What a policy has counted: a fixed window's calls and next reset, or a moving window's
    /// call times (one entry per unit of weight, oldest first).
    struct Counters: Sendable {
        var calls = 0
        var nextReset = 0.0
        var times: [Double] = []
    }

    final class Policy: Sendable {
        let matchers: [Matcher]
        let rule: Rule
        let counters: Mutex<Counters>

        init(matchers: [Matcher], rule: Rule, counters: Counters) {
            self.matchers = matchers
            self.rule = rule
            self.counters = Mutex(counters)
        }

        /// nil when the policy does not apply to `request` (`matches`), else its weight: the first
        /// matching matcher's, else 1 (`get_weight`). A policy without matchers applies to all.
        func weight(ifMatching request: MatchedRequest) -> Int? {
            if matchers.isEmpty { return 1 }
            return matchers.first { $0.matches(request) }.map { $0.weight ?? 1 }
        }
    }

    /// A request the budget can never grant (its weight is above a limit), as the CDK's `ValueError`.
    struct WeightTooLarge: Error, CustomStringConvertible {
        var description: String
    }

    let policies: [Policy]
    let resetHeader: String
    let remainingHeader: String
    let rateLimitStatuses: Set<Int>
    /// Seconds since the epoch (the reset header is an epoch timestamp).
    let now: @Sendable () -> Double
    let sleep: @Sendable (Double) async throws -> Void

    init(
        policies: [Policy], resetHeader: String = "ratelimit-reset", remainingHeader: String = "ratelimit-remaining",
        rateLimitStatuses: Set<Int> = [429], now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }
    ) {
        self.policies = policies
        self.resetHeader = resetHeader.lowercased()
        self.remainingHeader = remainingHeader.lowercased()
        self.rateLimitStatuses = rateLimitStatuses
        self.now = now
        self.sleep = sleep
    }

    /// Waits until the request's policy grants it a call (`acquire_call(block=True)`).
    func acquire(for request: OutgoingRequest) async throws {
        let matched = MatchedRequest(request)
        guard let (policy, weight) = policies.lazy.compactMap({ policy in policy.weight(ifMatching: matched).map { (policy, $0) } }).first
        else { return }
        while true {
            let wait = try grant(weight, policy)
            guard let wait else { return }
            // A wait that ends exactly at the window's edge is asked again just after it.
            try await sleep(max(wait, 0.001))
        }
    }

    /// A call of `weight` counted (nil), or the seconds to wait before asking again.
    private func grant(_ weight: Int, _ policy: Policy) throws -> Double? {
        let now = now()
        switch policy.rule {
        case .unlimited:
            return nil
        case .fixedWindow(let period, let callLimit):
            guard weight <= callLimit else { throw WeightTooLarge(description: "Weight can not exceed the call limit") }
            return policy.counters.withLock { counters in
                Self.advanceWindow(&counters, now: now, period: period)
                if counters.calls + weight > callLimit { return counters.nextReset - now }
                counters.calls += weight
                return nil
            }
        case .movingWindow(let rates):
            let lowest = rates.map(\.limit).min() ?? 0
            guard weight <= lowest else {
                throw WeightTooLarge(description: "Weight can not exceed the lowest configured rate limit (\(lowest))")
            }
            return policy.counters.withLock { counters in
                for rate in rates {
                    // Calls within the last `interval` count against the rate.
                    let start = counters.times.firstIndex { $0 > now - rate.interval } ?? counters.times.count
                    guard rate.limit - (counters.times.count - start) < weight else { continue }
                    // The call that must leave the window first: the (limit - weight + 1)-th newest.
                    let index = counters.times.count - 1 - (rate.limit - weight)
                    guard counters.times.indices.contains(index) else { return 0 }
                    return counters.times[index] - (now - rate.interval)
                }
                counters.times.append(contentsOf: repeatElement(now, count: weight))
                // Calls older than the longest interval no longer count (the limiter's leak).
                let longest = rates.map(\.interval).max() ?? 0
                let expired = counters.times.firstIndex { $0 > now - longest } ?? counters.times.count
                if expired > 0 { counters.times.removeFirst(expired) }
                return nil
            }
        }
    }

    /// `_update_current_window`: past the reset time, a new window starts one period later.
    private static func advanceWindow(_ counters: inout Counters, now: Double, period: Double) {
        if now > counters.nextReset {
            counters.nextReset += period
            counters.calls = 0
        }
    }

    /// `update_from_response`: the API's count of calls left and its next reset correct the policy.
    func update(from response: HTTPResponse, for request: OutgoingRequest) {
        let matched = MatchedRequest(request)
        guard let policy = policies.first(where: { $0.weight(ifMatching: matched) != nil }) else { return }
        var remaining: Int?
        var reset: Double?
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if lowered == remainingHeader, !value.isEmpty, remaining == nil { remaining = Int(value) }
            if lowered == resetHeader, !value.isEmpty, reset == nil { reset = Int(value).map(Double.init) }
        }
        if remaining == nil && rateLimitStatuses.contains(response.status) { remaining = 0 }
        let now = now()
        switch policy.rule {
        case .unlimited:
            return
        case .fixedWindow(let period, let callLimit):
            policy.counters.withLock { counters in
                Self.advanceWindow(&counters, now: now, period: period)
                // Only ever lowers what is left, so a budget below the API's own holds.
                if let remaining, callLimit - counters.calls > remaining { counters.calls = callLimit - remaining }
                if let reset, reset != counters.nextReset { counters.nextReset = reset }
            }
        case .movingWindow(let rates):
            // The CDK only syncs "nothing left" without a reset time: since 7.3x by spending what
            // the strictest rate still allows now, so the next call waits out the whole window.
            guard remaining == 0, reset == nil else { return }
            policy.counters.withLock { counters in
                let available = rates.map { rate in rate.limit - counters.times.count { $0 >= now - rate.interval } }.min() ?? 0
                if available > 0 { counters.times.append(contentsOf: repeatElement(now, count: available)) }
            }
        }
    }
}

extension APIBudget {
    /// The budget of a manifest's `api_budget`, or nil without one.
    static func make(
        _ value: JSONValue?, config: JinjaValue, interpolation: JinjaEnvironment
    ) throws(ManifestError) -> APIBudget? {
        guard let value else { return nil }
        guard case .object(let object) = value else {
            throw ManifestError(.invalidComponent, at: "api_budget", "`api_budget` must be a mapping")
        }
        let node = ComponentNode(object, path: "api_budget")
        _ = try node.requireType(["HTTPAPIBudget"], role: "API budget")
        let clock = Date().timeIntervalSince1970
        var policies: [Policy] = []
        for policyNode in try node.componentList("policies") {
            let type = try policyNode.requireType(
                ["FixedWindowCallRatePolicy", "MovingWindowCallRatePolicy", "UnlimitedCallRatePolicy"], role: "call rate policy")
            let matchers = try policyNode.componentList("matchers").map { (matcher) throws(ManifestError) in
                try makeMatcher(matcher, config: config, interpolation: interpolation)
            }
            switch type {
            case "FixedWindowCallRatePolicy":
                let period = try seconds(policyNode, "period")
                guard let callLimit = try policyNode.optionalInt("call_limit") else {
                    throw policyNode.invalid("call_limit", "FixedWindowCallRatePolicy requires `call_limit`")
                }
                // The CDK starts with a reset 10 days away; the first response's reset header moves it.
                policies.append(
                    Policy(
                        matchers: matchers, rule: .fixedWindow(period: period, callLimit: callLimit),
                        counters: Counters(nextReset: clock + 10 * 86_400)))
            case "MovingWindowCallRatePolicy":
                var rates: [(limit: Int, interval: Double)] = []
                for rateNode in try policyNode.componentList("rates") {
                    let limitText: String
                    switch rateNode["limit"] {
                    case .number(let text)?, .string(let text)?: limitText = text
                    default: throw rateNode.invalid("limit", "A rate requires `limit`")
                    }
                    let evaluated = try? InterpolatedString(limitText, parameters: JSONObject(), in: interpolation).eval(config)
                    guard let limit = evaluated.flatMap({ Int($0.description) }) else {
                        throw rateNode.invalid("limit", "The rate's limit \(limitText) is not an integer")
                    }
                    rates.append((limit, try seconds(rateNode, "interval")))
                }
                guard !rates.isEmpty else { throw policyNode.invalid("rates", "The list of rates can not be empty") }
                rates.sort { $0.interval < $1.interval }
                policies.append(Policy(matchers: matchers, rule: .movingWindow(rates: rates), counters: Counters()))
            default:
                policies.append(Policy(matchers: matchers, rule: .unlimited, counters: Counters()))
            }
        }
        let statuses = try (node["status_codes_for_ratelimit_hit"]?.arrayValue ?? []).map { (status) throws(ManifestError) in
            guard case .number(let text) = status, let code = Int(text) else {
                throw node.invalid("status_codes_for_ratelimit_hit", "Status codes must be integers")
            }
            return code
        }
        return APIBudget(
            policies: policies, resetHeader: try node.optionalString("ratelimit_reset_header") ?? "ratelimit-reset",
            remainingHeader: try node.optionalString("ratelimit_remaining_header") ?? "ratelimit-remaining",
            rateLimitStatuses: statuses.isEmpty ? [429] : Set(statuses))
    }

    private static func makeMatcher(
        _ node: ComponentNode, config: JinjaValue, interpolation: JinjaEnvironment
    ) throws(ManifestError) -> Matcher {
        var weight: Int?
        switch node["weight"] {
        case nil, .null?: weight = nil
        case .number(let text)?: weight = Int(text)
        case .string(let text)?:
            weight = (try? InterpolatedString(text, parameters: JSONObject(), in: interpolation).eval(config)).flatMap {
                Int($0.description)
            }
        default: weight = nil
        }
        if node["weight"] != nil, node["weight"] != .null, (weight ?? 0) < 1 {
            throw node.invalid("weight", "weight must be >= 1, got \(node["weight"].map { "\($0)" } ?? "")")
        }
        var pattern: NSRegularExpression?
        if let text = try node.optionalString("url_path_pattern"), !text.isEmpty {
            do { pattern = try PythonRegex.compile(text) } catch {
                throw node.invalid("url_path_pattern", "\(text) is not a valid regular expression")
            }
        }
        func strings(_ field: String, lowercasingKeys: Bool) -> [String: String] {
            var result: [String: String] = [:]
            for (key, value) in node[field]?.objectValue ?? JSONObject() {
                let text = if case .string(let string) = value { string } else { JinjaValue(value).description }
                result[lowercasingKeys ? key.lowercased() : key] = text
            }
            return result
        }
        var urlBase = try node.optionalString("url_base")
        while urlBase?.hasSuffix("/") == true { urlBase?.removeLast() }
        return Matcher(
            method: try node.optionalString("method")?.uppercased(), urlBase: urlBase.flatMap { $0.isEmpty ? nil : $0 },
            pathPattern: pattern, params: strings("params", lowercasingKeys: false),
            headers: strings("headers", lowercasingKeys: true), weight: weight)
    }

    /// An ISO 8601 duration field in seconds (`parse_duration(...)`).
    private static func seconds(_ node: ComponentNode, _ field: String) throws(ManifestError) -> Double {
        let text = try node.string(field)
        guard case .timedelta(let delta)? = try? ISODuration.parse(text) else {
            throw node.invalid(field, "\(text) is not an ISO 8601 duration in days, hours, minutes or seconds")
        }
        return delta.totalSeconds
    }
}
