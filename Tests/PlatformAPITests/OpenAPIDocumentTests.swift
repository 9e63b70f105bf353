import AirbyteProtocol
import Foundation
import PlatformAPI
import Testing

/// The OpenAPI document served is the one in the repository, and describes the routes that exist.
@Suite struct OpenAPIDocumentTests {
    @Test func servedAsJSONAndYAML() async throws {
        try await APIHarness().test { client in
            let json = try await client.get("/api/public/v1/openapi.json")
            #expect(json.status == 200)
            #expect(json["openapi"] == "3.1.0")
            let paths = try #require(json["paths"]?.objectValue)
            for path in [
                "/health", "/sources", "/sources/{sourceId}", "/destinations", "/connections", "/streams", "/jobs",
                "/jobs/{jobId}", "/workspaces", "/applications/token", "/connector_definitions",
            ] {
                #expect(paths[path] != nil, "\(path) is not documented")
            }
            let yaml = try await client.get("/api/public/v1/openapi.yaml")
            #expect(yaml.text == OpenAPIDocument.yaml)
        }
    }

    /// Every documented operation answers something other than "no such endpoint".
    @Test func everyDocumentedOperationIsRouted() async throws {
        try await APIHarness().test { client in
            let document = try await client.get("/api/public/v1/openapi.json").json
            for (path, item) in try #require(document["paths"]?.objectValue) {
                for (method, _) in item.objectValue ?? JSONObject() where ["get", "post", "patch", "put", "delete"].contains(method) {
                    let concrete = path.replacingOccurrences(
                        of: #"\{[^}]+\}"#, with: UUID().uuidString.lowercased(),
                        options: .regularExpression)
                    let uri = "/api/public/v1" + (path == "/jobs/{jobId}" ? "/jobs/424242" : concrete)
                    let answer = try await client.request(.init(method.uppercased())!, uri, body: "{}")
                    let noRoute = answer.status == 404 && answer["data"]?["message"]?.stringValue?.hasPrefix("there is no endpoint") == true
                    #expect(!noRoute, "\(method.uppercased()) \(path) is documented but not routed")
                }
            }
        }
    }
}
