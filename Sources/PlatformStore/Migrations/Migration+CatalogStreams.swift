extension Migration {
    /// Version 3: each connection's catalog without its JSON schemas (names,
    /// sync modes, cursors and keys), so a list of connections reads a few
    /// hundred bytes per row instead of decoding every stored catalog. Rows
    /// written before it have none; they are read the slow way until saved again.
    static var catalogStreams: Migration {
        Migration(
            version: 3, name: "connection catalog streams",
            sqlite: ["ALTER TABLE connections ADD COLUMN catalog_streams TEXT"],
            postgres: ["ALTER TABLE connections ADD COLUMN catalog_streams TEXT"])
    }
}
