import DuckDB

extension SQL {
    /// A JSON path selecting the top-level member `key`, whatever characters it holds,
    /// as a string literal: `a"b` → `'$."a\"b"'`; or, with `parent`, the member
    /// `key` of the top-level object `parent` (a plain name): `'$.d."a\"b"'`.
    static func jsonPath(forKey key: String, in parent: String? = nil) -> String {
        let escaped = key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return literal("$." + (parent.map { $0 + "." } ?? "") + "\"" + escaped + "\"")
    }
}
