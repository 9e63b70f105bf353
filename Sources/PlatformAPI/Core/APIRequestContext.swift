package import Hummingbird

/// The context of one API request: Hummingbird's core storage plus who made
/// the request, once ``AuthenticationMiddleware`` has looked.
package struct APIRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The caller; `nil` until authenticated (or always, when authentication is off).
    package var caller: APICaller?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
    }

    /// Request bodies are JSON documents of a few kilobytes; a connector
    /// configuration with an embedded key file is the largest expected.
    package var maxUploadSize: Int { 4 * 1024 * 1024 }
}

/// Who made a request.
package enum APICaller: Sendable, Hashable {
    /// A user with the configured basic-auth credentials.
    case user(String)
    /// An API application, by its client id (basic auth with its credentials, or one of its bearer tokens).
    case application(clientID: String)
}
