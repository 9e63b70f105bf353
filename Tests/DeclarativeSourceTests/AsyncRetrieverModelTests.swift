import AirbyteProtocol
import Foundation
import Jinja
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// What `create_async_retriever` refuses at load, the source's job slots, and a job's timer.
@Suite struct AsyncRetrieverModelTests {
    static func manifest(retriever extra: String = "", statusMapping: String = "{running: [p], completed: [c], failed: [f], timeout: [t]}")
        -> String
    {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [jobs]}
        streams:
          - type: DeclarativeStream
            name: jobs
            retriever:
              type: AsyncRetriever
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
              status_mapping: \(statusMapping)
              status_extractor: {type: DpathExtractor, field_path: [status]}
              creation_requester: {type: HttpRequester, url_base: "https://api.example.com", path: /jobs, http_method: POST}
              polling_requester: {type: HttpRequester, url_base: "https://api.example.com", path: "/jobs/{{ creation_response.id }}"}
              download_requester: {type: HttpRequester, url_base: "{{ download_target }}"}
        \(extra)
        """
    }

    static func validate(_ yaml: String) throws {
        try DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:]).validate()
    }

    @Test func aCompleteAsyncRetrieverLoads() throws {
        try Self.validate(Self.manifest())
    }

    @Test func anAPIStatusMappedTwiceIsRefused() throws {
        let yaml = Self.manifest(statusMapping: "{running: [p], completed: [p], failed: [], timeout: []}")
        let error = try #require(throws: ManifestError.self) { try Self.validate(yaml) }
        #expect(error.path == "streams[0].retriever.status_mapping.completed")
        #expect(error.message.contains("API status p is already set"))
    }

    @Test func aRequiredStatusWithoutAListIsRefused() throws {
        let yaml = Self.manifest(statusMapping: "{running: [p], completed: [c], failed: [f]}")
        let error = try #require(throws: ManifestError.self) { try Self.validate(yaml) }
        #expect(error.path == "streams[0].retriever.status_mapping.timeout")
    }

    @Test func aDownloadTargetRequesterNeedsAnExtractor() throws {
        let yaml = Self.manifest(retriever: "      download_target_requester: {type: HttpRequester, url_base: \"https://api.example.com\"}")
        let error = try #require(throws: ManifestError.self) { try Self.validate(yaml) }
        #expect(error.path == "streams[0].retriever.download_target_extractor")
    }

    @Test func aCustomRequesterInsideIsRefusedWithItsPath() throws {
        let yaml = Self.manifest(retriever: "      abort_requester: {type: CustomRequester, class_name: x.Abort}")
        let error = try #require(throws: ManifestError.self) { try Self.validate(yaml) }
        #expect(error.code == .unsupportedComponent)
        #expect(error.path == "streams[0].retriever.abort_requester")
    }

    @Test func jobSlotsComeFromTheManifestOrAreOne() {
        let config = JinjaValue(["slots": 3] as JSONObject)
        let environment = JinjaEnvironment.airbyte(clock: JinjaClock(epochMicroseconds: { 0 }))
        let events = NullEvents()
        #expect(AsyncJobTracker.make(nil, config: config, interpolation: environment, events: events).limit == 1)
        #expect(AsyncJobTracker.make("4", config: config, interpolation: environment, events: events).limit == 4)
        #expect(AsyncJobTracker.make(.number("4"), config: config, interpolation: environment, events: events).limit == 4)
        #expect(AsyncJobTracker.make("{{ config.slots }}", config: config, interpolation: environment, events: events).limit == 3)
        #expect(AsyncJobTracker.make("{{ config.missing }}", config: config, interpolation: environment, events: events).limit == 1)
        #expect(AsyncJobTracker.make(.number("0"), config: config, interpolation: environment, events: events).limit == 1)
    }

    @Test func theTrackerHoldsAtMostItsLimitAndAJobTakesItsIntentsSlot() throws {
        let tracker = AsyncJobTracker(limit: 2)
        let first = try #require(tracker.tryToGetIntent())
        let second = try #require(tracker.tryToGetIntent())
        #expect(tracker.tryToGetIntent() == nil)
        try tracker.add(first, jobID: "job-1")
        #expect(tracker.tryToGetIntent() == nil)
        #expect(throws: SourceFailure.self) { try tracker.add("unknown", jobID: "job-2") }
        tracker.remove("job-1")
        tracker.remove(second)
        #expect(tracker.count == 0)
    }

    @Test func aJobTimesOutUnlessATerminalStatusStoppedItsTimer() async throws {
        let running = AsyncJob(parameters: .empty, creation: nil, timeout: .milliseconds(20))
        let completed = AsyncJob(parameters: .empty, creation: nil, timeout: .milliseconds(20))
        completed.update(.completed)
        #expect(running.status == .running)
        try await Task.sleep(for: .milliseconds(60))
        #expect(running.status == .timedOut)
        #expect(completed.status == .completed)
        // Running again restarts the timer.
        completed.update(.running)
        #expect(completed.status == .running)
        #expect(AsyncJob.creationFailure(.empty).status == .failed)
    }
}
