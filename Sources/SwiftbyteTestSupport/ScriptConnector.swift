public import AirbyteProtocol
public import Logging
public import Swiftbyte

/// A small connector written in Python for behaviours source-faker does not
/// have: a secret in its spec, errors, stray output, ignoring SIGTERM. Its
/// config's `mode` picks the behaviour of `read`.
public enum ScriptConnector {
    /// The connector's program (Python 3, no packages).
    public static let script = #"""
        #!/usr/bin/env python3
        import json, signal, sys, time

        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

        SPEC = {"connectionSpecification": {
            "type": "object", "required": ["password"],
            "properties": {
                "password": {"type": "string", "airbyte_secret": True},
                "mode": {"type": "string", "default": "ok"},
            }}}
        STREAM = {"name": "items", "json_schema": {"type": "object"}, "supported_sync_modes": ["full_refresh"]}

        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": SPEC})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        config = json.load(open(arguments["--config"]))
        password, mode = config["password"], config.get("mode", "ok")
        if command == "check":
            if mode == "check-fails":
                emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "FAILED", "message": "password " + password + " was refused"}})
            else:
                emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
            sys.exit(0)
        if command == "discover":
            emit({"type": "CATALOG", "catalog": {"streams": [STREAM]}})
            sys.exit(0)

        # read
        emit({"type": "LOG", "log": {"level": "INFO", "message": "connecting with " + password}})
        print("a stray print, not a message")
        for index in range(3):
            emit({"type": "RECORD", "record": {"stream": "items", "data": {"id": index}, "emitted_at": 1700000000000}})
        emit({"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "items"}, "stream_state": {"at": 3}}}})
        if mode == "trace-error":
            sys.stderr.write("Traceback (most recent call last):\n  boom while using " + password + "\n")
            emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000.0, "error": {
                "message": "login refused for " + password, "internal_message": "401 from the API",
                "failure_type": "config_error"}}})
            sys.exit(1)
        if mode == "exit-3":
            sys.stderr.write("segfault-ish crash\n")
            sys.exit(3)
        if mode in ("endless", "ignore-term"):
            if mode == "ignore-term":
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            index = 3
            while True:
                emit({"type": "RECORD", "record": {"stream": "items", "data": {"id": index}, "emitted_at": 1700000000000}})
                index += 1
                time.sleep(0.005)
        """#

    /// Writes the script into `folder` and returns an executor running it.
    public static func executor(in folder: TemporaryFolder) throws -> LocalExecutable {
        LocalExecutable(try folder.write("source-script", script, executable: true))
    }

    /// The source with `mode` and the password `hunter2-secret`.
    public static func source(
        _ mode: String, in folder: TemporaryFolder, logger: Logger = .discarding,
        gracePeriod: Duration = .seconds(5)
    ) async throws -> Source {
        try await Source.resolve(
            "source-script", config: ["password": "hunter2-secret", "mode": .string(mode)],
            executor: executor(in: folder), logger: logger, terminationGracePeriod: gracePeriod)
    }

    /// The configured catalog of its one stream, `items`, overwritten.
    public static let catalog = ConfiguredAirbyteCatalog(streams: [
        ConfiguredAirbyteStream(
            stream: AirbyteStream(name: "items", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh]),
            syncMode: .fullRefresh, destinationSyncMode: .overwrite)
    ])
}
