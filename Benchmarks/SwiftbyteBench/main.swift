import ArgumentParser

/// Benchmarks of Swiftbyte's hot paths on pre-recorded messages files.
struct SwiftbyteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftbyte-bench",
        abstract: "Measure Swiftbyte's hot paths on a pre-recorded Airbyte messages file.",
        subcommands: [ReaderBenchmark.self, DedupBenchmark.self, JinjaBenchmark.self]
    )
}

SwiftbyteBench.main()
