import AirbyteProtocol
import Foundation
import PlatformStore
import SwiftbyteTestSupport

@testable import Platform

/// Connectors the platform tests run: the real source-faker from PyPI, the
/// built-in destination-duckdb, and a Python script source for behaviours faker
/// lacks (a secret, failing, never ending).
enum TestConnectors {
    /// A script source: its spec has a secret `password`; `mode` picks how `read` behaves:
    /// `ok` (3 records and a state), `fail` (a record, a state, then a system_error),
    /// `slow` (a record and a state every 50 ms, forever), `config-error`.
    static let script = #"""
        #!/usr/bin/env python3
        import json, sys, time

        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

        SPEC = {"connectionSpecification": {
            "type": "object", "required": ["password"],
            "properties": {
                "password": {"type": "string", "airbyte_secret": True},
                "mode": {"type": "string", "default": "ok"},
            }}}
        STREAM = {"name": "items", "json_schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
                  "supported_sync_modes": ["full_refresh", "incremental"], "source_defined_cursor": True,
                  "default_cursor_field": ["id"], "source_defined_primary_key": [["id"]]}

        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": SPEC})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        config = json.load(open(arguments["--config"]))
        password, mode = config["password"], config.get("mode", "ok")
        if command == "check":
            if password != "hunter2-secret":
                emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "FAILED", "message": "password " + password + " was refused"}})
            else:
                emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
            sys.exit(0)
        if command == "discover":
            emit({"type": "CATALOG", "catalog": {"streams": [STREAM]}})
            sys.exit(0)

        state = {}
        if "--state" in arguments:
            for message in json.load(open(arguments["--state"])):
                if message.get("type") == "STREAM":
                    state = message["stream"].get("stream_state") or {}
        start = state.get("id", 0)
        emit({"type": "LOG", "log": {"level": "INFO", "message": "reading from id " + str(start) + " with password " + password}})

        def record(index):
            emit({"type": "RECORD", "record": {"stream": "items", "data": {"id": index}, "emitted_at": 1700000000000}})

        def checkpoint(index):
            emit({"type": "STATE", "state": {"type": "STREAM", "stream": {
                "stream_descriptor": {"name": "items"}, "stream_state": {"id": index}}}})

        if mode == "ok":
            for index in range(start + 1, start + 4):
                record(index)
            checkpoint(start + 3)
        elif mode == "fail":
            record(start + 1)
            checkpoint(start + 1)
            emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000.0, "error": {
                "message": "the API answered 500 (password " + password + ")", "failure_type": "system_error"}}})
            sys.exit(1)
        elif mode == "config-error":
            emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000.0, "error": {
                "message": "login refused", "failure_type": "config_error"}}})
            sys.exit(1)
        elif mode == "slow":
            index = start
            while True:
                index += 1
                record(index)
                checkpoint(index)
                time.sleep(0.05)
        """#

    /// Saves the script into `folder` and a definition running it.
    static func scriptDefinition(in folder: TemporaryFolder, store: any PlatformStore) async throws -> ConnectorDefinition {
        let path = try folder.write("source-script", script, executable: true)
        let definition = ConnectorDefinition(
            kind: .source, name: "source-script", type: "script", displayName: "Script",
            runtime: .executable(path: path))
        try await store.insertDefinition(definition)
        return definition
    }
}
