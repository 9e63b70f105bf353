internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
import Synchronization

/// The CDK's `StreamSlice`: a partition (from partition routers), a cursor slice (a time
/// window) and extra fields (values passed along, not part of the partition's identity).
struct StreamSlice: Sendable, Hashable {
    var partition: JSONObject { didSet { made = MadeValue() } }
    var cursorSlice: JSONObject { didSet { made = MadeValue() } }
    var extraFields: JSONObject { didSet { made = MadeValue() } }

    /// ``jinja``, once made, and values ``memoized(for:_:)``: a slice is read page after
    /// page, and every page's request and records see it. Copies share them until one of
    /// them changes.
    private var made = MadeValue()
    private final class MadeValue: Sendable {
        let value = Mutex<JinjaValue?>(nil)
        /// Each owner's value; the owner is held, so no other object can take its identity.
        let memo = Mutex<[(owner: any AnyObject & Sendable, value: JinjaValue)]>([])
    }

    /// At most this many owners keep a value with one slice (a stream has a few templates).
    private static let memoizedOwners = 8

    /// `make()`'s value, made once for this slice and `owner` (an object that stands for
    /// what `make` computes). For values that depend only on the slice and constants.
    func memoized(for owner: any AnyObject & Sendable, _ make: () throws(TemplateError) -> JinjaValue) throws(TemplateError) -> JinjaValue {
        if let value = made.memo.withLock({ $0.first { $0.owner === owner }?.value }) { return value }
        let value = try make()
        made.memo.withLock { memo in
            if memo.count < Self.memoizedOwners, !memo.contains(where: { $0.owner === owner }) { memo.append((owner, value)) }
        }
        return value
    }

    init(partition: JSONObject = JSONObject(), cursorSlice: JSONObject = JSONObject(), extraFields: JSONObject = JSONObject()) {
        self.partition = partition
        self.cursorSlice = cursorSlice
        self.extraFields = extraFields
    }

    static let empty = StreamSlice()

    /// The merged mapping the slice is as a `Mapping`: partition keys, then cursor keys.
    var merged: JSONObject {
        var merged = partition
        for (key, value) in cursorSlice { merged[key] = value }
        return merged
    }

    /// `stream_slice.get(key)`.
    subscript(key: String) -> JSONValue? { cursorSlice[key] ?? partition[key] }

    /// Truthiness: keys or extra fields.
    var isTruthy: Bool { !partition.isEmpty || !cursorSlice.isEmpty || !extraFields.isEmpty }

    /// The slice as templates see it.
    var jinja: JinjaValue {
        if let value = made.value.withLock({ $0 }) { return value }
        let value = JinjaValue.streamSlice(
            partition: partition.map { ($0.key, JinjaValue($0.value)) },
            cursorSlice: cursorSlice.map { ($0.key, JinjaValue($0.value)) },
            extraFields: extraFields.map { ($0.key, JinjaValue($0.value)) })
        made.value.withLock { $0 = value }
        return value
    }

    /// `get_interpolation_context(stream_slice=..., next_page_token=...)`: the slice, the
    /// token, and the slice's extra fields as top-level names.
    func interpolationContext(nextPageToken: JinjaValue? = nil) -> InterpolationContext {
        var context: InterpolationContext = ["stream_slice": jinja, "next_page_token": nextPageToken ?? .none]
        for (key, value) in extraFields { context[key] = JinjaValue(value) }
        return context
    }

    static func == (lhs: StreamSlice, rhs: StreamSlice) -> Bool {
        lhs.partition == rhs.partition && lhs.cursorSlice == rhs.cursorSlice
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(partition)
        hasher.combine(cursorSlice)
    }
}
