internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
internal import Synchronization

/// `QueryProperties`: the list of properties (fields) an API returns only when asked for by
/// name, from the manifest or from an endpoint, asked for in chunks when they do not fit one
/// request. Each page is then requested once per chunk, the chunk in the slice's extra field
/// `query_properties` (and joined with commas in the request parameter that defined it), and
/// the chunks' records merged by key.
struct QueryProperties: Sendable {
    enum PropertyList: Sendable {
        case fixed([String])
        case fromEndpoint(PropertiesFromEndpoint)
    }

    let propertyList: PropertyList
    let alwaysInclude: [String]?
    let chunking: PropertyChunking?
    /// The properties the catalog selects (`JsonSchemaPropertySelector`); `nil` asks for all.
    let selected: Set<String>?

    /// `get_request_property_chunks`.
    func chunks() async throws -> [[String]] {
        let fields: [String]
        switch propertyList {
        case .fixed(let list): fields = list
        case .fromEndpoint(let endpoint): fields = try await endpoint.properties()
        }
        if let chunking { return chunking.chunks(fields, alwaysInclude: alwaysInclude, selected: selected) }
        var all = selected.map { selected in fields.filter(selected.contains) } ?? fields
        if let alwaysInclude { all = alwaysInclude + all }
        return [all]
    }
}

/// `PropertyChunking`: properties split so each chunk stays within a count or a number of
/// characters (each property counting its length plus 3 for the encoded delimiter).
struct PropertyChunking: Sendable {
    enum LimitType: String, Sendable {
        case characters
        case propertyCount = "property_count"
    }

    let limitType: LimitType
    let limit: Int?
    /// `GroupByKeyMergeStrategy`'s keys (`id` without one).
    let mergeKeys: [String]

    func chunks(_ fields: [String], alwaysInclude: [String]?, selected: Set<String>?) -> [[String]] {
        guard let limit, limit != 0 else { return [fields + (alwaysInclude ?? [])] }
        var chunks: [[String]] = []
        var current = alwaysInclude ?? []
        var size = 0
        for field in fields {
            if let selected, !selected.contains(field) { continue }
            let fieldSize = limitType == .characters ? field.count + 3 : 1
            if size + fieldSize > limit {
                chunks.append(current)
                current = alwaysInclude ?? []
                size = 0
            }
            current.append(field)
            size += fieldSize
        }
        chunks.append(current)
        return chunks
    }

    /// `GroupByKey.get_group_key`: the keys' values joined by commas; `nil` when one is
    /// missing or falsy. Python's `",".join` takes only strings: another value fails the read.
    func mergeKey(_ record: JSONValue) throws -> String? {
        var values: [String] = []
        for key in mergeKeys {
            guard let value = record.objectValue?[key], ManifestTruthiness.isTruthy(value) else { return nil }
            guard let text = value.stringValue else {
                let type: String
                switch value {
                case .bool: type = "bool"
                case .number(let digits): type = digits.contains(where: { ".eE".contains($0) }) ? "float" : "int"
                case .array: type = "list"
                default: type = "dict"
                }
                throw SourceFailure.system("TypeError: sequence item \(values.count): expected str instance, \(type) found")
            }
            values.append(text)
        }
        return values.joined(separator: ",")
    }
}

/// `PropertiesFromEndpoint`: the properties read once from an API (its retriever's records,
/// each one's value at `property_field_path` as Python's `str`, `"[]"` where it is missing).
final class PropertiesFromEndpoint: Sendable {
    let retriever: SimpleRetriever
    let path: [InterpolatedString]
    let config: JinjaValue
    private let cached = Mutex<[String]?>(nil)

    init(retriever: SimpleRetriever, path: [InterpolatedString], config: JinjaValue) {
        self.retriever = retriever
        self.path = path
        self.config = config
    }

    func properties() async throws -> [String] {
        if let known = cached.withLock({ $0 }) { return known }
        let segments = try path.map { try $0.eval(config).description }
        var properties: [String] = []
        try await retriever.read(.empty, schema: nil) { records in
            for record in records {
                let value = (try? Dpath.get(record, segments)) ?? .array([])
                properties.append(JinjaValue(value).description)
            }
        }
        cached.withLock { $0 = properties }
        return properties
    }
}

/// `_deep_merge`: `source`'s members into `target`, mappings merged recursively.
func deepMerge(_ target: inout JSONObject, _ source: JSONObject) {
    for (key, value) in source {
        if case .object(var inner)? = target[key], case .object(let more) = value {
            deepMerge(&inner, more)
            target[key] = .object(inner)
        } else {
            target[key] = value
        }
    }
}
