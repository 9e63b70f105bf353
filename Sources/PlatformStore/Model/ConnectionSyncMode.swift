package import AirbyteProtocol

/// How a connection reads and writes one stream: Airbyte's
/// `ConnectionSyncModeEnum`, a source sync mode and a destination sync mode in one.
package enum ConnectionSyncMode: String, Sendable, Hashable, Codable, CaseIterable {
    case fullRefreshOverwrite = "full_refresh_overwrite"
    case fullRefreshOverwriteDeduped = "full_refresh_overwrite_deduped"
    case fullRefreshAppend = "full_refresh_append"
    case fullRefreshUpdate = "full_refresh_update"
    case fullRefreshSoftDelete = "full_refresh_soft_delete"
    case incrementalAppend = "incremental_append"
    case incrementalDedupedHistory = "incremental_deduped_history"
    case incrementalUpdate = "incremental_update"
    case incrementalSoftDelete = "incremental_soft_delete"

    /// How the source reads: full refresh or incremental.
    package var syncMode: SyncMode {
        switch self {
        case .fullRefreshOverwrite, .fullRefreshOverwriteDeduped, .fullRefreshAppend, .fullRefreshUpdate,
            .fullRefreshSoftDelete:
            .fullRefresh
        case .incrementalAppend, .incrementalDedupedHistory, .incrementalUpdate, .incrementalSoftDelete: .incremental
        }
    }

    /// How the destination writes.
    package var destinationSyncMode: DestinationSyncMode {
        switch self {
        case .fullRefreshOverwrite: .overwrite
        case .fullRefreshOverwriteDeduped: DestinationSyncMode(rawValue: "overwrite_dedup")
        case .fullRefreshAppend, .incrementalAppend: .append
        case .incrementalDedupedHistory: .appendDedup
        case .fullRefreshUpdate, .incrementalUpdate: .update
        case .fullRefreshSoftDelete, .incrementalSoftDelete: .softDelete
        }
    }

    /// Whether the mode needs a primary key (it deduplicates, updates or deletes by key).
    package var needsPrimaryKey: Bool {
        switch self {
        case .fullRefreshOverwriteDeduped, .incrementalDedupedHistory, .fullRefreshUpdate, .incrementalUpdate,
            .fullRefreshSoftDelete, .incrementalSoftDelete:
            true
        case .fullRefreshOverwrite, .fullRefreshAppend, .incrementalAppend: false
        }
    }

    /// The mode combining `syncMode` and `destinationSyncMode` (the config API's
    /// pair, as the seed guide writes them); `nil` when Airbyte has no such pair.
    package init?(syncMode: SyncMode, destinationSyncMode: DestinationSyncMode) {
        guard
            let mode = Self.allCases.first(where: {
                $0.syncMode == syncMode && $0.destinationSyncMode == destinationSyncMode
            })
        else { return nil }
        self = mode
    }
}
