// swift-tools-version: 6.1
import PackageDescription

// libduckdb is not a Swift package: `scripts/setup-duckdb` builds or finds it once
// and points ~/.cache/swiftbyte/duckdb at it. DUCKDB_PREFIX (a folder with
// include/duckdb.h and lib/libduckdb.so) overrides that. The prefix is baked into
// the rpath, so the executables and tests need no LD_LIBRARY_PATH.
let duckDBPrefix: String = {
    if let prefix = Context.environment["DUCKDB_PREFIX"], !prefix.isEmpty { return prefix }
    let cacheHome = Context.environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "\(Context.environment["HOME"] ?? "~")/.cache"
    return "\(cacheHome)/swiftbyte/duckdb"
}()

/// Where the executables look for libduckdb at run time: the prefix by default,
/// or DUCKDB_RPATH (the Dockerfile sets `$ORIGIN`, the binary's own folder).
let duckDBRuntimePath = Context.environment["DUCKDB_RPATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(duckDBPrefix)/lib"

/// Swift targets that import `CDuckDB` (directly or through `DuckDB`) need its header path.
let duckDBHeaders: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I\(duckDBPrefix)/include"])]
/// Anything that links `DuckDB` needs the library path and an rpath to it.
let duckDBLinking: [LinkerSetting] = [
    .unsafeFlags(["-L\(duckDBPrefix)/lib", "-Xlinker", "-rpath", "-Xlinker", duckDBRuntimePath]),
]

let strictSwift: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "swiftbyte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "destination-duckdb", targets: ["DestinationDuckDBCLI"]),
        .executable(name: "swiftbyte", targets: ["SwiftbyteCLI"]),
        .executable(name: "swiftbyte-example", targets: ["SwiftbyteExample"]),
        .library(name: "DestinationKit", targets: ["DestinationKit"]),
        .library(name: "Swiftbyte", targets: ["Swiftbyte"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        // The platform (`swiftbyte server`): its store, secrets, lifecycle and HTTP.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The scheduler and webhook notifications of the platform.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The platform's web UI: server-rendered Mustache templates compiled into the binary.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Prometheus metrics of the platform's API (PlatformAPI).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(name: "CDuckDB", path: "Sources/CDuckDB"),
        .target(
            name: "DuckDB",
            dependencies: ["CDuckDB"],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .target(name: "AirbyteProtocol", swiftSettings: strictSwift),
        .target(
            name: "DestinationKit",
            dependencies: [
                "AirbyteProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "DuckDBDestination",
            dependencies: ["DestinationKit", "DuckDB"],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .target(
            name: "Swiftbyte",
            dependencies: [
                "DestinationKit", "DuckDBDestination", "DuckDB",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // The platform: the store (SQLite or PostgreSQL), the domain and job
        // runner, the server. See docs/platform-design.md.
        .target(
            name: "PlatformStore",
            dependencies: [
                "AirbyteProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Platform",
            dependencies: [
                "PlatformStore", "Swiftbyte", "DestinationKit", "AirbyteProtocol", "Schedule", "Scheduler",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .target(
            name: "PlatformServer",
            dependencies: [
                "Platform", "PlatformAPI", "PlatformStore", "PlatformUI", "Notifications", "Scheduler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // The web UI of `swiftbyte server`: pages rendered from Mustache templates
        // compiled into the binary, a stylesheet and a little JavaScript. See docs/web-ui.md.
        .target(
            name: "PlatformUI",
            dependencies: [
                "Platform", "PlatformStore", "Schedule", "Notifications", "AirbyteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // Airbyte's public API v1, its configuration API and /metrics over the
        // platform's domain (Hummingbird routes; the OpenAPI document is compiled in).
        .target(
            name: "PlatformAPI",
            dependencies: [
                "Platform", "PlatformStore", "Schedule", "Notifications", "Swiftbyte", "AirbyteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.embedInCode("OpenAPI/openapi.yaml")],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // Schedules (Unix and Quartz cron, Airbyte's basic intervals) and when they are due: Foundation only.
        .target(name: "Schedule", swiftSettings: strictSwift),
        // The loop that queues the syncs schedules ask for; the platform implements its ScheduledConnections.
        .target(
            name: "Scheduler",
            dependencies: ["Schedule", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        // Webhooks on sync failure, success and disabled connections (Slack text + Airbyte's summary).
        .target(
            name: "Notifications",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "DestinationDuckDBCLI",
            dependencies: ["DuckDBDestination", "DestinationKit"],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .executableTarget(
            name: "SwiftbyteCLI",
            dependencies: [
                "Swiftbyte", "DuckDB", "AirbyteProtocol", "PlatformServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .executableTarget(
            name: "SwiftbyteExample",
            dependencies: ["Swiftbyte"],
            path: "Examples/ReadFaker",
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .executableTarget(
            name: "SwiftbyteBench",
            dependencies: [
                "AirbyteProtocol", "DestinationKit", "DuckDB", "DuckDBDestination",
                "Schedule", "Scheduler", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // ui-pages: the web UI over a seeded store, timed over HTTP.
                "Platform", "PlatformStore", "PlatformUI", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/SwiftbyteBench",
            swiftSettings: strictSwift + duckDBHeaders,
            linkerSettings: duckDBLinking
        ),

        .testTarget(name: "DuckDBTests", dependencies: ["DuckDB"], swiftSettings: duckDBHeaders, linkerSettings: duckDBLinking),
        .testTarget(name: "AirbyteProtocolTests", dependencies: ["AirbyteProtocol"], exclude: ["Fixtures"]),
        .testTarget(name: "DestinationKitTests", dependencies: ["DestinationKit", "AirbyteProtocol"]),
        .testTarget(
            name: "DuckDBDestinationTests",
            dependencies: ["DuckDBDestination", "DuckDB", "DestinationKit"],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .testTarget(
            name: "SwiftbyteTests",
            dependencies: [
                "Swiftbyte", "DestinationKit", "AirbyteProtocol", "DuckDB",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // What the platform's tests share: a new empty store on SQLite or on the
        // throwaway PostgreSQL that scripts/test starts.
        .target(
            name: "PlatformTestSupport",
            dependencies: [
                "PlatformStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PlatformTestSupport"
        ),
        .testTarget(name: "ScheduleTests", dependencies: ["Schedule"], exclude: ["Oracle"]),
        .testTarget(
            name: "PlatformStoreTests",
            dependencies: [
                "PlatformStore", "PlatformTestSupport", "AirbyteProtocol",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "Platform", "PlatformServer", "PlatformStore", "PlatformTestSupport", "Swiftbyte", "DuckDB", "AirbyteProtocol",
                "DestinationKit", "Schedule", "Scheduler",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .testTarget(
            name: "PlatformUITests",
            dependencies: [
                "PlatformUI", "Platform", "PlatformStore", "PlatformTestSupport", "Schedule", "AirbyteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        // The web UI in headless Chromium through Selenium, against the built `swiftbyte server`.
        .testTarget(name: "BrowserTests", exclude: ["Scripts"]),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["Scheduler", "Schedule", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PlatformAPITests",
            dependencies: [
                "PlatformAPI", "Platform", "PlatformStore", "Notifications", "AirbyteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .testTarget(
            name: "PlatformEndToEndTests",
            dependencies: ["DuckDB", "AirbyteProtocol"],
            exclude: ["Scripts"],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DuckDB", "AirbyteProtocol"],
            swiftSettings: duckDBHeaders,
            linkerSettings: duckDBLinking
        ),
    ]
)
