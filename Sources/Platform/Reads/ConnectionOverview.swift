package import Foundation
package import PlatformStore

/// A connection as a list of connections shows it: what it links, how its
/// latest job went and when it syncs next.
package struct ConnectionOverview: Sendable, Hashable {
    /// The connection.
    package var connection: SavedConnection
    /// Its source (`nil` only if the store lost it).
    package var source: SavedSource?
    /// Its destination.
    package var destination: SavedDestination?
    /// Its latest job of any type, with attempts and counts.
    package var latestJob: JobDetails?
    /// When it syncs next by its schedule (see ``PlatformService/nextRun(of:lastSync:)``).
    package var nextRun: Date?
}

/// A page of connection overviews and how many connections there are in all.
package struct ConnectionOverviewPage: Sendable, Hashable {
    package var connections: [ConnectionOverview]
    package var total: Int
}
