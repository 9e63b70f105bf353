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
