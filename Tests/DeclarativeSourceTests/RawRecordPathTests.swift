import AirbyteProtocol
import DeclarativeManifest
import Jinja
import Testing

@testable import DeclarativeSource

/// The raw-bytes record path: a scan's records must be byte for byte what parsing the page and
/// serializing each record gives, and anything it cannot reproduce must fall back (`nil`).
@Suite struct RawRecordPathTests {
    /// Each record at `path` of `document`, parsed and serialized again (the values path).
    static func treeRecords(_ document: String, _ path: [String], adding member: (String, JSONValue)? = nil) throws -> [String] {
        var node = try JSONValue(parsing: document)
        for key in path { node = try #require(node[key]) }
        return try #require(node.arrayValue).map { record in
            var record = record
            if let member, case .object(var object) = record {
                object[member.0] = member.1
                record = .object(object)
            }
            return record.jsonText
        }
    }

    static func scanRecords(_ scan: JSONRecordScan) -> [String] {
        (0..<scan.count).map { String(decoding: scan.records[scan.range(of: $0)], as: UTF8.self) }
    }

    static func scan(_ document: String, _ path: [String] = ["data"], fields: [String] = [], member: String = "")
        -> JSONRecordScan?
    {
        JSONRecordScan(document: Array(document.utf8), recordsAt: path, fields: fields, appendingMember: Array(member.utf8))
    }

    static let sameAsTheValuesPath: [(String, [String])] = [
        (#"{"data": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], "next_cursor": "2"}"#, ["data"]),
        ("{\n  \"data\" : [\n    {\n      \"id\" : 1 ,\n\t\"tags\" : [ \"a\" , { \"x\" : null } ]\r\n    }\n  ]\n}\n", ["data"]),
        (#"{"data": [{"s": "a\/b \"q\" \\ \n\t\b\f\r \u0041\u00e9\u001f\u007f \ud83d\ude00 \ud800 end"}]}"#, ["data"]),
        (#"{"data": [{"é": "naïve ☃ 😀", "k\u00e9y": "v"}]}"#, ["data"]),
        (#"{"data": [{"a": 1.0, "b": -0, "c": 1e400, "d": 123456789012345678901234567890, "e": 1E+2, "f": -0.5e-3}]}"#, ["data"]),
        (#"{"data": [{}, {"a": {}}, {"b": []}, {"c": [[], [{}]]}, {"t": true, "f": false, "n": null}]}"#, ["data"]),
        (#"{"meta": {"page": 1}, "result": {"items": [{"id": "x"}], "total": 1}}"#, ["result", "items"]),
        (#"{"data": []}"#, ["data"]),
        (#"  {"data": [{"id": 1}]}  "#, ["data"]),
    ]

    @Test(arguments: sameAsTheValuesPath)
    func recordsAreTheValuesPathsBytes(_ document: String, _ path: [String]) throws {
        let scan = try #require(Self.scan(document, path))
        #expect(Self.scanRecords(scan) == (try Self.treeRecords(document, path)))
    }

    @Test func manyDistinctKeysAreKept() throws {
        let members = (0..<40).map { "\"key\($0)\": \($0)" }.joined(separator: ", ")
        let document = "{\"data\": [{\(members)}]}"
        let scan = try #require(Self.scan(document))
        #expect(Self.scanRecords(scan) == (try Self.treeRecords(document, ["data"])))
    }

    static let fallsBack: [String] = [
        #"{"data": [{"id": 1, "id": 2}]}"#,  // a repeated key keeps the last value at the first position
        #"{"data": [{"a": {"x": 1, "x": 2}}]}"#,
        #"{"data": [{"id": 1}], "data": [{"id": 2}]}"#,
        #"{"data": [{"a\u0062": 1, "ab": 2}]}"#,  // the same key, spelled two ways
        "{\"data\": [{" + (0..<20).map { "\"k\($0)\": 1" }.joined(separator: ", ") + ", \"k3\": 2}]}",
        #"{"data": [{"id": 1}, 2]}"#,  // not an object: the values path fails the stream
        #"{"data": [[1, 2]]}"#,
        #"{"data": {"id": 1}}"#,  // an object, not a list
        #"{"other": []}"#,  // the path is missing
        #"[{"data": []}]"#,
        "{\"data\": [{\"s\": \"raw\nnewline\"}]}",
        #"{"data": [{"n": 01}]}"#,
        #"{"data": [{"n": 1.}]}"#,
        #"{"data": [{"s": "\x"}]}"#,
        #"{"data": [{"id": 1}]} x"#,
        #"{"data": [{"id": 1}]"#,
        #"{"data": [{"id": tru}]}"#,
        "",
        "{\"data\": [{\"deep\": " + String(repeating: "[", count: 450) + String(repeating: "]", count: 450) + "}]}",
    ]

    @Test(arguments: fallsBack)
    func fallsBackToTheValuesPath(_ document: String) {
        #expect(JSONRecordScan(document: Array(document.utf8), recordsAt: ["data"]) == nil)
    }

    /// Strings are skipped eight bytes at a time: a byte that needs care must be found at
    /// every offset of a word, and at the end of a string of every length.
    @Test(arguments: [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "é", "😀", "\u{7F}", "x"])
    func aSpecialByteAtEveryOffsetOfAString(_ special: String) throws {
        for length in 0..<20 {
            for offset in 0...length {
                var text = String(repeating: "a", count: length)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
                let document = "{\"data\": [{\"s\": \"\(text)\", \"t\": \"\(text)b\"}]}"
                let scan = try #require(Self.scan(document), "\(length) \(offset)")
                #expect(Self.scanRecords(scan) == (try Self.treeRecords(document, ["data"])), "\(length) \(offset)")
            }
        }
    }

    /// Plain strings are copied eight bytes at a time, each word stored before it is checked:
    /// strings longer than the output's room, outside and inside the records, and records
    /// whose added member makes the output outgrow the page, come out whole.
    @Test func longStringsAndAGrowingOutputAreCopiedWhole() throws {
        let long = String(repeating: "abcdefghij", count: 100) + "xyz"
        let document =
            "{\"before\": \"\(long)\", \"data\": [{\"s\": \"\(long)\"}" + String(repeating: ", {\"i\": 1}", count: 200)
            + "], \"after\": \"\(long)\"}"
        let scan = try #require(Self.scan(document, member: #""added":"a fairly long constant value""#))
        #expect(Self.scanRecords(scan) == (try Self.treeRecords(document, ["data"], adding: ("added", "a fairly long constant value"))))
        #expect(String(decoding: scan.skeleton, as: UTF8.self) == "{\"before\":\"\(long)\",\"data\":[],\"after\":\"\(long)\"}")
    }

    @Test func aRawControlByteAtEveryOffsetFallsBack() {
        for length in 0..<20 {
            for offset in 0...length {
                var bytes = Array(#"{"data": [{"s": ""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: length)
                bytes.insert(0x1F, at: 17 + offset)
                bytes += Array(#""}]}"#.utf8)
                #expect(JSONRecordScan(document: bytes, recordsAt: ["data"]) == nil, "\(length) \(offset)")
            }
        }
    }

    @Test func invalidUTF8FallsBack() throws {
        let document = Array(#"{"data": [{"s": "ab"}]}"#.utf8)
        let valid = try #require(JSONRecordScan(document: document, recordsAt: ["data"]))
        #expect(valid.count == 1)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80]] {
            var broken = document
            broken.insert(contentsOf: bad, at: 18)
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: broken) }
            #expect(JSONRecordScan(document: broken, recordsAt: ["data"]) == nil)
        }
    }

    @Test func fieldRangesAndAddedMembers() throws {
        let document = #"{"data": [{"id": 1, "updated_at": "2024-05-01T00:00:00Z"}, {}, {"id": 3, "updated_at": null}]}"#
        let scan = try #require(Self.scan(document, fields: ["updated_at", "source"], member: #""source":"bench""#))
        #expect(Self.scanRecords(scan) == (try Self.treeRecords(document, ["data"], adding: ("source", "bench"))))
        let values = (0..<scan.count).map { index in
            scan.fieldRanges[index * 2].map { String(decoding: scan.records[$0], as: UTF8.self) }
        }
        #expect(values == [#""2024-05-01T00:00:00Z""#, nil, "null"])
        #expect(scan.fieldRanges.enumerated().filter { $0.offset % 2 == 1 }.allSatisfy { $0.element == nil })
    }

    @Test func theSkeletonIsThePageWithoutItsRecords() throws {
        let document = #"{"data": [{"id": 1}], "next_cursor": "abc", "meta": {"count": 1.50}}"#
        let scan = try #require(Self.scan(document))
        #expect(String(decoding: scan.skeleton, as: UTF8.self) == #"{"data":[],"next_cursor":"abc","meta":{"count":1.50}}"#)
    }

    @Test func paginatorTemplatesThatCannotSeeTheRecords() {
        let safe = [
            "{{ response.get('next_cursor') }}", "{{ response['meta']['next'] }}", #"{{ response.get("next") is none }}"#,
            "{{ response.links.next }}", "{{ last_record['id'] }}", "{{ headers['link']['next']['url'] }}", "",
        ]
        let unsafe = [
            "{{ response.get('data') }}", "{{ response['data'][-1]['id'] }}", "{{ response.data }}", "{{ response }}",
            "{{ response | length }}", "{{ response.items() }}", "{{ response[key] }}", "{% set r = response %}{{ r.next }}",
            "{{ response.get(config['key']) }}",
        ]
        for template in safe { #expect(RawRecordPath.readsOnlyOtherKeys(template, of: "response", than: "data"), "\(template)") }
        for template in unsafe { #expect(!RawRecordPath.readsOnlyOtherKeys(template, of: "response", than: "data"), "\(template)") }
    }

    // MARK: Streams built from a manifest

    /// A manifest of one stream `s`: `selector`, `retriever` and `stream` are extra YAML lines
    /// of the record selector, the retriever and the stream.
    static func stream(_ stream: [String] = [], retriever: [String] = [], selector: [String] = []) async throws -> DeclarativeStream {
        let lines =
            [
                "version: 6.44.0", "type: DeclarativeSource", "check: {type: CheckStream, stream_names: [s]}", "streams:",
                "  - type: DeclarativeStream", "    name: s", "    primary_key: [id]",
                "    schema_loader: {type: InlineSchemaLoader, schema: {type: object}}", "    retriever:",
                "      type: SimpleRetriever", "      requester: {type: HttpRequester, url_base: 'http://127.0.0.1:1', path: /items}",
                "      record_selector:", "        type: RecordSelector", "        extractor: {type: DpathExtractor, field_path: [data]}",
            ] + selector.map { "        " + $0 } + retriever.map { "      " + $0 } + stream.map { "    " + $0 }
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: lines.joined(separator: "\n")), config: [:])
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let streams = try await source.buildStreams(
            try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine))
        return streams[0]
    }

    static let paginator = [
        "paginator:", "  type: DefaultPaginator",
        #"  pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.get('next') }}", stop_condition: "{{ response.get('next') is none }}"}"#,
        "  page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: cursor}",
    ]

    static let incremental = [
        "incremental_sync:", "  type: DatetimeBasedCursor", "  cursor_field: updated_at", #"  datetime_format: "%Y-%m-%dT%H:%M:%SZ""#,
        #"  start_datetime: "2024-01-01T00:00:00Z""#,
    ]

    static func transformations(_ transformation: String) -> [String] { ["transformations:", "  - " + transformation] }

    static let addFields = transformations(#"{type: AddFields, fields: [{path: [source], value: "bench"}, {path: [n], value: "12"}]}"#)

    /// A raw page parses its last record only for a paginator that reads it: a template naming
    /// `last_record`, or a data feed's stop at an already synced record.
    @Test func onlyPaginatorsThatReadTheLastRecordGetIt() async throws {
        func reads(_ retriever: [String], stream: [String] = []) async throws -> Bool {
            try await Self.stream(stream, retriever: retriever).retriever.simple!.paginator.readsLastRecord
        }
        #expect(try await !reads([]))
        #expect(try await !reads(Self.paginator))
        let lastRecordCursor = Self.paginator.map { $0.replacingOccurrences(of: "response.get('next')", with: "last_record['id']") }
        #expect(try await reads(lastRecordCursor))
        let pages = [
            "paginator:", "  type: DefaultPaginator", "  pagination_strategy: {type: PageIncrement, page_size: 10}",
            "  page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: page}",
        ]
        #expect(try await !reads(pages))
        let feed = Self.incremental + ["  is_data_feed: true"]
        #expect(try await reads(Self.paginator, stream: feed))
    }

    @Test func eligibleStreamsGiveTheValuesPathsRecordsAndCursor() async throws {
        let stream = try await Self.stream(Self.incremental + Self.addFields, retriever: Self.paginator)
        let raw = try #require(stream.retriever.simple!.rawPath)
        let body =
            #"{"data": [{"id": 1, "updated_at": "2024-05-02T00:00:00Z"}, {"id": 2, "updated_at": "2024-05-03T00:00:00Z", "x": [1.0]}], "next": "2"}"#
        let response = HTTPResponse(status: 200, headers: [], body: Array(body.utf8), url: "http://127.0.0.1:1/items")
        let page = try #require(raw.scan(response))
        let values = try stream.retriever.simple!.selector.select(response, slice: .empty, nextPageToken: nil, schema: [:]).records
        #expect(RecordPage.raw(page).values == values)
        #expect(
            (0..<page.count).map { String(decoding: page.scan.records[page.scan.range(of: $0)], as: UTF8.self) } == values.map(\.jsonText))
        #expect((0..<page.count).map(page.cursorValue(at:)) == values.map { $0["updated_at"] })
        // The paginator reads the page without its records and finds the same token.
        let viaSkeleton = try stream.retriever.simple!.paginator.nextPageToken(
            raw.paginatorResponse(response, page), lastPageSize: page.count, lastRecord: page.value(at: 1), lastTokenValue: nil,
            slice: .empty, pageSizeOverride: nil)
        let viaValues = try stream.retriever.simple!.paginator.nextPageToken(
            response, lastPageSize: values.count, lastRecord: values.last, lastTokenValue: nil, slice: .empty, pageSizeOverride: nil)
        #expect(viaSkeleton == viaValues && viaValues == .int(2))
    }

    @Test func aRecordWithAnAddedKeyFallsBack() async throws {
        let stream = try await Self.stream(Self.addFields)
        let raw = try #require(stream.retriever.simple!.rawPath)
        let body = #"{"data": [{"id": 1}, {"id": 2, "source": "api"}]}"#
        #expect(raw.scan(HTTPResponse(status: 200, headers: [], body: Array(body.utf8), url: "")) == nil)
    }

    @Test func streamsThatNeedValuesHaveNoRawPath() async throws {
        #expect(try await Self.stream().retriever.simple!.rawPath != nil)
        #expect(
            try await Self.stream(selector: [#"record_filter: {type: RecordFilter, condition: "{{ record.id > 1 }}"}"#]).retriever.simple!
                .rawPath
                == nil)
        #expect(try await Self.stream(selector: ["schema_normalization: Default"]).retriever.simple!.rawPath == nil)
        let templated = Self.transformations(#"{type: AddFields, fields: [{path: [double], value: "{{ record.id * 2 }}"}]}"#)
        #expect(try await Self.stream(templated).retriever.simple!.rawPath == nil)
        #expect(
            try await Self.stream(Self.transformations("{type: RemoveFields, field_pointers: [[id]]}")).retriever.simple!.rawPath == nil)
        #expect(
            try await Self.stream(Self.transformations("{type: AddFields, fields: [{path: [a, b], value: x}]}")).retriever.simple!.rawPath
                == nil)
        let readsRecords = Self.paginator.map { $0.replacingOccurrences(of: "response.get('next')", with: "response.get('data')[-1].id") }
        #expect(try await Self.stream(retriever: readsRecords).retriever.simple!.rawPath == nil)
        #expect(try await Self.stream(retriever: Self.paginator).retriever.simple!.rawPath != nil)
    }
}
