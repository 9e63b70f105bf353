import AirbyteProtocol
package import Foundation
package import PlatformStore

/// A job with its attempts and their counts added up: a row of a job history,
/// or the job page.
package struct JobDetails: Sendable, Hashable {
    /// The job.
    package var job: Job
    /// Its attempts, first first.
    package var attempts: [Attempt]

    package init(job: Job, attempts: [Attempt]) {
        self.job = job
        self.attempts = attempts
    }

    /// Every attempt's counts added up: Airbyte's `aggregatedStats` (a retried
    /// attempt resumes from the last committed state, so each attempt's
    /// committed records are new rows).
    package var totals: StreamStats { StreamStats.total(of: attempts.map(\.totals)) }

    /// Each stream's counts over every attempt, in the order the streams first appear.
    package var streams: [StreamStats] {
        var order: [StreamDescriptor] = []
        var byStream: [StreamDescriptor: StreamStats] = [:]
        for stats in attempts.flatMap(\.streamStats) {
            let descriptor = StreamDescriptor(name: stats.name, namespace: stats.namespace)
            if byStream[descriptor] == nil { order.append(descriptor) }
            var total = StreamStats.total(of: [byStream[descriptor] ?? StreamStats(name: stats.name), stats])
            total.name = stats.name
            total.namespace = stats.namespace
            byStream[descriptor] = total
        }
        return order.compactMap { byStream[$0] }
    }

    /// Why its last attempt failed, if it did.
    package var failure: FailureReason? { attempts.last?.failure }

    /// How long it ran: from its first attempt's start (or its creation) to its
    /// end, or to `now` while it runs; `nil` while it has not started.
    package func duration(now: Date) -> TimeInterval? {
        guard let start = job.startedAt ?? attempts.first?.createdAt else { return nil }
        let end = job.endedAt ?? (job.status.isTerminal ? job.updatedAt : now)
        return max(0, end.timeIntervalSince(start))
    }
}

/// One page of a connection's jobs, newest first, and how many there are in all.
package struct JobHistoryPage: Sendable, Hashable {
    /// The page's jobs.
    package var jobs: [JobDetails]
    /// Jobs of the connection in all (for paging).
    package var total: Int
}
