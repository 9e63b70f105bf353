import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport

@testable import Swiftbyte

/// A cache filled by one real source-faker read (30 users, with
/// `always_updated: false` so a read with saved state sends nothing new), made
/// once per test run; each test works on its own copy.
enum CacheFixture {
    static let userCount = 30
    /// The faker config of the fixture, for reading into a copy again.
    static let configJSON = #"{"count": 30, "seed": 7, "parallelism": 1, "always_updated": false}"#

    static func source() async throws -> Source {
        try await Faker.source(count: userCount, extra: [("always_updated", false)])
    }

    private static let template = Task<String, any Error> {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/template.duckdb"
        do {
            // Closed (the cache released) before anyone copies the file.
            _ = try await source().read(into: try Cache(path: path))
        }
        return path
    }

    /// A copy of the filled cache at `folder/cache.duckdb`.
    static func copy(into folder: TemporaryFolder) async throws -> String {
        let template = try await template.value
        let path = "\(folder.path)/cache.duckdb"
        try FileManager.default.copyItem(atPath: template, toPath: path)
        if FileManager.default.fileExists(atPath: template + ".wal") {
            try FileManager.default.copyItem(atPath: template + ".wal", toPath: path + ".wal")
        }
        return path
    }
}
