internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// What to do with a response (`ResponseAction`).
enum ResponseAction: String, Sendable {
    case success = "SUCCESS"
    case retry = "RETRY"
    case fail = "FAIL"
    case ignore = "IGNORE"
    case resetPagination = "RESET_PAGINATION"
    case rateLimited = "RATE_LIMITED"
    case refreshTokenThenRetry = "REFRESH_TOKEN_THEN_RETRY"
    /// The same page again, smaller (CDK 7.3x; the retriever's `page_size_reduction`).
    case reducePageSize = "REDUCE_PAGE_SIZE"
}

/// The Airbyte protocol's failure types.
enum FailureType: String, Sendable {
    case systemError = "system_error"
    case configError = "config_error"
    case transientError = "transient_error"
}

/// An error handler's verdict (`ErrorResolution`).
struct ErrorResolution: Sendable {
    var action: ResponseAction?
    var failureType: FailureType?
    var errorMessage: String?

    static let success = ErrorResolution(action: .success)
}

/// A response, or the transport error in its place, as error handlers see it.
enum ResponseOrError: Sendable {
    case response(HTTPResponse)
    case error(TransportError)

    var response: HTTPResponse? {
        if case .response(let response) = self { return response }
        return nil
    }
}

/// `DEFAULT_ERROR_MAPPING`.
enum DefaultErrorMapping {
    /// The mapping's entry. The CDK looks an exception up by its exact class, so only an invalid
    /// URL (`InvalidURL`) has one: a refused connection (`ConnectionError`) or a timeout (`Timeout`)
    /// falls through to ``fallback(_:)``, which names the actual cause.
    static func resolution(for responseOrError: ResponseOrError) -> ErrorResolution? {
        switch responseOrError {
        case .error(let error):
            guard error.kind == .invalidURL else { return nil }
            return ErrorResolution(
                action: .retry, failureType: .transientError,
                errorMessage:
                    "Invalid URL specified or DNS error occurred: The endpoint that data is being requested from is not a valid URL. Exception: requests.exceptions.InvalidURL"
            )
        case .response(let response):
            switch response.status {
            case 400:
                return .init(
                    action: .fail, failureType: .systemError,
                    errorMessage: "HTTP Status Code: 400. Error: Bad request. Please check your request parameters.")
            case 401:
                return .init(
                    action: .fail, failureType: .configError,
                    errorMessage: "HTTP Status Code: 401. Error: Unauthorized. Please ensure you are authenticated correctly.")
            case 403:
                return .init(
                    action: .fail, failureType: .configError,
                    errorMessage: "HTTP Status Code: 403. Error: Forbidden. You don't have permission to access this resource.")
            case 404:
                return .init(
                    action: .fail, failureType: .systemError,
                    errorMessage: "HTTP Status Code: 404. Error: Not found. The requested resource was not found on the server.")
            case 405:
                return .init(
                    action: .fail, failureType: .systemError,
                    errorMessage: "HTTP Status Code: 405. Error: Method not allowed. Please check your request method.")
            case 408:
                return .init(action: .retry, failureType: .transientError, errorMessage: "HTTP Status Code: 408. Error: Request timeout.")
            case 429:
                return .init(
                    action: .rateLimited, failureType: .transientError, errorMessage: "HTTP Status Code: 429. Error: Too many requests.")
            case 500:
                return .init(
                    action: .retry, failureType: .transientError, errorMessage: "HTTP Status Code: 500. Error: Internal server error.")
            case 502: return .init(action: .retry, failureType: .transientError, errorMessage: "HTTP Status Code: 502. Error: Bad gateway.")
            case 503:
                return .init(
                    action: .retry, failureType: .transientError, errorMessage: "HTTP Status Code: 503. Error: Service unavailable.")
            case 504:
                return .init(action: .retry, failureType: .transientError, errorMessage: "HTTP Status Code: 504. Error: Gateway timeout.")
            default: return nil
            }
        }
    }

    /// `create_fallback_error_resolution`.
    static func fallback(_ responseOrError: ResponseOrError) -> ErrorResolution {
        switch responseOrError {
        case .error(let error):
            // `create_fallback_error_resolution`: "<exception class>: <exception>".
            return ErrorResolution(action: .retry, failureType: .systemError, errorMessage: "\(error.pythonClassName): \(error.message)")
        case .response(let response):
            if response.ok {
                return ErrorResolution(
                    action: .retry, failureType: .systemError, errorMessage: "Unexpected response with HTTP status \(response.status)")
            }
            let kind = response.status < 500 ? "Client Error" : "Server Error"
            return ErrorResolution(
                action: .retry, failureType: .systemError,
                errorMessage:
                    "Response was not ok: `\(response.status) \(kind): \(HTTPReason.phrase(response.status)) for url: \(response.url)`. Response content is: \(response.text)"
            )
        }
    }
}

enum HTTPReason {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}

/// `JsonErrorMessageParser`: the error message an API put in its JSON body.
enum JSONErrorMessage {
    static func parse(_ response: HTTPResponse) -> String? {
        if let body = try? JSONValue(parsing: response.body) { return find(body) }
        return response.text
    }

    private static func find(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .array(let elements):
            return elements.compactMap(find).joined(separator: ", ")
        case .object(let object):
            for key in [
                "message", "messages", "error", "errors", "failures", "failure", "detail", "err", "error_message", "msg", "reason",
                "status_message",
            ] {
                if let candidate = object[key], ManifestTruthiness.isTruthy(candidate) { return find(candidate) }
            }
            return nil
        default: return nil
        }
    }
}

enum ManifestTruthiness {
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null: return false
        case .bool(let flag): return flag
        case .number(let text): return (Double(text) ?? 1) != 0
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let object): return !object.isEmpty
        }
    }
}
