internal import DeclarativeManifest
internal import Foundation

/// A decoder's `encoding`, by the names Python gives it (`codecs.lookup`'s common aliases): the
/// encodings this engine reads. `CsvDecoder` and `JsonItemsDecoder` share them.
enum TextEncoding: Sendable {
    case utf8, latin1, ascii

    init?(pythonName name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "u8": self = .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        case "ascii", "us-ascii": self = .ascii
        default: return nil
        }
    }

    /// The `encoding` of a decoder's definition (utf-8 when absent); another one is refused,
    /// naming the decoder.
    init(of node: ComponentNode, decoder: String) throws(ManifestError) {
        let name = try node.optionalString("encoding") ?? "utf-8"
        guard let encoding = TextEncoding(pythonName: name) else {
            throw ManifestError(
                .unsupportedComponent, at: node.fieldPath("encoding"),
                "\(decoder) encoding `\(name)` is not supported yet (utf-8, latin-1 and ascii are)")
        }
        self = encoding
    }

    /// `body.decode(encoding)`, strict: bytes the encoding cannot hold fail, naming `what` was read.
    func decode(_ body: [UInt8], _ what: String) throws -> String {
        switch self {
        case .utf8:
            guard let text = String(validating: body, as: UTF8.self) else { throw DecodeFailure("The \(what) is not valid utf-8") }
            return text
        case .latin1:
            return String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        case .ascii:
            guard body.allSatisfy({ $0 < 0x80 }) else { throw DecodeFailure("The \(what) is not valid ascii") }
            return String(decoding: body, as: UTF8.self)
        }
    }
}
