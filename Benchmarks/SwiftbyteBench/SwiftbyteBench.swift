import ArgumentParser

/// Benchmarks of Swiftbyte's hot paths: pre-recorded messages files, merges, the scheduler.
@main
struct SwiftbyteBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftbyte-bench",
        abstract: "Measure Swiftbyte's hot paths on a pre-recorded Airbyte messages file.",
        subcommands: [
            ReaderBenchmark.self, DedupBenchmark.self, SchedulerBenchmark.self, JinjaBenchmark.self, UIPagesBenchmark.self,
            RecordScanBenchmark.self,
        ]
    )
}
