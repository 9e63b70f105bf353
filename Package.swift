// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "swiftbyte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "destination-duckdb", targets: ["DestinationDuckDBCLI"]),
        .executable(name: "swiftbyte", targets: ["SwiftbyteCLI"]),
        .executable(name: "swiftbyte-example", targets: ["SwiftbyteExample"]),
        .library(name: "DestinationKit", targets: ["DestinationKit"]),
        .library(name: "DuckDBDestination", targets: ["DuckDBDestination"]),
        .library(name: "Swiftbyte", targets: ["Swiftbyte"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
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
            swiftSettings: strictSwift
        ),
        .target(
            name: "Swiftbyte",
            dependencies: [
                "DestinationKit", "DuckDBDestination", "DuckDB",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "DestinationDuckDBCLI",
            dependencies: ["DuckDBDestination", "DestinationKit"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteCLI",
            dependencies: [
                "Swiftbyte", "DuckDB", "AirbyteProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteExample",
            dependencies: ["Swiftbyte"],
            path: "Examples/ReadFaker",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SwiftbyteBench",
            dependencies: [
                "AirbyteProtocol", "DestinationKit", "DuckDB", "DuckDBDestination",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/SwiftbyteBench",
            swiftSettings: strictSwift
        ),

        .testTarget(name: "DuckDBTests", dependencies: ["DuckDB"]),
        .testTarget(name: "AirbyteProtocolTests", dependencies: ["AirbyteProtocol"], exclude: ["Fixtures"]),
        .testTarget(name: "DestinationKitTests", dependencies: ["DestinationKit", "AirbyteProtocol"]),
        .testTarget(
            name: "DuckDBDestinationTests",
            dependencies: ["DuckDBDestination", "DuckDB", "DestinationKit"]
        ),
        .testTarget(
            name: "SwiftbyteTests",
            dependencies: [
                "Swiftbyte", "DestinationKit", "AirbyteProtocol", "DuckDB",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DuckDB", "AirbyteProtocol"],
            exclude: ["Fixtures"]
        ),
    ]
)
