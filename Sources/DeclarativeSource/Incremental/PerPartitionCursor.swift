internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// The CDK's `ConcurrentPerPartitionCursor`: a datetime cursor per partition, a global
/// cursor (the highest value seen, the seed for new partitions), the parent streams' state,
/// and the state shape
/// `{"use_global_cursor", "states": [{"partition", "cursor"}], "state", "lookback_window", "parent_state"}`.
final class PerPartitionCursor: StreamCursor {
    static let switchToGlobalLimit = 10_000
    static let maximumPartitions = 25_000

    let router: any PartitionRouter
    let cursorFieldKey: String
    let converter: DatetimeStateConverter
    /// Builds a partition's cursor from its state and a runtime lookback in seconds.
    let makeCursor: @Sendable (JSONObject, Int) throws -> DatetimeCursor

    private struct PartitionEntry {
        var partition: JSONObject
        var cursor: DatetimeCursor
    }

    private struct State {
        var globalCursor: JSONObject = JSONObject()
        var newGlobalCursor: JSONObject?
        var lookbackWindow = 0
        var parentState: JSONObject?
        var useGlobalCursor: Bool
        var cursors: [String: PartitionEntry] = [:]
        var order: [String] = []
        var openSlices: [String: Int] = [:]
        var doneGenerating: Set<String> = []
        var numberOfPartitions = 0
        var timerStart: ContinuousClock.Instant?
        var syncedSomeData = false
        var lastEmission: Double = 0
    }

    private let state: Mutex<State>

    var cursorField: String? { cursorFieldKey }

    init(
        router: any PartitionRouter, cursorField: String, converter: DatetimeStateConverter, useGlobalCursor: Bool,
        streamState: JSONObject, makeCursor: @escaping @Sendable (JSONObject, Int) throws -> DatetimeCursor
    ) throws {
        self.router = router
        cursorFieldKey = cursorField
        self.converter = converter
        self.makeCursor = makeCursor
        var initial = State(useGlobalCursor: useGlobalCursor)
        if !streamState.isEmpty {
            if streamState["states"] == nil && streamState["state"] == nil {
                try Self.setGlobal(streamState, &initial, cursorField, converter)
            } else {
                initial.useGlobalCursor = streamState["use_global_cursor"]?.boolValue ?? false
                initial.lookbackWindow = Int(streamState["lookback_window"]?.int64Value ?? 0)
                for case .object(let entry) in streamState["states"]?.arrayValue ?? [] {
                    let partition = entry["partition"]?.objectValue ?? JSONObject()
                    let key = PartitionKey.make(partition)
                    initial.numberOfPartitions += 1
                    let cursor = try makeCursor(entry["cursor"]?.objectValue ?? JSONObject(), 0)
                    if initial.cursors[key] == nil { initial.order.append(key) }
                    initial.cursors[key] = PartitionEntry(partition: PartitionKey.partition(key), cursor: cursor)
                }
                if case .object(let global)? = streamState["state"] {
                    try Self.setGlobal(global, &initial, cursorField, converter)
                }
            }
            if case .object(let parent)? = streamState["parent_state"], !parent.isEmpty {
                initial.parentState = parent
            }
        }
        state = Mutex(initial)
    }

    private static func setGlobal(_ streamState: JSONObject, _ state: inout State, _ field: String, _ converter: DatetimeStateConverter)
        throws
    {
        guard let value = streamState[field] else { return }
        let fixed = JSONObject([(field, .string(converter.output(try converter.parse(value))))])
        state.globalCursor = fixed
        state.newGlobalCursor = fixed
    }

    /// `stream_slices`: each partition's time windows.
    func forEachSlice(_ body: (StreamSlice) async throws -> Void) async throws {
        state.withLock { $0.timerStart = .now }
        try await router.forEachPartition { partition in
            let key = PartitionKey.make(partition.partition)
            let cursor: DatetimeCursor? = try state.withLock { state in
                if !state.useGlobalCursor && state.numberOfPartitions > Self.switchToGlobalLimit {
                    state.useGlobalCursor = true
                }
                while state.cursors.count > Self.maximumPartitions - 1 {
                    let victim = state.order.first(where: { state.openSlices[$0] == nil }) ?? state.order[0]
                    state.cursors[victim] = nil
                    state.order.removeAll { $0 == victim }
                }
                if state.openSlices[key] != nil { return nil }  // a duplicate partition
                let cursor: DatetimeCursor
                if let existing = state.cursors[key] {
                    cursor = existing.cursor
                } else {
                    cursor = try makeCursor(state.globalCursor, state.globalCursor.isEmpty ? 0 : state.lookbackWindow)
                    state.numberOfPartitions += 1
                    state.cursors[key] = PartitionEntry(partition: partition.partition, cursor: cursor)
                    state.order.append(key)
                }
                state.openSlices[key] = 0
                return cursor
            }
            guard let cursor else { return }
            let windows = try cursor.slices()
            for (index, window) in windows.enumerated() {
                state.withLock { state in
                    state.openSlices[key, default: 0] += 1
                    if index == windows.count - 1 { state.doneGenerating.insert(key) }
                }
                try await body(
                    StreamSlice(partition: partition.partition, cursorSlice: window.cursorSlice, extraFields: partition.extraFields))
            }
            if windows.isEmpty {
                // No window for this partition: it is done and closed at once.
                state.withLock { state in
                    state.openSlices[key] = nil
                }
            }
        }
    }

    func observe(_ record: JSONValue, slice: StreamSlice) {
        guard let raw = record[cursorFieldKey], raw != .null, let parsed = try? converter.parse(raw) else { return }
        let formatted = converter.output(parsed)
        let key = PartitionKey.make(slice.partition)
        let cursor: DatetimeCursor? = state.withLock { state in
            state.syncedSomeData = true
            Self.updateGlobal(formatted, &state, cursorFieldKey)
            return state.useGlobalCursor ? nil : state.cursors[key]?.cursor
        }
        cursor?.observe(record, slice: slice)
    }

    /// Never given raw pages (``RawRecordPath`` takes only cursors that read one field); parsed if it were.
    func observe(_ records: RawRecords, slice: StreamSlice) {
        observe(RecordPage.raw(records).values, slice: slice)
    }

    private static func updateGlobal(_ value: String, _ state: inout State, _ field: String) {
        if let current = state.newGlobalCursor?[field]?.stringValue, !(current < value) { return }
        state.newGlobalCursor = JSONObject([(field, .string(value))])
    }

    func closePartition(_ slice: StreamSlice) throws -> JSONObject? {
        let key = PartitionKey.make(slice.partition)
        let (cursor, useGlobal) = state.withLock { state in
            state.openSlices[key, default: 1] -= 1
            return (state.cursors[key]?.cursor, state.useGlobalCursor)
        }
        if !useGlobal, let cursor {
            _ = try cursor.closePartition(slice)
        }
        return try state.withLock { state in
            if state.doneGenerating.contains(key), state.openSlices[key] == 0 {
                if !useGlobal, let value = try state.cursors[key]?.cursor.currentState()[cursorFieldKey]?.stringValue {
                    Self.updateGlobal(value, &state, cursorFieldKey)
                }
                state.openSlices[key] = nil
                state.doneGenerating.remove(key)
            }
            // Throttled to one state message every ten minutes.
            let now = Date().timeIntervalSince1970
            guard now - state.lastEmission > 600 else { return nil }
            state.lastEmission = now
            if state.useGlobalCursor && (state.parentState?.isEmpty ?? true) { return nil }
            return try stateObject(state)
        }
    }

    func currentState() throws -> JSONObject { try state.withLock { try stateObject($0) } }

    func finalState() throws -> JSONObject {
        let allClosed = state.withLock { state in state.openSlices.values.allSatisfy { $0 <= 0 } }
        if allClosed {
            let parent = try router.parentState()
            state.withLock { state in
                if state.syncedSomeData {
                    state.globalCursor = state.newGlobalCursor ?? JSONObject()
                    if let start = state.timerStart {
                        let elapsed = ContinuousClock.now - start
                        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                        state.lookbackWindow = Int(seconds.rounded(.up))
                    }
                }
                state.parentState = parent
            }
        }
        return try currentState()
    }

    private func stateObject(_ state: State) throws -> JSONObject {
        var result = JSONObject()
        result["use_global_cursor"] = .bool(state.useGlobalCursor)
        if !state.useGlobalCursor {
            var states: [JSONValue] = []
            for key in state.order {
                guard let entry = state.cursors[key] else { continue }
                let cursorState = try entry.cursor.currentState()
                if !cursorState.isEmpty {
                    states.append(
                        .object(JSONObject([("partition", .object(PartitionKey.partition(key))), ("cursor", .object(cursorState))])))
                }
            }
            result["states"] = .array(states)
        }
        if !state.globalCursor.isEmpty { result["state"] = .object(state.globalCursor) }
        result["lookback_window"] = .number(String(state.lookbackWindow))
        if let parent = state.parentState { result["parent_state"] = .object(parent) }
        return result
    }

    /// The global cursor (`state`) read as the partitions' cursor reads a state.
    func cursorDatetime(fromState state: JSONObject, now: PythonDatetime) -> PythonDatetime? {
        guard case .object(let global)? = state["state"], !global.isEmpty else { return nil }
        return converter.cursorDatetime(fromState: global, cursorField: cursorFieldKey)
    }

    func shouldBeSynced(_ record: JSONValue, slice: StreamSlice) -> Bool {
        let key = PartitionKey.make(slice.partition)
        let (cursor, global, lookback, useGlobal) = state.withLock {
            ($0.cursors[key]?.cursor, $0.globalCursor, $0.lookbackWindow, $0.useGlobalCursor)
        }
        if !useGlobal, let cursor { return cursor.shouldBeSynced(record, slice: slice) }
        guard let fresh = try? makeCursor(global, global.isEmpty ? 0 : lookback) else { return true }
        return fresh.shouldBeSynced(record, slice: slice)
    }
}

/// `PerPartitionKeySerializer`: a partition as `json.dumps(sort_keys=True, separators=(",", ":"))`.
enum PartitionKey {
    static func make(_ partition: JSONObject) -> String {
        sortedText(.object(partition))
    }

    static func partition(_ key: String) -> JSONObject {
        (try? JSONValue(parsing: key))?.objectValue ?? JSONObject()
    }

    private static func sortedText(_ value: JSONValue) -> String {
        switch value {
        case .object(let object):
            let members = object.keys.sorted().map { key in
                var encoded = ""
                PythonJSON.writeString(key, into: &encoded)
                return encoded + ":" + sortedText(object[key]!)
            }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map(sortedText).joined(separator: ",") + "]"
        case .string(let text):
            var encoded = ""
            PythonJSON.writeString(text, into: &encoded)
            return encoded
        default:
            return value.jsonText
        }
    }
}
