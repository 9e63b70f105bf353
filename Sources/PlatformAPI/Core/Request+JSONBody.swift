package import AirbyteProtocol
package import Hummingbird
import NIOCore

extension Request {
    /// The body as a JSON object, read field by field with ``JSONFields``.
    ///
    /// - Throws: ``APIProblem``: 400 when the body is empty, not JSON, or not an
    ///   object; 413 when it is larger than the context allows.
    package mutating func jsonObject(context: APIRequestContext) async throws -> JSONFields {
        try JSONFields(try await jsonBody(context: context))
    }

    /// The body as any JSON value.
    package mutating func jsonBody(context: APIRequestContext) async throws -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIProblem.tooLarge(limit: context.maxUploadSize)
        }
        guard buffer.readableBytes > 0 else {
            throw APIProblem.badRequest("the request needs a JSON body")
        }
        do {
            return try buffer.withUnsafeReadableBytes { bytes throws(JSONParseError) in try JSONValue(parsing: bytes) }
        } catch {
            throw APIProblem.badRequest("the body is not valid JSON: \(error)")
        }
    }
}
