import AirbyteProtocol
import Foundation
import Yams

/// The OpenAPI document of the API this module serves (`openapi.yaml` beside
/// this file, compiled into the binary), with shapes compatible with Airbyte's.
package enum OpenAPIDocument {
    /// The document as written.
    package static var yaml: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    /// The document as JSON, converted once.
    package static let json: [UInt8] = {
        do {
            guard let object = try Yams.load(yaml: yaml) else { return Array("{}".utf8) }
            return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            // The document is part of the build and a test parses it: this cannot happen in a tested build.
            return Array(#"{"error": "the OpenAPI document does not parse"}"#.utf8)
        }
    }()

    /// The path prefix the document's paths are under.
    package static let basePath = "/api/public/v1"

    /// The documented methods (`GET`, `POST`, …) of the path `path` (a request's, with ids filled in), or
    /// `nil` when the document has no such path: what a 405 answers in `Allow`.
    package static func methods(ofPath path: String) -> [String]? {
        guard path.hasPrefix(basePath) else { return nil }
        let segments = path.dropFirst(basePath.count).split(separator: "/")
        return operations.first { template, _ in
            template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods
    }

    /// Each documented path's segments (`{id}` for a parameter) and methods.
    private static let operations: [(template: [Substring], methods: [String])] = {
        guard let paths = (try? JSONValue(parsing: json))?["paths"]?.objectValue else { return [] }
        return paths.map { path, item in
            let methods = (item.objectValue?.keys ?? []).filter { ["get", "put", "post", "delete", "patch"].contains($0) }
            return (path.split(separator: "/"), methods.map { $0.uppercased() })
        }
    }()
}
