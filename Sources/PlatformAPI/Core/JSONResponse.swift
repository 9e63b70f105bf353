package import AirbyteProtocol
package import Hummingbird

/// Responses with a JSON body, serialized by `AirbyteProtocol`'s writer (keys
/// in the order the mappers set them, no Foundation objects per value).
package enum JSONResponse {
    /// A response with `json` as its body.
    package static func make(_ json: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        json.serialize(into: &bytes)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty response (Airbyte's `204 No Content` for deletes).
    package static func noContent() -> Response {
        Response(status: .noContent)
    }
}
