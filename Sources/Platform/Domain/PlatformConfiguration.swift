package import Foundation
package import PlatformStore

/// How the platform runs: its folder, its workers and their timings, and the
/// defaults connections may override. Tests shorten the timings and inject the clock.
package struct PlatformConfiguration: Sendable {
    /// The server's folder (`.swiftbyte`): `platform.sqlite`, `secret.key`, `logs/`.
    package var folder: String
    /// Jobs run at once by this process.
    package var workers: Int
    /// How long a claimed job stays this worker's without a heartbeat.
    package var leaseDuration: Duration = .seconds(30)
    /// How often a running attempt renews its lease, records its counts and
    /// learns of a cancel asked for by another process.
    package var heartbeatInterval: Duration = .seconds(5)
    /// How often an idle worker looks for a job (a job queued by this process wakes it at once).
    package var pollInterval: Duration = .seconds(1)
    /// How often expired leases (of dead workers anywhere) are taken back.
    package var recoveryInterval: Duration = .seconds(10)
    /// Attempts and backoff of a connection without its own policy (Airbyte's defaults).
    package var retryPolicy: RetryPolicy = .airbyteDefault
    /// Failed jobs in a row that disable a connection without its own threshold.
    package var failureThreshold: Int = 3
    /// How long a connector asked to stop (cancel, shutdown) has before SIGKILL.
    package var terminationGracePeriod: Duration = .seconds(10)
    /// Connectors named by Airbyte's types, and where the built-in DuckDB destination is.
    package var definitions: DefinitionCatalog = DefinitionCatalog()
    /// The time (injected by tests).
    package var clock: @Sendable () -> Date = { Date() }
    /// This process's worker id, `host:pid:nonce`.
    package var workerID: String = WorkerIdentity.current

    /// A configuration with the given folder and workers and default timings.
    package init(folder: String, workers: Int = 2) {
        self.folder = folder
        self.workers = max(0, workers)
    }

    /// Where attempt logs go: `<folder>/logs`.
    package var logsFolder: String { "\(folder)/logs" }

    /// An attempt's log file, relative to ``folder`` (as attempts record it).
    package static func logPath(job: JobID, attempt: Int) -> String { "logs/\(job)/\(attempt).log" }

    /// A path an attempt records, made absolute.
    package func absolutePath(_ path: String) -> String { path.hasPrefix("/") ? path : "\(folder)/\(path)" }
}
