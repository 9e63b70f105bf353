extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with these members in this order: `let data: JSONObject = ["id": 1, "name": "Ann"]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
