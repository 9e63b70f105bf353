/// Where the write loop sends acknowledged STATEs: the command's stdout, or an
/// in-process caller's closure.
package protocol AcknowledgementSink: AnyObject {
    /// The STATEs just acknowledged, in order, and their echo lines (each ending in a newline), concatenated.
    func acknowledge(_ states: [AcknowledgedState], echoLines: [UInt8]) throws
    /// Writes out what is buffered.
    func flush() throws
}

extension ProtocolOutput: AcknowledgementSink {
    package func acknowledge(_ states: [AcknowledgedState], echoLines: [UInt8]) throws {
        emitLines(echoLines)
    }
}

/// Hands each acknowledged STATE to a closure.
final class ClosureAcknowledgementSink: AcknowledgementSink {
    let body: (AcknowledgedState) throws -> Void

    init(_ body: @escaping (AcknowledgedState) throws -> Void) {
        self.body = body
    }

    func acknowledge(_ states: [AcknowledgedState], echoLines: [UInt8]) throws {
        for state in states { try body(state) }
    }

    func flush() throws {}
}
