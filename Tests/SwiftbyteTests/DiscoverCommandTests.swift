import Foundation
import SwiftbyteTestSupport
import Testing

/// `swiftbyte discover` as a process, against the real source-faker.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct DiscoverCommandTests {
    @Test func listsEachStreamWithItsKeyCursorModesAndHowReadWouldReadIt() async throws {
        let output = try await BuiltProduct.swiftbyte.run(["discover", "source-faker", "--config", #"{"count": 5}"#])
        #expect(output.succeeded, "\(output.stderr)")
        #expect(
            output.lines.first?.split(separator: " ", omittingEmptySubsequences: true)
                == ["stream", "primary", "key", "cursor", "supported", "modes", "read", "as"])
        for stream in ["users", "products", "purchases"] {
            let row = output.lines.first { $0.hasPrefix(stream + " ") }
            #expect(
                row?.split(separator: " ", omittingEmptySubsequences: true)
                    == [Substring(stream), "id", "updated_at", "full_refresh,", "incremental", "incremental", "append_dedup"])
        }
    }

    @Test func jsonIsTheDiscoveredCatalog() async throws {
        let output = try await BuiltProduct.swiftbyte.run(["discover", "source-faker", "--json"])
        #expect(output.succeeded, "\(output.stderr)")
        let streams = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(Set(streams.compactMap { $0["name"] as? String }) == ["users", "products", "purchases"])
        #expect(streams.allSatisfy { $0["json_schema"] is [String: Any] })
    }

    @Test func aConnectorThatCannotRunIsNamedWithExitStatusOne() async throws {
        let output = try await BuiltProduct.swiftbyte.run(["discover", "source-x", "--executable", "/nonexistent/source-x"])
        #expect(output.status == .exited(1))
        #expect(output.stderr.hasPrefix("swiftbyte: discover source-x failed: "), "\(output.stderr)")
        #expect(output.stderr.contains("/nonexistent/source-x"))
        #expect(output.stdout.isEmpty)
    }
}
