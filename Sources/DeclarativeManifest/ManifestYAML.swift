public import AirbyteProtocol
internal import Foundation
internal import Yams

/// Loads YAML the way PyYAML's `safe_load` does (YAML 1.1 scalars), into ordered JSON.
///
/// The Python CDK reads manifests with `yaml.safe_load`, so a plain `yes` is `true`,
/// `0x1F` is `31`, `1e5` (no dot) stays a string, and `<<` merges mappings. Keys keep
/// their order, as Python dicts do. Timestamps (which PyYAML turns into `date` objects)
/// stay the text they were written as.
public enum ManifestYAML {
    /// Parses `text` into JSON; the root must be a mapping.
    public static func load(_ text: String) throws(ManifestError) -> JSONObject {
        let composed: Composed
        do {
            composed = try compose(text)
        } catch {
            throw ManifestError(.invalidYAML, at: "", "The manifest is not valid YAML: \(error)", underlying: error)
        }
        guard let root = composed.root else { throw ManifestError(.invalidYAML, at: "", "The manifest is empty") }
        guard case .object(let object) = try composed.tags.convert(root, path: "") else {
            throw ManifestError(.invalidYAML, at: "", "The manifest must be a YAML mapping at its root")
        }
        return object
    }

    /// Parses any YAML document (a mapping, a list or a scalar) into JSON.
    public static func loadValue(_ text: String) throws(ManifestError) -> JSONValue {
        let composed: Composed
        do {
            composed = try compose(text)
        } catch {
            throw ManifestError(.invalidYAML, at: "", "Not valid YAML: \(error)", underlying: error)
        }
        guard let root = composed.root else { return .null }
        return try composed.tags.convert(root, path: "")
    }

    /// `yaml.safe_load(text)` for a value that may or may not be YAML (the dynamic stream
    /// resolvers' `_parse_yaml_if_possible`): `nil` where PyYAML raises a `ParserError`, or a
    /// `ScannerError` with `keepingScannerErrors`, so the caller keeps the text; any other failure
    /// (an unhashable key, a bad alias) throws, as it does in Python.
    public static func loadValueIfPossible(_ text: String, keepingScannerErrors: Bool) throws(ManifestError) -> JSONValue? {
        let composed: Composed
        do {
            composed = try compose(text)
        } catch {
            switch error as? YamlError {
            case .parser?: return nil
            case .scanner? where keepingScannerErrors: return nil
            default: throw ManifestError(.invalidYAML, at: "", "Not valid YAML: \(error)", underlying: error)
            }
        }
        guard let root = composed.root else { return .null }
        return try composed.tags.convert(root, path: "")
    }

    /// Marks a key renamed because a later key of its mapping repeats it.
    fileprivate static let duplicateKeyMarker = "__swiftbyte_repeated_key__"

    /// A composed document and how to read its scalars' tags.
    private struct Composed {
        var root: Node?
        var tags: ScalarTags
    }

    /// Yams refuses a mapping that repeats a key; PyYAML keeps the last value at the first
    /// key's place. Each refused first occurrence is renamed with a marker that
    /// ``ScalarTags`` strips when it reads the key, so the later value overwrites it in place, as in Python.
    private static func compose(_ text: String) throws -> Composed {
        let tags = ScalarTags(text)
        var text = text
        for _ in 0..<10_000 {
            do {
                return Composed(root: try Yams.compose(yaml: text, tags.resolver), tags: tags)
            } catch YamlError.duplicatedKeysInMapping(_, let context) {
                guard let renamed = markingKey(in: text, at: context.mark) else {
                    throw YamlError.duplicatedKeysInMapping(duplicates: [], context: context)
                }
                text = renamed
            }
        }
        return Composed(root: try Yams.compose(yaml: text, tags.resolver), tags: tags)
    }

    /// `text` with the marker inserted at the start of the key at `mark` (inside its quotes).
    private static func markingKey(in text: String, at mark: Mark) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        var scalars = Array(lines[mark.line - 1].unicodeScalars)
        var column = mark.column - 1
        guard column >= 0, column < scalars.count else { return nil }
        if scalars[column] == "\"" || scalars[column] == "'" { column += 1 }
        scalars.insert(contentsOf: duplicateKeyMarker.unicodeScalars, at: column)
        var line = String.UnicodeScalarView()
        line.append(contentsOf: scalars)
        lines[mark.line - 1] = String(line)
        return lines.joined(separator: "\n")
    }

    /// The tag Yams gives every plain scalar written without a tag (see `plainMarkingResolver`).
    fileprivate static let plainTag = Tag.Name(rawValue: "tag:swiftbyte,2026:plain")

    /// One rule that every plain scalar matches, so an untagged plain scalar is told apart from
    /// a quoted one or one tagged `!!str` without running PyYAML's patterns through
    /// `NSRegularExpression` (``PyYAMLImplicitResolver`` types it afterwards). Yams resolves
    /// mapping keys while it checks them for repeats and shares a tag between an anchor and its
    /// aliases, so the tag it stores must be this marker, never a guess such as `str`.
    fileprivate static let plainMarkingResolver: Resolver = {
        // A constant pattern known to compile.
        try! Resolver.basic.appending(plainTag, "^")
    }()

    /// PyYAML's `ConstructorError` for a plain `<<` that is not a key, or a plain `=`.
    fileprivate static func unconstructable(_ tag: Tag.Name, at path: String) -> ManifestError {
        ManifestError(.invalidYAML, at: path, "could not determine a constructor for the tag '\(tag.rawValue)'")
    }

    static func scalarValue(_ text: String, tag: Tag.Name) -> JSONValue {
        switch tag {
        case .null: return .null
        case .bool:
            switch text.lowercased() {
            case "yes", "true", "on": return .bool(true)
            default: return .bool(false)
            }
        case .int: return intValue(text).map { .number($0) } ?? .string(text)
        case .float: return floatValue(text).map { .number($0) } ?? .string(text)
        default: return .string(text)
        }
    }

    /// PyYAML's `construct_yaml_int`, as decimal text.
    private static func intValue(_ raw: String) -> String? {
        var text = raw.replacingOccurrences(of: "_", with: "")
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text.removeFirst()
        } else if text.hasPrefix("+") {
            text.removeFirst()
        }
        let value: Int64?
        if text == "0" {
            return "0"
        } else if text.hasPrefix("0b") {
            value = Int64(text.dropFirst(2), radix: 2)
        } else if text.hasPrefix("0x") {
            value = Int64(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0") {
            value = Int64(text.dropFirst(1), radix: 8)
        } else if text.contains(":") {
            var total: Int64 = 0
            for part in text.split(separator: ":") {
                guard let digit = Int64(part) else { return nil }
                total = total * 60 + digit
            }
            value = total
        } else {
            // Python ints are unbounded: keep long decimal text as it is.
            if text.allSatisfy(\.isNumber) { return sign + text }
            value = Int64(text)
        }
        guard let value else { return nil }
        return value == 0 ? "0" : sign + String(value)
    }

    /// PyYAML's `construct_yaml_float`, as Python's `repr` of the float.
    private static func floatValue(_ raw: String) -> String? {
        let text = raw.replacingOccurrences(of: "_", with: "").lowercased()
        // JSON has no infinities or NaN; PyYAML yields them, json.dumps writes Infinity/NaN.
        if text.hasSuffix(".inf") || text.hasSuffix(".nan") { return nil }
        if text.contains(":") {
            // Sexagesimal: `1:30.5` is 1 * 60 + 30.5.
            var sign = 1.0
            var body = Substring(text)
            if let first = body.first, first == "-" || first == "+" {
                sign = first == "-" ? -1 : 1
                body = body.dropFirst()
            }
            // Summed from the last part up, as `construct_yaml_float` does (the same roundings).
            var total = 0.0
            var base = 1.0
            for part in body.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                guard let value = Double(part.hasPrefix(".") ? "0" + part : String(part)) else { return nil }
                total += value * base
                base *= 60
            }
            return PythonFloat.repr(sign * total)
        }
        guard let double = Double(text.hasPrefix(".") ? "0" + text : text) else { return nil }
        return PythonFloat.repr(double)
    }
}

/// Python's `repr(float)`: the shortest text that round-trips, with Python's exponent rules.
public enum PythonFloat {
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is the shortest round-trip digits; reshape it as Python does:
        // fixed notation for 1e-4 <= |x| < 1e16, otherwise d.ddde±XX.
        var description = "\(value)"
        var sign = ""
        if description.hasPrefix("-") {
            sign = "-"
            description.removeFirst()
        }
        var digits: String
        var exponent: Int
        if let eIndex = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = String(description[..<eIndex])
            exponent = Int(description[description.index(after: eIndex)...]) ?? 0
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
            exponent += parts[0].count - 1
        } else {
            let parts = description.split(separator: ".", omittingEmptySubsequences: false)
            let integer = String(parts[0])
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            if integer != "0" {
                digits = integer + fraction
                exponent = integer.count - 1
            } else {
                let leadingZeros = fraction.prefix(while: { $0 == "0" }).count
                digits = String(fraction.dropFirst(leadingZeros))
                exponent = -(leadingZeros + 1)
            }
        }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        if digits.isEmpty { digits = "0" }
        if exponent >= -4 && exponent < 16 {
            if exponent >= 0 {
                if digits.count <= exponent + 1 {
                    return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
                }
                let index = digits.index(digits.startIndex, offsetBy: exponent + 1)
                return sign + digits[..<index] + "." + digits[index...]
            }
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
        let exponentText = exponent < 0 ? "-" + pad(-exponent) : "+" + pad(exponent)
        return sign + mantissa + "e" + exponentText
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// How a composed document's scalar tags read as `safe_load` sees them, and the conversion to
/// JSON that depends on it.
///
/// Telling an untagged plain scalar (typed by PyYAML's implicit rules) from a quoted one or one
/// written `!!str` needs Yams to mark plain scalars, with a rule that is a regular expression;
/// the first one costs ICU a millisecond and a half of setup, at every start. Without the rule
/// Yams leaves an untagged plain scalar's tag empty, except a mapping key's (and its anchor's
/// aliases'), which it resolves to `str` while checking the keys for repeats: then a plain
/// scalar tagged `str` is untagged, unless the text can hold an explicit `str` tag (`!!`,
/// a `tag:yaml.org,2002:` URI, or a `%TAG` directive), in which case the marking rule is used.
private struct ScalarTags {
    /// Whether a plain scalar tagged `str` was written without a tag (no marking rule).
    let plainStrIsUntagged: Bool

    init(_ text: String) {
        plainStrIsUntagged = !(text.contains("!!") || text.contains("tag:yaml.org,2002") || text.contains("%TAG"))
    }

    var resolver: Resolver { plainStrIsUntagged ? Resolver.basic : ManifestYAML.plainMarkingResolver }

    /// A scalar's tag as `safe_load` sees it: the tag written, or PyYAML's implicit one for a
    /// plain scalar written without one.
    func tag(of scalar: Node.Scalar) -> Tag.Name {
        let written = scalar.tag.rawValue
        if written.isEmpty || written == ManifestYAML.plainTag.rawValue
            || (plainStrIsUntagged && scalar.style == .plain && written == Tag.Name.str.rawValue)
        {
            return PyYAMLImplicitResolver.tag(of: scalar.string)
        }
        return Tag.Name(rawValue: written)
    }

    func convert(_ node: Node, path: String) throws(ManifestError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            let tag = tag(of: scalar)
            if tag == .merge || tag == .value { throw ManifestYAML.unconstructable(tag, at: path) }
            return ManifestYAML.scalarValue(scalar.string, tag: tag)
        case .alias:
            throw ManifestError(.invalidYAML, at: path, "Unresolved YAML alias")
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, path: "\(path)[\(index)]"))
            }
            return .array(elements)
        case .mapping(let mapping):
            var object = JSONObject()
            var merged: [JSONObject] = []
            for (key, value) in mapping {
                if case .scalar(let keyScalar) = key, tag(of: unmarked(keyScalar)) == .merge {
                    // `<<: *anchor` or `<<: [*a, *b]`: earlier mappings win, explicit keys win over all.
                    switch try convert(value, path: path) {
                    case .object(let source): merged.append(source)
                    case .array(let sources):
                        for case .object(let source) in sources { merged.append(source) }
                    default:
                        throw ManifestError(.invalidYAML, at: path, "`<<` must merge a mapping or a list of mappings")
                    }
                    continue
                }
                guard case .scalar = key else {
                    // PyYAML's `construct_mapping`: a mapping or a list cannot be a dict key.
                    throw ManifestError(.invalidYAML, at: path, "while constructing a mapping: found unhashable key")
                }
                // A plain `=` key is the string "=": PyYAML's `flatten_mapping` retags it `str`.
                let keyText = keyString(key)
                object[keyText] = try convert(value, path: path.isEmpty ? keyText : "\(path).\(keyText)")
            }
            if !merged.isEmpty {
                var result = JSONObject()
                for source in merged {
                    for (key, value) in source where result[key] == nil { result[key] = value }
                }
                for (key, value) in object { result[key] = value }
                return .object(result)
            }
            return .object(object)
        }
    }

    private func keyString(_ node: Node) -> String {
        guard case .scalar(let scalar) = node else { return "" }
        let key = unmarked(scalar)
        switch ManifestYAML.scalarValue(key.string, tag: tag(of: key)) {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let value): return value ? "True" : "False"
        case .null: return "None"
        default: return key.string
        }
    }

    /// A key without the marks ``ManifestYAML/compose(_:)`` gave its repetitions (a key repeated
    /// three times is marked once per repetition), so it is typed as written: a repeated `0x1F`
    /// is 31 both times, and a repeated `<<` merges, as in Python.
    private func unmarked(_ scalar: Node.Scalar) -> Node.Scalar {
        guard scalar.string.hasPrefix(ManifestYAML.duplicateKeyMarker) else { return scalar }
        var key = Substring(scalar.string)
        while key.hasPrefix(ManifestYAML.duplicateKeyMarker) { key = key.dropFirst(ManifestYAML.duplicateKeyMarker.count) }
        var unmarked = scalar
        unmarked.string = String(key)
        return unmarked
    }
}
