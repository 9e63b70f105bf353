import Foundation
package import Hummingbird
import Logging
package import Notifications
package import Platform
import PlatformStore

/// Airbyte's two HTTP APIs over the platform's domain, so Airbyte's own
/// clients (the `airbyte-api` Python SDK, Dagster, Airflow, Terraform) work
/// against `swiftbyte server` unchanged:
///
/// - the public API v1 under `/api/public/v1` (health, workspaces, sources,
///   destinations, connections, streams, jobs, definitions, applications and
///   tokens), its OpenAPI document at `/api/public/v1/openapi.json`;
/// - the configuration API's calls that the seed guide and Dagster make,
///   POST-RPC under `/api/v1` (`connections/sync`, `jobs/get` with logs, …);
/// - Prometheus metrics at `/metrics`.
///
/// Every error is Airbyte's problem JSON (``APIProblem``). Routes read plain
/// values from the store and go through ``PlatformService`` for anything that
/// validates, encrypts, runs or queues.
///
/// ```swift
/// let api = PlatformAPI(service: service, credentials: credentials, tokenKey: key, metrics: metrics)
/// let application = Application(router: api.router(), configuration: ...)
/// ```
package struct PlatformAPI: Sendable {
    /// The domain.
    package let service: PlatformService
    /// Who may call, and how their credentials are checked.
    package let authenticator: Authenticator
    /// The metrics `/metrics` serves; `nil` serves none.
    package let metrics: PlatformMetrics?
    /// Sends the test messages of `notifications/try_webhook`.
    package let notifier: WebhookNotifier

    /// The APIs over `service`; tokens are signed with `tokenKey` (derive it from the server's secret key).
    package init(
        service: PlatformService, credentials: APICredentials, tokenKey: some Collection<UInt8>,
        metrics: PlatformMetrics? = nil, notifier: WebhookNotifier
    ) {
        self.service = service
        self.authenticator = Authenticator(credentials: credentials, tokens: AccessTokens(key: tokenKey), store: service.store)
        self.metrics = metrics
        self.notifier = notifier
    }

    /// The store, for reads.
    var store: any PlatformStore { service.store }
    /// Now, by the platform's clock.
    var now: Date { service.configuration.clock() }

    /// The router: logging, then errors as problems, then authentication, then the routes.
    package func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthenticationMiddleware(authenticator: authenticator, clock: service.configuration.clock))

        let publicAPI = router.group("api/public/v1")
        HealthRoutes(api: self).add(to: publicAPI)
        OpenAPIRoutes().add(to: publicAPI)
        ApplicationRoutes(api: self).add(to: publicAPI)
        WorkspaceRoutes(api: self).add(to: publicAPI.group("workspaces"))
        DefinitionRoutes(api: self).add(to: publicAPI)
        SourceRoutes(api: self).add(to: publicAPI.group("sources"))
        DestinationRoutes(api: self).add(to: publicAPI.group("destinations"))
        ConnectionRoutes(api: self).add(to: publicAPI.group("connections"))
        StreamRoutes(api: self).add(to: publicAPI.group("streams"))
        JobRoutes(api: self).add(to: publicAPI.group("jobs"))
        // The Python SDK joins its default token URL, "/applications/token", to the
        // server URL as an absolute path: serve it there too.
        router.post("applications/token") { request, context in
            try await ApplicationRoutes(api: self).token(request, context: context)
        }

        let configAPI = router.group("api/v1")
        HealthRoutes(api: self).add(to: configAPI)
        ConfigAPIRoutes(api: self).add(to: configAPI)

        MetricsRoutes(api: self).add(to: router)
        return router
    }
}
