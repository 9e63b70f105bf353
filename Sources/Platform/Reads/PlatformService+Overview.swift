import Foundation
package import PlatformStore

extension PlatformService {
    /// A page of the workspace's connections (not deleted), oldest first, each
    /// with its source, destination, latest job and next run; a handful of
    /// queries whatever the page's size.
    package func connectionOverviews(workspace: WorkspaceID? = nil, page: Page) async throws -> ConnectionOverviewPage {
        let workspace = try await self.workspace(workspace)
        let connections = try await storeCall { try await store.connections(workspaces: [workspace.id], page: page) }
        let total = try await storeCall { try await store.countConnections(workspaces: [workspace.id]) }
        let ids = connections.map(\.id)
        let sources = try await storeCall { try await store.sources(ids: Array(Set(connections.map(\.sourceID)))) }
        let destinations = try await storeCall { try await store.destinations(ids: Array(Set(connections.map(\.destinationID)))) }
        let latest = try await storeCall { try await store.latestJobs(of: ids) }
        let details = Dictionary(
            try await jobDetails(Array(latest.values)).map { ($0.job.connectionID, $0) },
            uniquingKeysWith: { first, _ in first })
        var overviews: [ConnectionOverview] = []
        for connection in connections {
            let latestJob = details[connection.id]
            var lastSync: Date?
            if connection.schedule != .manual, connection.status == .active {
                if let job = latestJob?.job, job.type == .sync {
                    lastSync = job.createdAt
                } else if latestJob != nil {
                    lastSync = try await storeCall { try await store.latestJob(of: connection.id, types: [.sync])?.createdAt }
                }
            }
            overviews.append(
                ConnectionOverview(
                    connection: connection, source: sources[connection.sourceID], destination: destinations[connection.destinationID],
                    latestJob: latestJob, nextRun: nextRun(of: connection, lastSync: lastSync)))
        }
        return ConnectionOverviewPage(connections: overviews, total: total)
    }
}
