import Foundation
package import Hummingbird
package import Logging
package import Platform
package import PlatformStore

/// The web UI of `swiftbyte server`: pages rendered on the server from
/// Mustache templates compiled into the binary, a small stylesheet and a
/// little JavaScript for the live parts (schedule previews, following a
/// running job's log); every action is also a plain form post.
///
/// The UI calls the domain (``PlatformService``) for anything that validates,
/// encrypts, runs or queues, and reads plain values from its store. Form posts
/// carry a token against cross-site request forgery; with sign-in on, every
/// page but the sign-in page needs a session.
///
/// ```swift
/// let ui = PlatformUI(service: service, options: .init(key: key.derivedKey(for: "web-ui")), logger: logger)
/// ui.addRoutes(to: router)
/// ```
package struct PlatformUI: Sendable {
    /// How the UI runs.
    package struct Options: Sendable {
        /// Signs form tokens and sessions: 32 bytes, derived from the server's secret key.
        package var key: [UInt8]
        /// Sign-in, when the server requires credentials; `nil` leaves the UI open (loopback only).
        package var signIn: SignIn?
        /// Rows per page of the lists.
        package var pageSize: Int
        /// Makes API applications (clients of `POST /applications/token`) for the
        /// settings page, shown with sign-in on; `nil` shows none.
        package var applications: Applications?

        package init(key: [UInt8], signIn: SignIn? = nil, pageSize: Int = 25, applications: Applications? = nil) {
            self.key = key
            self.signIn = signIn
            self.pageSize = max(1, pageSize)
            self.applications = applications
        }
    }

    /// How the settings page makes an API application: the API's own way (a
    /// random client id and secret, the secret kept only as a hash).
    package struct Applications: Sendable {
        /// Saves a new application named `name`; returns it and its secret, which is never shown again.
        package var create: @Sendable (_ name: String) async throws -> (application: APIApplication, secret: String)

        package init(create: @escaping @Sendable (_ name: String) async throws -> (application: APIApplication, secret: String)) {
            self.create = create
        }
    }

    /// How people sign in to the UI: the same users as the API's basic auth.
    package struct SignIn: Sendable {
        /// Whether `user` with `password` may sign in.
        package var verify: @Sendable (_ user: String, _ password: String) async -> Bool
        /// How long a session lasts.
        package var sessionLifetime: Duration

        package init(
            sessionLifetime: Duration = .seconds(12 * 3600),
            verify: @escaping @Sendable (_ user: String, _ password: String) async -> Bool
        ) {
            self.verify = verify
            self.sessionLifetime = sessionLifetime
        }
    }

    /// The domain.
    package let service: PlatformService
    let options: Options
    let tokens: BrowserTokens
    let renderer: PageRenderer
    let logger: Logger

    /// A UI over `service`.
    ///
    /// - Throws: ``TemplateError`` when a template compiled into the binary does not parse (a bug).
    package init(service: PlatformService, options: Options, logger: Logger) throws {
        self.service = service
        self.options = options
        self.tokens = BrowserTokens(key: options.key)
        self.renderer = try PageRenderer()
        self.logger = logger
    }

    /// The store, for reads.
    var store: any PlatformStore { service.store }
    /// Now, by the platform's clock.
    var now: Date { service.configuration.clock() }

    /// Adds the UI's pages to `router`: `/`, `/connections…`, `/jobs…`,
    /// `/sources…`, `/destinations…`, `/settings…`, `/signin`, `/ui/…` (assets).
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let routes = UIRouter(router: router, ui: self)
        AssetRoutes.add(to: router)
        NewConnectionRoutes(ui: self).add(to: routes)
        SchedulePreviewRoutes(ui: self).add(to: routes)
        ConnectionsRoutes(ui: self).add(to: routes)
        JobRoutes(ui: self).add(to: routes)
        for kind in ActorKind.allCases { ActorRoutes(ui: self, kind: kind).add(to: routes) }
        CustomConnectorRoutes(ui: self).add(to: routes)
        SettingsRoutes(ui: self).add(to: routes)
        SignInRoutes(ui: self).add(to: routes)
    }
}
