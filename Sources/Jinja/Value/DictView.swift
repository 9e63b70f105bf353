/// `dict.keys()`, `dict.values()` or `dict.items()`: iterable, sized, with `in`.
struct DictView: Sendable {
    enum Kind: String, Sendable {
        case keys = "dict_keys"
        case values = "dict_values"
        case items = "dict_items"
    }
    let kind: Kind
    let dict: JinjaDict

    var elements: [JinjaValue] {
        switch kind {
        case .keys: return dict.keys
        case .values: return dict.values
        case .items: return dict.items.map { .tuple([$0.0, $0.1]) }
        }
    }
}
