package import Foundation

/// An API client: a client id and a secret, exchanged for bearer tokens at
/// `POST /api/public/v1/applications/token`. Only the secret's hash is kept.
package struct APIApplication: Sendable, Hashable {
    /// Its id.
    package var id: ApplicationID
    /// The workspace it may act on; `nil` for every workspace.
    package var workspaceID: WorkspaceID?
    /// Its name.
    package var name: String
    /// The public half of its credentials.
    package var clientID: String
    /// A hash of the secret half (the secret itself is shown once, at creation).
    package var secretHash: String
    /// When it was created.
    package var createdAt: Date

    /// An application.
    package init(
        id: ApplicationID = ApplicationID(), workspaceID: WorkspaceID? = nil, name: String, clientID: String,
        secretHash: String, createdAt: Date = Date()
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.clientID = clientID
        self.secretHash = secretHash
        self.createdAt = createdAt.wholeMilliseconds
    }
}
