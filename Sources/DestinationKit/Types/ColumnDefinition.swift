/// One top-level property of a stream: a column of its final table.
public struct ColumnDefinition: Sendable, Hashable {
    /// The property's name exactly as the stream's schema spells it (the key
    /// in each record's `data`); `NameNormalizer` turns it into an identifier.
    public var name: String
    /// The property's type.
    public var type: AirbyteType

    /// A column for the property `name` of type `type`.
    public init(name: String, type: AirbyteType) {
        self.name = name
        self.type = type
    }

    /// How this column is stored.
    public var kind: ColumnKind { type.columnKind }
}

extension ColumnDefinition {
    /// The columns of a stream, in the order its `json_schema` lists its properties.
    ///
    /// ```swift
    /// let columns = try ColumnDefinition.columns(forStreamSchema: [
    ///     "type": "object",
    ///     "properties": ["id": ["type": "integer"], "updated_at": ["type": "string", "format": "date-time"]],
    /// ])
    /// // [id: integer, updated_at: timestamp_with_timezone]
    /// ```
    ///
    /// An object without (or with empty) `properties` has no columns. A top-level
    /// union (`"type": ["object", "null"]` collapses to an object; something like
    /// `"type": ["object", "string"]` does not) contributes the properties of all
    /// its object options, merged with ``AirbyteType/widened(with:)`` — Airbyte
    /// takes a single object option and gives up on several; records are always
    /// objects, so the other options are ignored.
    ///
    /// - Throws: ``StreamSchemaError`` when the schema does not describe an object.
    public static func columns(forStreamSchema schema: JSONValue) throws(StreamSchemaError) -> [ColumnDefinition] {
        let type = AirbyteType(jsonSchema: schema)
        switch type {
        case .object(let properties):
            return properties.map { ColumnDefinition(name: $0.name, type: $0.type) }
        case .objectWithoutSchema, .objectWithEmptySchema:
            return []
        case .union(let options) where options.contains(where: \.isObject):
            let merged = AirbyteType.commonSupertype(of: options.filter(\.isObject))
            guard case .object(let properties) = merged else { return [] }
            return properties.map { ColumnDefinition(name: $0.name, type: $0.type) }
        default:
            throw StreamSchemaError(type: type)
        }
    }
}
