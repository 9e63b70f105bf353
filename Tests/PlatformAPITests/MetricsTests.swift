import Foundation
import PlatformAPI
import PlatformStore
import Testing

/// `/metrics` in Prometheus' format, with the jobs the store holds and the jobs this process finished.
@Suite(.serialized) struct MetricsTests {
    @Test func jobsByStatusQueueDepthAndCompletedJobs() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            let connection = try await createConnection(client)
            try await client.post("/api/public/v1/jobs", ["connectionId": .string(connection), "jobType": "sync"])
            let text = try await client.get("/metrics").text
            #expect(text.contains(#"swiftbyte_jobs{status="pending"} 1"#), "\(text)")
            #expect(text.contains("swiftbyte_job_queue_depth 1"))

            let job = try #require(try await harness.store.jobs().first)
            var finished = job
            finished.status = .succeeded
            finished.startedAt = job.createdAt
            finished.endedAt = job.createdAt.addingTimeInterval(42)
            finished.scheduledFor = job.createdAt.addingTimeInterval(-3)  // its first attempt started 3 s after it was due
            let attempt = Attempt(
                jobID: job.id, number: 0, status: .succeeded, worker: "w", logPath: nil,
                streamStats: [StreamStats(name: "users", recordsCommitted: 100, bytesCommitted: 5000)],
                createdAt: job.createdAt)
            harness.api.metrics?.record(finished, attempts: [attempt])
            let after = try await client.get("/metrics").text
            #expect(after.contains(#"swiftbyte_jobs_completed_total{status="succeeded",type="sync"} 1"#), "\(after)")
            #expect(after.contains("swiftbyte_records_synced_total 100"))
            #expect(after.contains("swiftbyte_bytes_synced_total 5000"))
            #expect(after.contains(#"swiftbyte_sync_duration_seconds_bucket{le="60.0"} 1"#))
            #expect(after.contains(#"swiftbyte_scheduler_lag_seconds_bucket{le="2.0"} 0"#), "\(after)")
            #expect(after.contains(#"swiftbyte_scheduler_lag_seconds_bucket{le="5.0"} 1"#))
            #expect(after.contains("swiftbyte_scheduler_oldest_waiting_seconds 0"))
        }
    }
}
