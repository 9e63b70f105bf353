/// A model type kept as one row of one table.
protocol StoredRecord: Sendable {
    /// Its table.
    static var table: StoreTable { get }
    /// Its row.
    func row() throws -> StoreRow
    /// Reads it back from a row.
    init(row: StoreRow) throws
}

extension StoredRecord {
    /// A row of this record's table.
    static func makeRow(_ values: [String: StoreValue]) -> StoreRow {
        StoreRow(table: table.name, values: values)
    }
}
