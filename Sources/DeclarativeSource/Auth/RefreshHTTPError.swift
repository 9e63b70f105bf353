internal import NIOHTTP1

/// `requests`' `HTTPError` from a refused token refresh: the CDK lets it fail the stream as an
/// unexpected error of that type.
struct RefreshHTTPError: PythonException, CustomStringConvertible {
    let status: Int
    let url: String

    var pythonTypeName: String { "HTTPError" }
    /// `requests`' text: "400 Client Error: Bad Request for url: …".
    var description: String {
        "\(status) \(status < 500 ? "Client" : "Server") Error: \(HTTPResponseStatus(statusCode: status).reasonPhrase) for url: \(url)"
    }
}
