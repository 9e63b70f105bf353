import Foundation

/// The fields of an `application/x-www-form-urlencoded` body or a query
/// string, in order, names and values decoded (`+` is a space), a name
/// possibly repeated (checkboxes, multiple selects).
///
/// Hummingbird's query parser leaves names encoded and `+` as is, which a
/// browser's forms need decoded.
struct FormData: Sendable, Hashable {
    /// Every field, in order.
    private(set) var fields: [(name: String, value: String)]

    init(fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// Parses `text` (`a=1&b=two+words&c=%3Cx%3E`).
    init(encoded text: String) {
        fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The last value of `name` (a hidden `false` before a checked checkbox's `true` gives `true`).
    subscript(name: String) -> String? {
        fields.last { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The value of `name` with surrounding spaces trimmed; `nil` when missing or empty.
    func trimmed(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Whether a field named `name` was sent.
    func contains(_ name: String) -> Bool {
        fields.contains { $0.name == name }
    }

    /// The names that start with `prefix`, each once, in order.
    func names(withPrefix prefix: String) -> [String] {
        var seen: Set<String> = []
        return fields.map(\.name).filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}
