import AirbyteProtocol
import Hummingbird
import PlatformStore

/// The id in path parameter `name`; a 400 when it is not a UUID.
func pathID<Subject>(_ context: APIRequestContext, _ name: String, as type: Identifier<Subject>.Type) throws(APIProblem) -> Identifier<
    Subject
> {
    let text = context.parameters.get(name) ?? ""
    guard let id = Identifier<Subject>(text) else {
        throw APIProblem.badRequest("\(name) in the path must be a UUID, not \(text.debugDescription)")
    }
    return id
}

/// A list response as Airbyte's public API writes it: `{"data": [...], "next": ..., "previous": ...}`.
func listResponse(_ items: [JSONValue], request: Request, page: Page, hasMore: Bool) -> Response {
    let links = PageLinks(request: request, page: page, hasMore: hasMore)
    var object: JSONObject = [:]
    if let previous = links.previous { object["previous"] = .string(previous) }
    if let next = links.next { object["next"] = .string(next) }
    object["data"] = .array(items)
    return JSONResponse.make(.object(object))
}
