import AirbyteProtocol
import Platform
import PlatformStore

/// A configuration as the public API returns it: every secret `**********`,
/// and the connector's type first (`sourceType`, `destinationType`), which
/// the Python SDK reads to pick the configuration's model (for destinations
/// it insists: their configurations are a union discriminated by it).
func publicConfiguration(_ stored: JSONValue, typeKey: String, definition: ConnectorDefinition?) -> JSONValue {
    var object = JSONObject()
    if let type = definition?.type { object[typeKey] = .string(type) }
    for (key, value) in ConfigurationSecrets.masking(stored).objectValue ?? JSONObject() where key != typeKey {
        object[key] = value
    }
    return .object(object)
}

extension SavedSource {
    /// Airbyte's `SourceResponse`: the configuration with every secret `**********`.
    func publicAPI(definition: ConnectorDefinition?) -> JSONValue {
        [
            "sourceId": .string(id.description), "name": .string(name), "sourceType": .string(definition?.type ?? ""),
            "definitionId": .string(definitionID.description), "workspaceId": .string(workspaceID.description),
            "configuration": publicConfiguration(configuration, typeKey: "sourceType", definition: definition),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
        ]
    }
}

extension SavedDestination {
    /// Airbyte's `DestinationResponse`: the configuration with every secret `**********`.
    func publicAPI(definition: ConnectorDefinition?) -> JSONValue {
        [
            "destinationId": .string(id.description), "name": .string(name),
            "destinationType": .string(definition?.type ?? ""), "definitionId": .string(definitionID.description),
            "workspaceId": .string(workspaceID.description),
            "configuration": publicConfiguration(configuration, typeKey: "destinationType", definition: definition),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
        ]
    }
}
