internal import AirbyteProtocol
internal import CompressNIO
internal import Foundation
internal import NIOCore

/// `ResponseToFileExtractor`: a (large) CSV download read as the CDK reads it with pandas
/// (`read_csv(dialect="unix", dtype=object)`): a gzip or zlib body inflated (another one read
/// as it is, NUL bytes dropped), decoded as utf-8 (the CDK looks for a charset under a
/// lower-case `content-type` key of the headers, which `requests` spells as the server did, so
/// in practice always reads utf-8; and where it finds one it fails parsing it), a leading BOM
/// dropped, the first non-blank line naming the columns (a repeated name gets `.1`,
/// `.2`…, an empty one `Unnamed: <position>`), blank and whitespace-only lines skipped, every
/// value a string and pandas' missing-value spellings (`NA`, `null`, `NaN`, empty…) null, a
/// short row's missing columns null. With `preserve_na_values`, only empty cells are null. When
/// the first row has one field more than the header, the first column is pandas' index and is
/// left out; a row longer still fails, as pandas' tokenizer does.
struct PandasCSVDecoder: ResponseDecoder {
    let preservesNAValues: Bool

    var isStreamResponse: Bool { true }

    /// pandas' default missing-value spellings (`STR_NA_VALUES`).
    static let missingValues: Set<String> = [
        "-1.#IND", "1.#QNAN", "1.#IND", "-1.#QNAN", "#N/A N/A", "#N/A", "N/A", "n/a", "NA", "<NA>", "#NA", "NULL", "null",
        "NaN", "-NaN", "nan", "-nan", "None", "",
    ]

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        var text = try TextEncoding.utf8.decode(try Self.inflated(response.body), "CSV download")
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var rows = CSVRows(text: CSVRowParser.universalNewlines(text), delimiter: ",").makeIterator()
        var header: [String]?
        // A first row one field longer than the header makes pandas read the first column as
        // the index, which the records leave out.
        var implicitIndex: Bool?
        var records: [JSONValue] = []
        var line = 0
        while let row = rows.next() {
            line += 1
            if row.isEmpty || (row.count == 1 && row[0].allSatisfy { $0 == " " || $0 == "\t" }) { continue }
            guard let columns = header else {
                header = Self.columnNames(row)
                continue
            }
            let indexed = implicitIndex ?? (row.count == columns.count + 1)
            implicitIndex = indexed
            let fieldCount = columns.count + (indexed ? 1 : 0)
            guard row.count <= fieldCount else {
                throw DecodeFailure("Error tokenizing data. C error: Expected \(fieldCount) fields in line \(line), saw \(row.count)")
            }
            let values = indexed ? Array(row.dropFirst()) : row
            var record = JSONObject()
            for (index, name) in columns.enumerated() {
                let value = index < values.count ? values[index] : ""
                let missing = preservesNAValues ? value.isEmpty : Self.missingValues.contains(value)
                record[name] = missing ? .null : .string(value)
            }
            records.append(.object(record))
        }
        return records
    }

    /// `_save_to_file`: inflated when the body starts as gzip or zlib data.
    static func inflated(_ body: [UInt8]) throws -> [UInt8] {
        if body.count >= 2, body[0] == 0x1f, body[1] == 0x8b { return try RawBodyParser.gunzip(body) }
        if body.count >= 2, body[0] & 0x0f == 8, (Int(body[0]) << 8 | Int(body[1])) % 31 == 0 {
            var input = ByteBuffer(bytes: body)
            if let output = try? input.decompress(with: .zlib()) { return Array(output.readableBytesView) }
        }
        return body.filter { $0 != 0 }
    }

    /// pandas' column names (its C parser's header): an empty one `Unnamed: <position>`, a
    /// repeated one suffixed `.1`, `.2`…, skipping suffixed names the header already holds.
    static func columnNames(_ row: [String]) -> [String] {
        var header = row.enumerated().map { position, raw in raw.isEmpty ? "Unnamed: \(position)" : raw }
        var counts: [String: Int] = [:]
        for index in header.indices {
            let original = header[index]
            var name = original
            var count = counts[name, default: 0]
            while count > 0 {
                counts[original] = count + 1
                name = "\(original).\(count)"
                count = header.contains(name) ? count + 1 : counts[name, default: 0]
            }
            header[index] = name
            counts[name] = count + 1
        }
        return header
    }
}
