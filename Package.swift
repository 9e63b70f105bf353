// swift-tools-version: 6.1
import PackageDescription

/// Every target's compiler settings: existentials spelled `any`, imports
/// internal unless marked `public import`, and members visible only from
/// modules a file imports itself.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swiftbyte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "destination-duckdb", targets: ["DestinationDuckDBCLI"]),
        .executable(name: "swiftbyte", targets: ["SwiftbyteCLI"]),
        .executable(name: "swiftbyte-example", targets: ["SwiftbyteExample"]),
        .executable(name: "source-declarative-manifest", targets: ["SourceDeclarativeManifestCLI"]),
        .library(name: "ConnectorKit", targets: ["ConnectorKit"]),
        .library(name: "DestinationKit", targets: ["DestinationKit"]),
        .library(name: "DestinationKitCommand", targets: ["DestinationKitCommand"]),
        .library(name: "DuckDBDestination", targets: ["DuckDBDestination"]),
        .library(name: "Swiftbyte", targets: ["Swiftbyte"]),
        .library(name: "SwiftbyteTestSupport", targets: ["SwiftbyteTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        // The scheduler and webhook notifications of the platform; declarative sources' HTTP.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Declarative sources name the decompression limit (async-http-client's own dependency).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // Declarative sources' HTTPS (async-http-client's own dependency).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Declarative sources' GzipDecoder (zlib's gzip streams).
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // Hashes and HMAC of the Jinja filters; the platform's secrets and UI sessions.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // `swift package generate-documentation` (DocC), run by scripts/test with warnings as errors.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The platform (`swiftbyte server`): its store, lifecycle and HTTP.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The platform's web UI: server-rendered Mustache templates compiled into the binary.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Prometheus metrics of the platform's API (PlatformAPI).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // libduckdb is not a Swift package: SwiftPM finds it through pkg-config
        // (`duckdb.pc`), which `scripts/setup-duckdb` installs with the library.
        .systemLibrary(
            name: "CDuckDB",
            path: "Sources/CDuckDB",
            pkgConfig: "duckdb",
            providers: [.brew(["duckdb"])]
        ),
        .target(
            name: "DuckDB",
            dependencies: ["CDuckDB"],
            swiftSettings: strictSwift
        ),
        .target(name: "AirbyteProtocol", swiftSettings: strictSwift),
        // Jinja templates and Python value semantics for declarative (low-code) sources.
        .target(
            name: "Jinja",
            dependencies: ["AirbyteProtocol", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),
        // Declarative (low-code) sources: the manifest and its resolution, then the engine.
        .target(
            name: "DeclarativeManifest",
            dependencies: ["AirbyteProtocol", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "DeclarativeSource",
            dependencies: [
                "AirbyteProtocol", "DeclarativeManifest", "Jinja", "ConnectorKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SourceDeclarativeManifestCLI",
            dependencies: [
                "DeclarativeSource", "DeclarativeManifest", "AirbyteProtocol",
                "CConcurrencyHook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // Names the Swift runtime's global-enqueue hook, which a binary linked with
        // `--static-swift-stdlib` does not export for SwiftNIO's `dlsym` to find.
        .target(name: "CConcurrencyHook"),
        // What every connector and the runner share: config validation,
        // secrets, names, connector logs and errors.
        .target(
            name: "ConnectorKit",
            dependencies: [
                "AirbyteProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The destination framework: the write loop, checkpoints, types.
        .target(
            name: "DestinationKit",
            dependencies: [
                "AirbyteProtocol", "ConnectorKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        // A destination's command line (`spec`, `check`, `write`).
        .target(
            name: "DestinationKitCommand",
            dependencies: [
                "DestinationKit", "ConnectorKit", "AirbyteProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "DuckDBDestination",
            dependencies: [
                "DestinationKit", "ConnectorKit", "AirbyteProtocol", "DuckDB",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Swiftbyte",
            dependencies: [
                "ConnectorKit", "DestinationKit", "DuckDBDestination", "DuckDB", "AirbyteProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        // What tests share: connectors written as scripts (no network), a log
        // recorder, temporary folders, a local webhook receiver, and the real
        // source-faker from PyPI (skipped without PyPI locally, failing in CI).
        .target(
            name: "SwiftbyteTestSupport",
            dependencies: [
                "Swiftbyte", "ConnectorKit", "AirbyteProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
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
            swiftSettings: strictSwift
        ),
        .target(
            name: "PlatformServer",
            dependencies: [
                "Platform", "PlatformAPI", "PlatformStore", "PlatformUI", "Notifications", "Scheduler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
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
            swiftSettings: strictSwift
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
            swiftSettings: strictSwift
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
            dependencies: ["DuckDBDestination", "DestinationKitCommand"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteCLI",
            dependencies: [
                "Swiftbyte", "ConnectorKit", "DuckDB", "AirbyteProtocol", "PlatformServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteExample",
            dependencies: ["Swiftbyte", .product(name: "Logging", package: "swift-log")],
            path: "Examples/ReadFaker",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteBench",
            dependencies: [
                "AirbyteProtocol", "ConnectorKit", "DestinationKit", "DuckDB", "DuckDBDestination", "Jinja", "Schedule", "Scheduler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // ui-pages: the web UI over a seeded store, timed over HTTP.
                "Platform", "PlatformStore", "PlatformUI", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/SwiftbyteBench",
            swiftSettings: strictSwift
        ),

        .testTarget(name: "DuckDBTests", dependencies: ["DuckDB"]),
        .testTarget(name: "AirbyteProtocolTests", dependencies: ["AirbyteProtocol"], exclude: ["Fixtures"]),
        .testTarget(name: "JinjaTests", dependencies: ["Jinja", "AirbyteProtocol"], exclude: ["Oracle"]),
        .testTarget(
            name: "DeclarativeManifestTests", dependencies: ["DeclarativeManifest", "AirbyteProtocol"],
            exclude: ["Oracle", "Fixtures"]
        ),
        .testTarget(
            name: "DeclarativeSourceTests",
            dependencies: [
                "DeclarativeSource", "DeclarativeManifest", "Jinja", "AirbyteProtocol", "SwiftbyteTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "CompressNIO", package: "compress-nio"),
            ],
            exclude: ["Harness", "Fixtures"]
        ),
        .testTarget(name: "ConnectorKitTests", dependencies: ["ConnectorKit", "AirbyteProtocol"]),
        .testTarget(
            name: "DestinationKitTests",
            dependencies: [
                "DestinationKit", "DestinationKitCommand", "ConnectorKit", "AirbyteProtocol", "SwiftbyteTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DuckDBDestinationTests",
            dependencies: [
                "DuckDBDestination", "DuckDB", "DestinationKit", "ConnectorKit", "AirbyteProtocol", "SwiftbyteTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SwiftbyteTests",
            dependencies: [
                "Swiftbyte", "SwiftbyteTestSupport", "ConnectorKit", "DestinationKit", "AirbyteProtocol", "DuckDB",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
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
                "Platform", "PlatformServer", "PlatformStore", "PlatformTestSupport", "Swiftbyte", "SwiftbyteTestSupport", "DuckDB",
                "AirbyteProtocol", "Notifications",
                "DestinationKit", "Schedule", "Scheduler",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "PlatformUITests",
            dependencies: [
                "PlatformUI", "Platform", "PlatformAPI", "PlatformStore", "PlatformTestSupport", "Schedule", "AirbyteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The web UI in headless Chromium through Selenium, against the built `swiftbyte server`.
        .testTarget(name: "BrowserTests", dependencies: ["SwiftbyteTestSupport"], exclude: ["Scripts"]),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["Scheduler", "Schedule", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "SwiftbyteTestSupport",
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
            ]
        ),
        .testTarget(
            name: "PlatformEndToEndTests",
            dependencies: ["DuckDB", "AirbyteProtocol", "SwiftbyteTestSupport"],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DuckDB", "AirbyteProtocol", "SwiftbyteTestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
