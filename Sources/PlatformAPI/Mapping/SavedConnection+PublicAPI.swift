import AirbyteProtocol
import Foundation
import Platform
import PlatformStore

extension SavedConnection {
    /// Airbyte's `ConnectionResponse`. `configurations.streams` lists the
    /// selected streams, each with the cursor and primary key a sync uses
    /// (the configured ones, else the source's).
    func publicAPI(now: Date) -> JSONValue {
        var object: JSONObject = [
            "connectionId": .string(id.description), "name": .string(name), "sourceId": .string(sourceID.description),
            "destinationId": .string(destinationID.description), "workspaceId": .string(workspaceID.description),
            "status": .string(status.rawValue), "schedule": schedule.publicAPI(now: now),
            "nonBreakingSchemaUpdatesBehavior": .string(nonBreakingChangesBehavior.rawValue),
            "namespaceDefinition": .string(namespaceDefinition.rawValue),
        ]
        if let namespaceFormat { object["namespaceFormat"] = .string(namespaceFormat) }
        object["prefix"] = .string(prefix)
        object["configurations"] = ["streams": .array(selectedStreams.map(streamConfigurationAPI))]
        object["createdAt"] = .number(String(APIDates.epochSeconds(createdAt)))
        object["tags"] = []
        if let statusReason { object["statusReason"] = .string(statusReason) }
        return .object(object)
    }

    /// Airbyte's `StreamConfiguration` of one configured stream.
    private func streamConfigurationAPI(_ stream: ConfiguredStream) -> JSONValue {
        let discovered = catalogWithoutSchemas?.streams.first { $0.name == stream.name && $0.namespace == stream.namespace }
        var object: JSONObject = ["name": .string(stream.name)]
        if let namespace = stream.namespace { object["namespace"] = .string(namespace) }
        object["syncMode"] = .string(stream.syncMode.rawValue)
        let cursor =
            stream.syncMode.syncMode == .incremental
            ? (discovered?.sourceDefinedCursor == true
                ? discovered?.defaultCursorField : stream.cursorField ?? discovered?.defaultCursorField)
            : stream.cursorField
        if let cursor, !cursor.isEmpty { object["cursorField"] = .array(cursor.map(JSONValue.string)) }
        let primaryKey = (stream.primaryKey ?? discovered?.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty }
        if !primaryKey.isEmpty { object["primaryKey"] = .array(primaryKey.map { .array($0.map(JSONValue.string)) }) }
        if let name = stream.destinationObjectName { object["destinationObjectName"] = .string(name) }
        return .object(object)
    }
}

extension ConnectionSettings {
    /// The settings a `ConnectionCreateRequest` or `ConnectionPatchRequest` asks for.
    static func fromPublicAPI(_ fields: JSONFields) throws(APIProblem) -> ConnectionSettings {
        var settings = ConnectionSettings()
        settings.name = try fields.string("name")
        if let configurations = try fields.object("configurations"), let streams = try configurations.objects("streams") {
            settings.streams = try streams.map(Self.configuredStream)
        }
        if let schedule = try fields.object("schedule") { settings.schedule = try ConnectionSchedule.fromPublicAPI(schedule) }
        settings.namespaceDefinition = try fields.enumValue("namespaceDefinition", as: NamespaceDefinition.self)
        settings.namespaceFormat = try fields.string("namespaceFormat")
        settings.prefix = try fields.string("prefix")
        settings.nonBreakingChangesBehavior = try fields.enumValue(
            "nonBreakingSchemaUpdatesBehavior",
            as: NonBreakingChangesBehavior.self)
        settings.status = try fields.enumValue("status", as: ConnectionStatus.self)
        return settings
    }

    /// One `StreamConfiguration`: a stream to select, in `syncMode` (full refresh + overwrite when absent, as Airbyte).
    private static func configuredStream(_ fields: JSONFields) throws(APIProblem) -> ConfiguredStream {
        let name = try fields.required("name") { key throws(APIProblem) in try fields.string(key) }
        if try fields.array("mappers")?.isEmpty == false {
            throw APIProblem.badRequest("\(fields.path(of: "mappers")) are not supported by Swiftbyte yet")
        }
        if try fields.array("selectedFields")?.isEmpty == false {
            throw APIProblem.badRequest("\(fields.path(of: "selectedFields")) are not supported by Swiftbyte yet: every field is synced")
        }
        return ConfiguredStream(
            name: name, namespace: try fields.string("namespace"), selected: true,
            syncMode: try fields.enumValue("syncMode", as: ConnectionSyncMode.self) ?? .fullRefreshOverwrite,
            cursorField: try fields.strings("cursorField"), primaryKey: try fields.stringPaths("primaryKey"),
            destinationObjectName: try fields.string("destinationObjectName"))
    }
}
