package import Foundation
package import Hummingbird
package import PlatformStore

/// A request's query string, read parameter by parameter: a value that does
/// not parse throws a 400 ``APIProblem`` naming the parameter.
///
/// Arrays (`workspaceIds`) are read both ways clients send them: repeated
/// (`?workspaceIds=a&workspaceIds=b`, the SDK's) and comma-separated
/// (`?workspaceIds=a,b`, Airbyte's documentation's).
package struct QueryParameters: Sendable {
    private let parameters: Parameters

    package init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    /// The parameter's value; `nil` when absent or empty.
    package func string(_ name: String) -> String? {
        guard let value = parameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of the parameter, commas split.
    package func strings(_ name: String) -> [String] {
        parameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `true` or `false`.
    package func bool(_ name: String) throws(APIProblem) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIProblem.badRequest("query parameter \(name) must be true or false, not \(text.debugDescription)")
        }
    }

    /// An integer within `range`.
    package func int(_ name: String, in range: ClosedRange<Int>) throws(APIProblem) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else {
            throw APIProblem.badRequest("query parameter \(name) must be an integer, not \(text.debugDescription)")
        }
        guard range.contains(value) else {
            let bounds =
                range.upperBound == Int.max
                ? "at least \(range.lowerBound)"
                : "between \(range.lowerBound) and \(range.upperBound)"
            throw APIProblem.badRequest("query parameter \(name) must be \(bounds), not \(value)")
        }
        return value
    }

    /// A UUID, as a typed id.
    package func id<Subject>(_ name: String, as type: Identifier<Subject>.Type = Identifier<Subject>.self) throws(APIProblem) -> Identifier<
        Subject
    >? {
        guard let text = string(name) else { return nil }
        guard let id = Identifier<Subject>(text) else {
            throw APIProblem.badRequest("query parameter \(name) must be a UUID, not \(text.debugDescription)")
        }
        return id
    }

    /// UUIDs; `nil` when none are given.
    package func ids<Subject>(_ name: String, as type: Identifier<Subject>.Type = Identifier<Subject>.self) throws(APIProblem)
        -> [Identifier<Subject>]?
    {
        let texts = strings(name)
        guard !texts.isEmpty else { return nil }
        var ids: [Identifier<Subject>] = []
        for text in texts {
            guard let id = Identifier<Subject>(text) else {
                throw APIProblem.badRequest("query parameter \(name) must hold UUIDs, not \(text.debugDescription)")
            }
            ids.append(id)
        }
        return ids
    }

    /// One of an enum's raw values.
    package func enumValue<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type = Value.self) throws(APIProblem)
        -> Value?
    where Value.RawValue == String {
        guard let text = string(name) else { return nil }
        return try JSONFields.enumValue(text, as: type, at: "query parameter \(name)")
    }

    /// A time: ISO 8601 (`2024-05-01T00:00:00Z`), or epoch milliseconds as
    /// Airbyte's documentation's examples write them.
    package func date(_ name: String) throws(APIProblem) -> Date? {
        guard let text = string(name) else { return nil }
        if let date = APIDates.parse(text) { return date }
        throw APIProblem.badRequest(
            """
            query parameter \(name) must be an ISO 8601 time such as 2024-05-01T00:00:00Z, not \(text.debugDescription)
            """)
    }

    /// Airbyte's paging: `limit` from 1 to 100 (default 20) and `offset` from 0.
    package func page(defaultLimit: Int = 20, maximumLimit: Int = 100) throws(APIProblem) -> Page {
        Page(limit: try int("limit", in: 1...maximumLimit) ?? defaultLimit, offset: try int("offset", in: 0...Int(Int32.max)) ?? 0)
    }
}
