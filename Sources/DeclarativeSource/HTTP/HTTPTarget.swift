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
            let name = host.contains(":") ? "[\(host)]" : host
            return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
        }

        /// Whether the host is an IP address (TLS then sends no server name).
        var hostIsAddress: Bool {
            host.contains(":") || host.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        }
    }

    var origin: Origin
    /// The path and query, starting with `/`.
    var requestTarget: String
    /// `user:password` before the host, percent-decoded, if the URL has one.
    var credentials: (user: String, password: String)?

    /// Reads `url`; nil when it is not an absolute `http` or `https` URL with a host and a valid port.
    init?(url: String) {
        guard let separator = url.range(of: "://") else { return nil }
        switch url[..<separator.lowerBound].lowercased() {
        case "http": origin = Origin(isTLS: false, host: "", port: 80)
        case "https": origin = Origin(isTLS: true, host: "", port: 443)
        default: return nil
        }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var target = rest[authorityEnd...]
        if let fragment = target.firstIndex(of: "#") { target = target[..<fragment] }
        requestTarget = target.first == "/" ? String(target) : "/" + target
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            let colon = userinfo.firstIndex(of: ":") ?? userinfo.endIndex
            let decode = { (part: Substring) in String(part).removingPercentEncoding ?? String(part) }
            credentials = (decode(userinfo[..<colon]), colon < userinfo.endIndex ? decode(userinfo[userinfo.index(after: colon)...]) : "")
            authority = authority[authority.index(after: at)...]
        }
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            origin.host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            origin.host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            origin.host = String(authority)
        }
        guard !origin.host.isEmpty else { return nil }
        if let portText, !portText.isEmpty {
            guard let port = Int(portText), (0...65535).contains(port) else { return nil }
            origin.port = port
        }
    }
}
