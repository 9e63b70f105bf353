internal import Foundation

extension MessageSink {
    /// Writes a LOG message at `level` and flushes, for callers outside a read (the CLI).
    public func writeLog(_ level: SourceLogLevel, _ message: String) {
        let output = MessageOutput(sink: self, nowMilliseconds: { (Date().timeIntervalSince1970 * 1000).rounded(.towardZero) })
        output.log(level, message)
        flush()
    }
}
