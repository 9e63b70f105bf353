package import Platform

/// Counts each job that ends in ``PlatformMetrics``, then passes the event on
/// (to the webhooks), so metrics need nothing of the domain but its events.
package struct MetricsNotificationSink: NotificationSink {
    let metrics: PlatformMetrics
    let next: any NotificationSink

    package init(metrics: PlatformMetrics, forwardingTo next: any NotificationSink) {
        self.metrics = metrics
        self.next = next
    }

    package func notify(_ event: PlatformEvent) async {
        switch event {
        case .jobSucceeded(let summary), .jobFailed(let summary):
            metrics.record(summary.job, attempts: summary.attempts)
        case .connectionDisabled:
            break
        }
        await next.notify(event)
    }
}
