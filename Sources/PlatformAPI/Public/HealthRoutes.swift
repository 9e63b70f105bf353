import AirbyteProtocol
import Hummingbird
import Logging
import PlatformStore

/// `GET /health`: `{"available": true}` when the server answers and its database does.
struct HealthRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get("health") { _, context in
            do {
                _ = try await api.store.schemaVersion()
                return JSONResponse.make(["available": true])
            } catch {
                context.logger.warning("health check: the database does not answer", metadata: ["error": "\(error)"])
                return JSONResponse.make(["available": false], status: .serviceUnavailable)
            }
        }
    }
}
