/// Part of an attempt's log file: whole lines, for a page that shows the end
/// of a log and then follows it as it grows.
package struct AttemptLogChunk: Sendable, Hashable {
    /// The lines (secrets were masked when they were written).
    package var text: String
    /// The byte offset of ``text`` in the file.
    package var start: Int64
    /// The byte offset just after ``text``: where to read from next.
    package var end: Int64
    /// The file's size when it was read.
    package var size: Int64

    package init(text: String, start: Int64, end: Int64, size: Int64) {
        self.text = text
        self.start = start
        self.end = end
        self.size = size
    }

    /// Nothing: no log yet.
    package static func empty(at offset: Int64) -> AttemptLogChunk {
        AttemptLogChunk(text: "", start: offset, end: offset, size: offset)
    }
}
