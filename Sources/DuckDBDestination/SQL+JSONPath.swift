import DuckDB

extension SQL {
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
            ".\"" + key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        return literal("$" + (parent.map { "." + $0 } ?? "") + members.joined())
    }

    /// A member reached by `keys` in the STRUCT expression `base`: `d."a"."b"`.
    static func member(_ keys: [String], of base: String) -> String {
        base + keys.map { "." + identifier($0) }.joined()
    }
}
