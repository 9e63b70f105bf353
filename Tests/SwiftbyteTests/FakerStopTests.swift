import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Swiftbyte

/// Stopping a real source-faker mid-read — cancellation, a failing handler, a
/// consumer that stops early — leaves no process behind (faker's worker
/// processes included) and no temporary files.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct FakerStopTests {
    /// A faker read of `users` that would take minutes, and the recorder of its files.
    private func longRead() async throws -> (Source, ConfiguredAirbyteCatalog, RecordingExecutor) {
        let recording = RecordingExecutor(Faker.executor)
        let source = try await Source.resolve(
            "source-faker", config: ["count": 10_000_000, "parallelism": 2],
            executor: recording, secrets: SecretResolver())
        try await source.select(["users"])
        return (source, try await source.configuredCatalog(), recording)
    }

    @Test func cancellingTheTaskKillsTheSourceAndItsWorkers() async throws {
        let (source, catalog, recording) = try await longRead()
        let processID = Mutex<Int32?>(nil)
        let task = Task {
            try await source.withMessages(catalog: catalog) { messages in
                while let message = try messages.next() {
                    if case .record = message.content { processID.withLock { $0 = messages.processID } }
                }
            }
        }
        // Python starting faker and its workers can take minutes on a loaded
        // two-core machine: the wait is generous, the check below is not.
        var pid: Int32?
        let deadline = ContinuousClock.now + .seconds(300)
        while pid == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            pid = processID.withLock { $0 }
        }
        let child = try #require(pid, "faker sent a record within 5 minutes")
        #expect(ProcessProbe.exists(child))

        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        // Ten million records take faker many minutes, so a stop within a minute
        // is the SIGTERM (or the SIGKILL 5 s later); the bound is loose because a
        // starved cooperative pool delays this measurement, not the signal.
        #expect(ContinuousClock.now - started < .seconds(60), "SIGTERM, or SIGKILL after the 5 s grace period")
        #expect(!ProcessProbe.exists(child), "the child is gone and reaped: no zombie")
        #expect(await ProcessProbe.waitUntilGroupGone(child), "faker's worker processes are gone too")
        let folder = try #require(recording.invocations.last { $0.verb == "read" }?.filesFolder)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aFailingHandlerStopsTheSourceAndItsErrorIsThrown() async throws {
        struct Full: Error {}
        let (source, catalog, recording) = try await longRead()
        var records = 0
        var child: Int32 = 0
        await #expect(throws: Full.self) {
            try await source.withMessages(catalog: catalog) { messages in
                child = messages.processID
                while let message = try messages.next() {
                    if case .record = message.content { records += 1 }
                    if records == 10 { throw Full() }
                }
            }
        }
        #expect(records == 10)
        #expect(!ProcessProbe.exists(child))
        #expect(await ProcessProbe.waitUntilGroupGone(child))
        let folder = try #require(recording.invocations.last { $0.verb == "read" }?.filesFolder)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func returningEarlyStopsTheSourceWithoutAnError() async throws {
        let (source, catalog, _) = try await longRead()
        let (records, child) = try await source.withMessages(catalog: catalog) { messages in
            var records = 0
            while records < 25, let message = try messages.next() {
                if case .record = message.content { records += 1 }
            }
            return (records, messages.processID)
        }
        #expect(records == 25)
        #expect(!ProcessProbe.exists(child))
    }
}
