import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

/// Swiftbyte as a dependency of another package: a throwaway package outside
/// the repository depends on a copy of it, by path and by a git tag, builds,
/// and runs a program that writes a DuckDB file through DestinationKit.
///
/// SwiftPM refuses a package with unsafe flags as a versioned dependency, so
/// the tagged build fails if any target the products need passes flags of its
/// own (for example to find libduckdb, which must come through pkg-config).
@Suite(.serialized)
struct PackageDependencyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("a package depending on Swiftbyte by a git tag builds and writes DuckDB through DestinationKit")
    func byTag() async throws {
        let folder = try TemporaryPackageFolder()
        defer { folder.remove() }
        let copy = try await folder.copyOfRepository(as: "swiftbyte")
        try await Self.git(["init", "-q"], in: copy)
        try await Self.git(["add", "-A"], in: copy)
        try await Self.git(["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "snapshot"], in: copy)
        try await Self.git(["tag", "1.0.0"], in: copy)
        try await check(consumer: folder.consumer(dependency: #".package(url: "\#(copy.absoluteString)", from: "1.0.0")"#))
    }

    @Test("a package depending on Swiftbyte by path builds and writes DuckDB through DestinationKit")
    func byPath() async throws {
        let folder = try TemporaryPackageFolder()
        defer { folder.remove() }
        let copy = try await folder.copyOfRepository(as: "swiftbyte")
        try await check(consumer: folder.consumer(dependency: #".package(path: "\#(copy.path)")"#))
    }

    /// Builds `consumer`, runs its program and checks the rows it wrote.
    private func check(consumer: URL) async throws {
        let build = try await Self.run("/usr/bin/env", ["swift", "build", "--package-path", consumer.path], in: consumer)
        try #require(build.status == 0, "swift build of the dependent package failed:\n\(build.output)")
        let database = consumer.appendingPathComponent("out.duckdb").path
        let program = consumer.appendingPathComponent(".build/debug/Dependent")
        let run = try await Self.run(program.path, [database], in: consumer)
        try #require(run.status == 0, "the dependent program failed:\n\(run.output)")
        #expect(run.output.contains("acknowledged a state after 2 records"))
        #expect(run.output.contains("wrote 2 records"))

        let connection = try Database(path: database, options: .init(readOnly: true)).connect()
        let rows = try connection.query("SELECT id, name FROM main.users ORDER BY id").rows()
        #expect(rows == [[.integer(1), .varchar("Ada")], [.integer(2), .varchar("Grace")]])
    }

    static func git(_ arguments: [String], in folder: URL) async throws {
        let result = try await run("/usr/bin/env", ["git"] + arguments, in: folder)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")) failed:\n\(result.output)")
    }

    /// Runs `executable` in `folder` with stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String], in folder: URL) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try runBlocking(executable, arguments, in: folder) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: bytes, as: UTF8.self))
    }
}

/// A temporary folder holding a copy of the repository and a dependent package.
struct TemporaryPackageFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-dependent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A copy of the repository's files as they are now (committed or not, ignored files left out).
    func copyOfRepository(as name: String) async throws -> URL {
        let copy = url.appendingPathComponent(name)
        let listing = try await PackageDependencyTests.run(
            "/usr/bin/env", ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            in: PackageDependencyTests.repository)
        try #require(listing.status == 0, "git ls-files failed:\n\(listing.output)")
        for path in listing.output.split(separator: "\0").map(String.init) {
            let source = PackageDependencyTests.repository.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }  // deleted, not yet committed
            let target = copy.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        }
        return copy
    }

    /// A package named `Dependent` with `dependency` and the program of `Fixtures/DependentPackage`.
    func consumer(dependency: String) throws -> URL {
        let folder = url.appendingPathComponent("Dependent")
        let sources = folder.appendingPathComponent("Sources/Dependent")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try """
        // swift-tools-version: 6.1
        import PackageDescription

        let package = Package(
            name: "Dependent",
            platforms: [.macOS(.v15)],
            dependencies: [\(dependency)],
            targets: [
                .executableTarget(
                    name: "Dependent",
                    dependencies: [
                        .product(name: "DestinationKit", package: "swiftbyte"),
                        .product(name: "DuckDBDestination", package: "swiftbyte"),
                    ]
                )
            ]
        )
        """.write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let program = PackageDependencyTests.repository.appendingPathComponent("Tests/EndToEndTests/Fixtures/DependentPackage/main.swift")
        try FileManager.default.copyItem(at: program, to: sources.appendingPathComponent("main.swift"))
        return folder
    }
}
