extension NameNormalizer {
    /// A unique column identifier for each property name: the key is the name
    /// as the schema spells it.
    ///
    /// ```swift
    /// NameNormalizer().columnNames(for: ["id", "ID", "a-b", "a_b", "_airbyte_meta"])
    /// // ["id": "id", "ID": "id_<hash of "ID">", "a_b": "a_b", "a-b": "a_b_<hash>",
    /// //  "_airbyte_meta": "_airbyte_meta_<hash>"]
    /// ```
    ///
    /// Names whose ``normalize(_:)`` results are equal form a group. One of them
    /// keeps the plain identifier: the one already spelled as that identifier
    /// (`id` beats `ID`), otherwise the first by UTF-8 bytes of the original.
    /// Every other member — and every member when the identifier is one of
    /// ``reservedColumnNames`` — gets the identifier cut to fit, then `_` and six
    /// hex digits hashed from its own original name.
    ///
    /// Why this is stable:
    /// - the result depends on the set of names, never their order, so a source
    ///   that reorders its schema renames nothing;
    /// - a name's hashed identifier depends only on that name, so adding or
    ///   removing other properties never changes it;
    /// - adding a property renames an existing column only if the newcomer
    ///   normalizes to the same identifier and outranks it (for example `id`
    ///   arriving next to an existing `ID`). Positional suffixes (`_1`, `_2`, as
    ///   Airbyte uses) would instead shift whenever the schema's order changes.
    ///
    /// To rule out even that, pass the mapping of the previous sync as `previous`:
    /// a name found there keeps its identifier (provided no other name claims it
    /// and it is not reserved), and only new names are placed around it.
    public func columnNames(
        for names: some Sequence<String>,
        keeping previous: [String: String] = [:]
    ) -> [String: String] {
        let unique = Array(Set(names))
        let candidates = unique.map { name in
            let base = normalize(name)
            return CollisionCandidate(
                base: base,
                name: name,
                hashSeed: name,
                rank: [name == base ? 0 : 1] + Array(name.utf8),
                previous: previous[name]
            )
        }
        let reserved = reservedColumnNames
        let identifiers = resolve(candidates, blocked: reserved) { reserved.contains($0) }
        return Dictionary(uniqueKeysWithValues: zip(unique, identifiers))
    }

    /// The schema and table for each stream.
    ///
    /// The schema is the normalized namespace, or the normalized `defaultSchema`
    /// for streams without one. Namespaces that normalize alike (`Sales` and
    /// `sales`) share a schema, as in Airbyte; the tables in each schema are
    /// then made unique by the rules of ``columnNames(for:keeping:)``: the stream
    /// already spelled as its identifier wins, then the one whose namespace is,
    /// then the first by UTF-8 bytes of namespace and name; the others get a
    /// suffix hashed from their namespace and name. A stream whose identifier
    /// starts with ``reservedTablePrefix`` always gets the suffix, so the
    /// destination's own tables (`_airbyte_state`, staging tables) cannot clash
    /// with a stream.
    ///
    /// ```swift
    /// NameNormalizer().tableNames(
    ///     for: [.init(namespace: "Sales", name: "Users"), .init(name: "users")],
    ///     defaultSchema: "main")
    /// // Sales.Users → sales.users, users → main.users
    /// ```
    public func tableNames(
        for streams: some Sequence<StreamName>,
        defaultSchema: String,
        keeping previous: [StreamName: TableName] = [:]
    ) -> [StreamName: TableName] {
        let unique = Array(Set(streams))
        let schemaOf = unique.map { normalize($0.givenNamespace ?? defaultSchema) }
        var result: [StreamName: TableName] = [:]
        for schema in Set(schemaOf) {
            let members = unique.indices.filter { schemaOf[$0] == schema }.map { unique[$0] }
            let candidates = members.map { stream in
                let base = normalize(stream.name)
                let seed = stream.givenNamespace.map { "\($0).\(stream.name)" } ?? stream.name
                let namespaceIsExact = stream.givenNamespace.map { $0 == schema } ?? true
                return CollisionCandidate(
                    base: base,
                    name: stream.name,
                    hashSeed: seed,
                    rank: [stream.name == base ? 0 : 1, namespaceIsExact ? 0 : 1]
                        + Array((stream.givenNamespace ?? "").utf8) + [0] + Array(stream.name.utf8),
                    previous: previous[stream].flatMap { $0.schema == schema ? $0.table : nil }
                )
            }
            let prefix = reservedTablePrefix
            let tables = resolve(candidates, blocked: []) { !prefix.isEmpty && $0.hasPrefix(prefix) }
            for (stream, table) in zip(members, tables) {
                result[stream] = TableName(schema: schema, table: table)
            }
        }
        return result
    }
}

extension NameNormalizer {
    /// Unique identifiers for `candidates`, in their order. Deterministic in the
    /// set of candidates: every choice is made by `rank`, never by position.
    ///
    /// - Parameters:
    ///   - blocked: identifiers nobody gets.
    ///   - mustHash: whether a base may not be used as it is (it is reserved).
    func resolve(
        _ candidates: [CollisionCandidate],
        blocked: Set<String>,
        mustHash: (String) -> Bool
    ) -> [String] {
        var assigned = [String?](repeating: nil, count: candidates.count)
        var taken = blocked
        let byRank = candidates.indices.sorted { candidates[$0].rank.lexicographicallyPrecedes(candidates[$1].rank) }

        // 1. Identifiers from a previous run, first come by rank if two claim one.
        for index in byRank {
            let candidate = candidates[index]
            guard let previous = candidate.previous, !taken.contains(previous),
                previous != candidate.base || !mustHash(previous)
            else { continue }
            assigned[index] = previous
            taken.insert(previous)
        }
        // 2. Each free, unreserved base goes to its best-ranked claimant.
        for index in byRank where assigned[index] == nil {
            let base = candidates[index].base
            guard !mustHash(base), !taken.contains(base) else { continue }
            assigned[index] = base
            taken.insert(base)
        }
        // 3. Everyone else: a suffix hashed from their own name (and, in the
        //    unlikely event that is taken too, from their name and a counter).
        for index in byRank where assigned[index] == nil {
            let candidate = candidates[index]
            let sanitized = Self.sanitize(candidate.name)
            var identifier = withSuffix(sanitized, StableHash.suffix(candidate.hashSeed))
            var attempt = 0
            while taken.contains(identifier) {
                attempt += 1
                identifier = withSuffix(sanitized, StableHash.suffix("\(candidate.hashSeed)\u{0}\(attempt)"))
            }
            assigned[index] = identifier
            taken.insert(identifier)
        }
        return assigned.map { $0! }
    }
}
