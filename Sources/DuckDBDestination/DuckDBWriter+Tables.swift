import DestinationKit
internal import DuckDB
import Logging

extension DuckDBWriter {
    /// Creates the schema and the load tables of a stream (its own and, under
    /// normalization, its children's), or evolves existing tables to hold this
    /// sync's columns: in one transaction, so a kill leaves the whole family's tables
    /// or none of them (a parent table without its child tables failed queries that
    /// join them).
    func prepareLoadTables(_ table: StreamTable) throws {
        try connection.withTransaction {
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(table.schema))")
            if table.mode == .overwrite {
                try prepareOverwriteTables(table)
                return
            }
            for member in table.familyTables { try prepareLoadTable(member) }
        }
    }

    private func prepareLoadTable(_ table: StreamTable) throws {
        let existing = Dictionary(
            try connection.existingColumns(schema: table.schema, table: table.table).map { ($0.name, $0.type) },
            uniquingKeysWith: { first, _ in first })
        if existing.isEmpty {
            try createTable(table, named: table.table)
            return
        }
        let final = SQL.table(table.schema, table.table)
        // Normalization's own columns, for a table made before normalization was turned on.
        for (name, type) in table.normalizationColumns where existing[name] == nil {
            try connection.execute("ALTER TABLE \(final) ADD COLUMN \(SQL.identifier(name)) \(type)")
        }
        for column in table.columns {
            let name = SQL.identifier(column.name)
            guard let type = existing[column.name] else {
                try connection.execute("ALTER TABLE \(final) ADD COLUMN \(name) \(column.type)")
                try connection.execute(table.commentSQL(table: table.table, column: column))
                log.info("stream \(table.table): added column \(column.name) \(column.type)")
                continue
            }
            // Only widen columns this destination created; leave hand-altered ones alone.
            guard !column.isList, let current = ColumnKind(duckDBTypeName: type), current != column.kind else { continue }
            let conversion = column.kind == .json ? "to_json(\(name))" : "CAST(\(name) AS \(column.type))"
            try connection.execute("ALTER TABLE \(final) ALTER COLUMN \(name) SET DATA TYPE \(column.type) USING \(conversion)")
            log.info("stream \(table.table): widened column \(column.name) from \(type) to \(column.type)")
        }
    }

    /// The tables aside for an overwrite: reused when the stream's own holds rows of
    /// this generation (a retried attempt resumes into them) and resuming is on,
    /// otherwise made anew, for the whole family alike.
    private func prepareOverwriteTables(_ table: StreamTable) throws {
        var resumes = false
        if try !connection.existingColumns(schema: table.schema, table: table.loadTable).isEmpty {
            let generation = try connection.scalar("SELECT max(_airbyte_generation_id) FROM \(SQL.table(table.schema, table.loadTable))")?
                .int64
            resumes = resumesOverwrites && table.generationId > 0 && generation == table.generationId
        }
        if resumes { log.info("stream \(table.table): resuming the overwrite of generation \(table.generationId)") }
        for member in table.familyTables {
            let exists = try !connection.existingColumns(schema: member.schema, table: member.loadTable).isEmpty
            if exists && resumes { continue }
            if exists { try connection.execute("DROP TABLE \(SQL.table(member.schema, member.loadTable))") }
            try createTable(member, named: member.loadTable)
        }
    }

    private func createTable(_ table: StreamTable, named name: String) throws {
        try connection.execute(table.createTableSQL(named: name))
        for column in table.columns { try connection.execute(table.commentSQL(table: name, column: column)) }
    }

    /// Makes the requested BIGINT column of a load table DECIMAL(38,0).
    func widen(_ request: WidenRequest) throws {
        // The tag is the stream's index, then each child's index on the way down.
        let indices = request.tableTag.split(separator: ".").compactMap { Int($0) }
        guard let stream = indices.first, tables.indices.contains(stream),
            let table = Self.member(of: tables[stream], at: indices.dropFirst()),
            let index = table.columns.firstIndex(where: { $0.name == request.column })
        else {
            throw ConnectorFailure.system("DuckDB asked to widen an unknown column \(request.column) (table \(request.tableTag))")
        }
        try connection.execute(
            """
            ALTER TABLE \(SQL.table(table.schema, table.loadTable)) ALTER COLUMN \(SQL.identifier(request.column)) \
            SET DATA TYPE \(ColumnKind.wideIntegerType)
            """)
        Self.updateMember(of: &tables[stream], at: indices.dropFirst()) { $0.columns[index].type = ColumnKind.wideIntegerType }
        log.info(
            "table \(table.table): column \(request.column) holds an integer beyond BIGINT; widened it to \(ColumnKind.wideIntegerType)")
    }

    /// The table reached from `table` by child indices.
    static func member(of table: StreamTable, at path: ArraySlice<Int>) -> StreamTable? {
        guard let first = path.first else { return table }
        guard let children = table.family?.children, children.indices.contains(first) else { return nil }
        return member(of: children[first], at: path.dropFirst())
    }

    static func updateMember(of table: inout StreamTable, at path: ArraySlice<Int>, _ update: (inout StreamTable) -> Void) {
        guard let first = path.first else { return update(&table) }
        updateMember(of: &table.family!.children[first], at: path.dropFirst(), update)
    }
}
