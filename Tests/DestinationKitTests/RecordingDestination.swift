import DestinationKit
import Logging

/// A destination that keeps nothing and tells everything: its writer logs
/// each call the kit makes (`recording: commit 2 [u3, o1]`, `recording:
/// complete users`, …) through the kit's own log, so the protocol output shows,
/// in order, which records each commit covered and where each STATE was
/// acknowledged relative to it.
///
/// Failures and the commit policy are set from the config.
struct RecordingDestination: Destination {
    static let password = "correct-horse-battery"

    static let specification = ConnectorSpecification(
        connectionSpecification: [
            "type": "object",
            "required": ["path", "password"],
            "additionalProperties": false,
            "properties": [
                "path": ["type": "string", "minLength": 1],
                "password": ["type": "string", "airbyte_secret": true, "minLength": 8],
                "port": ["type": "integer", "minimum": 1, "maximum": 65535, "default": 5432],
                "check_problems": ["type": "array", "items": ["type": "string"]],
                "fail_init": ["type": "boolean", "default": false],
                "fail_commit": ["type": "integer", "minimum": 1],
                "fail_write_id": ["type": "string"],
                "fail_complete": ["type": "string"],
                "minimum_commit_interval_ms": ["type": "integer", "default": 0],
                "maximum_commit_interval_ms": ["type": "integer", "default": 300_000],
                "maximum_uncommitted_bytes": ["type": "integer", "default": 1_073_741_824],
            ],
        ],
        supportedDestinationSyncModes: [.append, .overwrite]
    )

    let config: JSONValue
    let log: Logger

    init(config: JSONValue, log: Logger) throws {
        self.config = config
        self.log = log
        let password = config["password"]?.stringValue ?? ""
        log.info("recording: connecting as \(password) on port \(config["port"]?.int64Value ?? 0)")
        if config["fail_init"] == true {
            throw ConnectorFailure.config("Cannot open \(config["path"]?.stringValue ?? "") with password \(password).")
        }
    }

    func check() throws -> [String] {
        config["check_problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    func makeWriter(catalog: ConfiguredAirbyteCatalog) throws -> any DestinationWriter {
        log.info("recording: open \(catalog.streams.map(\.stream.name).joined(separator: ", "))")
        return RecordingWriter(catalog: catalog, config: config, log: log)
    }

    var commitPolicy: CommitPolicy {
        CommitPolicy(
            minimumInterval: .milliseconds(config["minimum_commit_interval_ms"]?.int64Value ?? 0),
            maximumInterval: .milliseconds(config["maximum_commit_interval_ms"]?.int64Value ?? 300_000),
            maximumUncommittedBytes: Int(config["maximum_uncommitted_bytes"]?.int64Value ?? 1 << 30)
        )
    }
}

final class RecordingWriter: DestinationWriter {
    let names: [String]
    let log: Logger
    let failCommit: Int64?
    let failWriteID: String?
    let failComplete: String?
    let password: String

    private var buffered: [String] = []
    private(set) var uncommittedBytes = 0
    private var commits = 0

    init(catalog: ConfiguredAirbyteCatalog, config: JSONValue, log: Logger) {
        names = catalog.streams.map(\.stream.name)
        self.log = log
        failCommit = config["fail_commit"]?.int64Value
        failWriteID = config["fail_write_id"]?.stringValue
        failComplete = config["fail_complete"]?.stringValue
        password = config["password"]?.stringValue ?? ""
    }

    func write(_ record: ScannedRecord, stream: Int) throws {
        guard case .string(let id)? = try record.decodeData()["id"] else {
            throw ConnectorFailure.system("record without an id in \(names[stream])")
        }
        if id == failWriteID { throw ConnectorFailure.system("Cannot write record \(id).") }
        buffered.append(id)
        uncommittedBytes += record.data.count
    }

    func commit() throws {
        commits += 1
        if Int64(commits) == failCommit {
            throw ConnectorFailure.transient(
                "Disk full while committing (password \(password)).", internalMessage: "ENOSPC at commit \(commits)")
        }
        log.info("recording: commit \(commits) [\(buffered.joined(separator: ", "))]")
        buffered.removeAll()
        uncommittedBytes = 0
    }

    func completeStream(_ stream: Int) throws {
        if names[stream] == failComplete { throw ConnectorFailure.system("Cannot swap \(names[stream]).") }
        log.info("recording: complete \(names[stream])")
    }

    func abandonStream(_ stream: Int) throws {
        log.info("recording: abandon \(names[stream])")
    }

    func close() throws {
        log.info("recording: close")
    }

    func abort() {
        log.info("recording: abort [\(buffered.joined(separator: ", "))]")
    }
}
