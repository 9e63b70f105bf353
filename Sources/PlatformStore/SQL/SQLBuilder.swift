/// Builds the SQL of the generic row operations, for either dialect. Table and
/// column names come from ``StoreTable`` (constants of this module); a query
/// naming a column its table lacks is refused, so no caller's text reaches SQL.
struct SQLBuilder {
    let dialect: SQLDialect
    private var binds: [StoreValue] = []

    init(_ dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// A placeholder for `value`, bound in order.
    mutating func bind(_ value: StoreValue) -> String {
        binds.append(value)
        return dialect.placeholder(binds.count)
    }

    func statement(_ sql: String) -> SQLStatement { SQLStatement(sql: sql, binds: binds) }

    static func insert(_ row: StoreRow, into table: StoreTable, ifAbsent: Bool, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect)
        let placeholders = table.columns.map { builder.bind(row[$0]) }
        let conflict = ifAbsent ? " ON CONFLICT DO NOTHING" : ""
        return builder.statement(
            """
            INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) \
            VALUES (\(placeholders.joined(separator: ", ")))\(conflict)
            """)
    }

    static func upsert(_ row: StoreRow, into table: StoreTable, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect)
        let placeholders = table.columns.map { builder.bind(row[$0]) }
        let updates = table.columns.filter { !table.primaryKey.contains($0) }.map { "\($0) = excluded.\($0)" }
        return builder.statement(
            """
            INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) \
            VALUES (\(placeholders.joined(separator: ", "))) \
            ON CONFLICT (\(table.primaryKey.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
            """)
    }

    static func update(_ row: StoreRow, in table: StoreTable, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect)
        let sets = table.columns.filter { !table.primaryKey.contains($0) }.map { "\($0) = \(builder.bind(row[$0]))" }
        let keys = table.primaryKey.map { "\($0) = \(builder.bind(row[$0]))" }
        return builder.statement(
            """
            UPDATE \(table.name) SET \(sets.joined(separator: ", ")) WHERE \(keys.joined(separator: " AND "))
            """)
    }

    static func select(from table: StoreTable, _ query: StoreQuery, dialect: SQLDialect) throws -> SQLStatement {
        var builder = SQLBuilder(dialect)
        var sql = "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)"
        sql += try builder.whereClause(query.conditions, table: table)
        if !query.order.isEmpty {
            for (column, _) in query.order { try check(column, in: table) }
            sql += " ORDER BY " + query.order.map { "\($0.column) \($0.ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
        }
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        if query.offset > 0 { sql += (query.limit == nil ? dialect.unlimited : "") + " OFFSET \(query.offset)" }
        return builder.statement(sql)
    }

    static func count(in table: StoreTable, _ conditions: [StoreQuery.Condition], dialect: SQLDialect) throws -> SQLStatement {
        var builder = SQLBuilder(dialect)
        let sql = "SELECT COUNT(*) AS count FROM \(table.name)" + (try builder.whereClause(conditions, table: table))
        return builder.statement(sql)
    }

    static func delete(from table: StoreTable, _ conditions: [StoreQuery.Condition], dialect: SQLDialect) throws -> SQLStatement {
        var builder = SQLBuilder(dialect)
        let sql = "DELETE FROM \(table.name)" + (try builder.whereClause(conditions, table: table))
        return builder.statement(sql)
    }

    /// ` WHERE …` for `conditions`, or "" when there are none.
    mutating func whereClause(_ conditions: [StoreQuery.Condition], table: StoreTable) throws -> String {
        guard !conditions.isEmpty else { return "" }
        var parts: [String] = []
        for condition in conditions {
            switch condition {
            case .equals(let column, let value):
                try Self.check(column, in: table)
                parts.append(value == .null ? "\(column) IS NULL" : "\(column) = \(bind(value))")
            case .notEquals(let column, let value):
                try Self.check(column, in: table)
                parts.append(value == .null ? "\(column) IS NOT NULL" : "(\(column) IS NULL OR \(column) <> \(bind(value)))")
            case .isIn(let column, let values):
                try Self.check(column, in: table)
                parts.append(values.isEmpty ? "1 = 0" : "\(column) IN (\(values.map { bind($0) }.joined(separator: ", ")))")
            case .isNull(let column):
                try Self.check(column, in: table)
                parts.append("\(column) IS NULL")
            case .atLeast(let column, let value):
                try Self.check(column, in: table)
                parts.append("\(column) >= \(bind(value))")
            case .below(let column, let value):
                try Self.check(column, in: table)
                parts.append("\(column) < \(bind(value))")
            }
        }
        return " WHERE " + parts.joined(separator: " AND ")
    }

    static func check(_ column: String, in table: StoreTable) throws {
        guard table.columns.contains(column) else {
            throw StoreError(.invalidValue, message: "the table \(table.name) has no column \(column)")
        }
    }
}
