/// The CDK's `StreamSlice` (see ``JinjaValue/streamSlice(partition:cursorSlice:extraFields:)``).
struct StreamSlice: Sendable {
    let partition: JinjaDict
    let cursorSlice: JinjaDict
    let extraFields: JinjaDict
    /// `dict(partition) | dict(cursor_slice)`.
    let merged: JinjaDict

    init(partition: JinjaDict, cursorSlice: JinjaDict, extraFields: JinjaDict) {
        self.partition = partition
        self.cursorSlice = cursorSlice
        self.extraFields = extraFields
        var merged = partition
        for (key, value) in cursorSlice.items { merged[key] = value }
        self.merged = merged
    }
}
