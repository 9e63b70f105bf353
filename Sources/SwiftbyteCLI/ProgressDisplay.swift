import Foundation
import Logging
import Swiftbyte

/// Shows a ``ReadProgress`` on stderr and owns stderr while it runs, so
/// connector logs and progress do not garble each other.
///
/// - On a terminal: one line per stream with its records and rate, redrawn at
///   most four times a second, and cleared at the end (the summary follows).
/// - Otherwise: a line when a stream completes, and the totals at most every
///   ten seconds.
/// - With `--quiet`: nothing; connector logs only when they are errors.
final class ProgressDisplay: @unchecked Sendable {
    // Every mutable field is touched only on `queue`.
    private let queue = DispatchQueue(label: "swiftbyte.progress")
    private let isTerminal: Bool
    private let quiet: Bool
    private var drawnLines = 0
    private var timer: (any DispatchSourceTimer)?
    private var lastTotals = ContinuousClock.now

    /// The model the read feeds; hand it to `read(into:progress:)` or `sync(to:…progress:)`.
    private(set) var progress = ReadProgress()

    init(_ options: OutputOptions, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
        self.quiet = options.quiet
        progress = ReadProgress { [weak self] event in self?.handle(event) }
    }

    /// A logger that writes connectors' lines through this display: INFO and
    /// above, only errors with `--quiet`.
    var logger: Logger {
        LineLogHandler.logger(level: quiet ? .error : .info) { [weak self] line in self?.write(line) }
    }

    /// Writes a line of text, above the live lines on a terminal.
    func write(_ line: String) {
        queue.sync {
            clear()
            FileHandle.standardError.write(Data((line + "\n").utf8))
            if timer != nil, isTerminal { draw() }
        }
    }

    /// Starts redrawing (terminal) or the periodic totals (plain).
    func start() {
        guard !quiet else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.tick() }
        queue.sync { self.timer = timer }
        timer.resume()
    }

    /// Stops and clears the live lines.
    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
            clear()
        }
    }

    private func handle(_ event: ReadProgress.Event) {
        guard !quiet, !isTerminal, case .streamCompleted(let stream) = event else { return }
        write(
            "swiftbyte: \(stream.descriptor): \(stream.recordCount) record(s) in \(RunSummary.format(stream.duration.secondsValue)) s"
                + " (\(RunSummary.format(stream.recordsPerSecond, digits: 0)) records/s)")
    }

    private func tick() {
        if isTerminal {
            clear()
            draw()
        } else if ContinuousClock.now - lastTotals >= .seconds(10) {
            lastTotals = .now
            let snapshot = progress.snapshot()
            let streams = snapshot.streams.filter(\.hasStarted).map { "\($0.descriptor) \($0.recordCount)" }.joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    ("swiftbyte: \(snapshot.recordCount) record(s) so far"
                        + (streams.isEmpty ? "" : " (\(streams))") + ", \(snapshot.savedStates) state(s) saved, "
                        + "\(RunSummary.format(snapshot.elapsed.secondsValue, digits: 0)) s\n").utf8))
        }
    }

    /// Draws one line per stream (on `queue`).
    private func draw() {
        let snapshot = progress.snapshot()
        guard !snapshot.streams.isEmpty else { return }
        let width = snapshot.streams.map(\.descriptor.description.count).max() ?? 0
        var lines = snapshot.streams.map { stream in
            let name = stream.descriptor.description.padding(toLength: width, withPad: " ", startingAt: 0)
            let status =
                stream.isComplete
                ? "done" : stream.hasStarted ? "\(RunSummary.format(stream.recordsPerSecond, digits: 0)) records/s" : "waiting"
            return "  \(name)  \(String(stream.recordCount).leftPadded(to: 10)) records  \(status)"
        }
        lines.append("  \(snapshot.savedStates) state(s) saved, \(RunSummary.format(snapshot.elapsed.secondsValue, digits: 1)) s")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        drawnLines = lines.count
    }

    /// Erases the live lines (on `queue`).
    private func clear() {
        guard isTerminal, drawnLines > 0 else { return }
        FileHandle.standardError.write(Data("\u{1B}[\(drawnLines)F\u{1B}[J".utf8))
        drawnLines = 0
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
