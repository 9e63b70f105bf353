package import Foundation
import Synchronization

/// Python `re.search` and `re.sub` for the CDK's `regex_search` and `regex_replace`
/// filters, on Foundation's ICU regular expressions. Python's `(?P<name>...)`,
/// `(?P=name)` and `\Z` are translated; compiled patterns are cached.
package enum PythonRegex {
    private static let cache = Mutex<[String: NSRegularExpression]>([:])

    package static func compile(_ pattern: String) throws(TemplateError) -> NSRegularExpression {
        if let cached = cache.withLock({ $0[pattern] }) { return cached }
        let translated = translate(pattern)
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: translated)
        } catch {
            throw TemplateError(.patternError, "invalid regular expression \(JinjaValue.stringRepr(pattern))")
        }
        cache.withLock { cache in
            if cache.count > 512 { cache.removeAll() }
            cache[pattern] = regex
        }
        return regex
    }

    static func translate(_ pattern: String) -> String {
        var out = ""
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count {
                if scalars[i + 1] == "Z" {
                    out += "\\z"
                } else {
                    out.unicodeScalars.append(c)
                    out.unicodeScalars.append(scalars[i + 1])
                }
                i += 2
                continue
            }
            if c == "(", i + 2 < scalars.count, scalars[i + 1] == "?", scalars[i + 2] == "P" {
                if i + 3 < scalars.count, scalars[i + 3] == "<" {
                    out += "(?<"
                    i += 4
                    continue
                }
                if i + 3 < scalars.count, scalars[i + 3] == "=" {
                    var j = i + 4
                    var name = ""
                    while j < scalars.count, scalars[j] != ")" {
                        name.unicodeScalars.append(scalars[j])
                        j += 1
                    }
                    out += "\\k<\(name)>"
                    i = j + 1
                    continue
                }
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        return out
    }

    /// `re.search(pattern, text)`: group 1 of the first match (`None` when that group
    /// did not take part), or `""` when there is no match or no group.
    static func search(_ pattern: String, in text: String) throws(TemplateError) -> JinjaValue {
        let regex = try compile(pattern)
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range), regex.numberOfCaptureGroups > 0 else { return "" }
        let group = match.range(at: 1)
        guard group.location != NSNotFound, let groupRange = Range(group, in: text) else { return .none }
        return .string(String(text[groupRange]))
    }

    /// `re.sub(pattern, replacement, text)` with Python's `\1`, `\g<1>`, `\g<name>`
    /// and escapes in the replacement.
    static func substitute(_ pattern: String, _ replacement: String, in text: String) throws(TemplateError) -> String {
        let regex = try compile(pattern)
        let nsText = text as NSString
        var out = ""
        var last = 0
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: nsText.length))
        for match in matches {
            out += nsText.substring(with: NSRange(location: last, length: match.range.location - last))
            out += try expand(replacement, match, nsText, regex)
            last = match.range.location + match.range.length
        }
        out += nsText.substring(from: last)
        return out
    }

    private static func expand(
        _ template: String, _ match: NSTextCheckingResult, _ text: NSString,
        _ regex: NSRegularExpression
    ) throws(TemplateError) -> String {
        func group(_ index: Int) throws(TemplateError) -> String {
            guard index <= regex.numberOfCaptureGroups else { throw .value("invalid group reference \(index)") }
            let range = match.range(at: index)
            return range.location == NSNotFound ? "" : text.substring(with: range)
        }
        let scalars = Array(template.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\\", i + 1 < scalars.count else {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            let e = scalars[i + 1]
            switch e {
            case "0"..."9":
                var j = i + 1
                var digits = ""
                while j < scalars.count, ("0"..."9").contains(scalars[j]), digits.count < 2 {
                    digits.unicodeScalars.append(scalars[j])
                    j += 1
                }
                out += try group(Int(digits) ?? 0)
                i = j
            case "g":
                guard i + 2 < scalars.count, scalars[i + 2] == "<", let close = scalars[(i + 3)...].firstIndex(of: ">") else {
                    throw .value("missing < in group reference")
                }
                let name = String(String.UnicodeScalarView(scalars[(i + 3)..<close]))
                if let index = Int(name) {
                    out += try group(index)
                } else {
                    let range = match.range(withName: name)
                    out += range.location == NSNotFound ? "" : text.substring(with: range)
                }
                i = close + 1
            case "n":
                out += "\n"
                i += 2
            case "t":
                out += "\t"
                i += 2
            case "r":
                out += "\r"
                i += 2
            case "\\":
                out += "\\"
                i += 2
            default:
                if e.properties.isAlphabetic && e.isASCII { throw .value("bad escape \\\(e)") }
                out += "\\"
                out.unicodeScalars.append(e)
                i += 2
            }
        }
        return out
    }
}
