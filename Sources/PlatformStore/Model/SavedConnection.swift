package import AirbyteProtocol
package import Foundation

/// A connection: a source synced into a destination, stream by stream, on a schedule.
package struct SavedConnection: Sendable, Hashable {
    /// Its id (Airbyte's `connectionId`).
    package var id: ConnectionID
    /// The workspace it belongs to (its source's and destination's).
    package var workspaceID: WorkspaceID
    /// Its name.
    package var name: String
    /// What it reads.
    package var sourceID: SourceID
    /// Where it writes.
    package var destinationID: DestinationID
    /// How each stream is synced; unselected streams are kept so a person can select them again.
    package var streams: [ConfiguredStream]
    /// The source's catalog the streams were configured from: each stream's schema
    /// and supported modes, so a sync needs no `discover`. `nil` until configured.
    ///
    /// Read from the store, it is decoded only when asked for (a list of
    /// connections never needs the schemas; ``catalogWithoutSchemas`` has the rest),
    /// and a connection saved back unchanged writes the stored text as it was.
    /// A stored catalog that no longer decodes reads as `nil` here;
    /// ``decodedCatalog()`` says why.
    package var catalog: AirbyteCatalog? {
        get { try? storedCatalog.decoded() }
        set { storedCatalog = StoredCatalog(newValue) }
    }
    /// The catalog's streams with their names, sync modes, cursors and keys but
    /// empty schemas: what a list needs, without decoding the whole catalog.
    package var catalogWithoutSchemas: AirbyteCatalog? { storedCatalog.withoutSchemas }
    var storedCatalog: StoredCatalog
    /// Where its tables go in the destination.
    package var namespaceDefinition: NamespaceDefinition
    /// The namespace for ``NamespaceDefinition/customFormat``, such as `${SOURCE_NAMESPACE}`.
    package var namespaceFormat: String?
    /// Put before every table name.
    package var prefix: String
    /// When it syncs by itself.
    package var schedule: ConnectionSchedule
    /// When ``schedule`` took effect (creation, or its last change): a new
    /// schedule counts from here, not from long-ago syncs.
    package var scheduleUpdatedAt: Date
    /// Whether it runs.
    package var status: ConnectionStatus
    /// Why it is inactive, when the platform made it so (disabled after repeated failures).
    package var statusReason: String?
    /// What a non-breaking schema change does.
    package var nonBreakingChangesBehavior: NonBreakingChangesBehavior
    /// Attempts and backoff for its jobs; `nil` uses the platform's (Airbyte's defaults).
    package var retryPolicy: RetryPolicy?
    /// Failed jobs in a row after which it is disabled; `nil` uses the platform's (3).
    package var failureThreshold: Int?
    /// Where its notifications go instead of its workspace's; `nil` uses the workspace's.
    package var notifications: NotificationSettings?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// A connection; manual and active unless told otherwise, as Airbyte creates them.
    package init(
        id: ConnectionID = ConnectionID(), workspaceID: WorkspaceID, name: String, sourceID: SourceID,
        destinationID: DestinationID, streams: [ConfiguredStream] = [], catalog: AirbyteCatalog? = nil,
        namespaceDefinition: NamespaceDefinition = .destination, namespaceFormat: String? = nil,
        prefix: String = "", schedule: ConnectionSchedule = .manual, scheduleUpdatedAt: Date? = nil,
        status: ConnectionStatus = .active,
        statusReason: String? = nil, nonBreakingChangesBehavior: NonBreakingChangesBehavior = .ignore,
        retryPolicy: RetryPolicy? = nil, failureThreshold: Int? = nil,
        notifications: NotificationSettings? = nil, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.sourceID = sourceID
        self.destinationID = destinationID
        self.streams = streams
        self.storedCatalog = StoredCatalog(catalog)
        self.namespaceDefinition = namespaceDefinition
        self.namespaceFormat = namespaceFormat
        self.prefix = prefix
        self.schedule = schedule
        self.scheduleUpdatedAt = (scheduleUpdatedAt ?? createdAt).wholeMilliseconds
        self.status = status
        self.statusReason = statusReason
        self.nonBreakingChangesBehavior = nonBreakingChangesBehavior
        self.retryPolicy = retryPolicy
        self.failureThreshold = failureThreshold
        self.notifications = notifications
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
    }

    /// The selected streams.
    package var selectedStreams: [ConfiguredStream] { streams.filter(\.selected) }

    /// ``catalog``, or the ``StoreError`` (`corruptRow`) saying why the stored one does not decode.
    package func decodedCatalog() throws -> AirbyteCatalog? { try storedCatalog.decoded() }
}

/// A connection's catalog as the store holds it: decoded, or still the stored
/// JSON text (decoded on use), always with its schema-free outline.
struct StoredCatalog: Sendable, Hashable {
    private enum Form: Sendable {
        case decoded(AirbyteCatalog?)
        case text(String)
    }

    private let form: Form
    /// The catalog without its schemas (`nil` when there is no catalog).
    let withoutSchemas: AirbyteCatalog?

    init(_ catalog: AirbyteCatalog?) {
        self.init(form: .decoded(catalog), withoutSchemas: catalog.map(Self.outline))
    }

    /// A stored catalog's text and its stored outline; the outline is derived
    /// (decoding the text now) when the row predates it.
    init(text: String?, outline: AirbyteCatalog?) throws {
        guard let text else {
            self.init(nil)
            return
        }
        if let outline {
            self.init(form: .text(text), withoutSchemas: outline)
        } else {
            self.init(try Self.decode(text))
        }
    }

    private init(form: Form, withoutSchemas: AirbyteCatalog?) {
        self.form = form
        self.withoutSchemas = withoutSchemas
    }

    /// The catalog's JSON text, as stored (unchanged when it was never decoded).
    var text: String? {
        switch form {
        case .decoded(let catalog): catalog?.json.jsonText
        case .text(let text): text
        }
    }

    func decoded() throws -> AirbyteCatalog? {
        switch form {
        case .decoded(let catalog): catalog
        case .text(let text): try Self.decode(text)
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool { (try? lhs.decoded()) == (try? rhs.decoded()) }

    func hash(into hasher: inout Hasher) { hasher.combine(withoutSchemas) }

    private static func decode(_ text: String) throws -> AirbyteCatalog {
        do {
            return try AirbyteCatalog(json: JSONValue(parsing: text))
        } catch {
            throw StoreError(.corruptRow, message: "connections.catalog is not an Airbyte catalog", underlying: error)
        }
    }

    /// `catalog` with every stream's schema and unknown fields emptied.
    static func outline(_ catalog: AirbyteCatalog) -> AirbyteCatalog {
        var outline = catalog
        outline.streams = catalog.streams.map { stream in
            var stream = stream
            stream.jsonSchema = [:]
            stream.unknownFields = [:]
            return stream
        }
        return outline
    }
}
