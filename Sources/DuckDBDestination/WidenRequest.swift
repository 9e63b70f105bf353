import Foundation

/// A load stopped because an integer beyond BIGINT reached a BIGINT column:
/// the column becomes DECIMAL(38,0) and the commit runs again. Raised from SQL
/// with DuckDB's `error()`, so the message carries the table and column.
struct WidenRequest: Equatable {
    static let prefix = "_swiftbyte_widen_integer:"
    /// The table's tag (``TypedSelect/tableTag``).
    var tableTag: String
    /// The column's name.
    var column: String

    var message: String { Self.prefix + tableTag + ":" + column + ":" }

    init(tableTag: String, column: String) {
        self.tableTag = tableTag
        self.column = column
    }

    /// The request in a DuckDB error message, if it is one.
    init?(errorMessage: String) {
        guard let start = errorMessage.range(of: Self.prefix) else { return nil }
        let rest = errorMessage[start.upperBound...]
        guard let tagEnd = rest.firstIndex(of: ":") else { return nil }
        let afterTag = rest[rest.index(after: tagEnd)...]
        guard let columnEnd = afterTag.firstIndex(of: ":") else { return nil }
        tableTag = String(rest[..<tagEnd])
        column = String(afterTag[..<columnEnd])
    }
}
