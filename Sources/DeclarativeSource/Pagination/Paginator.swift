internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// Decides the next page's token from a response, and where the token goes in the request.
protocol Paginator: Sendable {
    /// The token of the first request (`get_initial_token`), if any.
    var initialToken: JinjaValue? { get }
    /// The page size the strategy requests (`get_page_size`), if it has one.
    var pageSize: Int? { get throws }
    /// `next_page_token`: nil when there are no more pages.
    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    /// Whether `nextPageToken` reads `lastRecord`: when it does not, a page read as raw bytes
    /// does not parse its last record for it.
    var readsLastRecord: Bool { get }
    /// The path to request instead of the requester's (`RequestPath` tokens).
    func path(_ token: JinjaValue?) -> String?
    /// The page token and page size options; `pageSizeOverride` is a reduced page size to send instead.
    func requestOptions(_ kind: RequestOptionKind, token: JinjaValue?, pageSizeOverride: Int?) throws -> RequestInput
}

struct NoPagination: Paginator {
    var initialToken: JinjaValue? { nil }
    var readsLastRecord: Bool { false }
    var pageSize: Int? { nil }
    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    { nil }
    func path(_ token: JinjaValue?) -> String? { nil }
    func requestOptions(_ kind: RequestOptionKind, token: JinjaValue?, pageSizeOverride: Int?) throws -> RequestInput { .empty }
}

/// A pagination strategy: how tokens advance.
protocol PaginationStrategy: Sendable {
    var initialToken: JinjaValue? { get }
    var pageSize: Int? { get throws }
    /// Whether `nextPageToken` reads `lastRecord` (see ``Paginator/readsLastRecord``).
    var readsLastRecord: Bool { get }
    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
}

extension PaginationStrategy {
    /// A strategy reads the last record unless it says otherwise.
    var readsLastRecord: Bool { true }
}

/// `DefaultPaginator`: a strategy, plus where the token and the page size go.
struct DefaultPaginator: Paginator {
    enum TokenOption: Sendable {
        case option(RequestOption)
        case path
    }

    let strategy: any PaginationStrategy
    let pageTokenOption: TokenOption?
    let pageSizeOption: RequestOption?
    let config: JinjaValue

    var initialToken: JinjaValue? { strategy.initialToken }
    var pageSize: Int? { get throws { try strategy.pageSize } }
    var readsLastRecord: Bool { strategy.readsLastRecord }

    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    {
        let token = try strategy.nextPageToken(
            response, lastPageSize: lastPageSize, lastRecord: lastRecord, lastTokenValue: lastTokenValue, slice: slice,
            pageSizeOverride: pageSizeOverride)
        guard let token, token.isTruthy else { return nil }
        return token
    }

    func path(_ token: JinjaValue?) -> String? {
        guard let token, token.isTruthy, case .path? = pageTokenOption else { return nil }
        return token.description
    }

    func requestOptions(_ kind: RequestOptionKind, token: JinjaValue?, pageSizeOverride: Int?) throws -> RequestInput {
        var options: [(key: String, value: JinjaValue)] = []
        if let token, !token.isNone, case .option(let option)? = pageTokenOption, option.injectInto == kind {
            try option.inject(into: &options, value: token, config: config)
        }
        let override = pageSizeOverride.flatMap { $0 != 0 ? $0 : nil }
        if let pageSizeOption, let size = try override ?? strategy.pageSize, size != 0, pageSizeOption.injectInto == kind {
            try pageSizeOption.inject(into: &options, value: .int(size), config: config)
        }
        return .mapping(options)
    }
}

/// `StopConditionPaginationStrategyDecorator`: a data feed stops at the first record the
/// cursor has already synced.
struct CursorStopConditionStrategy: PaginationStrategy {
    let delegate: any PaginationStrategy
    let shouldBeSynced: @Sendable (JSONValue) -> Bool

    var initialToken: JinjaValue? { delegate.initialToken }
    var pageSize: Int? { get throws { try delegate.pageSize } }

    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    {
        if let lastRecord, !shouldBeSynced(lastRecord) { return nil }
        return try delegate.nextPageToken(
            response, lastPageSize: lastPageSize, lastRecord: lastRecord, lastTokenValue: lastTokenValue, slice: slice,
            pageSizeOverride: pageSizeOverride)
    }
}

/// The first decoded body, as paginators see `response`.
func firstDecodedBody(_ decoder: any ResponseDecoder, _ response: HTTPResponse) throws -> JSONValue {
    if decoder.isStreamResponse { return .object(JSONObject()) }
    return try response.decoded(by: decoder).first ?? .object(JSONObject())
}

/// A page size that may be a template (`"{{ config['page_size'] }}"`), which must give an int.
func evaluatePageSize(_ node: ComponentNode, context: BuildContext) throws(ManifestError) -> Int? {
    switch node["page_size"] {
    case nil: return nil
    case .number(let text):
        guard let value = Int(text) else { throw node.invalid("page_size", "page_size must be an integer") }
        return value
    case .string(let text):
        if let value = Int(text) { return value }
        let template = InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
        let value = try? template.eval(context.configValue)
        guard let value, value.kind == .int, let int = value.intValue else {
            throw node.invalid("page_size", "\(value?.description ?? text) is of type \(value?.kind.rawValue ?? "str"). Expected int")
        }
        return int
    default:
        throw node.invalid("page_size", "page_size must be an integer")
    }
}

struct CursorPaginationStrategy: PaginationStrategy {
    let cursorValue: InterpolatedString
    let stopCondition: InterpolatedBoolean?
    /// The manifest texts of `cursor_value` and `stop_condition`, to see what they read of `response`.
    let templateTexts: [String]
    let pageSizeValue: Int?
    let decoder: any ResponseDecoder
    let config: JinjaValue
    /// Whether the templates name `headers`, `last_record` or `stream_slice`: a page's
    /// headers, last record and slice become template values only for templates that can read them.
    let readsHeaders: Bool
    let readsLastRecord: Bool
    let readsStreamSlice: Bool

    init(_ node: ComponentNode, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        let cursorText = try node.string("cursor_value")
        let stopText = try node.optionalString("stop_condition")
        templateTexts = [cursorText, stopText ?? ""]
        readsHeaders = templateTexts.contains { $0.contains("headers") }
        readsLastRecord = templateTexts.contains { $0.contains("last_record") }
        readsStreamSlice = templateTexts.contains { $0.contains("stream_slice") }
        cursorValue = InterpolatedString(cursorText, parameters: node.parameters, in: context.interpolation)
        stopCondition = stopText.flatMap {
            $0.isEmpty ? nil : InterpolatedBoolean($0, parameters: node.parameters, in: context.interpolation)
        }
        pageSizeValue = try evaluatePageSize(node, context: context)
        if pageSizeValue == nil {
            // `_reject_unbound_page_size_variable` (CDK 7.3x): with no `page_size` to bind, a
            // comparison with it renders as the (truthy) template text and would stop after one page.
            for (field, text) in [("stop_condition", stopText ?? ""), ("cursor_value", cursorText)]
            where (try? JinjaTemplate(text, environment: context.interpolation))?.undeclaredVariables.contains("page_size") == true {
                throw node.invalid(
                    field,
                    "The `\(field)` '\(text)' reads the `page_size` interpolation variable, but the CursorPagination strategy it "
                        + "belongs to declares no `page_size`, so there is nothing to bind it to. Declare `page_size` on the "
                        + "pagination strategy, or compare against a value the manifest defines, such as `config['page_size']`.")
            }
        }
        self.decoder = try node.component("decoder").map { node throws(ManifestError) in try makeDecoder(node) } ?? decoder
        config = context.configValue
    }

    var initialToken: JinjaValue? { nil }
    var pageSize: Int? { pageSizeValue }

    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    {
        let decoded = try firstDecodedBody(decoder, response)
        // `page_size` (the size requested) and the page's `stream_slice` since CDK 7.3x.
        var context: InterpolationContext = [
            "response": JinjaValue(decoded), "last_page_size": .int(lastPageSize),
            "page_size": (pageSizeOverride ?? pageSizeValue).map { .int($0) } ?? .none,
        ]
        if readsStreamSlice { context["stream_slice"] = slice?.jinja ?? .none }
        if readsHeaders {
            var headerItems: [(String, JinjaValue)] = response.headers.map { ($0.0, .string($0.1)) }
            headerItems.removeAll { $0.0 == "link" }
            headerItems.append(("link", LinkHeader.parse(response)))
            context["headers"] = .dict(headerItems)
        }
        if readsLastRecord { context["last_record"] = lastRecord.map(JinjaValue.init) ?? JinjaValue.none }
        if let stopCondition, try stopCondition.eval(config, context) { return nil }
        let token = try cursorValue.eval(config, context)
        return token.isTruthy ? token : nil
    }
}

struct PageIncrementStrategy: PaginationStrategy {
    let pageSizeValue: Int?
    let startFromPage: Int
    let injectOnFirstRequest: Bool
    let extractor: RecordExtractor?

    init(_ node: ComponentNode, extractor: RecordExtractor?, context: BuildContext) throws(ManifestError) {
        pageSizeValue = try evaluatePageSize(node, context: context)
        startFromPage = try node.optionalInt("start_from_page") ?? 0
        injectOnFirstRequest = try node.bool("inject_on_first_request", default: false)
        self.extractor = extractor
    }

    /// Its tokens count pages or records; the last record is not read.
    var readsLastRecord: Bool { false }
    var initialToken: JinjaValue? { injectOnFirstRequest ? .int(startFromPage) : nil }
    var pageSize: Int? { pageSizeValue }

    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    {
        if pageSizeOverride != nil {
            // Refused when the manifest loads: a smaller page moves every later page's boundary.
            throw SourceFailure(
                message:
                    "PageIncrement does not support reducing the page size while paginating: pages are addressed as page number * page "
                    + "size, so a smaller page size shifts every following page boundary and would skip records. Use OffsetIncrement or "
                    + "CursorPagination instead.",
                internalMessage: "PageIncrement received a page_size_override", failureType: .configError)
        }
        var size = lastPageSize
        if let extractor { size = try extractor.extraction(response).count }
        if let pageSizeValue, pageSizeValue != 0, size < pageSizeValue { return nil }
        if size == 0 { return nil }
        guard let lastTokenValue, !lastTokenValue.isNone else { return .int(startFromPage + 1) }
        guard lastTokenValue.kind == .int, let last = lastTokenValue.intValue else {
            throw SourceFailure.system(
                "Last page token value \(lastTokenValue.description) for PageIncrement pagination strategy was not an integer")
        }
        return .int(last + 1)
    }
}

struct OffsetIncrementStrategy: PaginationStrategy {
    let pageSizeTemplate: InterpolatedString?
    let injectOnFirstRequest: Bool
    let extractor: RecordExtractor?
    let decoder: any ResponseDecoder
    let config: JinjaValue

    init(_ node: ComponentNode, extractor: RecordExtractor?, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        switch node["page_size"] {
        case nil: pageSizeTemplate = nil
        case .number(let text): pageSizeTemplate = InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
        case .string(let text):
            pageSizeTemplate = text.isEmpty ? nil : InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
        default: throw node.invalid("page_size", "page_size must be an integer or a template")
        }
        injectOnFirstRequest = try node.bool("inject_on_first_request", default: false)
        self.extractor = extractor
        self.decoder = decoder
        config = context.configValue
    }

    /// Its tokens count pages or records; the last record is not read.
    var readsLastRecord: Bool { false }
    var initialToken: JinjaValue? { injectOnFirstRequest ? .int(0) : nil }

    var pageSize: Int? {
        get throws {
            guard let pageSizeTemplate else { return nil }
            let value = try pageSizeTemplate.eval(config)
            guard value.kind == .int, let int = value.intValue else {
                throw SourceFailure.system("\(value.description) is of type \(value.kind.rawValue). Expected int")
            }
            return int
        }
    }

    func nextPageToken(
        _ response: HTTPResponse, lastPageSize: Int, lastRecord: JSONValue?, lastTokenValue: JinjaValue?, slice: StreamSlice?,
        pageSizeOverride: Int?
    ) throws
        -> JinjaValue?
    {
        var size = lastPageSize
        if let extractor { size = try extractor.extraction(response).count }
        // The size requested: a reduced page is full at its reduced size (CDK 7.3x).
        if let pageSizeOverride {
            if pageSizeOverride != 0, size < pageSizeOverride { return nil }
        } else if let pageSizeTemplate {
            let decoded = try firstDecodedBody(decoder, response)
            let limit = try pageSizeTemplate.eval(config, ["response": JinjaValue(decoded)])
            if let limitValue = limit.doubleValue ?? Double(limit.description), Double(size) < limitValue { return nil }
        }
        if size == 0 { return nil }
        guard let lastTokenValue, !lastTokenValue.isNone else { return .int(size) }
        guard lastTokenValue.kind == .int, let last = lastTokenValue.intValue else {
            throw SourceFailure.system(
                "Last page token value \(lastTokenValue.description) for OffsetIncrement pagination strategy was not an integer")
        }
        return .int(last + size)
    }
}

/// `requests.Response.links`: the `Link` header parsed into `{rel: {url, rel, ...}}`.
enum LinkHeader {
    static func parse(_ response: HTTPResponse) -> JinjaValue {
        guard let header = response.header("link") else { return .dict([(String, JinjaValue)]()) }
        var links: [(String, JinjaValue)] = []
        let replaceChars = " '\""
        let trimmed = header.trimmingCharacters(in: CharacterSet(charactersIn: replaceChars))
        guard !trimmed.isEmpty else { return .dict(links) }
        for value in splitLinks(trimmed) {
            let parts = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            let url = String(parts[0]).trimmingCharacters(in: CharacterSet(charactersIn: "<> '\""))
            var link: [(String, JinjaValue)] = [("url", .string(url))]
            if parts.count > 1 {
                for param in parts[1].split(separator: ";") {
                    let keyValue = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard keyValue.count == 2 else { break }
                    let key = String(keyValue[0]).trimmingCharacters(in: CharacterSet(charactersIn: replaceChars))
                    let val = String(keyValue[1]).trimmingCharacters(in: CharacterSet(charactersIn: replaceChars))
                    link.append((key, .string(val)))
                }
            }
            let key = link.first(where: { $0.0 == "rel" })?.1.stringValue ?? url
            if let index = links.firstIndex(where: { $0.0 == key }) {
                links[index].1 = .dict(link)
            } else {
                links.append((key, .dict(link)))
            }
        }
        return .dict(links)
    }

    /// `re.split(", *<", value)`.
    private static func splitLinks(_ value: String) -> [String] {
        var result: [String] = []
        var current = ""
        var index = value.startIndex
        while index < value.endIndex {
            if value[index] == "," {
                var lookahead = value.index(after: index)
                while lookahead < value.endIndex, value[lookahead] == " " { lookahead = value.index(after: lookahead) }
                if lookahead < value.endIndex, value[lookahead] == "<" {
                    result.append(current)
                    current = ""
                    index = value.index(after: lookahead)
                    continue
                }
            }
            current.append(value[index])
            index = value.index(after: index)
        }
        result.append(current)
        return result
    }
}
