internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// `RecordSelector`: extract, filter (before or after transforming), transform, normalize.
struct RecordSelector: Sendable {
    let extractor: RecordExtractor
    let filter: RecordFilter?
    let transformations: [any RecordTransformation]
    let transformBeforeFiltering: Bool
    let normalizer: SchemaNormalizer?
    /// `is_client_side_incremental`: drop records the cursor has already synced.
    let clientSideFilter: (@Sendable (JSONValue, StreamSlice) -> Bool)?
    let config: JinjaValue

    func select(_ response: HTTPResponse, slice: StreamSlice, nextPageToken: JinjaValue?, schema: JSONObject?) throws -> (
        extracted: Int, records: [JSONValue]
    ) {
        let extraction = try extractor.extraction(response)
        return (extraction.count, try filterAndTransform(extraction.records, slice: slice, nextPageToken: nextPageToken, schema: schema))
    }

    /// `filter_and_transform`: the records already extracted, filtered, transformed and normalized.
    func filterAndTransform(_ extracted: consuming [JSONValue], slice: StreamSlice, nextPageToken: JinjaValue?, schema: JSONObject?) throws
        -> [JSONValue]
    {
        var extracted = extracted
        let extractedCount = extracted.count
        var records: [JSONValue] = []
        records.reserveCapacity(extractedCount)
        let sliceValue = slice.jinja
        for index in extracted.indices {
            // Taken out of the page, the record is its only reference: transforming it in
            // place does not copy its members (copy-on-write).
            var record = extracted[index]
            extracted[index] = .null
            if transformBeforeFiltering {
                try transform(&record, slice: slice, sliceValue: sliceValue)
                guard try keep(record, slice: slice, sliceValue: sliceValue, nextPageToken: nextPageToken) else { continue }
            } else {
                guard try keep(record, slice: slice, sliceValue: sliceValue, nextPageToken: nextPageToken) else { continue }
                try transform(&record, slice: slice, sliceValue: sliceValue)
            }
            if let schema, !schema.isEmpty {
                // `_normalize_by_schema` copies each record with dict(record) first.
                record = try Self.pythonDict(record)
                if let normalizer { normalizer.normalize(&record, schema: .object(schema)) }
            }
            records.append(record)
        }
        return records
    }

    /// Python's `dict(value)` of a JSON value: an object is copied; a list of two-element
    /// items (two-key objects give their keys) becomes a mapping; anything else fails as Python does.
    static func pythonDict(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .object: return value
        case .array(let elements):
            var result = JSONObject()
            for (index, element) in elements.enumerated() {
                let pair: [String]
                switch element {
                case .object(let object): pair = object.keys
                case .array(let items):
                    guard items.count == 2 else { throw dictFailure(index, items.count) }
                    guard let key = items[0].stringValue else {
                        throw SourceFailure.system("TypeError: a record's keys must be strings")
                    }
                    result[key] = items[1]
                    continue
                case .string(let text): pair = text.map(String.init)
                default:
                    throw SourceFailure.system("TypeError: cannot convert dictionary update sequence element #\(index) to a sequence")
                }
                guard pair.count == 2 else { throw dictFailure(index, pair.count) }
                result[pair[0]] = .string(pair[1])
            }
            return .object(result)
        case .string(let text):
            if text.isEmpty { return .object(JSONObject()) }
            throw dictFailure(0, 1)
        default:
            throw SourceFailure.system("TypeError: the record is not a mapping")
        }
    }

    private static func dictFailure(_ index: Int, _ length: Int) -> SourceFailure {
        SourceFailure.system("ValueError: dictionary update sequence element #\(index) has length \(length); 2 is required")
    }

    private func keep(_ record: JSONValue, slice: StreamSlice, sliceValue: JinjaValue, nextPageToken: JinjaValue?) throws -> Bool {
        if let clientSideFilter, !clientSideFilter(record, slice) { return false }
        guard let filter else { return true }
        return try filter.keeps(record, sliceValue: sliceValue, slice: slice, nextPageToken: nextPageToken)
    }

    private func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        for transformation in transformations {
            try transformation.transform(&record, slice: slice, sliceValue: sliceValue)
        }
    }
}

/// `RecordFilter`: keeps records whose `condition` is true.
struct RecordFilter: Sendable {
    let condition: InterpolatedBoolean
    let config: JinjaValue

    func keeps(_ record: JSONValue, sliceValue: JinjaValue, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> Bool {
        let context: InterpolationContext = [
            "record": JinjaValue(record),
            "stream_slice": sliceValue,
            "next_page_token": nextPageToken ?? .none,
            "stream_slice.extra_fields": JinjaValue(slice.extraFields),
        ]
        return try condition.eval(config, context)
    }
}
