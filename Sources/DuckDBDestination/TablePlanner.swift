import DestinationKit
internal import DuckDB

/// Decides each stream's table layout against what is already in the database:
/// table and column names, column types (widened against existing columns),
/// the sync mode, and under basic normalization the flattened columns and the
/// child tables.
struct TablePlanner {
    let connection: Connection
    let normalizer: NameNormalizer
    /// Basic normalization: nested objects with declared properties flatten into
    /// columns, arrays of objects with declared properties become child tables,
    /// arrays of declared scalars become LIST columns.
    let normalizes: Bool

    /// One table per stream, in catalog order.
    func plan(_ catalog: ConfiguredAirbyteCatalog, defaultSchema: String) throws -> [StreamTable] {
        let shapes = try catalog.streams.map { configured in
            try Shape(properties: definitions(of: configured.stream), flattening: normalizes)
        }
        // Child tables are named with the streams, so no child takes a stream's name: a child
        // is known by its stream's and arrays' names joined with dots (`customers.addresses`),
        // which normalizes like `customers_addresses` but is never spelled as an identifier,
        // so a stream of that name keeps it and the child gets a hash suffix.
        var names: [NameNormalizer.StreamName] = []
        var childNames: [[[String]: NameNormalizer.StreamName]] = []
        for (configured, shape) in zip(catalog.streams, shapes) {
            let stream = NameNormalizer.StreamName(namespace: configured.stream.namespace, name: configured.stream.name)
            names.append(stream)
            var children: [[String]: NameNormalizer.StreamName] = [:]
            for path in shape.arrayPaths() {
                let child = NameNormalizer.StreamName(
                    namespace: stream.namespace,
                    name: ([stream.name] + path).joined(separator: "."))
                children[path] = child
                names.append(child)
            }
            childNames.append(children)
        }
        let tableNames = normalizer.tableNames(for: names, defaultSchema: defaultSchema)
        return try catalog.streams.indices.map { index in
            let configured = catalog.streams[index]
            let stream = NameNormalizer.StreamName(namespace: configured.stream.namespace, name: configured.stream.name)
            let name = tableNames[stream]!
            let table = try planTable(
                shape: shapes[index], schema: name.schema, table: name.table, configured: configured,
                parentTable: nil, arrayPath: [])
            return try withChildren(table, shape: shapes[index], configured: configured, prefix: []) {
                tableNames[childNames[index][$0]!]!.table
            }
        }
    }

    private func definitions(of stream: AirbyteStream) throws -> [ColumnDefinition] {
        do {
            return try ColumnDefinition.columns(forStreamSchema: .object(stream.jsonSchema))
        } catch {
            throw ConnectorFailure.config(
                "stream \(stream.name) has a JSON schema whose top level is not an object", internalMessage: "\(error)")
        }
    }

    /// `table` (planned from `shape`) with its child tables, recursively; `names` gives a
    /// child's table by its array's path from the stream's row.
    private func withChildren(
        _ table: StreamTable, shape: Shape, configured: ConfiguredAirbyteStream, prefix: [String],
        names: ([String]) -> String
    ) throws -> StreamTable {
        guard table.family != nil else { return table }
        var table = table
        table.family!.children = try shape.arrays.map { array in
            let path = prefix + array.path
            let child = try planTable(
                shape: array.element, schema: table.schema, table: names(path), configured: configured,
                parentTable: table.table, arrayPath: array.path)
            return try withChildren(child, shape: array.element, configured: configured, prefix: path, names: names)
        }
        return table
    }

    private func planTable(
        shape: Shape, schema: String, table: String, configured: ConfiguredAirbyteStream,
        parentTable: String?, arrayPath: [String]
    ) throws -> StreamTable {
        let existing = configured.destinationSyncMode == .overwrite ? [] : try connection.existingColumns(schema: schema, table: table)
        // A column's comment holds its key (or path): the previous sync's mapping.
        var previous: [String: String] = [:]
        for column in existing {
            guard let comment = column.key else { continue }
            let name = Shape.columnName(forPath: StreamTable.Column.path(fromComment: comment))
            if previous[name] == nil { previous[name] = column.name }
        }
        var reserved = Set(NameNormalizer.metadataColumnNames)
        if normalizes {
            reserved.formUnion([StreamTable.normalizedAtColumn, StreamTable.hashColumn(of: table)])
            if let parentTable { reserved.insert(StreamTable.hashColumn(of: parentTable)) }
        }
        let leafNames = shape.leafNames()
        let names = NameNormalizer(
            maximumLength: normalizer.maximumLength, reservedColumnNames: reserved,
            reservedTablePrefix: normalizer.reservedTablePrefix
        )
        .columnNames(for: leafNames.values, keeping: previous)
        let columns = shape.leaves.map { leaf in
            let column = names[leafNames[leaf.path]!]!
            let existingType = existing.first { $0.name == column }?.type
            if leaf.isList {
                let list = StreamTable.Column(path: leaf.path, name: column, kind: leaf.kind, isList: true)
                // A column made before normalization was turned on stays JSON.
                guard let existingType, existingType.uppercased() != list.type else { return list }
                return StreamTable.Column(path: leaf.path, name: column, kind: .json)
            }
            guard let existingType, let current = ColumnKind(duckDBTypeName: existingType) else {
                return StreamTable.Column(path: leaf.path, name: column, kind: leaf.kind)
            }
            let kind = current.widened(with: leaf.kind)
            // A column keeps its type while its kind stays (a widened integer column stays DECIMAL(38,0)).
            return StreamTable.Column(path: leaf.path, name: column, kind: kind, type: kind == current ? existingType.uppercased() : nil)
        }
        return StreamTable(
            schema: schema, table: table, columns: columns,
            mode: try mode(of: configured),
            generationId: configured.generationId ?? 0,
            minimumGenerationId: configured.minimumGenerationId ?? 0,
            syncId: configured.syncId ?? 0,
            family: normalizes ? StreamTable.Family(parentTable: parentTable, arrayPath: arrayPath, children: []) : nil)
    }

    private func mode(of configured: ConfiguredAirbyteStream) throws -> StreamTable.Mode {
        switch configured.destinationSyncMode {
        case .append: return .append
        case .overwrite: return .overwrite
        case .appendDedup:
            let key = configured.primaryKey ?? configured.stream.sourceDefinedPrimaryKey ?? []
            guard !key.isEmpty, key.allSatisfy({ $0.count == 1 }) else {
                throw ConnectorFailure.config(
                    "stream \(configured.stream.name) is append_dedup but has no top-level primary key; set a primary key in the connection or use append"
                )
            }
            let cursor = configured.cursorField ?? configured.stream.defaultCursorField
            return .dedup(primaryKey: key.map { $0[0] }, cursor: cursor?.first)
        default:
            throw ConnectorFailure.config(
                "stream \(configured.stream.name): destination sync mode \(configured.destinationSyncMode.rawValue) is not supported; use append, overwrite or append_dedup"
            )
        }
    }
}

extension TablePlanner {
    /// A table's columns and arrays as a stream's schema declares them: without
    /// flattening, one leaf per property; with it, nested objects with declared
    /// properties are walked into, arrays of such objects set apart for child
    /// tables, and arrays of declared scalars kept as lists.
    struct Shape {
        struct Leaf {
            var path: [String]
            var kind: ColumnKind
            var isList: Bool
        }

        struct ArrayOfObjects {
            /// The array's path in the row.
            var path: [String]
            /// Its elements' shape.
            var element: Shape
        }

        var leaves: [Leaf] = []
        var arrays: [ArrayOfObjects] = []

        init(properties: [ColumnDefinition], flattening: Bool) {
            guard flattening else {
                leaves = properties.map { Leaf(path: [$0.name], kind: $0.kind, isList: false) }
                return
            }
            add(properties.map { AirbyteType.Property(name: $0.name, type: $0.type) }, prefix: [])
        }

        private mutating func add(_ properties: [AirbyteType.Property], prefix: [String]) {
            for property in properties {
                let path = prefix + [property.name]
                switch property.type {
                case .object(let nested) where !nested.isEmpty:
                    add(nested, prefix: path)
                case .array(.object(let element)) where !element.isEmpty:
                    var shape = Shape(properties: [], flattening: true)
                    shape.add(element, prefix: [])
                    arrays.append(ArrayOfObjects(path: path, element: shape))
                case .array(let item) where item.columnKind != .json:
                    leaves.append(Leaf(path: path, kind: item.columnKind, isList: true))
                default:
                    leaves.append(Leaf(path: path, kind: property.type.columnKind, isList: false))
                }
            }
        }

        /// The paths of the arrays of objects, this shape's and its elements' (relative
        /// to this shape's row), parents before children.
        func arrayPaths(prefix: [String] = []) -> [[String]] {
            arrays.flatMap { array in [prefix + array.path] + array.element.arrayPaths(prefix: prefix + array.path) }
        }

        /// The name each leaf is known by to the name normalizer (see ``columnName(forPath:)``),
        /// made unique: when two paths give one name (a key `a.b` beside a nested `a`→`b`),
        /// the longer path gets a trailing NUL per extra level, which only changes its hash suffix.
        func leafNames() -> [[String]: String] {
            var result: [[String]: String] = [:]
            var taken: Set<String> = []
            let paths = leaves.map(\.path).sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
            for path in paths {
                var name = Self.columnName(forPath: path)
                while !taken.insert(name).inserted { name += "\u{0}" }
                result[path] = name
            }
            return result
        }

        /// A leaf's name for the normalizer: its key, or the path's keys joined with
        /// dots, which normalizes to `contact_email` for `contact` → `email`.
        static func columnName(forPath path: [String]) -> String {
            path.joined(separator: ".")
        }
    }
}
