internal import AirbyteProtocol
internal import DeclarativeManifest

/// The Python `dpath` library's `get`, `values`, `new` and `delete`, over JSON, as the CDK's
/// extractors and transformations use them.
///
/// A path is a list of segments; each is matched against object keys and list indexes with
/// `fnmatch` globs (`*`, `?`, `[abc]`), and `**` matches any number of levels. An index is
/// matched by its decimal text.
enum Dpath {
    enum Failure: Error, Equatable {
        /// `dpath.get` found nothing (`KeyError`).
        case notFound
        /// `dpath.get`'s glob matched more than one value (`ValueError`).
        case ambiguous
    }

    /// `dpath.get(document, path)`: the one value at `path`.
    static func get(_ document: JSONValue, _ path: [String]) throws(Failure) -> JSONValue {
        if !path.contains(where: Glob.hasWildcards) {
            // Without wildcards at most one node can match: look it up directly.
            var node = document
            for segment in path {
                guard let child = node.child(segment) else { throw .notFound }
                node = child
            }
            return node
        }
        var results: [JSONValue] = []
        collect(document, path[...], into: &results, limit: 2)
        if results.isEmpty { throw .notFound }
        if results.count > 1 { throw .ambiguous }
        return results[0]
    }

    /// `dpath.values(document, path)`: every value matching the glob, in walk order.
    static func values(_ document: JSONValue, _ path: [String]) -> [JSONValue] {
        var results: [JSONValue] = []
        collect(document, path[...], into: &results, limit: .max)
        return results
    }

    private static func collect(_ node: JSONValue, _ path: ArraySlice<String>, into results: inout [JSONValue], limit: Int) {
        guard let segment = path.first else {
            results.append(node)
            return
        }
        if segment == "**" {
            // Zero levels, then one more level under every child.
            collect(node, path.dropFirst(), into: &results, limit: limit)
            node.forEachChild { _, child in
                if results.count < limit { collect(child, path, into: &results, limit: limit) }
            }
            return
        }
        node.forEachChild { key, child in
            if results.count < limit, Glob.matches(key, segment) {
                collect(child, path.dropFirst(), into: &results, limit: limit)
            }
        }
    }

    /// `dpath.new(document, path, value)`: sets `value` at `path`, creating missing objects
    /// (or lists, before a decimal segment) and padding lists with nulls; `false` when the path
    /// runs through a scalar, or through a list with a segment that is no index, where dpath raises.
    @discardableResult
    static func new(_ document: inout JSONValue, _ path: [JSONValue], _ value: JSONValue) -> Bool {
        guard let first = path.first else { return true }
        let rest = Array(path.dropFirst())
        switch document {
        case .object(var object):
            let key = first.pathText
            var child = object[key] ?? (rest.isEmpty ? .null : (rest[0].isDecimal ? .array([]) : .object(JSONObject())))
            var written = true
            if rest.isEmpty { child = value } else { written = new(&child, rest, value) }
            object[key] = child
            document = .object(object)
            return written
        case .array(var elements):
            guard var index = first.indexValue ?? first.negativeIndexValue else { return false }
            // A negative index counts from the end, of an element that is there.
            if index < 0 {
                index += elements.count
                guard index >= 0 else { return false }
            }
            let existed = index < elements.count
            while elements.count <= index { elements.append(.null) }
            var written = true
            if rest.isEmpty {
                elements[index] = value
            } else {
                // dpath creates a container where it padded the list; an element that is null stays in the way.
                if !existed { elements[index] = rest[0].isDecimal ? .array([]) : .object(JSONObject()) }
                written = new(&elements[index], rest, value)
            }
            document = .array(elements)
            return written
        default:
            return false
        }
    }

    /// `dpath.delete(document, path)`: removes every node matching the glob (a list element
    /// becomes null unless it is the last); `false` when nothing matched (`PathNotFound`).
    @discardableResult
    static func delete(_ document: inout JSONValue, _ path: [String]) -> Bool {
        guard !path.isEmpty else { return false }
        return deleteMatches(&document, path[...])
    }

    private static func deleteMatches(_ node: inout JSONValue, _ path: ArraySlice<String>) -> Bool {
        let segment = path.first!
        let rest = path.dropFirst()
        var deleted = false
        switch node {
        case .object(var object):
            for key in object.keys where Glob.matches(key, segment) {
                if rest.isEmpty {
                    object[key] = nil
                    deleted = true
                } else if var child = object[key] {
                    if deleteMatches(&child, rest) { deleted = true }
                    object[key] = child
                }
            }
            node = .object(object)
        case .array(var elements):
            // Right to left, as dpath walks sequences, so trailing matches are truly removed.
            for index in elements.indices.reversed() where Glob.matches(String(index), segment) {
                if rest.isEmpty {
                    if index == elements.count - 1 { elements.removeLast() } else { elements[index] = .null }
                    deleted = true
                } else {
                    if deleteMatches(&elements[index], rest) { deleted = true }
                }
            }
            node = .array(elements)
        default:
            break
        }
        return deleted
    }

    /// `dpath.set(document, path, value)`: replaces the value at every existing path the glob
    /// matches; the number replaced (0: nothing matched, nothing created).
    static func set(_ node: inout JSONValue, _ path: ArraySlice<String>, _ value: JSONValue) -> Int {
        guard let segment = path.first else { return 0 }
        let rest = path.dropFirst()
        var count = 0
        if segment == "**" {
            // Any number of levels, none included: deeper matches first, so a value just set
            // is not searched again.
            switch node {
            case .object(var object):
                for key in object.keys {
                    guard var child = object[key] else { continue }
                    count += set(&child, path, value)
                    object[key] = child
                }
                node = .object(object)
            case .array(var elements):
                for index in elements.indices { count += set(&elements[index], path, value) }
                node = .array(elements)
            default:
                break
            }
            return count + (rest.isEmpty ? 0 : set(&node, rest, value))
        }
        switch node {
        case .object(var object):
            for key in object.keys where Glob.matches(key, segment) {
                if rest.isEmpty {
                    object[key] = value
                    count += 1
                } else if var child = object[key] {
                    count += set(&child, rest, value)
                    object[key] = child
                }
            }
            node = .object(object)
        case .array(var elements):
            for index in elements.indices where Glob.matches(String(index), segment) {
                if rest.isEmpty {
                    elements[index] = value
                    count += 1
                } else {
                    count += set(&elements[index], rest, value)
                }
            }
            node = .array(elements)
        default:
            break
        }
        return count
    }

    /// `dpath.delete(document, "**", afilter=keep)`: removes every leaf for which `matches` is true.
    static func deleteLeaves(_ node: inout JSONValue, where matches: (JSONValue) throws -> Bool) rethrows -> Bool {
        var deleted = false
        switch node {
        case .object(var object):
            for key in object.keys {
                guard var child = object[key] else { continue }
                if child.isLeaf {
                    if try matches(child) {
                        object[key] = nil
                        deleted = true
                    }
                } else {
                    if try deleteLeaves(&child, where: matches) { deleted = true }
                    object[key] = child
                }
            }
            node = .object(object)
        case .array(var elements):
            for index in elements.indices.reversed() {
                if elements[index].isLeaf {
                    if try matches(elements[index]) {
                        if index == elements.count - 1 { elements.removeLast() } else { elements[index] = .null }
                        deleted = true
                    }
                } else if try deleteLeaves(&elements[index], where: matches) {
                    deleted = true
                }
            }
            node = .array(elements)
        default:
            break
        }
        return deleted
    }
}

extension JSONValue {
    /// The child at `segment`: an object member, or a list element by decimal index.
    func child(_ segment: String) -> JSONValue? {
        switch self {
        case .object(let object): return object[segment]
        case .array(let elements):
            guard let index = Int(segment), segment.allSatisfy(\.isNumber), elements.indices.contains(index) else { return nil }
            return elements[index]
        default: return nil
        }
    }

    func forEachChild(_ body: (String, JSONValue) -> Void) {
        switch self {
        case .object(let object): for (key, value) in object { body(key, value) }
        case .array(let elements): for (index, value) in elements.enumerated() { body(String(index), value) }
        default: break
        }
    }

    /// dpath's leaf: anything but an object or a list.
    var isLeaf: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }

    /// A path segment's text: strings as they are, numbers as written.
    var pathText: String {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        default: return jsonText
        }
    }

    var isDecimal: Bool {
        switch self {
        case .number(let text): return Int(text) != nil
        case .string(let text): return !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
        default: return false
        }
    }

    /// A negative list index (`-1`), as a number or its text.
    var negativeIndexValue: Int? {
        let text: String
        switch self {
        case .number(let number): text = number
        case .string(let string): text = string
        default: return nil
        }
        guard text.hasPrefix("-"), text.count > 1, text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    var indexValue: Int? {
        switch self {
        case .number(let text): return Int(text)
        case .string(let text): return text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil
        default: return nil
        }
    }
}

/// Python's `fnmatch.fnmatchcase`.
enum Glob {
    static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        if !hasWildcards(pattern) { return text == pattern }
        return match(Array(text.unicodeScalars)[...], Array(pattern.unicodeScalars)[...])
    }

    private static func match(_ text: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        var text = text
        var pattern = pattern
        while let token = pattern.first {
            switch token {
            case "*":
                pattern = pattern.dropFirst()
                if pattern.isEmpty { return true }
                var rest = text
                while true {
                    if match(rest, pattern) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            case "?":
                guard !text.isEmpty else { return false }
                text = text.dropFirst()
                pattern = pattern.dropFirst()
            case "[":
                guard let close = closingBracket(pattern) else {
                    // An unclosed `[` is a literal.
                    guard text.first == "[" else { return false }
                    text = text.dropFirst()
                    pattern = pattern.dropFirst()
                    continue
                }
                guard let character = text.first else { return false }
                var set = pattern[pattern.index(after: pattern.startIndex)..<close]
                var negate = false
                if set.first == "!" {
                    negate = true
                    set = set.dropFirst()
                }
                var found = false
                var index = set.startIndex
                while index < set.endIndex {
                    let low = set[index]
                    if index + 2 < set.endIndex, set[index + 1] == "-" {
                        if low <= character && character <= set[index + 2] { found = true }
                        index += 3
                    } else {
                        if low == character { found = true }
                        index += 1
                    }
                }
                if found == negate { return false }
                text = text.dropFirst()
                pattern = pattern[pattern.index(after: close)...]
            default:
                guard text.first == token else { return false }
                text = text.dropFirst()
                pattern = pattern.dropFirst()
            }
        }
        return text.isEmpty
    }

    private static func closingBracket(_ pattern: ArraySlice<Unicode.Scalar>) -> Int? {
        var index = pattern.startIndex + 1
        if index < pattern.endIndex, pattern[index] == "!" { index += 1 }
        if index < pattern.endIndex, pattern[index] == "]" { index += 1 }
        while index < pattern.endIndex {
            if pattern[index] == "]" { return index }
            index += 1
        }
        return nil
    }
}
