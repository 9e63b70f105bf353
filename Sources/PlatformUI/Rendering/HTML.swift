/// Markup the UI builds in Swift (the SVG chart), escaped as Mustache escapes
/// template variables: every piece of text from a user or a connector goes
/// through ``escape(_:)``.
enum HTML {
    /// `text` safe inside an element or a quoted attribute: `<`, `>`, `&`, `"` and `'` replaced.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

/// Markup already escaped, rendered as is by a `{{{triple}}}` Mustache tag.
/// Only ``HTML`` builders make these.
struct Markup: Sendable, Hashable, CustomStringConvertible {
    let text: String
    var description: String { text }
}
