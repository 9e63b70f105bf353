import Foundation

/// Python's `str` methods. Positions and lengths count Unicode scalars (Python's
/// code points), not Swift characters.
enum StringMethods {
    static func call(_ text: String, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        func string(_ value: JinjaValue, _ what: String) throws(TemplateError) -> String {
            guard case .string(let s) = value.storage else {
                throw .type("\(what) must be str, not \(value.typeName)")
            }
            return s
        }
        func optionalString(_ value: JinjaValue, _ what: String) throws(TemplateError) -> String? {
            if value.isNone { return nil }
            return try string(value, what)
        }
        func int(_ value: JinjaValue, _ what: String) throws(TemplateError) -> Int {
            guard case .int(let n)? = value.numeric else {
                throw .type("'\(value.typeName)' object cannot be interpreted as an integer")
            }
            return n
        }
        switch name {
        case "lower":
            try args.noKeywords(name)
            return .string(text.lowercased())
        case "upper":
            return .string(text.uppercased())
        case "casefold":
            return .string(text.lowercased())
        case "swapcase":
            return .string(
                String(
                    text.unicodeScalars.map { s -> String in
                        s.properties.isUppercase ? String(s).lowercased() : (s.properties.isLowercase ? String(s).uppercased() : String(s))
                    }.joined()))
        case "title":
            return .string(title(text))
        case "capitalize":
            guard let first = text.unicodeScalars.first else { return .string("") }
            return .string(String(first).uppercased() + String(text.unicodeScalars.dropFirst()).lowercased())
        case "strip", "lstrip", "rstrip":
            let p = try args.bind(name, ["chars"], defaults: [JinjaValue.none])
            let chars = try optionalString(p[0], "strip arg")
            return .string(strip(text, chars.map { Set($0.unicodeScalars) }, leading: name != "rstrip", trailing: name != "lstrip"))
        case "split", "rsplit":
            let p = try args.bind(name, ["sep", "maxsplit"], defaults: [JinjaValue.none, .int(-1)])
            let separator = try optionalString(p[0], "must be str or None")
            let parts = try split(text, separator, maxsplit: try int(p[1], "maxsplit"), fromRight: name == "rsplit")
            return .list(parts.map { .string($0) })
        case "splitlines":
            let p = try args.bind(name, ["keepends"], defaults: [false])
            return .list(splitlines(text, keepEnds: p[0].isTruthy).map { .string($0) })
        case "join":
            let p = try args.bind(name, ["iterable"], defaults: [])
            let items = try Attributes.iterate(p[0])
            var pieces: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item.storage else {
                    throw .type("sequence item \(i): expected str instance, \(item.typeName) found")
                }
                pieces.append(s)
            }
            return .string(pieces.joined(separator: text))
        case "replace":
            guard args.keyword.isEmpty || args.keyword.allSatisfy({ $0.0 == "count" }) else {
                throw .type("replace() takes no keyword arguments")
            }
            let p = try args.bind(name, ["old", "new", "count"], defaults: [.int(-1)])
            return .string(
                replace(
                    text, try string(p[0], "replace() argument 1"), try string(p[1], "replace() argument 2"),
                    count: try int(p[2], "count")))
        case "startswith", "endswith":
            let p = try args.bind(name, ["prefix", "start", "end"], defaults: [JinjaValue.none, JinjaValue.none])
            let scalars = Array(text.unicodeScalars)
            let (lower, upper) = try range(scalars.count, p[1], p[2])
            let window = lower <= upper ? Array(scalars[lower..<upper]) : []
            let candidates: [JinjaValue]
            if case .tuple(let values) = p[0].storage { candidates = values } else { candidates = [p[0]] }
            for candidate in candidates {
                guard case .string(let affix) = candidate.storage else {
                    throw .type("\(name) first arg must be str or a tuple of str, not \(candidate.typeName)")
                }
                let affixScalars = Array(affix.unicodeScalars)
                if lower > scalars.count || (lower > upper && !affixScalars.isEmpty) { continue }
                if lower > upper { return .bool(lower <= scalars.count) }
                if name == "startswith" ? window.starts(with: affixScalars) : window.reversed().starts(with: affixScalars.reversed()) {
                    return true
                }
            }
            return false
        case "find", "rfind", "index", "rindex", "count":
            let p = try args.bind(name, ["sub", "start", "end"], defaults: [JinjaValue.none, JinjaValue.none])
            let needle = Array(try string(p[0], "must be str").unicodeScalars)
            let scalars = Array(text.unicodeScalars)
            let (lower, upper) = try range(scalars.count, p[1], p[2])
            var positions: [Int] = []
            if lower <= upper {
                if needle.isEmpty {
                    positions = Array(lower...upper)
                } else {
                    var i = lower
                    while i + needle.count <= upper {
                        if Array(scalars[i..<(i + needle.count)]) == needle {
                            positions.append(i)
                            i += name == "count" ? needle.count : 1
                        } else {
                            i += 1
                        }
                    }
                }
            }
            if name == "count" { return .int(positions.count) }
            let found = name.hasPrefix("r") ? positions.last : positions.first
            if let found { return .int(found) }
            if name.hasSuffix("index") { throw .value("substring not found") }
            return .int(-1)
        case "isdigit", "isdecimal", "isnumeric":
            guard !text.isEmpty else { return false }
            return .bool(
                text.unicodeScalars.allSatisfy { s in
                    switch s.properties.numericType {
                    case .decimal?: return true
                    case .digit?: return name != "isdecimal"
                    case .numeric?: return name == "isnumeric"
                    default: return false
                    }
                })
        case "isalpha":
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && isLetterCategory($0) })
        case "isalnum":
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { isLetterCategory($0) || $0.properties.numericType != nil })
        case "isspace":
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy(isPythonWhitespace))
        case "islower", "isupper":
            var cased = false
            for s in text.unicodeScalars {
                if s.properties.isUppercase || s.properties.generalCategory == .titlecaseLetter {
                    if name == "islower" { return false }
                    cased = true
                } else if s.properties.isLowercase {
                    if name == "isupper" { return false }
                    cased = true
                }
            }
            return .bool(cased)
        case "istitle":
            return .bool(!text.isEmpty && title(text) == text && text.unicodeScalars.contains { $0.properties.isCased })
        case "isascii":
            return .bool(text.unicodeScalars.allSatisfy(\.isASCII))
        case "isprintable":
            return .bool(text.unicodeScalars.allSatisfy(JinjaValue.isPrintable))
        case "isidentifier":
            guard let first = text.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
            return .bool(text.unicodeScalars.dropFirst().allSatisfy { $0.properties.isXIDContinue })
        case "zfill":
            let p = try args.bind(name, ["width"], defaults: [])
            let width = try int(p[0], "width")
            let scalars = Array(text.unicodeScalars)
            guard width > scalars.count else { return .string(text) }
            let fill = String(repeating: "0", count: width - scalars.count)
            if let first = scalars.first, first == "+" || first == "-" {
                return .string(String(first) + fill + String(String.UnicodeScalarView(scalars.dropFirst())))
            }
            return .string(fill + text)
        case "ljust", "rjust", "center":
            let p = try args.bind(name, ["width", "fillchar"], defaults: [" "])
            let width = try int(p[0], "width")
            let fill = try string(p[1], "The fill character")
            guard fill.unicodeScalars.count == 1 else { throw .type("The fill character must be exactly one character long") }
            let count = text.unicodeScalars.count
            guard width > count else { return .string(text) }
            let total = width - count
            switch name {
            case "ljust": return .string(text + String(repeating: fill, count: total))
            case "rjust": return .string(String(repeating: fill, count: total) + text)
            default:
                // CPython: left = total / 2 + (total & width & 1)
                let left = total / 2 + (total & width & 1)
                return .string(String(repeating: fill, count: left) + text + String(repeating: fill, count: total - left))
            }
        case "partition", "rpartition":
            let p = try args.bind(name, ["sep"], defaults: [])
            let separator = try string(p[0], "must be str")
            guard !separator.isEmpty else { throw .value("empty separator") }
            let range = name == "partition" ? text.range(of: separator) : text.range(of: separator, options: .backwards)
            guard let range else {
                return name == "partition" ? .tuple([.string(text), "", ""]) : .tuple(["", "", .string(text)])
            }
            return .tuple([.string(String(text[..<range.lowerBound])), .string(separator), .string(String(text[range.upperBound...]))])
        case "removeprefix":
            let p = try args.bind(name, ["prefix"], defaults: [])
            let prefix = try string(p[0], "removeprefix() argument")
            return .string(
                text.unicodeScalars.starts(with: prefix.unicodeScalars)
                    ? String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(prefix.unicodeScalars.count))) : text)
        case "removesuffix":
            let p = try args.bind(name, ["suffix"], defaults: [])
            let suffix = try string(p[0], "removesuffix() argument")
            return .string(
                !suffix.isEmpty && text.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
                    ? String(String.UnicodeScalarView(text.unicodeScalars.dropLast(suffix.unicodeScalars.count))) : text)
        case "expandtabs":
            let p = try args.bind(name, ["tabsize"], defaults: [.int(8)])
            let size = try int(p[0], "tabsize")
            var result = ""
            var column = 0
            for s in text.unicodeScalars {
                if s == "\t" {
                    let spaces = size > 0 ? size - column % size : 0
                    result += String(repeating: " ", count: spaces)
                    column += spaces
                } else {
                    result.unicodeScalars.append(s)
                    column = (s == "\n" || s == "\r") ? 0 : column + 1
                }
            }
            return .string(result)
        case "encode":
            return JinjaValue(storage: .bytes(Array(text.utf8)))
        case "format":
            return .string(try PythonFormat.format(text, args))
        case "format_map":
            let p = try args.bind(name, ["mapping"], defaults: [])
            guard let items = p[0].dictItems else { throw .type("format_map() argument must be a mapping") }
            return .string(
                try PythonFormat.format(
                    text,
                    Arguments(
                        [],
                        keyword: items.compactMap { item in
                            if case .string(let key) = item.key.storage { return (key, item.value) } else { return nil }
                        })))
        default:
            throw TemplateError(.attributeError, "'str' object has no attribute '\(name)'")
        }
    }

    private static func isLetterCategory(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Python's start/end arguments, clamped like slice bounds.
    static func range(_ count: Int, _ start: JinjaValue, _ end: JinjaValue) throws(TemplateError) -> (Int, Int) {
        func bound(_ value: JinjaValue, _ fallback: Int) throws(TemplateError) -> Int {
            if value.isNone { return fallback }
            guard case .int(let n)? = value.numeric else {
                throw .type("slice indices must be integers or None or have an __index__ method")
            }
            return n < 0 ? max(0, n + count) : min(n, count)
        }
        let lower = try bound(start, 0)
        if !start.isNone, case .int(let n)? = start.numeric, n > count { return (n, count) }
        return (lower, try bound(end, count))
    }

    static func strip(_ text: String, _ chars: Set<Unicode.Scalar>?, leading: Bool, trailing: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        let drop: (Unicode.Scalar) -> Bool = chars.map { set in { set.contains($0) } } ?? isPythonWhitespace
        var lower = 0
        var upper = scalars.count
        if leading { while lower < upper, drop(scalars[lower]) { lower += 1 } }
        if trailing { while upper > lower, drop(scalars[upper - 1]) { upper -= 1 } }
        if lower == 0 && upper == scalars.count { return text }
        return String(String.UnicodeScalarView(scalars[lower..<upper]))
    }

    static func split(_ text: String, _ separator: String?, maxsplit: Int, fromRight: Bool) throws(TemplateError) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var limit = maxsplit < 0 ? Int.max : maxsplit
        func make(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        guard let separator else {
            // Runs of whitespace; the remainder after the last split keeps its inner text.
            var parts: [String] = []
            if !fromRight {
                var i = 0
                while i < scalars.count {
                    while i < scalars.count, isPythonWhitespace(scalars[i]) { i += 1 }
                    if i == scalars.count { break }
                    if limit == 0 {
                        var end = scalars.count
                        while end > i, isPythonWhitespace(scalars[end - 1]) { end -= 1 }
                        parts.append(make(scalars[i..<end]))
                        break
                    }
                    var j = i
                    while j < scalars.count, !isPythonWhitespace(scalars[j]) { j += 1 }
                    parts.append(make(scalars[i..<j]))
                    limit -= 1
                    i = j
                }
                return parts
            }
            var i = scalars.count
            while i > 0 {
                while i > 0, isPythonWhitespace(scalars[i - 1]) { i -= 1 }
                if i == 0 { break }
                if limit == 0 {
                    var start = 0
                    while start < i, isPythonWhitespace(scalars[start]) { start += 1 }
                    parts.append(make(scalars[start..<i]))
                    break
                }
                var j = i
                while j > 0, !isPythonWhitespace(scalars[j - 1]) { j -= 1 }
                parts.append(make(scalars[j..<i]))
                limit -= 1
                i = j
            }
            return parts.reversed()
        }
        let sep = Array(separator.unicodeScalars)
        guard !sep.isEmpty else { throw .value("empty separator") }
        var parts: [String] = []
        if !fromRight {
            var start = 0
            var i = 0
            while i + sep.count <= scalars.count, limit > 0 {
                if scalars[i..<(i + sep.count)].elementsEqual(sep) {
                    parts.append(make(scalars[start..<i]))
                    i += sep.count
                    start = i
                    limit -= 1
                } else {
                    i += 1
                }
            }
            parts.append(make(scalars[start...]))
            return parts
        }
        var end = scalars.count
        var i = scalars.count - sep.count
        while i >= 0, limit > 0 {
            if scalars[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(make(scalars[(i + sep.count)..<end]))
                end = i
                i -= sep.count
                limit -= 1
            } else {
                i -= 1
            }
        }
        parts.append(make(scalars[..<end]))
        return parts.reversed()
    }

    static func splitlines(_ text: String, keepEnds: Bool) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var lines: [String] = []
        var start = 0
        var i = 0
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        while i < scalars.count {
            if breaks.contains(scalars[i].value) {
                var end = i + 1
                if scalars[i] == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { end += 1 }
                lines.append(String(String.UnicodeScalarView(scalars[start..<(keepEnds ? end : i)])))
                start = end
                i = end
            } else {
                i += 1
            }
        }
        if start < scalars.count { lines.append(String(String.UnicodeScalarView(scalars[start...]))) }
        return lines
    }

    static func replace(_ text: String, _ old: String, _ new: String, count: Int) -> String {
        var remaining = count < 0 ? Int.max : count
        if remaining == 0 { return text }
        let scalars = Array(text.unicodeScalars)
        let oldScalars = Array(old.unicodeScalars)
        var result = String.UnicodeScalarView()
        if oldScalars.isEmpty {
            // Python inserts `new` before every character and at the end.
            for s in scalars {
                if remaining > 0 {
                    result.append(contentsOf: new.unicodeScalars)
                    remaining -= 1
                }
                result.append(s)
            }
            if remaining > 0 { result.append(contentsOf: new.unicodeScalars) }
            return String(result)
        }
        var i = 0
        while i < scalars.count {
            if remaining > 0, i + oldScalars.count <= scalars.count, scalars[i..<(i + oldScalars.count)].elementsEqual(oldScalars) {
                result.append(contentsOf: new.unicodeScalars)
                i += oldScalars.count
                remaining -= 1
            } else {
                result.append(scalars[i])
                i += 1
            }
        }
        return String(result)
    }

    /// Python's `str.title()`: a cased character after an uncased one starts a word.
    static func title(_ text: String) -> String {
        var result = ""
        var previousCased = false
        for s in text.unicodeScalars {
            let props = s.properties
            if props.isCased || props.isUppercase || props.isLowercase {
                result += previousCased ? String(s).lowercased() : String(s).uppercased()
                previousCased = true
            } else {
                result.unicodeScalars.append(s)
                previousCased = false
            }
        }
        return result
    }
}
