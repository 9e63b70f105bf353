internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// How long to wait before retrying; `nil` (or 0) defers to the next strategy or the default.
protocol BackoffStrategy: Sendable {
    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double?
}

func makeBackoffStrategy(_ node: ComponentNode, context: BuildContext) throws(ManifestError) -> any BackoffStrategy {
    let type = try node.requireType(
        ["ConstantBackoffStrategy", "ExponentialBackoffStrategy", "WaitTimeFromHeader", "WaitUntilTimeFromHeader", "WaitTimeFromResponse"],
        role: "backoff strategy")
    switch type {
    case "ConstantBackoffStrategy": return try ConstantBackoffStrategy(node, context: context)
    case "ExponentialBackoffStrategy": return try ExponentialBackoffStrategy(node, context: context)
    case "WaitTimeFromHeader": return try WaitTimeFromHeaderBackoffStrategy(node, context: context)
    case "WaitTimeFromResponse": return try WaitTimeFromResponseBackoffStrategy(node, context: context)
    default: return try WaitUntilTimeFromHeaderBackoffStrategy(node, context: context)
    }
}

/// A number, or a template for one, evaluated against the config.
private func numberTemplate(
    _ node: ComponentNode, _ field: String, default defaultValue: String? = nil,
    context: BuildContext
) throws(ManifestError) -> InterpolatedString? {
    guard let text = try node.optionalString(field) ?? defaultValue else { return nil }
    return InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
}

private func evaluateDouble(_ template: InterpolatedString, _ config: JinjaValue) throws -> Double {
    let value = try template.eval(config)
    if let double = value.doubleValue { return double }
    guard let double = Double(value.description.trimmingCharacters(in: .whitespaces)) else {
        throw SourceFailure.system("could not convert string to float: '\(value.description)'")
    }
    return double
}

private func jitter(_ base: Double, _ range: Double?) -> Double {
    guard let range else { return base }
    return Double.random(in: base...(base + range * 2))
}

struct ConstantBackoffStrategy: BackoffStrategy {
    let seconds: InterpolatedString
    let jitterRange: Double?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        guard let seconds = try numberTemplate(node, "backoff_time_in_seconds", context: context) else {
            throw node.invalid("backoff_time_in_seconds", "ConstantBackoffStrategy requires `backoff_time_in_seconds`")
        }
        self.seconds = seconds
        jitterRange = try node.optionalDouble("jitter_range_in_seconds")
        if let jitterRange, jitterRange < 0 {
            throw node.invalid("jitter_range_in_seconds", "jitter_range_in_seconds must be greater than or equal to 0")
        }
        config = context.configValue
    }

    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double? {
        jitter(try evaluateDouble(seconds, config), jitterRange)
    }
}

struct ExponentialBackoffStrategy: BackoffStrategy {
    let factor: InterpolatedString
    let jitterRange: Double?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        factor = try numberTemplate(node, "factor", default: "5", context: context)!
        jitterRange = try node.optionalDouble("jitter_range_in_seconds")
        config = context.configValue
    }

    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double? {
        jitter(try evaluateDouble(factor, config) * pow(2, Double(attempt)), jitterRange)
    }
}

/// A wait longer than the manifest allows (`max_waiting_time_in_seconds`).
private func checkCap(_ wait: Double, _ cap: InterpolatedString?, _ config: JinjaValue) throws {
    guard let cap else { return }
    let maximum = try evaluateDouble(cap, config)
    if wait >= maximum {
        throw SourceFailure(
            message: "The rate limit wait time is longer than the connector is allowed to wait.",
            internalMessage:
                "Rate limit wait time \(wait)s is greater than or equal to the maximum of \(maximum)s this stream is allowed to wait. Stopping the stream...",
            failureType: .transientError)
    }
}

/// A number read from a response header, optionally through a regex (`get_numeric_value_from_header`).
private func numericHeader(_ response: HTTPResponse, _ header: String, _ regex: String?) -> Double? {
    guard var value = response.header(header), !value.isEmpty else { return nil }
    if let regex, let expression = try? NSRegularExpression(pattern: regex),
        let match = expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
        match.range.location == 0, let range = Range(match.range, in: value)
    {
        value = String(value[range])
    }
    return Double(value.trimmingCharacters(in: .whitespaces))
}

struct WaitTimeFromHeaderBackoffStrategy: BackoffStrategy {
    let header: InterpolatedString
    let regex: InterpolatedString?
    let cap: InterpolatedString?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        header = InterpolatedString(try node.string("header"), parameters: node.parameters, in: context.interpolation)
        regex = try node.optionalString("regex").flatMap {
            $0.isEmpty ? nil : InterpolatedString($0, parameters: node.parameters, in: context.interpolation)
        }
        cap = try numberTemplate(node, "max_waiting_time_in_seconds", context: context)
        config = context.configValue
    }

    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double? {
        guard case .response(let response) = responseOrError else { return nil }
        let name = try header.eval(config).description
        let pattern = try regex.map { try $0.eval(config).description }
        let value = numericHeader(response, name, pattern)
        if let value, value != 0 { try checkCap(value, cap, config) }
        return value
    }
}

struct WaitUntilTimeFromHeaderBackoffStrategy: BackoffStrategy {
    let header: InterpolatedString
    let regex: InterpolatedString?
    let minWait: InterpolatedString?
    let cap: InterpolatedString?
    let config: JinjaValue
    let clock: JinjaClock

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        header = InterpolatedString(try node.string("header"), parameters: node.parameters, in: context.interpolation)
        regex = try node.optionalString("regex").flatMap {
            $0.isEmpty ? nil : InterpolatedString($0, parameters: node.parameters, in: context.interpolation)
        }
        minWait = try numberTemplate(node, "min_wait", context: context)
        cap = try numberTemplate(node, "max_waiting_time_in_seconds", context: context)
        config = context.configValue
        clock = context.clock
    }

    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double? {
        let now = Double(clock.epochMicroseconds) / 1_000_000
        let name = try header.eval(config).description
        let pattern = try regex.map { try $0.eval(config).description }
        var waitUntil: Double?
        if case .response(let response) = responseOrError { waitUntil = numericHeader(response, name, pattern) }
        let minimum = try minWait.map { try evaluateDouble($0, config) }
        guard let waitUntil, waitUntil != 0 else {
            guard let minimum, minimum != 0 else { return nil }
            try checkCap(minimum, cap, config)
            return minimum
        }
        let wait = waitUntil - now
        if let minimum, minimum != 0 {
            let result = max(wait, minimum)
            try checkCap(result, cap, config)
            return result
        }
        if wait < 0 { return nil }
        try checkCap(wait, cap, config)
        return wait
    }
}

/// `WaitTimeFromResponse` (CDK 7.3x): relative seconds from a template over the JSON body
/// (`response`, `{}` when unreadable) and `headers`. A template that cannot be evaluated on this
/// response, or gives nothing, zero, a negative, non-finite or non-numeric value, defers to the
/// next strategy; `max_waiting_time_in_seconds` stops the stream instead of a longer wait.
struct WaitTimeFromResponseBackoffStrategy: BackoffStrategy {
    static let contextNames: Set<String> = ["config", "response", "headers", "parameters"]

    let waitTime: InterpolatedString
    let cap: InterpolatedString?
    let config: JinjaValue
    let events: any SourceEvents

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        let text = try node.string("wait_time_in_seconds")
        // A name the template reads that no response provides (a typo such as `resposne`) would
        // leave the strategy inert on every response: a startup failure, as in the CDK.
        let template: JinjaTemplate
        do {
            template = try JinjaTemplate(text, environment: context.interpolation)
        } catch {
            throw node.invalid("wait_time_in_seconds", "\(error)")
        }
        let undeclared = template.undeclaredVariables.subtracting(Self.contextNames)
        if !undeclared.isEmpty {
            func list(_ names: Set<String>) -> String { JinjaValue.list(names.sorted().map { .string($0) }).description }
            throw node.invalid(
                "wait_time_in_seconds",
                "WaitTimeFromResponse `wait_time_in_seconds` \(JinjaValue.string(text).pythonRepr) uses undeclared variables "
                    + "\(list(undeclared)); only \(list(Self.contextNames)) are available.")
        }
        waitTime = InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
        cap = try numberTemplate(node, "max_waiting_time_in_seconds", context: context)
        // `evaluate_max_waiting_time` runs when the strategy is built: a cap the config cannot give fails then.
        if let cap {
            let maximum: Double
            do {
                maximum = try evaluateDouble(cap, context.configValue)
            } catch {
                throw node.invalid("max_waiting_time_in_seconds", "Failed to evaluate max_waiting_time_in_seconds: \(error)")
            }
            guard maximum.isFinite else {
                throw node.invalid(
                    "max_waiting_time_in_seconds", "max_waiting_time_in_seconds resolved to \(maximum), which is not a finite number")
            }
        }
        config = context.configValue
        events = context.events
    }

    func backoffTime(_ responseOrError: ResponseOrError, attempt: Int) throws -> Double? {
        var body: JinjaValue = .dict([(String, JinjaValue)]())
        var headers: JinjaValue = .caseInsensitiveDict([])
        if case .response(let response) = responseOrError { (body, headers) = (response.templateBody, response.templateHeaders) }
        let value: JinjaValue
        do {
            value = try waitTime.eval(config, ["response": body, "headers": headers])
        } catch {
            events.log(
                .warning,
                "WaitTimeFromResponse: `wait_time_in_seconds` could not be evaluated on this response (\(error.code)); "
                    + "deferring to the next backoff strategy.")
            return nil
        }
        if value.isNone { return nil }
        if let text = value.stringValue, text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let wait = Self.pythonFloat(value) else {
            events.log(
                .warning,
                "WaitTimeFromResponse: `wait_time_in_seconds` resolved to a non-numeric \(value.kind.rawValue); "
                    + "deferring to the next backoff strategy.")
            return nil
        }
        guard wait.isFinite, wait >= 0 else { return nil }
        if wait != 0 { try checkCap(wait, cap, config) }
        return wait
    }

    /// Python's `float(value)` for what a template gives: numbers, booleans and numeric text.
    static func pythonFloat(_ value: JinjaValue) -> Double? {
        switch value.kind {
        case .bool: return value == .bool(true) ? 1 : 0
        case .int, .float: return value.doubleValue
        case .string:
            let text = (value.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
            switch text.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: return Double(text)
            }
        default: return nil
        }
    }
}
