/// What differs between the two backends' SQL where the store builds it.
struct SQLDialect: Sendable {
    /// The placeholder of the `index`-th bind (from 1): `?` or `$n`.
    let placeholder: @Sendable (Int) -> String
    /// What an OFFSET without a LIMIT needs before it (SQLite wants a LIMIT).
    let unlimited: String

    static let sqlite = SQLDialect(placeholder: { _ in "?" }, unlimited: " LIMIT -1")
    static let postgres = SQLDialect(placeholder: { "$\($0)" }, unlimited: "")
}

/// SQL text and the values bound to its placeholders, in order.
struct SQLStatement: Sendable {
    var sql: String
    var binds: [StoreValue]
}
