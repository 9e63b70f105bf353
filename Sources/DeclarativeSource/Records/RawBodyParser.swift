internal import AirbyteProtocol
internal import CompressNIO
internal import DeclarativeManifest
internal import NIOCore

/// The CDK's `Parser`s behind `CompositeRawDecoder`: what `GzipDecoder` and `CsvDecoder` apply to
/// the raw body. Unlike `JsonDecoder`, their JSON parser fails on a body that is not JSON and an
/// empty list yields no records.
indirect enum RawBodyParser: Sendable {
    /// `JsonParser`: the body as JSON; a list yields its elements.
    case json
    /// `JsonLineParser`: one JSON value per line; lines that are not JSON are skipped.
    case jsonLines
    /// `CsvParser`: `csv.DictReader` rows.
    case csv(CSVRowParser)
    /// `GzipParser`: gunzips a body that starts with gzip's magic bytes, passes any other through.
    case gzip(RawBodyParser)
    /// `JsonItemsParser` (`JsonItemsDecoder`): the elements of the arrays at an `ijson` prefix.
    case jsonItems(JSONItemsParser)

    /// `ModelToComponentFactory._get_parser`: the decoders that have a parser.
    init(_ node: ComponentNode) throws(ManifestError) {
        switch try node.requireType(["JsonDecoder", "JsonlDecoder", "CsvDecoder", "GzipDecoder", "JsonItemsDecoder"], role: "decoder") {
        case "JsonlDecoder": self = .jsonLines
        case "JsonItemsDecoder": self = .jsonItems(try JSONItemsParser(node))
        case "CsvDecoder": self = .csv(try CSVRowParser(node))
        case "GzipDecoder":
            guard let inner = node["decoder"]?.objectValue else {
                throw node.invalid("decoder", "GzipDecoder requires `decoder`")
            }
            self = .gzip(try RawBodyParser(ComponentNode(inner, path: node.fieldPath("decoder"))))
        default: self = .json
        }
    }

    func parse(_ body: [UInt8]) throws -> [JSONValue] {
        switch self {
        case .json:
            guard let value = try? JSONValue(parsing: body[...]) else {
                throw DecodeFailure("Response JSON data failed to be parsed.")
            }
            if case .array(let elements) = value { return elements }
            return [value]
        case .jsonLines:
            return body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONValue(parsing: $0) }
        case .csv(let parser):
            return try parser.parse(body)
        case .gzip(let inner):
            guard body.count >= 2, body[0] == 0x1f, body[1] == 0x8b else { return try inner.parse(body) }
            return try inner.parse(try Self.gunzip(body))
        case .jsonItems(let parser):
            return try parser.parse(body)
        }
    }
}

extension RawBodyParser {
    /// Every member of a gzip body, as Python's `gzip` reads it: members one after another,
    /// zero bytes after a member skipped as padding, anything else after one an error.
    static func gunzip(_ body: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: body)
        var plain: [UInt8] = []
        while true {
            while buffer.readableBytesView.first == 0 { buffer.moveReaderIndex(forwardBy: 1) }
            guard buffer.readableBytes > 0 else { return plain }
            guard buffer.readableBytes >= 2, buffer.readableBytesView.prefix(2).elementsEqual([0x1f, 0x8b]) else {
                throw DecodeFailure("The gzip body has \(buffer.readableBytes) byte(s) after its last member that are not gzip")
            }
            let start = buffer.readerIndex
            do {
                let member = try buffer.decompress(with: .gzip())
                plain.append(contentsOf: member.readableBytesView)
            } catch {
                throw DecodeFailure("The gzip body could not be decompressed: \(error)")
            }
            guard buffer.readerIndex > start else { throw DecodeFailure("The gzip body could not be decompressed: no progress") }
        }
    }
}

/// A response body that its decoder could not read (the CDK raises and the sync fails).
struct DecodeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `GzipDecoder`, `CsvDecoder` and `JsonItemsDecoder` (`CompositeRawDecoder`): streamed, so pagination never decodes them.
struct CompositeRawDecoder: ResponseDecoder {
    let parser: RawBodyParser
    var isStreamResponse: Bool { true }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        // The HTTP client already undid a `Content-Encoding: gzip`, as the CDK's transport parser does.
        try parser.parse(response.body)
    }
}
