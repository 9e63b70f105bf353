/// Quoting for SQL text we build. Every identifier and literal that comes from
/// a stream, a field or a config goes through these; nothing is pasted raw.
enum SQL {
    /// `name` as a quoted identifier: `my "table"` → `"my ""table"""`.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.table`, both quoted.
    static func table(_ schema: String, _ table: String) -> String {
        identifier(schema) + "." + identifier(table)
    }

    /// `text` as a string literal: `it's` → `'it''s'`.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A JSON path selecting the top-level member `key`, whatever characters it holds,
    /// as a string literal: `a"b` → `'$."a\"b"'`; or, with `parent`, the member
    /// `key` of the top-level object `parent` (a plain name): `'$.d."a\"b"'`.
    static func jsonPath(forKey key: String, in parent: String? = nil) -> String {
        jsonPath(forKeys: [key], in: parent)
    }

    /// A JSON path selecting the member reached by `keys` (each any characters),
    /// optionally under the top-level object `parent`: `["a", "b"]` → `'$."a"."b"'`.
    static func jsonPath(forKeys keys: [String], in parent: String? = nil) -> String {
        let members = keys.map { key in
            ".\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return literal("$" + (parent.map { "." + $0 } ?? "") + members.joined())
    }

    /// A member reached by `keys` in the STRUCT expression `base`: `d."a"."b"`.
    static func member(_ keys: [String], of base: String) -> String {
        base + keys.map { "." + identifier($0) }.joined()
    }
}
