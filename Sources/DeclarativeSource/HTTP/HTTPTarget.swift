internal import Foundation

/// Where a URL's request goes: the origin to connect to and the request line's
/// target, read from the URL text as `requests` sends it (the path and query
/// byte for byte, the fragment dropped).
struct HTTPTarget: Sendable {
    /// The scheme, host and port of a connection: requests to one origin share connections.
    struct Origin: Sendable, Hashable {
        var isTLS: Bool
        /// The host as written, without IPv6 brackets.
        var host: String
        var port: Int

        /// The `Host` header: the port only when it is not the scheme's default (as urllib3 does).
        var hostHeader: String {
            let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
            return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
        }

        /// Whether the host is an IP address (TLS then sends no server name).
        var hostIsAddress: Bool {
            host.utf8.contains(UInt8(ascii: ":")) || host.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
        }
    }

    var origin: Origin
    /// The path and query, starting with `/`.
    var requestTarget: String
    /// `user:password` before the host, percent-decoded, if the URL has one.
    var credentials: (user: String, password: String)?

    /// Reads `url`; nil when it is not an absolute `http` or `https` URL with a host and a valid port.
    ///
    /// The URL is read as UTF-8 bytes: every character it looks for is ASCII, and a request
    /// pays for this once.
    init?(url: String) {
        let bytes = Array(url.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func first(of set: [UInt8], in range: Range<Int>) -> Int? { range.first { set.contains(bytes[$0]) } }
        func last(of byte: UInt8, in range: Range<Int>) -> Int? { range.last { bytes[$0] == byte } }
        let colon = UInt8(ascii: ":")
        let slash = UInt8(ascii: "/")
        guard let separator = bytes.indices.first(where: { bytes[$0...].starts(with: [colon, slash, slash]) }) else { return nil }
        switch text(0..<separator).lowercased() {
        case "http": origin = Origin(isTLS: false, host: "", port: 80)
        case "https": origin = Origin(isTLS: true, host: "", port: 443)
        default: return nil
        }
        let restStart = separator + 3
        let authorityEnd =
            first(of: [slash, UInt8(ascii: "?"), UInt8(ascii: "#")], in: restStart..<bytes.count) ?? bytes.count
        var authority = restStart..<authorityEnd
        let targetEnd = first(of: [UInt8(ascii: "#")], in: authorityEnd..<bytes.count) ?? bytes.count
        let target = text(authorityEnd..<targetEnd)
        requestTarget = target.utf8.first == slash ? target : "/" + target
        if let at = last(of: UInt8(ascii: "@"), in: authority) {
            let userinfo = authority.lowerBound..<at
            let split = first(of: [colon], in: userinfo) ?? at
            let decode = { (range: Range<Int>) in text(range).removingPercentEncoding ?? text(range) }
            credentials = (decode(userinfo.lowerBound..<split), split < at ? decode((split + 1)..<at) : "")
            authority = (at + 1)..<authority.upperBound
        }
        var port: Range<Int>?
        if authority.first.map({ bytes[$0] == UInt8(ascii: "[") }) ?? false {
            guard let close = first(of: [UInt8(ascii: "]")], in: authority) else { return nil }
            origin.host = text((authority.lowerBound + 1)..<close)
            if close + 1 < authority.upperBound {
                guard bytes[close + 1] == colon else { return nil }
                port = (close + 2)..<authority.upperBound
            }
        } else if let lastColon = last(of: colon, in: authority) {
            origin.host = text(authority.lowerBound..<lastColon)
            port = (lastColon + 1)..<authority.upperBound
        } else {
            origin.host = text(authority)
        }
        guard !origin.host.isEmpty else { return nil }
        if let port, !port.isEmpty {
            guard let number = Int(text(port)), (0...65535).contains(number) else { return nil }
            origin.port = number
        }
    }
}
