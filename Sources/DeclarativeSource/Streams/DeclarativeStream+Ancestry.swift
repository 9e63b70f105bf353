extension DeclarativeStream {
    /// The streams read to make this stream's partitions: its parents, theirs, and so on.
    var ancestorNames: Set<String> {
        var names: Set<String> = []
        for parent in parentStreams {
            names.insert(parent.name)
            names.formUnion(parent.ancestorNames)
        }
        return names
    }

    /// The parent streams its partition router reads.
    var parentStreams: [DeclarativeStream] {
        switch slicing {
        case .router(let router): return router.parentStreams
        case .perPartition(let cursor): return cursor.router.parentStreams
        case .cursor, .incrementingCount: return []
        }
    }
}
