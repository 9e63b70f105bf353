internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import NIOCore

/// The CDK's `HttpRequester`: builds the URL, query, headers and body for a slice and page
/// from its own options, its authenticator and what the retriever adds, and sends it.
///
/// A class, shared: a page's request would otherwise copy its many references into each
/// async call that holds it.
final class HttpRequester: Sendable {
    let name: String
    let url: FixedConfigTemplate?
    let urlBase: FixedConfigTemplate?
    let path: FixedConfigTemplate?
    let method: String
    let options: InterpolatedRequestOptionsProvider
    let authenticator: any Authenticator
    let client: HttpClient
    let config: JinjaValue
    /// `connect_timeout_in_seconds`, `read_timeout_in_seconds`, `use_tcp_keepalive` (CDK 7.3x).
    let transport: TransportOptions
    private let joins = URLJoinCache()

    /// `readsPages`: this is a `SimpleRetriever`'s own requester, the only one whose error
    /// handler may ask for a smaller page (`REDUCE_PAGE_SIZE`).
    init(_ node: ComponentNode, name: String, useCache: Bool, readsPages: Bool = false, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["HttpRequester"], role: "requester")
        if !readsPages, Self.responseActions(node["error_handler"]).contains("REDUCE_PAGE_SIZE") {
            throw node.invalid(
                "error_handler",
                "The REDUCE_PAGE_SIZE response action is not supported on the requester \(name): only the main requester of a "
                    + "SimpleRetriever can re-issue its page with a smaller page size. Use a different action on that error handler.")
        }
        self.name = name
        let parameters = node.parameters
        func template(_ key: String) throws(ManifestError) -> FixedConfigTemplate? {
            try node.optionalString(key).map {
                FixedConfigTemplate(InterpolatedString($0, parameters: parameters, in: context.interpolation), config: context.configValue)
            }
        }
        url = try template("url")
        urlBase = try template("url_base")
        path = try template("path")
        if url == nil && urlBase == nil {
            throw node.invalid("url_base", "HttpRequester requires `url_base` or `url`")
        }
        let methodText = (try node.optionalString("http_method") ?? "GET").uppercased()
        guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(methodText) else {
            throw node.invalid("http_method", "Unsupported http_method \(methodText)")
        }
        method = methodText
        options = try InterpolatedRequestOptionsProvider(node, context: context)
        if let authNode = try node.component("authenticator") {
            var authURLBase = try node.optionalString("url")
            if authURLBase?.isEmpty ?? true { authURLBase = try node.optionalString("url_base") }
            authenticator = try makeAuthenticator(authNode, urlBase: authURLBase, context: context)
        } else {
            authenticator = NoAuthenticator()
        }
        let errorHandler: any ErrorHandler
        if let handlerNode = try node.component("error_handler") {
            errorHandler = try makeErrorHandler(handlerNode, context: context)
        } else {
            errorHandler = DefaultStatusErrorHandler()
        }
        let explicitCache = try node.bool("use_cache", default: false)
        client = HttpClient(
            name: name, engine: context.engine, errorHandler: errorHandler,
            backoffStrategies: errorHandler.backoffStrategies, authenticator: authenticator,
            cache: (useCache || explicitCache) && !context.disableCache ? context.cache : nil,
            events: context.events, disableRetries: context.disableRetries, apiBudget: context.apiBudget)
        config = context.configValue
        transport = try Self.transportOptions(node)
    }

    /// The `action`s of the response filters in an error handler's definition.
    static func responseActions(_ errorHandler: JSONValue?) -> Set<String> {
        switch errorHandler {
        case .object(let object)?:
            var actions = Set(object.flatMap { responseActions($0.value) })
            if object["type"] == "HttpResponseFilter", let action = object["action"]?.stringValue { actions.insert(action) }
            return actions
        case .array(let items)?: return Set(items.flatMap { responseActions($0) })
        default: return []
        }
    }

    /// `(connect, read)` as `requests` takes it: set either and the other side has none.
    static func transportOptions(_ node: ComponentNode) throws(ManifestError) -> TransportOptions {
        func seconds(_ field: String) throws(ManifestError) -> TimeAmount? {
            guard let value = try node.optionalDouble(field) else { return nil }
            guard value > 0 else { throw node.invalid(field, "`\(field)` must be greater than 0") }
            return .nanoseconds(Int64(value * 1_000_000_000))
        }
        var options = TransportOptions(keepAlive: try node.bool("use_tcp_keepalive", default: false))
        let connect = try seconds("connect_timeout_in_seconds")
        let read = try seconds("read_timeout_in_seconds")
        if connect != nil || read != nil {
            // No timeout on a side left unset: a day is as good as none for one request.
            options.connectTimeout = connect ?? .hours(24)
            options.readTimeout = read ?? .hours(24)
        }
        return options
    }

    /// The URL for a slice and page (`_get_url`): `url_base` joined with `path`, or `url`.
    func fullURL(path pathOverride: String?, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> String {
        let urlText = try url.map { try $0.eval(for: slice, nextPageToken: nextPageToken).description } ?? ""
        let baseText = try urlBase.map { try $0.eval(for: slice, nextPageToken: nextPageToken).description } ?? ""
        var pathText: String
        if let pathOverride, !pathOverride.isEmpty {
            pathText = pathOverride
        } else {
            pathText = try path.map { try $0.eval(for: slice, nextPageToken: nextPageToken).description } ?? ""
            while pathText.hasPrefix("/") { pathText.removeFirst() }
        }
        if !baseText.isEmpty { return joins.join(baseText, pathText) }
        return pathText.isEmpty ? urlText : joins.join(urlText, pathText)
    }

    /// `_join_url`: the base with a trailing slash, then `urljoin`.
    static func join(_ base: String, _ path: String) -> String {
        if path.isEmpty { return base }
        let slashed = base.hasSuffix("/") ? base : base + "/"
        return PythonURL.join(slashed, path)
    }

    /// Sends the request for a slice and page, with the retriever's extra options.
    func send(
        slice: StreamSlice, nextPageToken: JinjaValue?, path pathOverride: String?,
        extraParams: RequestInput, extraHeaders: RequestInput,
        extraBodyData: RequestInput, extraBodyJSON: RequestInput
    ) async throws -> HTTPResponse {
        let request = try await prepare(
            slice: slice, nextPageToken: nextPageToken, path: pathOverride,
            extraParams: extraParams, extraHeaders: extraHeaders,
            extraBodyData: extraBodyData, extraBodyJSON: extraBodyJSON)
        return try await client.send(request)
    }

    func prepare(
        slice: StreamSlice, nextPageToken: JinjaValue?, path pathOverride: String?,
        extraParams: RequestInput = .empty, extraHeaders: RequestInput = .empty,
        extraBodyData: RequestInput = .empty, extraBodyJSON: RequestInput = .empty
    ) async throws -> OutgoingRequest {
        let url = try fullURL(path: pathOverride, slice: slice, nextPageToken: nextPageToken)
        let headers = try RequestInput.combine([
            try options.requestOptions(.header, slice: slice, nextPageToken: nextPageToken),
            .mapping(try await authenticator.authHeaders().map { ($0.0, JinjaValue.string($0.1)) }),
            extraHeaders,
        ])
        if case .text = headers { throw RequestOptionsError("Request headers cannot be a string") }
        let params = try RequestInput.combine([
            try options.requestOptions(.requestParameter, slice: slice, nextPageToken: nextPageToken),
            try await authenticator.requestOptions(.requestParameter),
            extraParams,
        ])
        if case .text = params { throw RequestOptionsError("Request params cannot be a string") }
        for item in params.items where item.value.kind == .dict {
            throw RequestOptionsError("Invalid value for `\(item.key)` parameter. The values of request params cannot be an object.")
        }
        let bodyJSON = try RequestInput.combine(
            [
                try options.requestOptions(.bodyJSON, slice: slice, nextPageToken: nextPageToken),
                try await authenticator.requestOptions(.bodyJSON),
                extraBodyJSON,
            ], allowSameValueMerge: true)
        if case .text = bodyJSON { throw RequestOptionsError("Request body json cannot be a string") }
        let bodyData = try RequestInput.combine([
            try options.requestOptions(.bodyData, slice: slice, nextPageToken: nextPageToken),
            try await authenticator.requestOptions(.bodyData),
            extraBodyData,
        ])
        var request = try PreparedRequest.make(
            method: method, url: url, headers: headers.items.map { ($0.key, $0.value.description) },
            params: params.items, json: bodyJSON, data: bodyData)
        request.transport = transport
        return request
    }
}
