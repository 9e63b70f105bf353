internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation

/// Turns a response body into the mappings extractors read (`Decoder.decode`).
protocol ResponseDecoder: Sendable {
    func decode(_ response: HTTPResponse) throws -> [JSONValue]
    /// Streamed decoders are not decoded again for pagination.
    var isStreamResponse: Bool { get }
}

/// `JsonDecoder`: a JSON body; a list yields its elements; an empty or unreadable body `{}`.
struct JSONResponseDecoder: ResponseDecoder {
    var isStreamResponse: Bool { false }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        guard let body = try? JSONValue(parsing: response.body) else { return [.object(JSONObject())] }
        switch body {
        case .null: return [.object(JSONObject())]
        case .array(let elements): return elements.isEmpty ? [.object(JSONObject())] : elements
        default: return [body]
        }
    }
}

/// `JsonlDecoder`: one JSON value per line.
struct JSONLinesDecoder: ResponseDecoder {
    var isStreamResponse: Bool { true }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        var values: [JSONValue] = []
        for line in response.body.split(separator: UInt8(ascii: "\n")) {
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
            if trimmed.isEmpty { continue }
            if let value = try? JSONValue(parsing: trimmed) { values.append(value) }
        }
        return values
    }
}

/// `IterableDecoder`: each line as `{"record": line}`.
struct IterableDecoder: ResponseDecoder {
    var isStreamResponse: Bool { true }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        response.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.isEmpty }
            .map { .object(JSONObject([("record", .string(String($0)))])) }
    }
}

/// `XmlDecoder`: the body through `xmltodict.parse`; a body that is not XML yields `{}`.
struct XMLResponseDecoder: ResponseDecoder {
    var isStreamResponse: Bool { false }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        guard let object = try? XMLToDict.parse(response.text) else { return [.object(JSONObject())] }
        return [.object(object)]
    }
}

func makeDecoder(_ node: ComponentNode?) throws(ManifestError) -> any ResponseDecoder {
    guard let node else { return JSONResponseDecoder() }
    let types: Set = [
        "JsonDecoder", "JsonlDecoder", "IterableDecoder", "XmlDecoder", "CsvDecoder", "GzipDecoder", "ZipfileDecoder", "JsonItemsDecoder",
    ]
    switch try node.requireType(types, role: "decoder") {
    case "JsonlDecoder": return JSONLinesDecoder()
    case "CsvDecoder", "GzipDecoder", "JsonItemsDecoder": return CompositeRawDecoder(parser: try RawBodyParser(node))
    case "IterableDecoder": return IterableDecoder()
    case "XmlDecoder": return XMLResponseDecoder()
    case "ZipfileDecoder": return try ZipfileDecoder(node)
    default: return JSONResponseDecoder()
    }
}
