import AirbyteProtocol
import Platform
import PlatformStore

extension SavedSource {
    /// The configuration API's `SourceRead`, secrets `**********`.
    func configAPI(definition: ConnectorDefinition?) -> JSONValue {
        [
            "sourceDefinitionId": .string(definitionID.description), "sourceId": .string(id.description),
            "workspaceId": .string(workspaceID.description), "connectionConfiguration": ConfigurationSecrets.masking(configuration),
            "name": .string(name), "sourceName": .string(definition?.displayName ?? ""),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
        ]
    }
}

extension SavedDestination {
    /// The configuration API's `DestinationRead`, secrets `**********`.
    func configAPI(definition: ConnectorDefinition?) -> JSONValue {
        [
            "destinationDefinitionId": .string(definitionID.description), "destinationId": .string(id.description),
            "workspaceId": .string(workspaceID.description), "connectionConfiguration": ConfigurationSecrets.masking(configuration),
            "name": .string(name), "destinationName": .string(definition?.displayName ?? ""),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
        ]
    }
}
