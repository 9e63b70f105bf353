extension WriteLoop {
    /// One line about the sync so far: records per stream, STATEs
    /// acknowledged, commits, time taken.
    package var summary: String {
        let total = recordsPerStream.reduce(0, +)
        var text = "Wrote \(total) record\(total == 1 ? "" : "s")"
        if !recordsPerStream.isEmpty {
            let streams = zip(router.descriptors, recordsPerStream).map { "\($0): \($1)" }
            text += " (\(streams.joined(separator: ", ")))"
        }
        if ignoredRecords > 0 {
            text +=
                ", ignored \(ignoredRecords) record\(ignoredRecords == 1 ? "" : "s") of \(ignoredStreams.count) stream\(ignoredStreams.count == 1 ? "" : "s") not in the catalog"
        }
        text += "; acknowledged \(acknowledgedStates) state\(acknowledgedStates == 1 ? "" : "s")"
        text += " after \(commits) commit\(commits == 1 ? "" : "s") in \((now() - started).shortDescription)."
        return text
    }
}
