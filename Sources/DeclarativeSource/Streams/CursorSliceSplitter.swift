/// What `SPLIT_USING_CURSOR` needs of a datetime cursor (`ConcurrentCursor.reduce_slice_range`):
/// its field, how it reads and writes values, and the slice's bound names.
struct CursorSliceSplitter: Sendable {
    let cursorField: String
    let converter: DatetimeStateConverter
    let startField: String
    let endField: String
}
