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
    /// `slow` (a record and a state every 50 ms, forever), `config-error`. A file `schema-v2` in
    /// the script's folder changes its schema (``schemaV2(in:)``); a `run_tag` in the config is
    /// appended to `runs.log` there at each read.
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

        # A file "schema-v2" beside the script changes the schema: items gains a column, a stream "tags" appears.
        import os
        V2 = os.path.exists(os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "schema-v2"))
        TAGS = {"name": "tags", "json_schema": {"type": "object", "properties": {"tag": {"type": "string"}}},
                "supported_sync_modes": ["full_refresh"]}
        if V2:
            STREAM["json_schema"]["properties"]["name"] = {"type": "string"}

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
            emit({"type": "CATALOG", "catalog": {"streams": [STREAM, TAGS] if V2 else [STREAM]}})
            sys.exit(0)

        state = {}
        if "--state" in arguments:
            for message in json.load(open(arguments["--state"])):
                if message.get("type") == "STREAM":
                    state = message["stream"].get("stream_state") or {}
        start = state.get("id", 0)
        if "run_tag" in config:  # counts reads: one line per read in runs.log beside the script
            with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "runs.log"), "a") as runs:
                runs.write(config["run_tag"] + "\n")
        emit({"type": "LOG", "log": {"level": "INFO", "message": "reading from id " + str(start) + " with password " + password}})

        def record(index):
            data = {"id": index, "name": "n" + str(index)} if V2 else {"id": index}
            emit({"type": "RECORD", "record": {"stream": "items", "data": data, "emitted_at": 1700000000000}})

        def checkpoint(index):
            emit({"type": "STATE", "state": {"type": "STREAM", "stream": {
                "stream_descriptor": {"name": "items"}, "stream_state": {"id": index}}}})

        if mode == "ok":
            for index in range(start + 1, start + 4):
                record(index)
            checkpoint(start + 3)
            if V2:
                emit({"type": "RECORD", "record": {"stream": "tags", "data": {"tag": "new"}, "emitted_at": 1700000000000}})
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

    /// Changes the script source's schema from now on: `items` gains a `name`
    /// column (its records carry it), a full-refresh stream `tags` appears.
    static func schemaV2(in folder: TemporaryFolder) throws {
        try folder.write("schema-v2", "")
    }

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
