internal import AirbyteProtocol

extension JSONObject {
    /// `_deep_merge`: `source`'s members into this object, mappings merged recursively.
    mutating func deepMerge(_ source: JSONObject) {
        for (key, value) in source {
            if case .object(var inner)? = self[key], case .object(let more) = value {
                inner.deepMerge(more)
                self[key] = .object(inner)
            } else {
                self[key] = value
            }
        }
    }
}
