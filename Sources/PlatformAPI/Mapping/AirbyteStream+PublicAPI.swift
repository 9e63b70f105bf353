import AirbyteProtocol
import PlatformStore

extension AirbyteStream {
    /// Airbyte's `StreamProperties` (`GET /streams`): the sync modes both the
    /// source (`supportedSyncModes`) and the destination (`destinationModes`,
    /// all when `nil`) allow, the source's cursor and key, and the top-level fields.
    func streamPropertiesAPI(destinationModes: [DestinationSyncMode]?) -> JSONValue {
        let modes = ConnectionSyncMode.allCases.filter { mode in
            supportedSyncModes.contains(mode.syncMode) && (destinationModes?.contains(mode.destinationSyncMode) ?? true)
        }
        var object: JSONObject = ["streamName": .string(name)]
        if let namespace { object["streamnamespace"] = .string(namespace) }
        object["syncModes"] = .array(modes.map { .string($0.rawValue) })
        object["defaultCursorField"] = .array((defaultCursorField ?? []).map(JSONValue.string))
        object["sourceDefinedCursorField"] = .bool(sourceDefinedCursor ?? false)
        object["sourceDefinedPrimaryKey"] = .array((sourceDefinedPrimaryKey ?? []).map { .array($0.map(JSONValue.string)) })
        let properties = jsonSchema["properties"]?.objectValue?.keys ?? []
        object["propertyFields"] = .array(properties.map { .array([.string($0)]) })
        return .object(object)
    }
}
