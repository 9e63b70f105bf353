#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension WriteLoop {
    /// Queues the acknowledgement of a STATE with the records counted since
    /// the previous one, and commits if the last commit is old enough.
    func handle(_ state: AirbyteStateMessage, line: ScannedBytes, lineNumber: Int) throws {
        let recordCount: Int
        if state.effectiveType == .stream {
            guard let descriptor = state.stream?.streamDescriptor, let index = router.index(of: descriptor) else {
                let name = state.stream.map { "\($0.streamDescriptor)" } ?? "?"
                throw ConnectorFailure.config(
                    "The source sent a STATE for stream \(name), which is not in the configured catalog (line \(lineNumber) of the input). The catalog and the source's streams must match.",
                    internalMessage:
                        "STREAM state for \(name) on line \(lineNumber); configured streams: \(router.descriptors.map(\.description).joined(separator: ", "))"
                )
            }
            recordCount = sinceStreamState[index]
            sinceStreamState[index] = 0
        } else {
            // GLOBAL, LEGACY (or no type), and types this kit does not know: the whole connector's state.
            recordCount = sinceGlobalState
            sinceGlobalState = 0
            for index in sinceStreamState.indices { sinceStreamState[index] = 0 }
        }
        let start = pendingEchoes.count
        do {
            try AirbyteStateMessage.appendEchoLine(of: line, recordCount: Double(recordCount), to: &pendingEchoes)
        } catch {
            throw ConnectorFailure.system(
                "The source sent a STATE that cannot be acknowledged on line \(lineNumber) of the input.",
                internalMessage: "line \(lineNumber): \(error)")
        }
        var end = pendingEchoes.count
        if end > start, pendingEchoes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        pendingAcknowledgements.append(
            AcknowledgedState(
                state: state, recordCount: recordCount, echoLine: String(decoding: pendingEchoes[start..<end], as: UTF8.self)))
        pendingStates += 1
        if now() - lastCommit >= policy.minimumInterval { try commit() }
    }

    /// Commits the records written since the last commit (if any), then writes
    /// out the acknowledgements of the STATEs read before them, in order.
    func commit() throws {
        if uncommittedRecords > 0 {
            do {
                try writer.commit()
            } catch {
                throw WriterFailure(operation: "commit()", underlying: error)
            }
            commits += 1
            uncommittedRecords = 0
        }
        lastCommit = now()
        guard pendingStates > 0 else { return }
        let acknowledged = pendingAcknowledgements
        let echoes = pendingEchoes
        acknowledgedStates += pendingStates
        pendingEchoes.removeAll(keepingCapacity: true)
        pendingAcknowledgements.removeAll(keepingCapacity: true)
        pendingStates = 0
        try sink.acknowledge(acknowledged, echoLines: echoes)
        try sink.flush()
    }

    /// Called when no whole line is buffered, before the reader reads: commits
    /// what the policy says is due, flushes the output, and, on a file
    /// descriptor, waits for input no longer than the next commit is due.
    func inputDrained() throws {
        if let due = commitDue(), due <= now() { try commit() }
        try sink.flush()
        while let due = commitDue() {
            let remaining = due - now()
            if remaining > .zero, input.waitForInput(timeout: remaining) { return }
            if due <= now() {
                try commit()
                try sink.flush()
            }
        }
    }

    /// When the next commit is due without new input: STATEs wait at most the
    /// minimum interval, records at most the maximum interval; nil when nothing waits.
    private func commitDue() -> Duration? {
        if pendingStates > 0 { return lastCommit + policy.minimumInterval }
        if uncommittedRecords > 0 { return lastCommit + policy.maximumInterval }
        return nil
    }

}
