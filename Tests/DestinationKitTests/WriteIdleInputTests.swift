import DestinationKit
import DestinationKitCommand
import Dispatch
import Foundation
import Synchronization
import Testing

/// A source that pauses: the kit must commit and acknowledge while it waits,
/// not only when the next message or the end of input comes.
@Suite struct WriteIdleInputTests {
    @Test func idleInputStillGetsCommitsAndAcknowledgements() throws {
        let harness = try CommandHarness()
        let config = JSONValue.recording(["minimum_commit_interval_ms": 200, "maximum_commit_interval_ms": 300])
        try harness.file("config.json", config.jsonText)
        try harness.file("catalog.json", ConfiguredAirbyteCatalog.streams("users").json.jsonText)
        let input = try PipeEnds.make()
        let output = try PipeEnds.make()
        let command = BackgroundCommand(
            arguments: ["write", "--config", harness.path("config.json"), "--catalog", harness.path("catalog.json")],
            input: input.readEnd, output: output.writeEnd)
        let lines = LineCollector(descriptor: output.readEnd)

        // Records and no STATE: committed after the maximum interval, input still open.
        input.send([Line.record("users", "u1"), Line.record("users", "u2")])
        #expect(lines.wait(for: "recording: commit 1 [u1, u2]") != nil)

        // A STATE right after a commit waits out the minimum interval, then is acknowledged while input is open.
        let state = Line.streamState("users", 1)
        input.send([Line.record("users", "u3"), state])
        #expect(lines.wait(for: "recording: commit 2 [u3]") != nil)
        #expect(lines.wait(for: Line.echo(state, 3), exact: true) != nil)

        close(input.writeEnd)
        #expect(command.wait() == 0)
        #expect(lines.wait(for: "recording: close") != nil)
        close(input.readEnd)
        close(output.readEnd)
        close(output.writeEnd)
    }
}

/// A pipe's two descriptors.
struct PipeEnds {
    var readEnd: Int32
    var writeEnd: Int32

    static func make() throws -> PipeEnds {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return PipeEnds(readEnd: descriptors[0], writeEnd: descriptors[1])
    }

    /// Writes `lines`, each with a newline.
    func send(_ lines: [String]) {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// `DestinationCommand.run` on a thread of its own, as a process would run.
final class BackgroundCommand: Sendable {
    private let code = Mutex<Int32?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(arguments: [String], input: Int32, output: Int32) {
        Thread.detachNewThread { [self] in
            let result = DestinationCommand<RecordingDestination>.run(
                arguments: arguments, input: input, output: output,
                error: STDERR_FILENO)
            code.withLock { $0 = result }
            done.signal()
        }
    }

    /// The exit code, once the command returns (at most 30 s).
    func wait() -> Int32? {
        guard done.wait(timeout: .now() + 30) == .success else { return nil }
        return code.withLock { $0 }
    }
}

/// Reads lines from a descriptor as they come.
final class LineCollector {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private(set) var lines: [String] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The first line (already read or arriving within `timeout`) that contains
    /// `text` — or equals it, when `exact` — or nil.
    func wait(for text: String, exact: Bool = false, timeout: Duration = .seconds(20)) -> String? {
        let deadline = ContinuousClock.now + timeout
        var checked = 0
        while true {
            while checked < lines.count {
                let line = lines[checked]
                checked += 1
                if exact ? line == text : line.contains(text) { return line }
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + 1)
            guard poll(&request, 1, milliseconds) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            guard count > 0 else { return nil }
            pending += chunk[..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
    }
}
