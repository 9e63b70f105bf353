/// Where a value sits in a configuration, written as JSONPath:
/// `$.credentials.password`, `$.hosts[0]`, `$['odd key']`.
struct JSONPath: Hashable {
    enum Component: Hashable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    static let root = JSONPath()

    func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    func appending(_ index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    var text: String {
        var result = "$"
        for component in components {
            switch component {
            case .index(let index):
                result += "[\(index)]"
            case .key(let key) where Self.isPlain(key):
                result += "." + key
            case .key(let key):
                let escaped = key.replacing("\\", with: "\\\\").replacing("'", with: "\\'")
                result += "['" + escaped + "']"
            }
        }
        return result
    }

    /// Whether `key` can follow a dot: a letter or `_`, then letters, digits and `_`.
    private static func isPlain(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal }
    }
}
