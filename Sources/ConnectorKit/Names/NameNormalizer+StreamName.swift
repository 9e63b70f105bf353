extension NameNormalizer {
    /// A stream as the catalog names it.
    public struct StreamName: Sendable, Hashable {
        /// The stream's namespace; `nil` (or empty) means the destination's default schema.
        public var namespace: String?
        /// The stream's name.
        public var name: String

        /// The stream `name` in `namespace`.
        public init(namespace: String? = nil, name: String) {
            self.namespace = namespace
            self.name = name
        }

        /// The namespace, unless it is missing or empty.
        var givenNamespace: String? { namespace.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// Where a stream's final table lives: two identifiers, to be quoted by the destination.
    public struct TableName: Sendable, Hashable, CustomStringConvertible {
        /// The schema identifier.
        public var schema: String
        /// The table identifier, unique within ``schema``.
        public var table: String

        /// The table `table` in the schema `schema`.
        public init(schema: String, table: String) {
            self.schema = schema
            self.table = table
        }

        /// `schema.table`, unquoted: for messages, not for SQL.
        public var description: String { "\(schema).\(table)" }
    }
}
