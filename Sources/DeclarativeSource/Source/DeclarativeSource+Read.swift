public import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

extension DeclarativeSource {
    /// Reads the configured streams and writes RECORD, STATE, LOG and TRACE messages to
    /// `sink`. Returns `false` when a stream failed (an error TRACE says which), as the CDK
    /// exits non-zero then.
    ///
    /// As the CDK's concurrent source does, up to `concurrency_level` partitions (2 without
    /// one) are read at once across all streams, and up to half that many streams list their
    /// partitions at once, in the catalog's order. A stream's pages are still requested one
    /// after another (pagination needs the previous page). Memory holds one page per
    /// partition being read, whatever the number of pages.
    public func read(catalog: JSONValue, state: [JSONValue], sink: any MessageSink) async -> Bool {
        let now = options.now
        let output = MessageOutput(sink: sink, nowMilliseconds: { Double(now()) / 1000 }, masker: secretMasker())
        defer { sink.flush() }
        if let problem = configProblems() {
            output.error(SourceFailure.config(problem))
            return false
        }
        let engine = HTTPEngine()
        var context: BuildContext
        let streams: [DeclarativeStream]
        do {
            context = try makeContext(events: output, state: ConnectorStateManager(messages: state), engine: engine)
            context.configuredStreams = Set(
                (catalog["streams"]?.arrayValue ?? []).compactMap { $0["stream"]?["name"]?.stringValue })
            for configured in catalog["streams"]?.arrayValue ?? [] {
                guard let name = configured["stream"]?["name"]?.stringValue else { continue }
                if let fields = configured["cursor_field"]?.arrayValue {
                    context.catalogCursorFields[name] = fields.map { $0.stringValue ?? $0.jsonText }
                }
                context.catalogSchemas[name] = configured["stream"]?["json_schema"]?.objectValue ?? JSONObject()
            }
            streams = try await buildStreams(context)
        } catch {
            output.error(SourceFailure(message: "\(error)", internalMessage: String(reflecting: error), failureType: .systemError))
            await engine.shutdown()
            return false
        }
        let byName = Dictionary(streams.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var selected: [DeclarativeStream] = []
        for case .object(let configured) in catalog["streams"]?.arrayValue ?? [] {
            guard let name = configured["stream"]?["name"]?.stringValue else { continue }
            if let stream = byName[name] {
                selected.append(stream)
            } else {
                output.status("INCOMPLETE", stream: name)
            }
        }
        // A StateDelegatingStream that dropped its state checkpoints `{}` when it is built,
        // before any stream is read.
        for stream in selected where stream.resetsState { output.state(JSONObject(), stream: stream.name) }
        var streamGroups: StreamGroups
        do {
            streamGroups = try StreamGroups(manifest, selected: Set(selected.map(\.name)))
        } catch {
            output.error(SourceFailure(message: "\(error)", internalMessage: String(reflecting: error), failureType: .systemError))
            await engine.shutdown()
            return false
        }
        let concurrency = max(1, concurrencyLevel() ?? options.defaultConcurrency)
        let slots = ReadSlots(concurrency: concurrency)
        var succeeded = [Bool](repeating: true, count: selected.count)
        await withTaskGroup(of: (Int, Bool).self) { group in
            // Streams start in the catalog's order, each once a generator slot is free; a stream
            // whose group is being read goes to the back of the queue (`stream_groups`).
            var queue = Array(selected.indices)
            while !queue.isEmpty {
                await slots.generators.acquire()
                var startable: Int?
                for _ in queue.indices {
                    let index = queue.removeFirst()
                    if streamGroups.canStart(selected[index]) {
                        startable = index
                        break
                    }
                    queue.append(index)
                }
                guard let index = startable else {
                    // Every waiting stream's group is busy: wait for a stream to end.
                    slots.generators.release()
                    guard let (done, ok) = await group.next() else {
                        // Nothing runs, yet the groups say busy: never left waiting silently.
                        let names = queue.map { selected[$0].name }
                        output.error(SourceFailure.system("The streams \(names) could not start: their stream groups stayed busy"))
                        for waiting in queue { succeeded[waiting] = false }
                        break
                    }
                    succeeded[done] = ok
                    streamGroups.finish(selected[done])
                    continue
                }
                let stream = selected[index]
                streamGroups.start(stream)
                group.addTask { (index, await self.readStream(stream, output: output, slots: slots)) }
            }
            for await (index, ok) in group {
                succeeded[index] = ok
                streamGroups.finish(selected[index])
            }
        }
        let failed = zip(selected, succeeded).filter { !$0.1 }.map(\.0.name)
        await engine.shutdown()
        if !failed.isEmpty {
            let names = failed.joined(separator: ", ")
            output.error(
                SourceFailure(
                    message: "During the sync, the following streams did not sync successfully: \(names): [see the errors above]",
                    internalMessage: "Concurrent read failure", failureType: .configError))
            return false
        }
        return true
    }

    /// `concurrency_level.default_concurrency` (a number or a config template), capped by `max_concurrency`.
    func concurrencyLevel() -> Int? {
        guard case .object(let level)? = manifest.root["concurrency_level"] else { return nil }
        var value: Int?
        switch level["default_concurrency"] {
        case .number(let text)?: value = Int(text)
        case .string(let text)?:
            let clock = JinjaClock(epochMicroseconds: options.now)
            let evaluated = try? InterpolatedString(
                text, parameters: level["$parameters"]?.objectValue ?? JSONObject(), in: .airbyte(clock: clock)
            )
            .eval(JinjaValue(config))
            value = evaluated?.intValue ?? Int(evaluated?.description ?? "")
            if let maximum = level["max_concurrency"]?.int64Value, let current = value { value = min(current, Int(maximum)) }
        default: value = nil
        }
        return value
    }

    /// Reads one stream: STARTED, records (RUNNING before the first), states as partitions
    /// close, the final state, then COMPLETE, or an error TRACE and INCOMPLETE. Holds one of
    /// `slots.generators` (taken by the caller) while it lists partitions, and one of
    /// `slots.partitions` for each partition being read.
    private func readStream(_ stream: DeclarativeStream, output: MessageOutput, slots: ReadSlots) async -> Bool {
        output.status("STARTED", stream: stream.name)
        let started = OnceFlag()
        let generating = OnceFlag()
        let releaseGenerator = { if generating.setFirstTime() { slots.generators.release() } }
        defer { releaseGenerator() }
        let emitState: @Sendable (JSONObject) -> Void = { state in output.state(state, stream: stream.name) }
        let firstFailure = FirstFailure()
        do {
            // As the CDK's concurrent read processor: a failed partition marks the stream failed
            // but the others, listed or in flight, are still read; a failed listing stops the
            // listing, and the partitions already started finish.
            await withTaskGroup(of: Void.self) { group in
                do {
                    try await stream.forEachSlice { slice in
                        await slots.partitions.acquire()
                        let placement = EventLoopExecutors.shared.placePartition()
                        group.addTask(executorPreference: placement?.executor) {
                            defer {
                                placement?.finished()
                                slots.partitions.release()
                            }
                            do {
                                try await stream.readPartitionPages(slice) { page in
                                    placement?.pageRead()
                                    // The CDK turns a record into a message with dict(data): a list or
                                    // scalar record fails the stream there.
                                    if page.hasRecordThatIsNotAnObject, let bad = page.values.first(where: { $0.objectValue == nil }) {
                                        throw SourceFailure(
                                            message: "An unexpected error occurred in stream \(stream.name): ValueError",
                                            internalMessage: "A record is not an object: \(bad.jsonText.prefix(200))",
                                            failureType: .systemError, stream: stream.name)
                                    }
                                    if started.setFirstTime() { output.status("RUNNING", stream: stream.name) }
                                    switch page {
                                    case .values(let records):
                                        output.records(records, stream: stream.name)
                                        stream.cursor.observe(records, slice: slice)
                                    case .raw(let records):
                                        output.records(records, stream: stream.name)
                                        stream.cursor.observe(records, slice: slice)
                                    case .withFiles(let records, let fileReferences):
                                        output.records(records, fileReferences: fileReferences, stream: stream.name)
                                        stream.cursor.observe(records, slice: slice)
                                    }
                                }
                                if let state = try stream.cursor.closePartition(slice) { emitState(state) }
                            } catch {
                                firstFailure.record(error)
                            }
                        }
                    }
                } catch {
                    firstFailure.record(error)
                }
                releaseGenerator()
                await group.waitForAll()
            }
            if let failure = firstFailure.error { throw failure }
            emitState(try stream.cursor.finalState())
            output.status("COMPLETE", stream: stream.name)
            return true
        } catch {
            let failure = SourceFailure.from(error, stream: stream.name)
            output.log(.error, "Exception while syncing stream \(stream.name): \(failure.internalMessage)")
            output.error(failure)
            // The CDK still checkpoints what the closed partitions allow before INCOMPLETE.
            if let state = try? stream.cursor.finalState() { emitState(state) }
            output.status("INCOMPLETE", stream: stream.name)
            return false
        }
    }
}

/// How much of a read runs at once (the CDK's `ConcurrencyLevel`): partitions being read,
/// across all streams, and streams listing their partitions.
struct ReadSlots: Sendable {
    let partitions: AsyncSemaphore
    let generators: AsyncSemaphore

    init(concurrency: Int) {
        partitions = AsyncSemaphore(permits: concurrency)
        // The CDK's concurrent source starts max(concurrency_level // 2, 1) partition generators.
        generators = AsyncSemaphore(permits: max(concurrency / 2, 1))
    }
}

/// The first error of a stream (a partition or the listing of partitions): the stream fails with it.
final class FirstFailure: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    var error: (any Error)? { first.withLock { $0 } }

    func record(_ error: any Error) {
        first.withLock { if $0 == nil { $0 = error } }
    }
}

/// True exactly once, for the first caller.
final class OnceFlag: Sendable {
    private let flag = Mutex(false)

    func setFirstTime() -> Bool {
        flag.withLock { flag in
            defer { flag = true }
            return !flag
        }
    }
}
