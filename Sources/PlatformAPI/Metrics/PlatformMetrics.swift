package import Foundation
package import PlatformStore
package import Prometheus

/// The platform's Prometheus metrics, served at `/metrics`.
///
/// Counted as jobs end in this process (by ``MetricsNotificationSink``):
/// - `swiftbyte_jobs_completed_total{status, type}`: jobs that succeeded or failed;
/// - `swiftbyte_records_synced_total`, `swiftbyte_bytes_synced_total`: what destinations committed;
/// - `swiftbyte_sync_duration_seconds`: from a job's first attempt to its end (a histogram);
/// - `swiftbyte_scheduler_lag_seconds`: from a scheduled job's due time to its first attempt (a histogram).
///
/// Read from the store at each scrape (so they are the whole cluster's):
/// - `swiftbyte_jobs{status}`: jobs by status;
/// - `swiftbyte_job_queue_depth`: jobs waiting to run (pending, or incomplete between attempts);
/// - `swiftbyte_scheduler_oldest_waiting_seconds`: how long the oldest due scheduled job has waited.
package final class PlatformMetrics: Sendable {
    /// The registry the metrics live in.
    package let registry: PrometheusCollectorRegistry
    let recordsSynced: Counter
    let bytesSynced: Counter
    let syncDuration: DurationHistogram
    let schedulerLag: DurationHistogram
    let queueDepth: Gauge
    let oldestWaiting: Gauge

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        recordsSynced = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "records_synced", unitName: "total",
                helpText: "Records destinations committed in jobs this process ran"), labels: [])
        bytesSynced = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "bytes_synced", unitName: "total",
                helpText: "Bytes of records destinations committed in jobs this process ran"), labels: [])
        let durations: [Duration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600].map { .seconds($0) }
        syncDuration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "sync_duration", unitName: "seconds",
                helpText: "Duration of jobs from their first attempt to their end"), labels: [], buckets: durations)
        let lags: [Duration] = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300].map { .milliseconds(Int64($0 * 1000)) }
        schedulerLag = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "scheduler_lag", unitName: "seconds",
                helpText: "Delay from a scheduled job's due time to its first attempt"), labels: [], buckets: lags)
        queueDepth = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "job_queue", unitName: "depth",
                helpText: "Jobs waiting to run: pending, or incomplete between attempts"), labels: [])
        oldestWaiting = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "scheduler_oldest_waiting", unitName: "seconds",
                helpText: "How long the oldest due scheduled job has waited to start"), labels: [])
        for status in JobStatus.allCases { _ = jobs(status) }
    }

    /// The gauge of jobs in `status`.
    private func jobs(_ status: JobStatus) -> Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "jobs", unitName: "",
                helpText: "Jobs by status"),
            labels: [("status", status.rawValue)])
    }

    /// The counter of jobs of `type` that ended in `status`.
    private func completed(_ status: JobStatus, type: JobType) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "swiftbyte", metricName: "jobs_completed",
                unitName: "total", helpText: "Jobs that ended, by status and type"),
            labels: [("status", status.rawValue), ("type", type.rawValue)])
    }

    /// Counts a job that ended, with its attempts.
    package func record(_ job: Job, attempts: [Attempt]) {
        completed(job.status, type: job.type).increment()
        let totals = StreamStats.total(of: attempts.map(\.totals))
        recordsSynced.increment(by: totals.recordsCommitted)
        bytesSynced.increment(by: totals.bytesCommitted)
        if let started = job.startedAt, let ended = job.endedAt {
            syncDuration.record(.milliseconds(Int64(max(0, ended.timeIntervalSince(started)) * 1000)))
        }
        if let due = job.scheduledFor, let started = job.startedAt {
            schedulerLag.record(.milliseconds(Int64(max(0, started.timeIntervalSince(due)) * 1000)))
        }
    }

    /// Reads the gauges from the store, then writes every metric in Prometheus' text format.
    package func scrape(store: any PlatformStore, now: Date) async throws -> [UInt8] {
        for status in JobStatus.allCases {
            jobs(status).set(Double(try await store.countJobs(JobFilter(statuses: [status]))))
        }
        let waiting = try await store.jobs(JobFilter(statuses: [.pending, .incomplete], order: .createdAt(ascending: true)))
        queueDepth.set(Double(waiting.count))
        let oldestDue = waiting.filter { $0.trigger == .scheduled && ($0.nextAttemptAt ?? .distantPast) <= now }
            .compactMap(\.scheduledFor).min()
        oldestWaiting.set(oldestDue.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
