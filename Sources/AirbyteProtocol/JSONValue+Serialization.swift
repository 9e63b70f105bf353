extension JSONValue {
    /// The value as compact JSON text: no whitespace, object keys in their order,
    /// numbers exactly as stored.
    public var jsonText: String {
        var bytes: [UInt8] = []
        serialize(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the value as compact UTF-8 JSON to `bytes`.
    ///
    /// Strings escape `"`, `\` and control characters (as `\n`, `\t`, … or `\u00XX`);
    /// other characters are written as UTF-8. A `.number` is written as its text,
    /// which the caller keeps valid (every parsed or literal-built number is).
    public func serialize(into bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(true): bytes.append(contentsOf: "true".utf8)
        case .bool(false): bytes.append(contentsOf: "false".utf8)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): JSONValue.serializeString(text, into: &bytes)
        case .array(let elements):
            bytes.append(ASCII.openBracket)
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(ASCII.comma) }
                element.serialize(into: &bytes)
            }
            bytes.append(ASCII.closeBracket)
        case .object(let object):
            object.serialize(into: &bytes)
        }
    }

    /// Appends `text` as a quoted, escaped JSON string to `bytes`.
    static func serializeString(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(ASCII.quote)
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(ASCII.backslash)
                switch byte {
                case ASCII.quote, ASCII.backslash: bytes.append(byte)
                case 0x08: bytes.append(ASCII.b)
                case 0x0C: bytes.append(ASCII.f)
                case ASCII.lineFeed: bytes.append(ASCII.n)
                case ASCII.carriageReturn: bytes.append(ASCII.r)
                case ASCII.tab: bytes.append(ASCII.t)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [ASCII.u, ASCII.zero, ASCII.zero, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(ASCII.quote)
    }
}

extension JSONObject {
    /// The object as compact JSON text, keys in their order.
    public var jsonText: String {
        var bytes: [UInt8] = []
        serialize(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the object as compact UTF-8 JSON to `bytes`, keys in their order.
    public func serialize(into bytes: inout [UInt8]) {
        bytes.append(ASCII.openBrace)
        for (index, member) in enumerated() {
            if index > 0 { bytes.append(ASCII.comma) }
            JSONValue.serializeString(member.key, into: &bytes)
            bytes.append(ASCII.colon)
            member.value.serialize(into: &bytes)
        }
        bytes.append(ASCII.closeBrace)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { jsonText }
}
