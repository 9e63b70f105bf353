extension Cache {
    /// The states the cache saved, which the next read of each source resumes
    /// from: those of `source` and of the stream `stream` when given (its name
    /// alone, every namespace's, or `namespace.name`), sorted by source, stream
    /// and namespace. A source that keeps one state for all its streams has it
    /// under the stream name `_GLOBAL` (or `_LEGACY`); asking for one of its
    /// streams returns that shared state.
    public func savedStates(source: String? = nil, stream: String? = nil) throws -> [SavedState] {
        let bookkeeping = try CacheBookkeeping(database: database, schema: schema)
        let states = try bookkeeping.savedStateRows(source: source)
        guard let stream else { return states }
        let own = states.filter { !$0.isShared && $0.descriptor.isNamed(stream) }
        guard own.isEmpty else { return own }
        let sourcesWithStream = Set(
            try streams().filter { $0.descriptor.isNamed(stream) && (source == nil || $0.source == source) }
                .map(\.source))
        return states.filter { $0.isShared && sourcesWithStream.contains($0.source) }
    }

    /// Forgets saved states, so the next read of those streams starts from the
    /// beginning: the state of `stream` (of `source`, needed only when several
    /// sources have that stream), or with no stream every state of `source`, or
    /// with neither every state in the cache.
    ///
    /// Only the cursor is forgotten: tables and rows stay. The next read then
    /// reads the stream in full and merges it into the table: streams with a
    /// primary key (append_dedup) keep one row per key, but append-only streams
    /// get their rows again; use a full-refresh read to replace a table instead.
    ///
    /// - Returns: the states forgotten (none when nothing was saved).
    /// - Throws: ``CacheStreamError`` for a stream the cache does not hold, a
    ///   stream name several sources share, or a stream whose source keeps one
    ///   GLOBAL state for all its streams (reset the whole source instead).
    @discardableResult
    public func resetState(source: String? = nil, stream: String? = nil) throws -> [SavedState] {
        let forgotten = try statesToReset(source: source, stream: stream)
        try CacheBookkeeping(database: database, schema: schema).deleteStates(forgotten)
        return forgotten
    }

    /// The states ``resetState(source:stream:)`` would forget, without forgetting
    /// them (to ask for confirmation first). Throws as it does.
    public func statesToReset(source: String? = nil, stream: String? = nil) throws -> [SavedState] {
        let bookkeeping = try CacheBookkeeping(database: database, schema: schema)
        guard let stream else { return try bookkeeping.savedStateRows(source: source) }
        let cached = try self.stream(named: stream, source: source)
        let states = try bookkeeping.savedStateRows(source: cached.source)
        if states.contains(where: \.isShared) {
            throw CacheStreamError(.sharedState, stream: stream, source: source, sources: [cached.source])
        }
        return states.filter { !$0.isShared && $0.descriptor == cached.descriptor }
    }
}
