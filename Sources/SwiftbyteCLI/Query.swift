import ArgumentParser
import DuckDB
import Foundation
import Swiftbyte

/// `swiftbyte query "SQL"`: runs SQL on the cache and prints the rows.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run SQL on the cache and print the rows.",
        discussion: """
            Stream tables are schema.table, for example main.users (see `swiftbyte streams`). \
            Tables are aligned text by default, the first \(Query.defaultTableLimit) rows; csv, json \
            and jsonl print every row unless --limit says otherwise.
            """)

    static let defaultTableLimit = 100

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, jsonl
    }

    @Argument(help: "One SQL statement.")
    var sql: String

    @Option(name: .long, help: "How to print the rows.")
    var format: Format = .table

    @Option(
        name: .long,
        help: ArgumentHelp("Print at most this many rows (default \(Query.defaultTableLimit) for table, all otherwise).", valueName: "rows")
    )
    var limit: Int?

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        try CommandFailure.reporting {
            let cache = try cacheOptions.openExisting()
            do {
                if format == .table {
                    printTable(try cache.query(sql, limit: limit ?? Self.defaultTableLimit))
                } else {
                    let written = try QueryOutput(format: format).write(try cache.openQuery(sql), limit: limit)
                    if written.omitted > 0 {
                        FileHandle.standardError.write(
                            Data(
                                "swiftbyte: printed \(written.printed) of \(written.printed + written.omitted) rows (--limit \(limit ?? 0))\n"
                                    .utf8))
                    }
                }
            } catch let error as DuckDBError {
                throw CommandFailure("query failed: \(error.message)")
            }
        }
    }

    private func printTable(_ result: QueryRows) {
        let numeric = result.columns.map { $0.type.isNumeric ? TextTable.Alignment.right : .left }
        var table = TextTable(header: result.columns.map(\.name), alignments: numeric)
        table.rows = result.rows.map { $0.map(\.text) }
        print(table.text)
        let rows = result.totalRowCount == 1 ? "1 row" : "\(result.totalRowCount) rows"
        if result.omittedRowCount > 0 {
            print("(\(rows), showing the first \(result.rows.count); \(result.omittedRowCount) more not shown: raise --limit to see them)")
        } else {
            print("(\(rows))")
        }
    }
}

extension DuckDBType {
    /// Integers, decimals and floating point: shown right-aligned.
    var isNumeric: Bool {
        switch self {
        case .tinyint, .smallint, .integer, .bigint, .hugeint, .utinyint, .usmallint, .uinteger, .ubigint, .uhugeint,
            .float, .double, .decimal:
            true
        default: false
        }
    }
}
