internal import NIOHTTP1

/// A request head that must not go on the wire: a byte in its method, target or headers that
/// would end a line early or change how the server reads the request (request smuggling).
///
/// ``HTTP1Client`` checks every head before it writes it, with the rules of RFC 9112 and 9110:
/// - the method and header names are tokens;
/// - header values hold no control byte but tab (so no CR, LF or NUL);
/// - the request target holds only what a URI may hold unescaped (unreserved and reserved
///   characters, and `%`), which is what `requests` leaves of a URL after quoting it.
struct UnsendableRequestHead: Error, CustomStringConvertible {
    enum Part: Sendable {
        case method, target, headerName, headerValue
    }

    var part: Part
    /// The header's name, for a header.
    var header: String?

    var description: String {
        switch part {
        case .method: "the request method is not an HTTP token"
        case .target: "the URL holds a character that must be percent-encoded (a space, a control byte or a non-ASCII byte)"
        case .headerName: "the header name '\(header ?? "")' is not an HTTP token"
        case .headerValue: "the value of the header '\(header ?? "")' holds a control character (a line break, for example)"
        }
    }

    /// Throws for the first part of the head that must not be sent.
    static func check(_ head: HTTPRequestHead) throws(UnsendableRequestHead) {
        guard Self.all(head.method.rawValue.utf8, are: Self.token) else { throw UnsendableRequestHead(part: .method) }
        guard Self.all(head.uri.utf8, are: Self.targetByte) else { throw UnsendableRequestHead(part: .target) }
        for (name, value) in head.headers {
            guard !name.isEmpty, Self.all(name.utf8, are: Self.token) else {
                throw UnsendableRequestHead(part: .headerName, header: name)
            }
            guard Self.all(value.utf8, are: Self.fieldValueByte) else { throw UnsendableRequestHead(part: .headerValue, header: name) }
        }
    }

    private static let token: UInt8 = 1
    private static let fieldValueByte: UInt8 = 2
    private static let targetByte: UInt8 = 4

    /// For each byte, the kinds of text it may be in (the flags above).
    private static let kinds: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        let character = Unicode.Scalar(UInt8(byte))
        let isAlphanumeric = ("a"..."z").contains(character) || ("A"..."Z").contains(character) || ("0"..."9").contains(character)
        var kinds: UInt8 = 0
        if isAlphanumeric || "!#$%&'*+-.^_`|~".unicodeScalars.contains(character) { kinds |= token }
        if byte == 0x09 || (byte >= 0x20 && byte != 0x7F) { kinds |= fieldValueByte }
        if isAlphanumeric || "-._~:/?#[]@!$&'()*+,;=%".unicodeScalars.contains(character) { kinds |= targetByte }
        return kinds
    }

    private static func all(_ text: String.UTF8View, are kind: UInt8) -> Bool {
        let kinds = Self.kinds
        return kinds.withUnsafeBufferPointer { kinds in
            text.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { kinds[Int($0)] & kind != 0 } }
                ?? text.allSatisfy { kinds[Int($0)] & kind != 0 }
        }
    }
}
