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
}
