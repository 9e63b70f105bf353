extension MessageSink {
    /// Writes a LOG message at `level` and flushes, for callers outside a read (the CLI).
    public func writeLog(_ level: SourceLogLevel, _ message: String) {
        MessageOutput(outsideAReadFor: self).log(level, message)
    }
}
