/// Turns stream, namespace and property names into SQL identifiers: one
/// deterministic function, so the same catalog always lands in the same tables
/// and columns.
///
/// ``normalize(_:)`` maps one name:
///
/// | name | identifier | rule |
/// |---|---|---|
/// | `updated_at` | `updated_at` | already an identifier: unchanged |
/// | `UserID` | `userid` | lowercased (DuckDB compares identifiers case-insensitively; Postgres folds unquoted ones) |
/// | `first name` | `first_name` | each run of whitespace → `_`; leading/trailing whitespace dropped |
/// | `a-b`, `a.b`, `price ($)` | `a_b`, `a_b`, `price____` | any other punctuation or symbol → `_` |
/// | `10_000` | `_10_000` | a leading digit gets a `_` prefix |
/// | `Café`, `ﬁle` | `cafe`, `file` | Latin accents and compatibility forms folded, as Airbyte does |
/// | `名前`, `Straße`, `имя` | `名前`, `straße`, `имя` | letters and digits of every script kept |
/// | `🎉` | `_` | emoji and symbols → `_` |
/// | `""`, `"  "` | `_empty` | |
/// | a 100-character name | its first 56 bytes + `_` + 6 hex digits | longer than ``maximumLength`` UTF-8 bytes (63): cut on a character boundary, then a hash of the whole original name |
///
/// Reserved words (`select`, `order`) are left alone: identifiers are meant to
/// be double-quoted by the destination, always. Quoted, every result is a valid
/// DuckDB and Postgres identifier.
///
/// Unicode letters are kept rather than replaced by `_` (Airbyte's Java
/// transformer turns `名前` into `__`): DuckDB, Postgres, Snowflake and BigQuery
/// accept them quoted, and replacing them would make every non-Latin name collide.
///
/// Several names can normalize alike (`ID` and `id`, `a-b` and `a_b`); use
/// ``columnNames(for:keeping:)`` and ``tableNames(for:defaultSchema:keeping:)``
/// to get identifiers that are unique within a table and within a schema.
public struct NameNormalizer: Sendable {
    /// The metadata columns every final table carries; no property may take their names.
    public static let metadataColumnNames: [String] = [
        "_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id",
    ]

    /// The longest identifier, in UTF-8 bytes. 63 is Postgres's limit
    /// (`NAMEDATALEN - 1`); DuckDB has none, but tables that fit it move to
    /// other databases unchanged.
    public var maximumLength: Int
    /// Column identifiers that properties never get: the metadata columns by default.
    public var reservedColumnNames: Set<String>
    /// Table identifiers starting with this belong to the destination itself
    /// (state, staging and swap tables); a stream whose name starts with it gets
    /// a hash suffix. Empty reserves nothing.
    public var reservedTablePrefix: String

    /// A normalizer; the defaults are what Swiftbyte's destinations use.
    ///
    /// - Precondition: `maximumLength` is at least 16, room for a prefix and the hash suffix.
    public init(
        maximumLength: Int = 63,
        reservedColumnNames: Set<String> = Set(NameNormalizer.metadataColumnNames),
        reservedTablePrefix: String = "_airbyte_"
    ) {
        precondition(maximumLength >= 16, "identifiers need room for a prefix and a 7-character hash suffix")
        self.maximumLength = maximumLength
        self.reservedColumnNames = reservedColumnNames
        self.reservedTablePrefix = reservedTablePrefix
    }

    /// The identifier for one name, before collisions are resolved (see the
    /// table above). Identifiers map to themselves: `normalize(normalize(x)) == normalize(x)`.
    public func normalize(_ name: String) -> String {
        let sanitized = Self.sanitize(name)
        guard sanitized.utf8.count > maximumLength else { return sanitized }
        return withSuffix(sanitized, StableHash.suffix(name))
    }

    /// `identifier` cut to leave room for `_suffix`, then `_suffix`.
    func withSuffix(_ identifier: String, _ suffix: String) -> String {
        let budget = maximumLength - suffix.utf8.count - 1
        var prefix = ""
        var used = 0
        for character in identifier {
            let size = character.utf8.count
            guard used + size <= budget else { break }
            prefix.append(character)
            used += size
        }
        return prefix + "_" + suffix
    }

    /// Lowercased, folded, every disallowed character replaced; no length limit.
    static func sanitize(_ name: String) -> String {
        let trimmed = String(name.trimmingWhitespace).foldedForIdentifier
        var result = String.UnicodeScalarView()
        var inWhitespace = false
        var lastKept = false
        for scalar in trimmed.unicodeScalars {
            let properties = scalar.properties
            if properties.isWhitespace {
                if !inWhitespace { result.append("_") }
                inWhitespace = true
                lastKept = false
                continue
            }
            inWhitespace = false
            if scalar.isASCII {
                let isAllowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                result.append(isAllowed ? scalar : "_")
                lastKept = isAllowed
            } else if properties.isLetterOrDecimalDigit {
                result.append(scalar)
                lastKept = true
            } else if properties.isCombiningMark {
                // A mark belongs to the letter before it (हि); alone it is dropped.
                if lastKept { result.append(scalar) }
            } else {
                result.append("_")
                lastKept = false
            }
        }
        guard let first = result.first else { return "_empty" }
        if first.properties.numericType == .decimal { result.insert("_", at: result.startIndex) }
        return String(result)
    }
}
