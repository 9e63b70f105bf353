internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// `RecordSelector`: extract, filter (before or after transforming), transform, normalize.
struct RecordSelector: Sendable {
    let extractor: DpathExtractor
    let filter: RecordFilter?
    let transformations: [any RecordTransformation]
    let transformBeforeFiltering: Bool
    let normalizer: SchemaNormalizer?
    /// `is_client_side_incremental`: drop records the cursor has already synced.
    let clientSideFilter: (@Sendable (JSONValue, StreamSlice) -> Bool)?
    let config: JinjaValue

    func select(_ response: HTTPResponse, slice: StreamSlice, nextPageToken: JinjaValue?, schema: JSONObject?) throws -> (extracted: Int, records: [JSONValue]) {
        let extracted = try extractor.extract(response)
        var records: [JSONValue] = []
        records.reserveCapacity(extracted.count)
        let sliceValue = slice.jinja
        for var record in extracted {
            if transformBeforeFiltering {
                try transform(&record, slice: slice, sliceValue: sliceValue)
                guard try keep(record, slice: slice, sliceValue: sliceValue, nextPageToken: nextPageToken) else { continue }
            } else {
                guard try keep(record, slice: slice, sliceValue: sliceValue, nextPageToken: nextPageToken) else { continue }
                try transform(&record, slice: slice, sliceValue: sliceValue)
            }
            if let normalizer, let schema { normalizer.normalize(&record, schema: .object(schema)) }
            records.append(record)
        }
        return (extracted.count, records)
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
