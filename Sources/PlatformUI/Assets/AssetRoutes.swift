import Hummingbird

/// The stylesheet, the script and the icon, served from strings compiled into
/// the binary, cached by browsers for a year under a versioned URL.
enum AssetRoutes {
    /// Changes with the assets' contents, so a new binary's pages load its own assets.
    static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (stylesheet + script + icon).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 36)
    }()

    static let icon = #"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0d1b2a"/><path d="M7 12h15l-4-4M25 20H10l4 4" fill="none" stroke="#ff9f1c" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>
        """#

    static func add<Context: RequestContext>(to router: Router<Context>) {
        let assets: [(String, String, String)] = [
            ("/ui/style.css", stylesheet, "text/css; charset=utf-8"),
            ("/ui/app.js", script, "text/javascript; charset=utf-8"),
            ("/ui/icon.svg", icon, "image/svg+xml"),
        ]
        for (path, text, type) in assets {
            let buffer = ByteBuffer(string: text)
            router.get(RouterPath(path)) { _, _ in
                var response = Response(
                    status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=31536000, immutable"],
                    body: ResponseBody(byteBuffer: buffer))
                UIResponder<Context>.secure(&response)
                return response
            }
        }
    }
}
