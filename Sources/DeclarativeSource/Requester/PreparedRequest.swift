internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// What `requests` makes of a URL, parameters, headers and a body (`PreparedRequest`), so
/// the bytes on the wire match the Python CDK's.
enum PreparedRequest {
    /// Methods `HttpClient` sends a body with.
    static let bodyMethods: Set<String> = ["GET", "POST", "PUT", "PATCH"]

    static func make(
        method: String, url: String, headers: [(String, String)], params: [(key: String, value: JinjaValue)],
        json: RequestInput, data: RequestInput
    ) throws -> OutgoingRequest {
        // _dedupe_query_params: drop parameters the URL already carries with the same value.
        var parts = PythonURL.split(url)
        let existing = Dictionary(PythonURL.parseQuery(parts.query), uniquingKeysWith: { first, _ in first })
        let kept = params.filter { existing[$0.key] == nil || existing[$0.key] != $0.value.description }
        if parts.scheme.isEmpty {
            throw RequestOptionsError("Invalid URL '\(url)': No scheme supplied. Perhaps you meant https://\(url)?")
        }
        if parts.path.isEmpty { parts.path = "/" }
        let encoded = urlencode(kept)
        if !encoded.isEmpty {
            parts.query = parts.query.isEmpty ? encoded : parts.query + "&" + encoded
            parts.hasQuery = true
        }
        let finalURL = PythonURL.requote(parts.string)

        var allHeaders: [(String, String)] = [
            ("User-Agent", "python-requests/2.32.5"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Accept", "*/*"),
            ("Connection", "keep-alive"),
        ]
        for (name, value) in headers { set(&allHeaders, name, value) }

        var body: [UInt8]?
        if bodyMethods.contains(method) {
            let hasJSON = !json.isEmpty
            let hasData = !data.isEmpty
            if hasJSON && hasData {
                throw RequestOptionsError(
                    "At the same time only one of the 'request_body_data' and 'request_body_json' functions can return data")
            }
            if hasJSON {
                let value: JinjaValue
                switch json {
                case .mapping(let items): value = .dict(items.map { ($0.key, $0.value) })
                case .text(let text): value = .string(text)
                }
                body = Array(try PythonJSON.dumps(value).utf8)
                if !allHeaders.contains(where: { $0.0.lowercased() == "content-type" }) {
                    set(&allHeaders, "Content-Type", "application/json")
                }
            } else if hasData {
                switch data {
                case .mapping(let items):
                    body = Array(urlencode(items).utf8)
                    if !allHeaders.contains(where: { $0.0.lowercased() == "content-type" }) {
                        set(&allHeaders, "Content-Type", "application/x-www-form-urlencoded")
                    }
                case .text(let text):
                    body = Array(text.utf8)
                }
            }
        }
        if let body {
            set(&allHeaders, "Content-Length", String(body.count))
        } else if ["POST", "PUT", "PATCH"].contains(method) {
            set(&allHeaders, "Content-Length", "0")
        }
        return OutgoingRequest(method: method, url: finalURL, headers: allHeaders, body: body)
    }

    /// A header set case-insensitively, keeping its first position (`CaseInsensitiveDict`).
    private static func set(_ headers: inout [(String, String)], _ name: String, _ value: String) {
        if let index = headers.firstIndex(where: { $0.0.lowercased() == name.lowercased() }) {
            headers[index] = (name, value)
        } else {
            headers.append((name, value))
        }
    }

    /// `requests`' `_encode_params` then `urlencode(doseq=True)`: None dropped, lists repeated.
    static func urlencode(_ items: [(key: String, value: JinjaValue)]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(items.count * 32)
        for (key, value) in items {
            let values: [JinjaValue]
            switch value.kind {
            case .list, .tuple: values = value.arrayValue ?? []
            case .dict: values = (value.dictItems ?? []).map(\.key)
            default: values = [value]
            }
            for element in values where !element.isNone {
                // Every pair holds a `=`: a non-empty output has a pair before this one.
                if !output.isEmpty { output.append(UInt8(ascii: "&")) }
                PythonURL.appendQuotedPlus(key, to: &output)
                output.append(UInt8(ascii: "="))
                PythonURL.appendQuotedPlus(element.description, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Python's `json.dumps` with its defaults (`", "` and `": "` separators, ASCII only), as
/// `requests` writes JSON bodies.
enum PythonJSON {
    struct NotSerializable: Error, CustomStringConvertible {
        var description: String
    }

    static func dumps(_ value: JinjaValue) throws -> String {
        var output = ""
        try write(value, into: &output)
        return output
    }

    private static func write(_ value: JinjaValue, into output: inout String) throws {
        switch value.kind {
        case .none, .undefined: output += "null"
        case .bool: output += value.boolValue == true ? "true" : "false"
        case .int: output += value.description
        case .float:
            let double = value.doubleValue ?? 0
            guard double.isFinite else { throw NotSerializable(description: "Out of range float values are not JSON compliant") }
            output += value.description
        case .string: writeString(value.stringValue ?? "", into: &output)
        case .list, .tuple:
            output += "["
            for (index, element) in (value.arrayValue ?? []).enumerated() {
                if index > 0 { output += ", " }
                try write(element, into: &output)
            }
            output += "]"
        case .dict:
            output += "{"
            for (index, item) in (value.dictItems ?? []).enumerated() {
                if index > 0 { output += ", " }
                switch item.key.kind {
                case .string: writeString(item.key.stringValue ?? "", into: &output)
                case .int, .float: writeString(item.key.description, into: &output)
                case .bool: writeString(item.key.boolValue == true ? "true" : "false", into: &output)
                case .none: writeString("null", into: &output)
                default: throw NotSerializable(description: "keys must be str, int, float, bool or None, not \(item.key.kind)")
                }
                output += ": "
                try write(item.value, into: &output)
            }
            output += "}"
        default:
            throw NotSerializable(description: "Object of type \(value.kind.rawValue) is not JSON serializable")
        }
    }

    static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        output += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        output += hex4(scalar.value)
                    }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
