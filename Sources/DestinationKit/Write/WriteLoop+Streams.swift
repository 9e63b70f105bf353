import Logging

extension WriteLoop {
    /// Hands a record to the writer and counts it; commits when the writer
    /// holds more than the policy allows.
    @inline(__always)
    func handle(_ record: ScannedRecord) throws {
        let index = router.index(of: record)
        guard index >= 0 else { return ignore(record) }
        do {
            try writer.write(record, stream: index)
        } catch {
            throw WriterFailure(operation: "write(_:stream:)", stream: router.descriptors[index], underlying: error)
        }
        sinceStreamState[index] &+= 1
        sinceGlobalState &+= 1
        uncommittedRecords &+= 1
        recordsPerStream[index] &+= 1
        if writer.uncommittedBytes >= policy.maximumUncommittedBytes { try commit() }
    }

    private func ignore(_ record: ScannedRecord) {
        ignoredRecords += 1
        if ignoredStreams.insert(record.streamDescriptor).inserted {
            log.warning("Ignoring the records of stream \(record.streamDescriptor): it is not in the configured catalog.")
        }
    }

    /// COMPLETE: commit, then complete the stream. INCOMPLETE: abandon it.
    /// STARTED, RUNNING: note that the source sends statuses for it, so that
    /// the end of the input does not complete it.
    func handle(_ status: AirbyteStreamStatusTraceMessage) throws {
        let descriptor = status.streamDescriptor
        guard let index = router.index(of: descriptor) else {
            if ignoredStatusStreams.insert(descriptor).inserted {
                log.warning("Ignoring the status of stream \(descriptor): it is not in the configured catalog.")
            }
            return
        }
        switch status.status {
        case .complete:
            guard !progress[index].isFinished else {
                return log.warning("Ignoring a second final status (COMPLETE) for stream \(descriptor).")
            }
            try commit()
            try complete(stream: index)
        case .incomplete:
            guard !progress[index].isFinished else {
                return log.warning("Ignoring a second final status (INCOMPLETE) for stream \(descriptor).")
            }
            progress[index] = .abandoned
            do {
                try writer.abandonStream(index)
            } catch {
                throw WriterFailure(operation: "abandonStream(_:)", stream: descriptor, underlying: error)
            }
        default:
            if progress[index] == .noStatus { progress[index] = .started }
        }
    }

    /// Completes a stream whose records are all committed.
    func complete(stream index: Int) throws {
        progress[index] = .completed
        completedAfter[index] = now() - started
        do {
            try writer.completeStream(index)
        } catch {
            throw WriterFailure(operation: "completeStream(_:)", stream: router.descriptors[index], underlying: error)
        }
    }
}
