import AirbyteProtocol
import Hummingbird
import Platform
import PlatformStore

/// `GET /streams?sourceId=&destinationId=&ignoreCache=`: the source's streams
/// (its cached `discover`, or a new one with `ignoreCache=true`) with the
/// sync modes the source and the destination both support.
struct StreamRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get { request, _ in
            let query = QueryParameters(request)
            guard let sourceID = try query.id("sourceId", as: SourceID.self) else {
                throw APIProblem.badRequest("query parameter sourceId is required")
            }
            guard let source = try await api.store.source(sourceID), !source.isDeleted else {
                throw APIProblem.notFound("source", id: sourceID.description)
            }
            var destinationModes: [DestinationSyncMode]?
            if let destinationID = try query.id("destinationId", as: DestinationID.self) {
                guard let destination = try await api.store.destination(destinationID), !destination.isDeleted,
                    let definition = try await api.store.definition(destination.definitionID)
                else {
                    throw APIProblem.notFound("destination", id: destinationID.description)
                }
                destinationModes = try await api.service.specification(of: definition).supportedDestinationSyncModes
            }
            let catalog = try await api.service.discoverSource(sourceID, ignoreCache: try query.bool("ignoreCache") ?? false)
            return JSONResponse.make(.array(catalog.catalog.streams.map { $0.streamPropertiesAPI(destinationModes: destinationModes) }))
        }
    }
}
