package import Hummingbird
import Logging

/// Logs each request once it is answered: method, path, status and how long
/// it took, never its body, query or `Authorization` header (they may hold
/// secrets). Health checks and metric scrapes log at debug level.
package struct RequestLogMiddleware: RouterMiddleware {
    package typealias Context = APIRequestContext

    package init() {}

    package func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let path = request.uri.path
        let quiet = path.hasSuffix("/health") || path == "/metrics"
        context.logger.log(
            level: quiet ? .debug : (response.status.code >= 500 ? .error : .info),
            "\(request.method.rawValue) \(path) \(response.status.code)",
            metadata: [
                "ms": "\((elapsed / .milliseconds(1) * 10).rounded() / 10)"
            ])
        return response
    }
}
