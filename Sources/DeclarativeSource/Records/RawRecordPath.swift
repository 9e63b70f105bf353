internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// A page of records as the retriever hands it on: values, or compact JSON taken from the
/// response without parsing (``RawRecordPath``).
enum RecordPage: Sendable {
    case values([JSONValue])
    case raw(RawRecords)
    /// Records whose files a `file_uploader` wrote: each record's `file_reference`, by index.
    case withFiles([JSONValue], fileReferences: [JSONObject])

    var count: Int {
        switch self {
        case .values(let records): records.count
        case .raw(let records): records.count
        case .withFiles(let records, _): records.count
        }
    }

    /// The records `isKept` keeps, with their file references (a raw page, which a stream
    /// that filters after pagination never reads, stays as it is).
    func filter(_ isKept: (JSONValue) -> Bool) -> RecordPage {
        switch self {
        case .values(let records):
            return .values(records.filter(isKept))
        case .raw:
            return self
        case .withFiles(let records, let references):
            let kept = records.indices.filter { isKept(records[$0]) }
            return .withFiles(kept.map { records[$0] }, fileReferences: kept.map { references[$0] })
        }
    }

    /// Whether a record is not a JSON object (the CDK fails the stream when it writes one);
    /// never for a raw page, whose records the scan found as objects.
    var hasRecordThatIsNotAnObject: Bool {
        switch self {
        case .raw: false
        case .values(let records), .withFiles(let records, _): records.contains { $0.objectValue == nil }
        }
    }

    /// The records as values: for callers that need them (the raw form is parsed).
    var values: [JSONValue] {
        switch self {
        case .values(let records): records
        case .raw(let records): (0..<records.count).map(records.value(at:))
        case .withFiles(let records, _): records
        }
    }
}

/// Records found in a response by a ``JSONRecordScan``: each record's compact JSON, exactly as
/// parsing and serializing it would give, and its cursor value.
struct RawRecords: Sendable {
    let scan: JSONRecordScan
    /// Whether the scan's first field is the cursor's.
    let hasCursorField: Bool

    var count: Int { scan.count }

    /// Record `index`, parsed.
    func value(at index: Int) -> JSONValue {
        // The scan wrote valid JSON: parsing it cannot fail.
        (try? JSONValue(parsing: scan.records[scan.range(of: index)])) ?? .null
    }

    /// The cursor field's value in record `index` (`record.get(cursor_field)`), parsed.
    func cursorValue(at index: Int) -> JSONValue? {
        cursorText(at: index).flatMap { try? JSONValue(parsing: $0.bytes) }
    }

    /// The cursor field's value in record `index` as its compact JSON text, unparsed.
    func cursorText(at index: Int) -> CompactJSONText? {
        guard hasCursorField, let range = scan.fieldRanges[index * scan.fieldCount] else { return nil }
        return CompactJSONText(bytes: scan.records[range])
    }
}

/// A value's compact JSON text, as a key: equal texts are equal values.
struct CompactJSONText: Hashable {
    let bytes: ArraySlice<UInt8>

    static func == (left: CompactJSONText, right: CompactJSONText) -> Bool {
        guard left.bytes.count == right.bytes.count else { return false }
        return left.bytes.withUnsafeBytes { left in
            right.bytes.withUnsafeBytes { right in
                guard let leftStart = left.baseAddress, let rightStart = right.baseAddress else { return true }
                return memcmp(leftStart, rightStart, left.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// When a stream's records go from the response to RECORD lines unchanged, they need not be
/// parsed into values and serialized again: a ``JSONRecordScan`` finds them and writes them
/// compact, and only the cursor field and what the paginator reads are parsed.
///
/// A retriever has one when nothing needs a record as a value: a JSON decoder, a `field_path`
/// without wildcards, no record filter, no client-side or data-feed filtering, no schema
/// normalization, transformations that are only `AddFields` of constant values at top-level
/// keys, no paginator or a `CursorPagination` whose templates read from `response` only
/// other keys than the records', and a cursor that reads one top-level field (a datetime or
/// incrementing count cursor) or none. Any page the scan does not take (see ``JSONRecordScan``), or where a
/// record already has an added key, is selected the usual way.
struct RawRecordPath: Sendable {
    let fieldPath: [InterpolatedString]
    let config: JinjaValue
    /// The cursor's field (first, when there is one), then the keys `AddFields` adds.
    let fields: [String]
    let hasCursorField: Bool
    /// `"key":value` of every added field, comma-separated.
    let addedMembers: [UInt8]
    /// Whether the paginator reads the response (its body parsed without the records).
    let paginatorReadsResponse: Bool

    init?(selector: RecordSelector, paginator: any Paginator, hasPostPaginationFilter: Bool, cursor: any StreamCursor) {
        guard let extractor = selector.extractor.dpath, extractor.decoder is JSONResponseDecoder, !extractor.fieldPath.isEmpty,
            extractor.expander == nil,
            selector.filter == nil, selector.clientSideFilter == nil, selector.normalizer == nil, !hasPostPaginationFilter
        else { return nil }
        var fields: [String] = []
        switch cursor {
        case is FinalStateCursor: hasCursorField = false
        case let datetime as DatetimeCursor:
            hasCursorField = true
            fields.append(datetime.cursorFieldKey)
        case let count as IncrementingCountCursor:
            hasCursorField = true
            fields.append(count.cursorFieldKey)
        default: return nil
        }
        var members: [UInt8] = []
        for transformation in selector.transformations {
            guard let addFields = transformation as? AddFields, addFields.condition == nil else { return nil }
            for field in addFields.fields {
                guard field.path.count == 1, case .string(let key) = field.path[0], !fields.contains(key),
                    field.value.isPlainString,
                    let value = try? field.value.eval(selector.config, [:], validTypes: field.valueType)
                else { return nil }
                fields.append(key)
                if !members.isEmpty { members.append(UInt8(ascii: ",")) }
                JSONValue.string(key).serialize(into: &members)
                members.append(UInt8(ascii: ":"))
                value.jsonValue.serialize(into: &members)
            }
        }
        switch paginator {
        case is NoPagination: paginatorReadsResponse = false
        case let paginator as DefaultPaginator:
            guard let strategy = paginator.strategy as? CursorPaginationStrategy, strategy.decoder is JSONResponseDecoder,
                let recordsKey = extractor.fieldPath.first.flatMap({ $0.isPlainString ? $0.string : nil }),
                strategy.templateTexts.allSatisfy({ Self.readsOnlyOtherKeys($0, of: "response", than: recordsKey) })
            else { return nil }
            paginatorReadsResponse = true
        default: return nil
        }
        fieldPath = extractor.fieldPath
        config = extractor.config
        self.fields = fields
        addedMembers = members
    }

    /// The records of `response`, or `nil` to select them the usual way.
    func scan(_ response: HTTPResponse) -> RawRecords? {
        guard let path = try? fieldPath.map({ try $0.eval(config).description }),
            !path.contains(where: Glob.hasWildcards)
        else { return nil }
        guard let scan = JSONRecordScan(document: response.body, recordsAt: path, fields: fields, appendingMember: addedMembers)
        else { return nil }
        let firstAdded = hasCursorField ? 1 : 0
        if firstAdded < fields.count {
            // `AddFields` replaces a key the record has, in its place: let the values path do that.
            for record in 0..<scan.count {
                for field in firstAdded..<fields.count where scan.fieldRanges[record * fields.count + field] != nil { return nil }
            }
        }
        return RawRecords(scan: scan, hasCursorField: hasCursorField)
    }

    /// The response as the paginator sees it: the body parsed with the records' array empty,
    /// which it does not read (`readsOnlyOtherKeys`).
    func paginatorResponse(_ response: HTTPResponse, _ records: RawRecords) -> HTTPResponse {
        guard paginatorReadsResponse, let skeleton = try? JSONValue(parsing: records.scan.skeleton) else { return response }
        let copy = HTTPResponse(status: response.status, headers: response.headers, body: response.body, url: response.url)
        copy.parsedJSON.values.withLock { $0 = [skeleton] }
        return copy
    }

    /// Whether every use of `variable` in `template` is a lookup of a key other than
    /// `excluded` (`response.get('k')`, `response['k']`, `response.k`), so the template
    /// cannot see what is under `excluded`. Anything else (the whole value, a method, a
    /// computed key) is taken as reading everything.
    static func readsOnlyOtherKeys(_ template: String, of variable: String, than excluded: String) -> Bool {
        let text = Array(template.utf8)
        // Jinja's lexer takes Unicode spaces as whitespace too; the scanner below knows ASCII's
        // only, so a template with other characters is taken as reading everything.
        guard text.allSatisfy({ $0 < 0x80 }) else { return false }
        let name = Array(variable.utf8)
        func isIdentifier(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        var index = 0
        while index + name.count <= text.count {
            guard text[index..<(index + name.count)].elementsEqual(name),
                index == 0 || !isIdentifier(text[index - 1]),
                index + name.count == text.count || !isIdentifier(text[index + name.count])
            else {
                index += 1
                continue
            }
            guard let key = lookedUpKey(text[(index + name.count)...]), key != excluded else { return false }
            index += name.count
        }
        return true
    }

    /// The key of a lookup at the start of `text`: `.get('k'`, `['k']` (either quote, spaces
    /// around the parts) or `.k` (right after the dot, not a call). A quoted key holds no quote
    /// of its kind and no backslash. (A scanner, not regular expressions: compiling those
    /// loaded ICU at every start.)
    private static func lookedUpKey(_ text: ArraySlice<UInt8>) -> String? {
        var index = text.startIndex
        func skipSpaces() { while index < text.endIndex, isSpace(text[index]) { index += 1 } }
        func take(_ byte: UInt8) -> Bool {
            guard index < text.endIndex, text[index] == byte else { return false }
            index += 1
            return true
        }
        func quotedKey() -> String? {
            guard index < text.endIndex, text[index] == UInt8(ascii: "'") || text[index] == UInt8(ascii: "\"") else { return nil }
            let quote = text[index]
            let start = index + 1
            guard let end = text[start...].firstIndex(where: { $0 == quote || $0 == UInt8(ascii: "\\") }), text[end] == quote
            else { return nil }
            index = end + 1
            return String(decoding: text[start..<end], as: UTF8.self)
        }
        // `.k`, straight after the dot and not called.
        if take(UInt8(ascii: ".")), index < text.endIndex, isIdentifierStart(text[index]) {
            let start = index
            while index < text.endIndex, isIdentifierStart(text[index]) || isDigit(text[index]) { index += 1 }
            let name = String(decoding: text[start..<index], as: UTF8.self)
            skipSpaces()
            if !take(UInt8(ascii: "(")) { return name }
        }
        // `.get('k'`
        index = text.startIndex
        skipSpaces()
        if take(UInt8(ascii: ".")) {
            skipSpaces()
            guard text[index...].starts(with: "get".utf8) else { return nil }
            index += 3
            skipSpaces()
            guard take(UInt8(ascii: "(")) else { return nil }
            skipSpaces()
            return quotedKey()
        }
        // `['k']`
        guard take(UInt8(ascii: "[")) else { return nil }
        skipSpaces()
        guard let key = quotedKey() else { return nil }
        skipSpaces()
        return take(UInt8(ascii: "]")) ? key : nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }
}
