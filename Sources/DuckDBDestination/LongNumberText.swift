/// Keeps long numbers exact through DuckDB's JSON reader.
///
/// DuckDB's reader (yyjson) parses a number with a fraction or an exponent into
/// a double, so `12345678901234567890.123456789` comes out as
/// `12345678901234567000` before any SQL sees it; integers it keeps exact. The
/// reader flags records holding such *long numbers*
/// (``AirbyteProtocol/ScannedRecord/hasLongNumbers``). For those records only,
/// the spool writes each long number as a *marked string*: `"\u0001N` + the
/// number's text + `"`, which the reader passes through untouched. So that a
/// marked string cannot be mistaken for one the source sent, every `\u0001`
/// the source's strings hold is written as `\u0001\u0002` in those records.
/// The spool line carries `"x":true`, and the load reads marked values back:
/// numeric columns take the text after the marker (`_swiftbyte_number`,
/// `_swiftbyte_integer`), text columns get the original text back
/// (``decodeText(_:into:)``) and JSON columns the original number
/// (``decodeJSON(_:into:)``). Other records are spooled as the source sent them.
enum LongNumberText {
    /// The marker's JSON text, between the opening quote and the number.
    static let markerEscape = Array(#"\u0001N"#.utf8)
    /// The marker as the string's first characters, decoded.
    static let marker: [UInt8] = [0x01, 0x4E]
    /// How a source's U+0001 is spooled in a record with marked numbers (JSON text, and decoded).
    static let escapedControlEscape = Array(#"\u0001\u0002"#.utf8)
    static let escapedControl: [UInt8] = [0x01, 0x02]

    // MARK: Spooling

    /// Appends `data` (a record's JSON object) to `output` with every long number
    /// marked and every `\u0001` in strings escaped, the rest byte for byte.
    static func rewrite(_ data: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let bytes = data.bindMemory(to: UInt8.self)
        var index = 0
        var copied = 0  // bytes before this are in `output`
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 {  // a string: copy it, escaping \u0001
                index += 1
                while index < end, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C {  // backslash
                        if index + 5 < end, bytes[index + 1] == 0x75, bytes[index + 2] == 0x30, bytes[index + 3] == 0x30,
                            bytes[index + 4] == 0x30, bytes[index + 5] == 0x31
                        {
                            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                            output.append(contentsOf: escapedControlEscape)
                            index += 6
                            copied = index
                            continue
                        }
                        index += 2
                    } else {
                        index += 1
                    }
                }
                index += 1
            } else if byte == 0x2D || byte &- 0x30 < 10 {  // a number
                let start = index
                var isFloat = false
                var mantissaDigits = Int.max
                var digits = 0
                while index < end {
                    let character = bytes[index]
                    if character &- 0x30 < 10 {
                        digits += 1
                    } else if character == 0x2E {
                        isFloat = true
                    } else if character | 0x20 == 0x65 {
                        isFloat = true
                        mantissaDigits = digits
                    } else if character != 0x2D && character != 0x2B {
                        break
                    }
                    index += 1
                }
                let mantissa = min(digits, mantissaDigits)
                if isFloat && (mantissa >= 16 || digits - mantissa >= 3) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<start]))
                    output.append(0x22)
                    output.append(contentsOf: markerEscape)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    output.append(0x22)
                    copied = index
                }
            } else {
                index += 1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end]))
    }

    // MARK: Loading

    /// The number's text when `value` (a string as DuckDB decoded it) is a marked
    /// string; nil otherwise.
    static func markedNumber(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard value.count > 2, value[0] == marker[0], value[1] == marker[1] else { return nil }
        return UnsafeRawBufferPointer(rebasing: value[2...])
    }

    /// A text column's value as the source sent it: a marked number's text, or
    /// the string with each escaped U+0001 restored.
    static func decodeText(_ value: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        if let number = markedNumber(value) {
            output.append(contentsOf: number)
            return
        }
        var index = 0
        while index < value.count {
            if value[index] == 0x01, index + 1 < value.count, value[index + 1] == 0x02 {
                output.append(0x01)
                index += 2
            } else {
                output.append(value[index])
                index += 1
            }
        }
    }

    /// JSON text (as DuckDB wrote it) with each marked string replaced by its
    /// number and each escaped U+0001 restored, escapes read one by one so
    /// nothing inside another string is touched.
    static func decodeJSON(_ json: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let end = json.count
        var index = 0
        while index < end {
            guard json[index] == 0x22 else {
                output.append(json[index])
                index += 1
                continue
            }
            // A string: a marked one becomes its number.
            let start = index + 1
            if start + markerEscape.count <= end,
                json[start..<(start + markerEscape.count)].elementsEqual(markerEscape),
                let close = json[(start + markerEscape.count)...].firstIndex(of: 0x22)
            {
                output.append(contentsOf: json[(start + markerEscape.count)..<close])
                index = close + 1
                continue
            }
            output.append(0x22)
            index = start
            while index < end, json[index] != 0x22 {
                if json[index] == 0x5C {
                    if index + escapedControlEscape.count <= end,
                        json[index..<(index + escapedControlEscape.count)].elementsEqual(escapedControlEscape)
                    {
                        output.append(contentsOf: escapedControlEscape.prefix(6))  // \u0001
                        index += escapedControlEscape.count
                        continue
                    }
                    let length = index + 1 < end && json[index + 1] == 0x75 ? 6 : 2  // \uXXXX or \x
                    output.append(contentsOf: json[index..<min(index + length, end)])
                    index += length
                } else {
                    output.append(json[index])
                    index += 1
                }
            }
            if index < end { output.append(0x22) }
            index += 1
        }
    }
}
