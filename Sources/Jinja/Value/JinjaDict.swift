import AirbyteProtocol

/// A Python dict: insertion-ordered, keyed by hashable Jinja values with Python
/// equality (`1`, `1.0` and `True` are one key). A dict from JSON converts its values
/// when read. A case-insensitive dict (response headers) matches string keys
/// regardless of case and keeps the first spelling.
struct JinjaDict: Sendable {
    private enum Backing: Sendable {
        case native(keys: [JinjaValue], values: [JinjaValue], index: [JinjaValue: Int])
        case json(JSONObject)
    }

    private var backing: Backing
    let caseInsensitive: Bool

    init() {
        backing = .native(keys: [], values: [], index: [:])
        caseInsensitive = false
    }

    init(_ items: [(JinjaValue, JinjaValue)], caseInsensitive: Bool = false) {
        backing = .native(keys: [], values: [], index: [:])
        self.caseInsensitive = caseInsensitive
        for (key, value) in items { self[key] = value }
    }

    init(json object: JSONObject) {
        backing = .json(object)
        caseInsensitive = false
    }

    private func indexKey(_ key: JinjaValue) -> JinjaValue {
        if caseInsensitive, case .string(let text) = key.storage { return .string(text.lowercased()) }
        return key
    }

    var count: Int {
        switch backing {
        case .native(let keys, _, _): return keys.count
        case .json(let object): return object.count
        }
    }

    var isEmpty: Bool { count == 0 }

    subscript(string key: String) -> JinjaValue? {
        switch backing {
        case .json(let object): return object[key].map { JinjaValue($0) }
        case .native: return self[.string(key)]
        }
    }

    subscript(key: JinjaValue) -> JinjaValue? {
        get {
            switch backing {
            case .json(let object):
                guard case .string(let text) = key.storage else { return nil }
                return object[text].map { JinjaValue($0) }
            case .native(_, let values, let index):
                return index[indexKey(key)].map { values[$0] }
            }
        }
        set {
            materialize()
            guard case .native(var keys, var values, var index) = backing else { return }
            backing = .native(keys: [], values: [], index: [:])  // release for in-place mutation
            let slot = indexKey(key)
            if let position = index[slot] {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    index[slot] = nil
                    for (k, i) in index where i > position { index[k] = i - 1 }
                }
            } else if let newValue {
                index[slot] = keys.count
                keys.append(key)
                values.append(newValue)
            }
            backing = .native(keys: keys, values: values, index: index)
        }
    }

    var keys: [JinjaValue] {
        switch backing {
        case .native(let keys, _, _): return keys
        case .json(let object): return object.keys.map { JinjaValue.string($0) }
        }
    }

    var values: [JinjaValue] {
        switch backing {
        case .native(_, let values, _): return values
        case .json(let object): return object.map { JinjaValue($0.value) }
        }
    }

    var items: [(JinjaValue, JinjaValue)] {
        switch backing {
        case .native(let keys, let values, _): return Array(zip(keys, values))
        case .json(let object): return object.map { (JinjaValue.string($0.key), JinjaValue($0.value)) }
        }
    }

    /// The JSON object when the dict came from JSON unchanged.
    var jsonObject: JSONObject? {
        if case .json(let object) = backing { return object }
        return nil
    }

    private mutating func materialize() {
        guard case .json(let object) = backing else { return }
        var keys: [JinjaValue] = []
        var values: [JinjaValue] = []
        var index: [JinjaValue: Int] = [:]
        keys.reserveCapacity(object.count)
        values.reserveCapacity(object.count)
        for (key, value) in object {
            index[.string(key)] = keys.count
            keys.append(.string(key))
            values.append(JinjaValue(value))
        }
        backing = .native(keys: keys, values: values, index: index)
    }
}
