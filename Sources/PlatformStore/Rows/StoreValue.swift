/// A value in one column of a row, as both backends bind and read it.
///
/// Timestamps are milliseconds since the Unix epoch (`.integer`), ids their
/// lowercase text, nested structures JSON text: the same on SQLite and PostgreSQL.
package enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)
}
