internal import AirbyteProtocol
internal import Jinja
internal import Synchronization

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
