import AirbyteProtocol
public import Logging
public import Swiftbyte

/// A source connector written as a Python script (no packages, no network)
/// whose streams, records and failures its config describes: for tests of
/// reads, syncs, states and failures that must run anywhere.
///
/// Each configured stream has records with `id` 1…``Stream/records``, a
/// `name` and a cursor `updated_at` equal to the id. Read incrementally, a
/// stream resumes after the `updated_at` of its saved STREAM state, so a
/// second read sends nothing new until ``Stream/records`` grows. A stream
/// sends STARTED, its records, a STATE every `stateEvery` records and at
/// its end, then COMPLETE; streams go in catalog order.
///
/// ```swift
/// let source = try await ScriptSource.source([.init("users", namespace: "sales", records: 3)], in: folder)
/// let result = try await source.read(into: cache)
/// ```
public enum ScriptSource {
    /// One stream the source offers.
    public struct Stream: Sendable {
        public var name: String
        public var namespace: String?
        /// How many records a full read sends (ids 1…records).
        public var records: Int
        /// Whether `id` is its primary key (read incrementally with dedup).
        public var primaryKey: Bool
        /// Whether it supports incremental reads (cursor `updated_at`).
        public var incremental: Bool

        public init(_ name: String, namespace: String? = nil, records: Int, primaryKey: Bool = true, incremental: Bool = true) {
            self.name = name
            self.namespace = namespace
            self.records = records
            self.primaryKey = primaryKey
            self.incremental = incremental
        }

        var json: JSONValue {
            var object = JSONObject([
                ("name", .string(name)), ("records", .number(String(records))),
                ("primary_key", .bool(primaryKey)), ("incremental", .bool(incremental)),
            ])
            if let namespace { object["namespace"] = .string(namespace) }
            return .object(object)
        }
    }

    /// How a read fails after `failAfter` records.
    public enum Failure: String, Sendable {
        /// A TRACE ERROR (config_error, "the API refused page 2"), then exit status 1.
        case traceError = "trace-error"
        /// Exit status 3, nothing said.
        case exit
        /// Killed by SIGKILL, as by the OOM killer.
        case killed
    }

    /// The connector's program (Python 3, standard library only).
    public static let script = #"""
        #!/usr/bin/env python3
        import json, os, signal, sys

        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

        SPEC = {"connectionSpecification": {"type": "object", "properties": {
            "streams": {"type": "array"}, "fail_after": {"type": "integer"}, "failure": {"type": "string"},
            "state_every": {"type": "integer"}, "statuses": {"type": "boolean", "default": True}}}}

        def descriptor(stream):
            d = {"name": stream["name"]}
            if stream.get("namespace"):
                d["namespace"] = stream["namespace"]
            return d

        def airbyte_stream(stream):
            s = dict(descriptor(stream))
            s["json_schema"] = {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}, "updated_at": {"type": "integer"}}}
            s["supported_sync_modes"] = ["full_refresh", "incremental"] if stream.get("incremental", True) else ["full_refresh"]
            if stream.get("incremental", True):
                s["source_defined_cursor"] = True
                s["default_cursor_field"] = ["updated_at"]
            if stream.get("primary_key", True):
                s["source_defined_primary_key"] = [["id"]]
            return s

        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": SPEC})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        config = json.load(open(arguments["--config"]))
        streams = config.get("streams", [])
        if command == "check":
            emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
            sys.exit(0)
        if command == "discover":
            emit({"type": "CATALOG", "catalog": {"streams": [airbyte_stream(s) for s in streams]}})
            sys.exit(0)

        # read
        catalog = json.load(open(arguments["--catalog"]))
        states = json.load(open(arguments["--state"])) if "--state" in arguments else []
        cursors = {}
        for state in states if isinstance(states, list) else []:
            if state.get("type") == "STREAM":
                d = state["stream"]["stream_descriptor"]
                cursors[(d["name"], d.get("namespace") or None)] = state["stream"].get("stream_state", {}).get("updated_at", 0)
        fail_after, failure = config.get("fail_after"), config.get("failure", "trace-error")
        state_every, statuses = config.get("state_every"), config.get("statuses", True)
        sent = 0

        def status(d, value):
            if statuses:
                emit({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1700000000000.0,
                      "stream_status": {"stream_descriptor": d, "status": value}}})

        def state(d, cursor):
            emit({"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": d, "stream_state": {"updated_at": cursor}}}})

        for configured in catalog["streams"]:
            s = configured["stream"]
            key = (s["name"], s.get("namespace") or None)
            stream = next(x for x in streams if (x["name"], x.get("namespace") or None) == key)
            d = descriptor(stream)
            start = cursors.get(key, 0) if configured["sync_mode"] == "incremental" else 0
            status(d, "STARTED")
            last = start
            for i in range(start + 1, stream["records"] + 1):
                if fail_after is not None and sent >= fail_after:
                    if failure == "killed":
                        os.kill(os.getpid(), signal.SIGKILL)
                    if failure == "exit":
                        sys.exit(3)
                    emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000.0, "error": {
                          "message": "the API refused page 2", "failure_type": "config_error"}}})
                    sys.exit(1)
                record = {"stream": s["name"], "data": {"id": i, "name": "%s %d" % (s["name"], i), "updated_at": i},
                          "emitted_at": 1700000000000}
                if s.get("namespace"):
                    record["namespace"] = s["namespace"]
                emit({"type": "RECORD", "record": record})
                sent += 1
                last = i
                if state_every and (i - start) % state_every == 0:
                    state(d, last)
            state(d, last)
            status(d, "COMPLETE")
        """#

    /// Writes the script into `folder` and returns an executor running it.
    public static func executor(in folder: TemporaryFolder) throws -> LocalExecutable {
        LocalExecutable(try folder.write("source-script-data", script, executable: true))
    }

    /// The config for `streams`, failing after `failAfter` records (never by
    /// default), with a STATE every `stateEvery` records of a stream (and at its
    /// end), with stream statuses unless `statuses` is false.
    public static func config(
        _ streams: [Stream], failAfter: Int? = nil, failure: Failure = .traceError,
        stateEvery: Int? = nil, statuses: Bool = true
    ) -> JSONValue {
        var config = JSONObject([("streams", .array(streams.map(\.json))), ("statuses", .bool(statuses))])
        if let failAfter {
            config["fail_after"] = .number(String(failAfter))
            config["failure"] = .string(failure.rawValue)
        }
        if let stateEvery { config["state_every"] = .number(String(stateEvery)) }
        return .object(config)
    }

    /// The source `name` (`source-script` by default) running the script in
    /// `folder` with the ``config(_:failAfter:failure:stateEvery:statuses:)`` of these arguments.
    public static func source(
        _ streams: [Stream], in folder: TemporaryFolder, name: String = "source-script",
        failAfter: Int? = nil, failure: Failure = .traceError, stateEvery: Int? = nil,
        statuses: Bool = true, logger: Logger = .discarding
    ) async throws -> Source {
        try await Source.resolve(
            name,
            config: .value(
                config(
                    streams, failAfter: failAfter, failure: failure,
                    stateEvery: stateEvery, statuses: statuses)),
            executor: executor(in: folder), logger: logger, terminationGracePeriod: .seconds(2))
    }
}
