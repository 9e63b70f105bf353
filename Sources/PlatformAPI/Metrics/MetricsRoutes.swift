import Hummingbird

/// `GET /metrics`: Prometheus' text format (see ``PlatformMetrics``).
struct MetricsRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get("metrics") { _, _ in
            guard let metrics = api.metrics else { throw APIProblem.noRoute(.get, "/metrics") }
            let text = try await metrics.scrape(store: api.store, now: api.now)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
