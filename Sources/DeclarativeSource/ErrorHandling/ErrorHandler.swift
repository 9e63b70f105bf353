internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// Decides, per response, whether to succeed, retry, ignore or fail, and how long to wait.
protocol ErrorHandler: Sendable {
    var maxRetries: Int? { get }
    var maxTime: Int? { get }
    var backoffStrategies: [any BackoffStrategy] { get }
    func interpret(_ responseOrError: ResponseOrError) throws -> ErrorResolution
}

/// `HttpStatusErrorHandler`: what a requester without an error handler does.
struct DefaultStatusErrorHandler: ErrorHandler {
    var maxRetries: Int? { 5 }
    var maxTime: Int? { 600 }
    var backoffStrategies: [any BackoffStrategy] { [] }

    func interpret(_ responseOrError: ResponseOrError) throws -> ErrorResolution {
        if let response = responseOrError.response, response.ok { return .success }
        if let mapped = DefaultErrorMapping.resolution(for: responseOrError) { return mapped }
        if case .error(let error) = responseOrError {
            // `HttpStatusErrorHandler`'s own fallback for an exception its mapping lacks.
            return ErrorResolution(
                action: .retry, failureType: .systemError, errorMessage: "Unexpected exception in error handler: \(error.message)")
        }
        return DefaultErrorMapping.fallback(responseOrError)
    }
}

/// `DefaultErrorHandler`: response filters first, then success for a 2xx/3xx, then the
/// default mapping of status codes.
struct DefaultErrorHandler: ErrorHandler {
    let responseFilters: [HttpResponseFilter]
    let maxRetries: Int?
    let maxTime: Int?
    let backoffStrategies: [any BackoffStrategy]

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        var filters: [HttpResponseFilter] = []
        for filter in try node.componentList("response_filters") {
            filters.append(try HttpResponseFilter(filter, context: context))
        }
        responseFilters = filters
        switch node["max_retries"] {
        case nil: maxRetries = 5
        case .string(let text):
            let template = InterpolatedString(text, parameters: node.parameters, default: "5", in: context.interpolation)
            let evaluated = (try? template.eval(context.configValue).description) ?? text
            guard let value = Int(evaluated) else {
                throw node.invalid("max_retries", "DefaultErrorHandler.max_retries did not evaluate to an integer (got '\(evaluated)')")
            }
            maxRetries = value
        default:
            maxRetries = try node.optionalInt("max_retries")
        }
        maxTime = try node.optionalInt("max_time") ?? 600
        var strategies: [any BackoffStrategy] = []
        for strategy in try node.componentList("backoff_strategies") {
            strategies.append(try makeBackoffStrategy(strategy, context: context))
        }
        backoffStrategies = strategies
    }

    func interpret(_ responseOrError: ResponseOrError) throws -> ErrorResolution {
        for filter in responseFilters {
            if let resolution = try filter.matches(responseOrError) { return resolution }
        }
        if let response = responseOrError.response, response.ok { return .success }
        return DefaultErrorMapping.resolution(for: responseOrError) ?? DefaultErrorMapping.fallback(responseOrError)
    }
}

/// `CompositeErrorHandler`: the first handler that succeeds, retries, ignores or resets
/// pagination decides; otherwise the last handler's verdict.
struct CompositeErrorHandler: ErrorHandler {
    let handlers: [any ErrorHandler]

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        var handlers: [any ErrorHandler] = []
        for handler in try node.componentList("error_handlers") {
            handlers.append(try makeErrorHandler(handler, context: context))
        }
        if handlers.isEmpty { throw node.invalid("error_handlers", "CompositeErrorHandler expects at least 1 underlying error handler") }
        self.handlers = handlers
    }

    var maxRetries: Int? { handlers[0].maxRetries }
    var maxTime: Int? { handlers.map { $0.maxTime ?? 0 }.max() }
    var backoffStrategies: [any BackoffStrategy] { handlers.flatMap(\.backoffStrategies) }

    func interpret(_ responseOrError: ResponseOrError) throws -> ErrorResolution {
        var last: ErrorResolution?
        for handler in handlers {
            let resolution = try handler.interpret(responseOrError)
            last = resolution
            if let action = resolution.action, [.success, .retry, .ignore, .resetPagination, .reducePageSize].contains(action) {
                return resolution
            }
        }
        return last ?? DefaultErrorMapping.fallback(responseOrError)
    }
}

func makeErrorHandler(_ node: ComponentNode, context: BuildContext) throws(ManifestError) -> any ErrorHandler {
    switch try node.requireType(["DefaultErrorHandler", "CompositeErrorHandler"], role: "error handler") {
    case "CompositeErrorHandler": return try CompositeErrorHandler(node, context: context)
    default: return try DefaultErrorHandler(node, context: context)
    }
}

/// `HttpResponseFilter`: matches a response by status code, predicate or error message.
struct HttpResponseFilter: Sendable {
    let action: ResponseAction?
    let failureType: FailureType?
    let httpCodes: Set<Int>
    let errorMessageContains: String?
    let predicate: InterpolatedBoolean?
    let errorMessage: InterpolatedString
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        if let actionText = try node.optionalString("action") {
            if actionText == "SPLIT_REQUEST_WINDOW" {
                // CDK 7.3x splits the request's date window in two, with the retriever's
                // `request_window_splitting`.
                throw ManifestError(
                    .unsupportedComponent, at: node.fieldPath("action"),
                    "The \(actionText) response action is not supported natively yet; run this manifest with the Python CDK")
            }
            guard let action = ResponseAction(rawValue: actionText) else {
                throw node.invalid("action", "Unknown response action \(actionText)")
            }
            self.action = action
        } else {
            action = nil
        }
        if let failureText = try node.optionalString("failure_type") {
            guard let failureType = FailureType(rawValue: failureText) else {
                throw node.invalid("failure_type", "Unknown failure type \(failureText)")
            }
            self.failureType = failureType
        } else {
            failureType = nil
        }
        var codes: Set<Int> = []
        if case .array(let elements)? = node["http_codes"] {
            for element in elements {
                guard case .number(let text) = element, let code = Int(text) else {
                    throw node.invalid("http_codes", "`http_codes` must be a list of integers")
                }
                codes.insert(code)
            }
        }
        httpCodes = codes
        errorMessageContains = try node.optionalString("error_message_contains")
        let predicateText = try node.optionalString("predicate") ?? ""
        predicate = predicateText.isEmpty ? nil : InterpolatedBoolean(predicateText, parameters: node.parameters, in: context.interpolation)
        errorMessage = InterpolatedString(
            try node.optionalString("error_message") ?? "", parameters: node.parameters, in: context.interpolation)
        config = context.configValue
    }

    func matches(_ responseOrError: ResponseOrError) throws -> ErrorResolution? {
        let defaultResolution = DefaultErrorMapping.resolution(for: responseOrError)
        guard case .response(let response) = responseOrError else { return nil }
        let predicateMatches = try matchesPredicate(response)
        let matched = httpCodes.contains(response.status) || predicateMatches || containsErrorMessage(response)
        guard matched else { return nil }
        var message = try errorMessage.eval(config, templateContext(response)).description
        if errorMessage.string.isEmpty { message = "" }
        if message.isEmpty || message == "None" { message = defaultResolution?.errorMessage ?? "" }
        let failure: FailureType
        if let failureType, action == .fail {
            failure = failureType
        } else {
            failure = defaultResolution?.failureType ?? .systemError
        }
        return ErrorResolution(action: action, failureType: failure, errorMessage: message.isEmpty ? nil : message)
    }

    private func templateContext(_ response: HTTPResponse) -> InterpolationContext {
        ["response": response.templateBody, "headers": response.templateHeaders, "request_url": .string(Self.requestURL(response.url))]
    }

    /// `_request_url` (CDK 7.3x): the URL that answered without its query, fragment and
    /// userinfo, which can hold credentials; the path is kept.
    static func requestURL(_ url: String) -> String {
        guard !url.isEmpty else { return "" }
        var rest = Substring(url)
        var scheme = ""
        if let colon = rest.firstIndex(of: ":"),
            rest[rest.startIndex..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
            rest.first?.isLetter == true
        {
            scheme = String(rest[rest.startIndex..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[rest.startIndex..<end] }
        var host = ""
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            let netloc = rest[rest.startIndex..<end]
            host = String(netloc.split(separator: "@", omittingEmptySubsequences: false).last ?? "")
            rest = rest[end...]
            return (scheme.isEmpty ? "" : scheme + ":") + "//" + host + rest
        }
        return (scheme.isEmpty ? "" : scheme + ":") + rest
    }

    private func matchesPredicate(_ response: HTTPResponse) throws -> Bool {
        guard let predicate else { return false }
        return try predicate.eval(.none, templateContext(response))
    }

    private func containsErrorMessage(_ response: HTTPResponse) -> Bool {
        guard let errorMessageContains, !errorMessageContains.isEmpty else { return false }
        guard let message = JSONErrorMessage.parse(response), !message.isEmpty else { return false }
        return message.contains(errorMessageContains)
    }
}
