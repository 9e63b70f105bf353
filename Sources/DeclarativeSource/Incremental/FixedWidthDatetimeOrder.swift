internal import Jinja

/// A datetime format whose texts sort as their datetimes do: fixed-width numeric fields from
/// the most significant down (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S`, `%f`) between literal
/// characters, such as `%Y-%m-%dT%H:%M:%SZ`. For two texts of that exact shape (every field
/// at its full width, ASCII digits, the literals in place), the later datetime is the greater
/// text, so the newest of a page's cursor values is found by comparing bytes and only that one
/// is parsed. A text of any other shape (`2024-1-5`, an offset, an escape) is not compared
/// this way; its datetime is parsed as usual.
struct FixedWidthDatetimeOrder: Sendable {
    /// Byte by byte, the literal expected there, or `nil` for an ASCII digit.
    private let shape: [UInt8?]

    /// `nil` when `format` has another directive, a field twice, or fields out of order, or
    /// is one of the CDK's epoch formats (`%ms` is not `%m` and an `s`).
    init?(format: String) {
        guard !DatetimeParser.epochFormats.contains(format) else { return nil }
        let widths: [UInt8: (rank: Int, width: Int)] = [
            UInt8(ascii: "Y"): (0, 4), UInt8(ascii: "m"): (1, 2), UInt8(ascii: "d"): (2, 2), UInt8(ascii: "H"): (3, 2),
            UInt8(ascii: "M"): (4, 2), UInt8(ascii: "S"): (5, 2), UInt8(ascii: "f"): (6, 6),
        ]
        var shape: [UInt8?] = []
        var lastRank = -1
        var bytes = format.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                shape.append(byte)
                continue
            }
            guard let directive = bytes.next() else { return nil }
            if directive == UInt8(ascii: "%") {
                shape.append(directive)
                continue
            }
            guard let field = widths[directive], field.rank > lastRank else { return nil }
            lastRank = field.rank
            shape.append(contentsOf: repeatElement(nil, count: field.width))
        }
        guard lastRank >= 0 else { return nil }
        self.shape = shape
    }

    /// Whether `text` is a JSON string (quotes included) of exactly this shape.
    func matches(quoted text: ArraySlice<UInt8>) -> Bool {
        guard text.count == shape.count + 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else {
            return false
        }
        var index = text.startIndex + 1
        for expected in shape {
            let byte = text[index]
            if let expected {
                if byte != expected { return false }
            } else if byte &- UInt8(ascii: "0") > 9 {
                return false
            }
            index += 1
        }
        return true
    }
}
