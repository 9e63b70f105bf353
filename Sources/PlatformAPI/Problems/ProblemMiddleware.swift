import Foundation
package import Hummingbird
import Logging
import NIOCore
package import Platform
package import PlatformStore
import Swiftbyte

/// Turns every error a route throws into Airbyte's problem JSON, so no client
/// ever sees another error shape: the domain's ``PlatformError``s by code,
/// the store's, Hummingbird's own (no such route), and anything unexpected as
/// a 500 that names the request id and says nothing else (the details go to
/// the server's log, where they are safe).
package struct ProblemMiddleware: RouterMiddleware {
    package typealias Context = APIRequestContext

    package init() {}

    package func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, context: context)
            if problem.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "status": "\(problem.status.code)", "error": "\(String(reflecting: error))",
                    ])
            }
            return try problem.response(from: request, context: context)
        }
    }

    /// The problem `error` is, for `request`.
    package static func problem(for error: any Error, request: Request, context: Context) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let error as PlatformError:
            return problem(for: error)
        case let error as StoreError:
            return problem(for: error)
        case is NIOTooManyBytesError:
            return .tooLarge(limit: context.maxUploadSize)
        case let error as HTTPError where error.status == .notFound:
            if let allowed = OpenAPIDocument.methods(ofPath: request.uri.path) {
                return .methodNotAllowed(request.method, request.uri.path, allowed: allowed)
            }
            return .noRoute(request.method, request.uri.path)
        case let error as any HTTPResponseError:
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return APIProblem(
                status: error.status, type: "https://reference.airbyte.com/reference/errors",
                title: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"),
                detail: message, data: ["message": .string(message)])
        default:
            return .unexpected("the server failed to answer this request (request id \(context.id)); its log says why")
        }
    }

    /// The problem a domain error is: its message is safe to show.
    package static func problem(for error: PlatformError) -> APIProblem {
        switch error.code {
        case .notFound:
            return APIProblem(
                status: .notFound, type: "https://reference.airbyte.com/reference/errors#resource-not-found",
                title: "resource-not-found", detail: error.message, data: ["message": .string(error.message)])
        case .invalidInput:
            if let install = error.underlying as? ExecutorError, install.code == .installFailed {
                return .unknownValue(install.connector, message: error.message)
            }
            return .unprocessable(error.message, problems: error.problems)
        case .conflict:
            return .stateConflict(error.description)
        case .connectorFailed:
            return .connectorFailed(error.description)
        case .storeFailed:
            if let store = error.underlying as? StoreError { return problem(for: store) }
            return .unexpected(error.message)
        default:
            return .unexpected(error.message)
        }
    }

    /// The problem a store error is.
    package static func problem(for error: StoreError) -> APIProblem {
        switch error.code {
        case .notFound: .unexpected(error.message)
        case .conflict: .stateConflict(error.message)
        case .unavailable: .serviceUnavailable("the platform's database is unavailable: \(error.message)")
        default: .unexpected("the platform's database failed: \(error.message)")
        }
    }
}
