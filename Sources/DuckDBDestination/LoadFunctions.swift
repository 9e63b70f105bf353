import DestinationKit
internal import DuckDB

/// The SQL functions a load uses beside DuckDB's own, registered on the
/// database before the first load.
///
/// Numbers are converted by digit, never through a double
/// (``FixedPointNumber``), from the JSON text DuckDB's reader hands out: its cast
/// from text to a 38-digit DECIMAL is exact but takes about 18 µs a value
/// (128-bit division per digit), and its numbers are doubles. Each numeric function returns the value and a
/// code (``Code``) that the load turns into `_airbyte_meta.changes`.
enum LoadFunctions {
    /// `_swiftbyte_number(text, flagged) → STRUCT(v DECIMAL(38,9), c UTINYINT)`.
    static let number = "_swiftbyte_number"
    /// `_swiftbyte_integer(text, flagged) → STRUCT(v DECIMAL(38,0), c UTINYINT)`.
    static let integer = "_swiftbyte_integer"
    /// `_swiftbyte_bigint(text, flagged) → STRUCT(v BIGINT, c UTINYINT)`: for BIGINT
    /// columns, without DuckDB's DECIMAL(38,0) → BIGINT cast (a 128-bit division a value).
    /// A value beyond BIGINT is NULL with ``Code/beyondBigint``.
    static let bigint = "_swiftbyte_bigint"
    /// `_swiftbyte_text(text) → VARCHAR`: ``LongNumberText/decodeText(_:into:)``.
    static let text = "_swiftbyte_text"
    /// `_swiftbyte_json(json) → JSON`: ``LongNumberText/decodeJSON(_:into:)``.
    static let json = "_swiftbyte_json"

    /// What happened to a value, as the numeric functions report it in `c`.
    enum Code: UInt8 {
        /// Stored exactly.
        case exact = 0
        /// Rounded to 9 fractional digits: TRUNCATED.
        case rounded = 1
        /// Beyond the column's type: NULLED, DESTINATION_FIELD_SIZE_LIMITATION.
        case tooLarge = 2
        /// Not a number (or, for an integer column, not a whole one): NULLED,
        /// DESTINATION_SERIALIZATION_ERROR.
        case invalid = 3
        /// A whole number beyond BIGINT that fits DECIMAL(38,0): a BIGINT column
        /// must be widened to hold it.
        case beyondBigint = 4
    }

    /// Registers the functions on `connection`'s database (again: replaces them).
    static func register(on connection: Connection) throws {
        try connection.registerNumberFunction(named: number, returning: .decimal38(scale: 9)) { text, flagged in
            convert(text, flagged: flagged, scale: 9)
        }
        try connection.registerNumberFunction(named: integer, returning: .decimal38(scale: 0)) { text, flagged in
            convert(text, flagged: flagged, scale: 0)
        }
        try connection.registerNumberFunction(named: bigint, returning: .bigint) { text, flagged in
            var result = convert(text, flagged: flagged, scale: 0)
            if result.code == Code.beyondBigint.rawValue { result.value = nil }
            return result
        }
        try connection.registerTextFunction(named: text, returnsJSON: false) { value, output in
            LongNumberText.decodeText(value, into: &output)
        }
        try connection.registerTextFunction(named: json, returnsJSON: true) { value, output in
            LongNumberText.decodeJSON(value, into: &output)
        }
    }

    /// The value of a JSON value's text (a number, or a string holding one; in a
    /// flagged record, a marked string's number) at `scale` in 38 digits, and its
    /// code. At scale 0, a number that is not whole is invalid rather than rounded.
    /// JSON `null` is NULL without a change.
    static func convert(_ json: UnsafeRawBufferPointer, flagged: Bool, scale: Int) -> DecimalFunctionResult {
        guard json.first == UInt8(ascii: "\"") else {
            if json.count == 4, json[0] == UInt8(ascii: "n"), json[1] == UInt8(ascii: "u") {  // null
                return DecimalFunctionResult(value: nil, code: Code.exact.rawValue)
            }
            return convert(number: json, scale: scale)
        }
        // A string: its text between the quotes, escapes decoded (rare in numbers, so by the slow way).
        let body = UnsafeRawBufferPointer(rebasing: json.dropFirst().dropLast())
        if flagged, body.starts(with: LongNumberText.markerEscape) {
            return convert(number: UnsafeRawBufferPointer(rebasing: body.dropFirst(LongNumberText.markerEscape.count)), scale: scale)
        }
        guard body.contains(UInt8(ascii: "\\")) else { return convert(number: body, scale: scale) }
        guard case .string(let decoded)? = try? JSONValue(parsing: json) else {
            return DecimalFunctionResult(value: nil, code: Code.invalid.rawValue)
        }
        return Array(decoded.utf8).withUnsafeBytes { convert(number: $0, scale: scale) }
    }

    /// The value of a number's text, and its code.
    static func convert(number: UnsafeRawBufferPointer, scale: Int) -> DecimalFunctionResult {
        switch FixedPointNumber.convert(number, scale: scale) {
        case .exact(let value):
            let code: Code = scale == 0 && Int64(exactly: value) == nil ? .beyondBigint : .exact
            return DecimalFunctionResult(value: value, code: code.rawValue)
        case .rounded(let value):
            return scale == 0
                ? DecimalFunctionResult(value: nil, code: Code.invalid.rawValue)
                : DecimalFunctionResult(value: value, code: Code.rounded.rawValue)
        case .tooLarge:
            return DecimalFunctionResult(value: nil, code: Code.tooLarge.rawValue)
        case .notANumber:
            return DecimalFunctionResult(value: nil, code: Code.invalid.rawValue)
        }
    }
}
