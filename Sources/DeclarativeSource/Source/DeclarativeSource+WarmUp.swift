extension DeclarativeSource {
    /// Readies the HTTP client (event loops, a connection's handlers) on the calling thread, so
    /// that a read started next does not pay for their first use. For a command that reads
    /// while another task loads the manifest: a warm-up, never needed for correctness.
    public static func warmUpHTTPClient() {
        HTTP1Client.warmUp()
    }
}
