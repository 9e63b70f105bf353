/// Helpers of the builtin filters: attribute paths, `map`, `select`/`reject`, `min`/`max`.

/// Jinja's `make_attrgetter`: `"a.b"` or an integer looks up items (then attributes)
/// along the path; `nil` attribute gives the item itself.
func attributeGetter(_ attribute: JinjaValue, _ context: CallContext, default fallback: JinjaValue? = nil)
    throws(TemplateError) -> (JinjaValue) throws(TemplateError) -> JinjaValue
{
    if attribute.isNone { return { $0 } }
    var parts: [JinjaValue] = []
    switch attribute.storage {
    case .string(let path):
        for piece in path.split(separator: ".", omittingEmptySubsequences: false) {
            parts.append(Int(piece).map { JinjaValue.int($0) } ?? .string(String(piece)))
        }
    default:
        parts = [attribute]
    }
    return { item throws(TemplateError) in
        var current = item
        for part in parts {
            current = try Attributes.getitem(current, part, context)
            if let fallback, !current.isDefined { current = fallback }
        }
        return current
    }
}

func prepareMap(_ a: Arguments, _ c: CallContext) throws(TemplateError) -> (JinjaValue) throws(TemplateError) -> JinjaValue {
    if a.positional.isEmpty, let attribute = a.keyword.first(where: { $0.0 == "attribute" })?.1 {
        let fallback = a.keyword.first(where: { $0.0 == "default" })?.1
        if let unexpected = a.keyword.first(where: { $0.0 != "attribute" && $0.0 != "default" }) {
            throw TemplateError(.runtime, "Unexpected keyword argument '\(unexpected.0)'")
        }
        return try attributeGetter(attribute, c, default: fallback.flatMap { $0.isNone ? nil : $0 })
    }
    guard let first = a.positional.first, case .string(let name) = first.storage else {
        throw TemplateError(.runtime, "map requires a filter argument")
    }
    guard let filter = c.environment.filters[name] else { throw TemplateError(.runtime, "No filter named '\(name)'.") }
    let rest = Arguments(Array(a.positional.dropFirst()), keyword: a.keyword)
    return { item throws(TemplateError) in try filter(item, rest, c) }
}

func selectOrReject(_ v: JinjaValue, _ a: Arguments, _ c: CallContext, keep: Bool, attribute: Bool) throws(TemplateError) -> JinjaValue {
    let name = attribute ? (keep ? "select" : "reject") + "attr" : (keep ? "select" : "reject")
    guard v.isTruthy else { return .generator([], "select_or_reject") }
    var transform: (JinjaValue) throws(TemplateError) -> JinjaValue = { $0 }
    var offset = 0
    if attribute {
        guard let path = a.positional.first else { throw TemplateError(.runtime, "Missing parameter for attribute name") }
        transform = try attributeGetter(path, c)
        offset = 1
    }
    var predicate: (JinjaValue) throws(TemplateError) -> Bool = { $0.isTruthy }
    if a.positional.count > offset {
        guard case .string(let testName) = a.positional[offset].storage, let test = c.environment.tests[testName] else {
            throw TemplateError(.runtime, "No test named \(a.positional[offset].pythonRepr).")
        }
        let rest = Arguments(Array(a.positional.dropFirst(offset + 1)), keyword: a.keyword)
        predicate = { item throws(TemplateError) in try test(item, rest, c) }
    }
    _ = name
    var result: [JinjaValue] = []
    for item in try Attributes.iterate(v) where try predicate(try transform(item)) == keep {
        result.append(item)
    }
    return .generator(result, "select_or_reject")
}

func minOrMax(_ v: JinjaValue, _ a: Arguments, _ c: CallContext, max: Bool) throws(TemplateError) -> JinjaValue {
    let p = try a.bind(max ? "max" : "min", ["case_sensitive", "attribute"], defaults: [false, JinjaValue.none])
    let items = try Attributes.iterate(v)
    guard var best = items.first else {
        return JinjaValue(storage: .undefined(Undefined(hint: "No aggregated item, sequence was empty.")))
    }
    let getter = try attributeGetter(p[1], c)
    let key: (JinjaValue) throws(TemplateError) -> JinjaValue = { item throws(TemplateError) in
        let k = try getter(item)
        return p[0].isTruthy ? k : ignoreCase(k)
    }
    var bestKey = try key(best)
    for item in items.dropFirst() {
        let k = try key(item)
        let order = try k.compare(bestKey, max ? ">" : "<") ?? 0
        if max ? order > 0 : order < 0 {
            best = item
            bestKey = k
        }
    }
    return best
}
