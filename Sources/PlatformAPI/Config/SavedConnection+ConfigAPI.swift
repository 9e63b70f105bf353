import AirbyteProtocol
import Foundation
import Platform
import PlatformStore
import Schedule

extension NamespaceDefinition {
    /// The configuration API's `NamespaceDefinitionType` (`customformat`, where the public API says `custom_format`).
    var configAPI: String { self == .customFormat ? "customformat" : rawValue }

    init(configAPI text: String, at path: String) throws(APIProblem) {
        switch text.lowercased() {
        case "source": self = .source
        case "destination": self = .destination
        case "customformat", "custom_format": self = .customFormat
        default: throw APIProblem.badRequest("\(path) is \(text.debugDescription), which is not one of source, destination, customformat")
        }
    }
}

extension NonBreakingChangesBehavior {
    /// The configuration API's `NonBreakingChangesPreference` (`disable`, where the public API says `disable_connection`).
    var configAPI: String { self == .disableConnection ? "disable" : rawValue }

    init(configAPI text: String, at path: String) throws(APIProblem) {
        if text.lowercased() == "disable" {
            self = .disableConnection
            return
        }
        self = try JSONFields.enumValue(text, as: NonBreakingChangesBehavior.self, at: path)
    }
}

extension AirbyteStream {
    /// The configuration API's `AirbyteStream` (camelCase, where the protocol is snake_case).
    var configAPI: JSONValue {
        var object: JSONObject = [
            "name": .string(name), "jsonSchema": .object(jsonSchema),
            "supportedSyncModes": .array(supportedSyncModes.map { .string($0.rawValue) }),
        ]
        if let sourceDefinedCursor { object["sourceDefinedCursor"] = .bool(sourceDefinedCursor) }
        object["defaultCursorField"] = .array((defaultCursorField ?? []).map(JSONValue.string))
        object["sourceDefinedPrimaryKey"] = .array((sourceDefinedPrimaryKey ?? []).map { .array($0.map(JSONValue.string)) })
        if let namespace { object["namespace"] = .string(namespace) }
        if let isResumable { object["isResumable"] = .bool(isResumable) }
        return .object(object)
    }
}

extension SavedConnection {
    /// The configuration API's `ConnectionRead`. `syncCatalog` lists every
    /// stream of the source's catalog, selected or not, as Airbyte's does.
    func configAPI(now: Date) -> JSONValue {
        var object: JSONObject = [
            "connectionId": .string(id.description), "name": .string(name),
            "namespaceDefinition": .string(namespaceDefinition.configAPI),
        ]
        if let namespaceFormat { object["namespaceFormat"] = .string(namespaceFormat) }
        object["prefix"] = .string(prefix)
        object["sourceId"] = .string(sourceID.description)
        object["destinationId"] = .string(destinationID.description)
        object["operationIds"] = []
        object["syncCatalog"] = ["streams": .array(syncCatalogStreams)]
        switch schedule {
        case .manual:
            object["scheduleType"] = "manual"
        case .basic(let units, let timeUnit):
            object["schedule"] = ["units": .number(String(units)), "timeUnit": .string(timeUnit.rawValue)]
            object["scheduleType"] = "basic"
            object["scheduleData"] = ["basicSchedule": ["units": .number(String(units)), "timeUnit": .string(timeUnit.rawValue)]]
        case .cron(let expression, let timeZone):
            object["scheduleType"] = "cron"
            object["scheduleData"] = ["cron": ["cronExpression": .string(expression), "cronTimeZone": .string(timeZone)]]
        }
        object["status"] = .string(status.rawValue)
        if let statusReason { object["statusReason"] = .string(statusReason) }
        object["breakingChange"] = false
        object["notifySchemaChanges"] = false
        object["notifySchemaChangesByEmail"] = false
        object["nonBreakingChangesPreference"] = .string(nonBreakingChangesBehavior.configAPI)
        object["created_at"] = .number(String(APIDates.epochSeconds(createdAt)))
        object["workspaceId"] = .string(workspaceID.description)
        return .object(object)
    }

    /// `AirbyteStreamAndConfiguration`s: each configured stream, then the catalog's unconfigured ones unselected.
    private var syncCatalogStreams: [JSONValue] {
        let discovered = catalog?.streams ?? []
        var result: [JSONValue] = []
        var configuredDescriptors: Set<StreamDescriptor> = []
        for stream in streams {
            let descriptor = StreamDescriptor(name: stream.name, namespace: stream.namespace)
            configuredDescriptors.insert(descriptor)
            let schema =
                discovered.first { $0.streamDescriptor == descriptor }
                ?? AirbyteStream(name: stream.name, jsonSchema: JSONObject(), supportedSyncModes: [], namespace: stream.namespace)
            var config: JSONObject = ["syncMode": .string(stream.syncMode.syncMode.rawValue)]
            let cursor = stream.cursorField ?? schema.defaultCursorField ?? []
            config["cursorField"] = .array(cursor.map(JSONValue.string))
            config["destinationSyncMode"] = .string(stream.syncMode.destinationSyncMode.rawValue)
            let key = stream.primaryKey ?? schema.sourceDefinedPrimaryKey ?? []
            config["primaryKey"] = .array(key.map { .array($0.map(JSONValue.string)) })
            config["aliasName"] = .string(stream.destinationObjectName ?? stream.name)
            config["selected"] = .bool(stream.selected)
            if let name = stream.destinationObjectName { config["destinationObjectName"] = .string(name) }
            result.append(["stream": schema.configAPI, "config": .object(config)])
        }
        for schema in discovered where !configuredDescriptors.contains(schema.streamDescriptor) {
            let mode = schema.supportedSyncModes.first ?? .fullRefresh
            result.append([
                "stream": schema.configAPI,
                "config": [
                    "syncMode": .string(mode.rawValue), "cursorField": .array((schema.defaultCursorField ?? []).map(JSONValue.string)),
                    "destinationSyncMode": .string(mode == .incremental ? "append" : "overwrite"),
                    "primaryKey": .array((schema.sourceDefinedPrimaryKey ?? []).map { .array($0.map(JSONValue.string)) }),
                    "aliasName": .string(schema.name), "selected": false,
                ],
            ])
        }
        return result
    }
}

extension ConnectionSettings {
    /// The settings a configuration API `ConnectionCreate` or `ConnectionUpdate` asks for.
    static func fromConfigAPI(_ fields: JSONFields) throws(APIProblem) -> ConnectionSettings {
        var settings = ConnectionSettings()
        settings.name = try fields.string("name")
        if let text = try fields.string("namespaceDefinition") {
            settings.namespaceDefinition = try NamespaceDefinition(configAPI: text, at: fields.path(of: "namespaceDefinition"))
        }
        settings.namespaceFormat = try fields.string("namespaceFormat")
        settings.prefix = try fields.string("prefix")
        if let catalog = try fields.object("syncCatalog") {
            settings.streams = try catalog.required("streams") { key throws(APIProblem) in try catalog.objects(key) }
                .map(Self.configuredStream)
        }
        settings.schedule = try schedule(fields)
        settings.status = try fields.enumValue("status", as: ConnectionStatus.self)
        if let text = try fields.string("nonBreakingChangesPreference") {
            settings.nonBreakingChangesBehavior = try NonBreakingChangesBehavior(
                configAPI: text,
                at: fields.path(of: "nonBreakingChangesPreference"))
        }
        return settings
    }

    /// `scheduleType` with `scheduleData`, or the legacy `schedule{units, timeUnit}` the seed guide sends.
    private static func schedule(_ fields: JSONFields) throws(APIProblem) -> ConnectionSchedule? {
        let data = try fields.object("scheduleData")
        if let type = try fields.string("scheduleType") {
            switch type.lowercased() {
            case "manual": return .manual
            case "basic":
                if let basic = try data?.object("basicSchedule") { return try basicSchedule(basic) }
                if let legacy = try fields.object("schedule") { return try basicSchedule(legacy) }
                throw APIProblem.badRequest("scheduleData.basicSchedule is required when scheduleType is basic")
            case "cron":
                guard let cron = try data?.object("cron") else {
                    throw APIProblem.badRequest("scheduleData.cron is required when scheduleType is cron")
                }
                let expression = try cron.required("cronExpression") { key throws(APIProblem) in try cron.string(key) }
                return try ConnectionSchedule.cron(
                    expression: expression, timeZone: try cron.string("cronTimeZone") ?? "UTC",
                    at: cron.path)
            default:
                throw APIProblem.badRequest("scheduleType is \(type.debugDescription), which is not one of manual, basic, cron")
            }
        }
        if let legacy = try fields.object("schedule") { return try basicSchedule(legacy) }
        return nil
    }

    private static func basicSchedule(_ fields: JSONFields) throws(APIProblem) -> ConnectionSchedule {
        let units = try fields.required("units") { key throws(APIProblem) in try fields.int(key) }
        let unit = try fields.required("timeUnit") { key throws(APIProblem) in
            try fields.enumValue(key, as: ConnectionSchedule.BasicTimeUnit.self)
        }
        guard units >= 1 else { throw APIProblem.badRequest("\(fields.path(of: "units")) must be at least 1") }
        return .basic(units: units, timeUnit: unit)
    }

    /// One `AirbyteStreamAndConfiguration` of a request: the stream's name and namespace, and its `config`.
    private static func configuredStream(_ fields: JSONFields) throws(APIProblem) -> ConfiguredStream {
        let stream = try fields.required("stream") { key throws(APIProblem) in try fields.object(key) }
        let name = try stream.required("name") { key throws(APIProblem) in try stream.string(key) }
        let config = try fields.object("config")
        let syncMode =
            try config?.string("syncMode").map { text throws(APIProblem) in
                guard [SyncMode.fullRefresh.rawValue, SyncMode.incremental.rawValue].contains(text) else {
                    throw APIProblem.badRequest(
                        "\(fields.path(of: "config")).syncMode is \(text.debugDescription), which is not one of full_refresh, incremental")
                }
                return SyncMode(rawValue: text)
            } ?? .fullRefresh
        let destinationSyncMode =
            try config?.string("destinationSyncMode").map { DestinationSyncMode(rawValue: $0) }
            ?? (syncMode == .incremental ? .append : .overwrite)
        guard let mode = ConnectionSyncMode(syncMode: syncMode, destinationSyncMode: destinationSyncMode) else {
            throw APIProblem.badRequest(
                """
                \(fields.path(of: "config")): syncMode \(syncMode.rawValue) with destinationSyncMode \
                \(destinationSyncMode.rawValue) is not a mode Airbyte has
                """)
        }
        let alias = try config?.string("aliasName")
        return ConfiguredStream(
            name: name, namespace: try stream.string("namespace"), selected: try config?.bool("selected") ?? true,
            syncMode: mode, cursorField: try config?.strings("cursorField").flatMap { $0.isEmpty ? nil : $0 },
            primaryKey: try config?.stringPaths("primaryKey").flatMap { $0.isEmpty ? nil : $0 },
            destinationObjectName: try config?.string("destinationObjectName") ?? (alias == name ? nil : alias))
    }
}

extension ConnectionSchedule {
    /// A cron schedule, validated by the `Schedule` module.
    static func cron(expression: String, timeZone: String, at path: String) throws(APIProblem) -> ConnectionSchedule {
        do {
            let cron = try CronSchedule(cronExpression: expression, cronTimeZone: timeZone)
            return .cron(expression: cron.cronExpression, timeZone: cron.cronTimeZone)
        } catch {
            throw APIProblem.badRequest("\(path): the cron schedule \(expression) (\(timeZone)) is not valid: \(error)")
        }
    }
}
