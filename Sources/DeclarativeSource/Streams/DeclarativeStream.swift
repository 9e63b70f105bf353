internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
internal import Synchronization

/// A stream ready to read: how it is sliced, how a slice is read, its cursor and schema
/// (the CDK's `DefaultStream` with its `StreamSlicerPartitionGenerator`).
final class DeclarativeStream: Sendable {
    enum Slicing: Sendable {
        /// Partitions only (full refresh): the router's partitions.
        case router(any PartitionRouter)
        /// A datetime cursor without partitions: its time windows.
        case cursor(DatetimeCursor)
        /// Time windows within each partition.
        case perPartition(PerPartitionCursor)
        /// An incrementing count cursor: one slice from the sync start.
        case incrementingCount(IncrementingCountCursor)
    }

    /// How a slice's records are read.
    enum Retriever: Sendable {
        /// Requests page after page (`SimpleRetriever`).
        case simple(SimpleRetriever)
        /// Server-side jobs: a slice is read once its job completed (`AsyncRetriever`).
        case async(AsyncRetriever)

        /// The simple retriever, if the stream has one.
        var simple: SimpleRetriever? {
            if case .simple(let retriever) = self { return retriever }
            return nil
        }
    }

    /// Where the stream's JSON schema comes from.
    enum SchemaSource: Sendable {
        case fixed(JSONObject)
        /// Read from the API once, when first needed.
        case dynamic(DynamicSchemaLoader)
        /// A list of loaders (`CompositeSchemaLoader`): their `properties` merged, where a
        /// property an earlier loader gives wins.
        case composite([SchemaSource])
    }

    let name: String
    let primaryKey: [[String]]
    let schemaSource: SchemaSource
    private let loadedSchema = Mutex<JSONObject?>(nil)
    let retriever: Retriever
    let cursor: any StreamCursor
    let slicing: Slicing
    /// The stream's incoming state was dropped when it was built (a `StateDelegatingStream`
    /// past its `api_retention_period`): a read first checkpoints `{}`, as the CDK does.
    let resetsState: Bool
    /// The cursor takes the catalog's cursor field when it names one
    /// (`allow_catalog_defined_cursor_field`): discover says the cursor is not the source's.
    let cursorFieldFromCatalog: Bool
    /// The stream has a `file_uploader`: discover says it is file based.
    let supportsFileTransfer: Bool

    init(
        name: String, primaryKey: [[String]], schemaSource: SchemaSource, retriever: Retriever,
        cursor: any StreamCursor, slicing: Slicing, resetsState: Bool = false, cursorFieldFromCatalog: Bool = false,
        supportsFileTransfer: Bool = false
    ) {
        self.name = name
        self.primaryKey = primaryKey
        self.schemaSource = schemaSource
        self.retriever = retriever
        self.cursor = cursor
        self.slicing = slicing
        self.resetsState = resetsState
        self.cursorFieldFromCatalog = cursorFieldFromCatalog
        self.supportsFileTransfer = supportsFileTransfer
    }

    /// The same stream, marked as having dropped its incoming state.
    func resettingState() -> DeclarativeStream {
        DeclarativeStream(
            name: name, primaryKey: primaryKey, schemaSource: schemaSource, retriever: retriever, cursor: cursor,
            slicing: slicing, resetsState: true, cursorFieldFromCatalog: cursorFieldFromCatalog,
            supportsFileTransfer: supportsFileTransfer)
    }

    /// Calls `body` with every slice of the stream, in order; with an async retriever, each
    /// slice once its job completed.
    func forEachSlice(_ body: (StreamSlice) async throws -> Void) async throws {
        guard case .async(let retriever) = retriever else { return try await forEachSlicerSlice(body) }
        try await retriever.forEachCompletedSlice(of: { try await self.forEachSlicerSlice($0) }, body)
    }

    /// Every slice of the stream's slicer (partitions, time windows, or both), in order.
    private func forEachSlicerSlice(_ body: (StreamSlice) async throws -> Void) async throws {
        switch slicing {
        case .router(let router): try await router.forEachPartition(body)
        case .cursor(let cursor): for slice in try cursor.slices() { try await body(slice) }
        case .perPartition(let cursor): try await cursor.forEachSlice(body)
        case .incrementingCount(let cursor): for slice in try cursor.slices() { try await body(slice) }
        }
    }

    /// The stream's JSON schema (`get_json_schema`): a dynamic one is read on first use and
    /// kept, as the CDK's `SchemaLoaderCachingDecorator` keeps it.
    func schema() async throws -> JSONObject {
        if case .fixed(let schema) = schemaSource { return schema }
        if let loaded = loadedSchema.withLock({ $0 }) { return loaded }
        let schema = try await Self.schema(of: schemaSource, stream: name)
        loadedSchema.withLock { $0 = schema }
        return schema
    }

    private static func schema(of source: SchemaSource, stream: String) async throws -> JSONObject {
        switch source {
        case .fixed(let schema): return schema
        case .dynamic(let loader): return try await loader.schema()
        case .composite(let loaders):
            // As the CDK's `{**schema_properties, **combined}` builds it, key order included:
            // each loader's properties first, then those merged so far, which win.
            var combined = JSONObject()
            for (index, loader) in loaders.enumerated() {
                guard case .object(let properties)? = try await schema(of: loader, stream: stream)["properties"] else {
                    throw SchemaLoaderFailure(stream: stream, loaderIndex: index)
                }
                var merged = properties
                for (key, value) in combined { merged[key] = value }
                combined = merged
            }
            return [
                "$schema": "http://json-schema.org/draft-07/schema#", "type": ["null", "object"],
                "properties": .object(combined),
            ]
        }
    }

    /// Reads one slice, page by page.
    func readPartition(_ slice: StreamSlice, emit: ([JSONValue]) async throws -> Void) async throws {
        switch retriever {
        case .simple(let retriever): try await retriever.read(slice, schema: try await schema(), emit: emit)
        case .async(let retriever): try await retriever.read(slice, schema: try await schema(), emit: emit)
        }
    }

    /// Reads one slice for output, page by page: a page may come as compact JSON taken from
    /// the response (``RawRecordPath``) rather than values.
    func readPartitionPages(_ slice: StreamSlice, emit: @escaping @Sendable (RecordPage) async throws -> Void) async throws {
        switch retriever {
        case .simple(let retriever): try await retriever.readPages(slice, schema: try await schema(), acceptsRaw: true, emit: emit)
        case .async(let retriever): try await retriever.read(slice, schema: try await schema()) { try await emit(.values($0)) }
        }
    }

    /// The stream as discover lists it (`DefaultStream.as_airbyte_stream`).
    func airbyteStream() async throws -> JSONValue {
        var stream = JSONObject()
        stream["name"] = .string(name)
        stream["json_schema"] = .object(try await schema())
        var modes: [JSONValue] = ["full_refresh"]
        stream["is_resumable"] = false
        if let field = cursor.cursorField {
            modes.append("incremental")
            stream["source_defined_cursor"] = .bool(!cursorFieldFromCatalog)
            stream["is_resumable"] = true
            stream["default_cursor_field"] = .array([.string(field)])
        }
        stream["supported_sync_modes"] = .array(modes)
        stream["is_file_based"] = .bool(supportsFileTransfer)
        if !primaryKey.isEmpty {
            stream["source_defined_primary_key"] = .array(primaryKey.map { .array($0.map(JSONValue.string)) })
        }
        return .object(stream)
    }
}

/// A loader of a stream's `schema_loader` list gave a schema without `properties` (the CDK's
/// `CompositeSchemaLoader` fails on it too, with a `KeyError`).
struct SchemaLoaderFailure: Error, CustomStringConvertible {
    let stream: String
    let loaderIndex: Int

    var description: String {
        "Stream \(stream): schema_loader[\(loaderIndex)] gives a schema without `properties`, which a list of schema loaders merges"
    }
}
