package import AirbyteProtocol
package import Hummingbird

/// An API error as Airbyte sends it: an RFC 9457 "problem" JSON object,
/// `{"status", "type", "title", "detail", "data"}`, with Airbyte's `type`
/// URLs and `title`s so clients that branch on them keep working.
///
/// `detail` says what was wrong with this request (Airbyte often puts a
/// generic sentence there; we put the specific one, and repeat it in
/// `data.message` where Airbyte keeps it).
///
/// ```json
/// {"status": 404, "type": "https://reference.airbyte.com/reference/errors#resource-not-found",
///  "title": "resource-not-found", "detail": "there is no source 6b6e…",
///  "data": {"resourceType": "source", "resourceId": "6b6e…"}}
/// ```
package struct APIProblem: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    package var status: HTTPResponse.Status
    /// Airbyte's problem type, a URL or an `error:` name.
    package var type: String
    /// Airbyte's short title, such as `bad-request`.
    package var title: String
    /// What was wrong, for a person.
    package var detail: String
    /// Machine-readable details (`message`, `resourceId`, `value`, …).
    package var data: JSONObject?
    /// Extra response headers (`WWW-Authenticate` on a 401).
    package var headers: HTTPFields

    package init(
        status: HTTPResponse.Status, type: String, title: String, detail: String, data: JSONObject? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.data = data
        self.headers = headers
    }

    /// The problem as JSON.
    package var json: JSONValue {
        var object: JSONObject = [
            "status": .number(String(status.code)), "type": .string(type), "title": .string(title),
            "detail": .string(detail),
        ]
        if let data { object["data"] = .object(data) }
        return .object(object)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(json, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    package var description: String { "\(status.code) \(title): \(detail)" }
}

extension APIProblem {
    private static let reference = "https://reference.airbyte.com/reference/errors"

    /// 400: the request is malformed (bad JSON, a missing or mistyped field, a bad query parameter).
    package static func badRequest(_ message: String) -> APIProblem {
        APIProblem(
            status: .badRequest, type: "\(reference)#bad-request", title: "bad-request", detail: message,
            data: ["message": .string(message)])
    }

    /// 400: a value names nothing known (an unknown `sourceType`).
    package static func unknownValue(_ value: String, message: String) -> APIProblem {
        APIProblem(
            status: .badRequest, type: reference, title: "value-not-found", detail: message,
            data: ["value": .string(value), "message": .string(message)])
    }

    /// 401: no credentials, or wrong ones.
    package static func invalidAPIKey(_ message: String) -> APIProblem {
        APIProblem(
            status: .unauthorized, type: "\(reference)#invalid-api-key", title: "invalid-api-key", detail: message,
            data: ["message": .string(message)],
            headers: [.wwwAuthenticate: #"Basic realm="swiftbyte", Bearer realm="swiftbyte""#])
    }

    /// 404: no such resource.
    package static func notFound(_ resourceType: String, id: String, message: String? = nil) -> APIProblem {
        APIProblem(
            status: .notFound, type: "\(reference)#resource-not-found", title: "resource-not-found",
            detail: message ?? "there is no \(resourceType) \(id)",
            data: ["resourceType": .string(resourceType), "resourceId": .string(id)])
    }

    /// 404: no route for the method and path.
    package static func noRoute(_ method: HTTPRequest.Method, _ path: String) -> APIProblem {
        let message = "there is no endpoint \(method.rawValue) \(path)"
        return APIProblem(
            status: .notFound, type: "\(reference)#resource-not-found", title: "resource-not-found",
            detail: message, data: ["message": .string(message)])
    }

    /// 405: the path exists, not with this method; `Allow` lists those it has.
    package static func methodNotAllowed(_ method: HTTPRequest.Method, _ path: String, allowed: [String]) -> APIProblem {
        let message = "\(path) does not answer \(method.rawValue); it answers \(allowed.joined(separator: ", "))"
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return APIProblem(
            status: .methodNotAllowed, type: "\(reference)#method-not-allowed", title: "method-not-allowed",
            detail: message, data: ["message": .string(message)], headers: headers)
    }

    /// 409: the request conflicts with the resource's state.
    package static func stateConflict(_ message: String) -> APIProblem {
        APIProblem(
            status: .conflict, type: "\(reference)#409-state-conflict", title: "state-conflict", detail: message,
            data: ["message": .string(message)])
    }

    /// 413: the body is larger than the API accepts.
    package static func tooLarge(limit: Int) -> APIProblem {
        let message = "the request body is larger than \(limit) bytes"
        return APIProblem(
            status: .contentTooLarge, type: "\(reference)#bad-request", title: "bad-request", detail: message,
            data: ["message": .string(message)])
    }

    /// 422: the body is well formed but cannot be done (a configuration that
    /// breaks the connector's specification, a stream the source lacks).
    package static func unprocessable(_ message: String, problems: [String] = []) -> APIProblem {
        var data: JSONObject = ["message": .string(message)]
        if !problems.isEmpty { data["problems"] = .array(problems.map(JSONValue.string)) }
        let detail = problems.isEmpty ? message : message + ": " + problems.joined(separator: "; ")
        return APIProblem(
            status: .unprocessableContent, type: "\(reference)#unprocessable-entity",
            title: "unprocessable-entity", detail: detail, data: data)
    }

    /// 500: a failure of the server itself; `message` must be safe to show (no secrets).
    package static func unexpected(_ message: String) -> APIProblem {
        APIProblem(
            status: .internalServerError, type: reference, title: "unexpected-problem", detail: message,
            data: ["message": .string(message)])
    }

    /// 502: a connector could not be installed, started or did not answer.
    package static func connectorFailed(_ message: String) -> APIProblem {
        APIProblem(
            status: .badGateway, type: "\(reference)#connector-failed", title: "connector-failed", detail: message,
            data: ["message": .string(message)])
    }

    /// 503: the server cannot answer now (its database is unreachable).
    package static func serviceUnavailable(_ message: String) -> APIProblem {
        APIProblem(
            status: .serviceUnavailable, type: reference, title: "service-unavailable", detail: message,
            data: ["message": .string(message)])
    }
}
