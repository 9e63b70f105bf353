internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation

/// `CsvDecoder`'s parser: the body decoded as text (universal newlines), read by Python's
/// `csv.DictReader` with the excel dialect and the given delimiter. The first row names the
/// columns; a short row fills the missing columns with null, a long row puts the extra values in
/// a list under `"null"` (the `None` key `json.dumps` writes), blank lines are skipped.
struct CSVRowParser: Sendable {
    let encoding: TextEncoding
    let delimiter: Character
    let valuesToNull: Set<String>

    init(_ node: ComponentNode) throws(ManifestError) {
        encoding = try TextEncoding(of: node, decoder: "CsvDecoder")
        var delimiterText = try node.optionalString("delimiter") ?? ","
        if delimiterText.hasPrefix("\\") { delimiterText = Self.unicodeEscapeDecoded(delimiterText) }
        guard delimiterText.count == 1, let character = delimiterText.first else {
            throw node.invalid("delimiter", "\"delimiter\" must be a 1-character string")
        }
        delimiter = character
        valuesToNull = Set(try node.stringList("set_values_to_none") ?? [])
    }

    /// Python's `unicode_escape` for the escapes a delimiter uses (`\t`, `\x1f`, `\u0001`…).
    static func unicodeEscapeDecoded(_ text: String) -> String {
        var result = ""
        var characters = Array(text)[...]
        while let first = characters.popFirst() {
            guard first == "\\", let escape = characters.popFirst() else {
                result.append(first)
                continue
            }
            let simple: [Character: Character] = [
                "t": "\t", "n": "\n", "r": "\r", "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}",
                "f": "\u{0C}", "v": "\u{0B}", "0": "\0",
            ]
            if let mapped = simple[escape] {
                result.append(mapped)
                continue
            }
            let width = escape == "x" ? 2 : escape == "u" ? 4 : escape == "U" ? 8 : 0
            if width > 0, characters.count >= width, let code = UInt32(String(characters.prefix(width)), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result.unicodeScalars.append(scalar)
                characters = characters.dropFirst(width)
            } else {
                result.append(first)
                result.append(escape)
            }
        }
        return result
    }

    func parse(_ body: [UInt8]) throws -> [JSONValue] {
        let text = try decodedText(body)
        var rows = CSVRows(text: text, delimiter: delimiter).makeIterator()
        guard let header = rows.next() else { return [] }
        var records: [JSONValue] = []
        while let row = rows.next() {
            if row.isEmpty { continue }
            var record = JSONObject()
            for (name, value) in zip(header, row) {
                record[name] = valuesToNull.contains(value) ? .null : .string(value)
            }
            if header.count < row.count {
                record["null"] = .array(row[header.count...].map { .string($0) })
            } else {
                for name in header[row.count...] { record[name] = .null }
            }
            records.append(.object(record))
        }
        return records
    }

    /// `TextIOWrapper(encoding=…)`: strict decoding, `\r\n` and `\r` read as `\n`.
    private func decodedText(_ body: [UInt8]) throws -> String {
        Self.universalNewlines(try encoding.decode(body, "CSV body"))
    }

    /// Python's universal newlines: `\r\n` and `\r` read as `\n`.
    static func universalNewlines(_ text: String) -> String {
        var normalized = ""
        normalized.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                normalized.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            normalized.unicodeScalars.append(scalar)
        }
        return normalized
    }
}

/// The rows of Python's `csv.reader` (excel dialect, `strict=False`) over text whose lines end in `\n`.
struct CSVRows: Sequence {
    let text: String
    let delimiter: Character

    func makeIterator() -> Iterator {
        Iterator(
            lines: text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)[...],
            delimiter: delimiter.unicodeScalars.first!, endsWithNewline: text.hasSuffix("\n"))
    }

    struct Iterator: IteratorProtocol {
        enum State { case startRecord, startField, inField, inQuotedField, quoteInQuotedField }

        var lines: ArraySlice<Substring.UnicodeScalarView>
        let delimiter: Unicode.Scalar
        let endsWithNewline: Bool

        init(lines: ArraySlice<Substring.UnicodeScalarView>, delimiter: Unicode.Scalar, endsWithNewline: Bool) {
            var lines = lines
            // Splitting "a\nb\n" leaves an empty last piece that is no line.
            if endsWithNewline || lines.last?.isEmpty == true { lines = lines.dropLast() }
            self.lines = lines
            self.delimiter = delimiter
            self.endsWithNewline = endsWithNewline
        }

        mutating func next() -> [String]? {
            guard !lines.isEmpty else { return nil }
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var state = State.startRecord
            /// A delimiter outside quotes ends the field.
            func endField() {
                fields.append(String(field))
                field = String.UnicodeScalarView()
                state = .startField
            }
            while let line = lines.popFirst() {
                let hasNewline = !lines.isEmpty || endsWithNewline
                for scalar in line {
                    switch state {
                    case .startRecord, .startField:
                        if scalar == "\"" {
                            state = .inQuotedField
                        } else if scalar == delimiter {
                            endField()
                        } else {
                            field.append(scalar)
                            state = .inField
                        }
                    case .inField:
                        if scalar == delimiter {
                            endField()
                        } else {
                            field.append(scalar)
                        }
                    case .inQuotedField:
                        if scalar == "\"" { state = .quoteInQuotedField } else { field.append(scalar) }
                    case .quoteInQuotedField:
                        if scalar == "\"" {
                            field.append(scalar)
                            state = .inQuotedField
                        } else if scalar == delimiter {
                            endField()
                        } else {
                            field.append(scalar)
                            state = .inField
                        }
                    }
                }
                // The end of the line.
                switch state {
                case .startRecord:
                    return fields
                case .inQuotedField:
                    if hasNewline { field.append("\n") }
                    if lines.isEmpty {
                        fields.append(String(field))
                        return fields
                    }
                default:
                    fields.append(String(field))
                    return fields
                }
            }
            return fields
        }
    }
}
