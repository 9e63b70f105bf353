import Testing

@testable import AirbyteProtocol

/// Each line is in the library's canonical key order, so decoding and encoding gives it back exactly.
@Suite struct AirbyteMessageTests {
    static let canonicalLines = [
        #"{"type":"RECORD","record":{"stream":"users","namespace":"public","data":{"id":1,"name":"Ann","score":12345678901234567890.5},"emitted_at":1700000000000,"meta":{"changes":[{"field":"age","change":"NULLED","reason":"SOURCE_SERIALIZATION_ERROR"}]}}}"#,
        #"{"type":"RECORD","record":{"stream":"users","data":{},"emitted_at":1,"file_reference":{"staging_file_url":"/tmp/x"}}}"#,
        #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"users","namespace":"public"},"stream_state":{"cursor":"2024-01-01"}},"sourceStats":{"recordCount":10.0},"id":42}}"#,
        #"{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"lsn":123},"stream_states":[{"stream_descriptor":{"name":"a"},"stream_state":{"x":1}},{"stream_descriptor":{"name":"b"}}]},"destinationStats":{"recordCount":3.0}}}"#,
        #"{"type":"STATE","state":{"type":"LEGACY","data":{"users":{"cursor":5}}}}"#,
        #"{"type":"STATE","state":{"data":{"users":{"cursor":5}}}}"#,
        #"{"type":"LOG","log":{"level":"WARN","message":"careful","stack_trace":"at line 1"}}"#,
        #"{"type":"LOG","log":{"level":"NOTICE","message":"unknown level kept"}}"#,
        #"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1700000000000.5,"error":{"message":"Bad password","internal_message":"401","stack_trace":"…","failure_type":"config_error","stream_descriptor":{"name":"users"}}}}"#,
        #"{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1,"estimate":{"name":"users","type":"STREAM","namespace":"n","row_estimate":100,"byte_estimate":2048}}}"#,
        #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000000,"stream_status":{"stream_descriptor":{"name":"users"},"status":"INCOMPLETE","reasons":[{"type":"RATE_LIMITED","rate_limited":{"quota_reset":1700000000999}}]}}}"#,
        #"{"type":"TRACE","trace":{"type":"ANALYTICS","emitted_at":2.5,"analytics":{"type":"mongodb-cluster-version","value":"6.5"}}}"#,
        #"{"type":"SPEC","spec":{"documentationUrl":"https://docs.example/duckdb","connectionSpecification":{"type":"object","required":["destination_path"]},"supportsIncremental":true,"supportsNormalization":false,"supportsDBT":false,"supported_destination_sync_modes":["overwrite","append","append_dedup"],"protocol_version":"0.5.2"}}"#,
        #"{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"cannot open file"}}"#,
        #"{"type":"CATALOG","catalog":{"streams":[{"name":"users","json_schema":{"type":"object","properties":{"id":{"type":"integer"}}},"supported_sync_modes":["full_refresh","incremental"],"source_defined_cursor":true,"default_cursor_field":["updated_at"],"source_defined_primary_key":[["id"]],"namespace":"public","is_resumable":true}]}}"#,
        #"{"type":"CONTROL","control":{"type":"CONNECTOR_CONFIG","emitted_at":1700000000000,"connectorConfig":{"config":{"token":"new"}}}}"#,
        #"{"type":"DESTINATION_CATALOG","destination_catalog":{"operations":[{"object_name":"contacts","sync_mode":"update","json_schema":{},"matching_keys":[["email"]]}]}}"#,
        #"{"type":"FUTURE_TYPE","future_type":{"anything":[1,2]}}"#,
        #"{"type":"LOG","log":{"level":"INFO","message":"m","extra":{"nested":true}},"platform_field":"kept"}"#,
    ]

    @Test(arguments: canonicalLines)
    func roundTripsEveryMessageTypeExactly(line: String) throws {
        let message = try AirbyteMessage(parsing: Array(line.utf8))
        #expect(message.jsonText == line)
        #expect(try AirbyteMessage(json: message.json) == message)
    }

    @Test func decodesRecordFields() throws {
        let message = try AirbyteMessage(parsing: Array(Self.canonicalLines[0].utf8))
        guard case .record(let record) = message.payload else {
            Issue.record("not a record")
            return
        }
        #expect(message.type == .record)
        #expect(record.stream == "users")
        #expect(record.namespace == "public")
        #expect(record.emittedAt == 1_700_000_000_000)
        #expect(record.data["score"] == .number("12345678901234567890.5"))
        #expect(record.meta?.changes == [.init(field: "age", change: .nulled, reason: .sourceSerializationError)])
        #expect(record.streamDescriptor == StreamDescriptor(name: "users", namespace: "public"))
    }

    @Test func unknownReasonsAndFloatTimestampsAreTolerated() throws {
        let line =
            #"{"type":"RECORD","record":{"stream":"s","namespace":null,"data":{"a":1},"emitted_at":1.7e12,"meta":{"changes":[{"field":"f","change":"DROPPED","reason":"SOMETHING_NEW"}]}}}"#
        let message = try AirbyteMessage(parsing: Array(line.utf8))
        guard case .record(let record) = message.payload else {
            Issue.record("not a record")
            return
        }
        #expect(record.namespace == nil)
        #expect(record.emittedAt == 1_700_000_000_000)
        #expect(record.meta?.changes.first?.change.rawValue == "DROPPED")
        #expect(record.meta?.changes.first?.reason == "SOMETHING_NEW")
    }

    @Test func decodesEveryStateType() throws {
        let stream = try AirbyteMessage(parsing: Array(Self.canonicalLines[2].utf8))
        guard case .state(let streamState) = stream.payload else {
            Issue.record("not a state")
            return
        }
        #expect(streamState.type == .stream)
        #expect(streamState.stream?.streamDescriptor == StreamDescriptor(name: "users", namespace: "public"))
        #expect(streamState.stream?.streamState == ["cursor": "2024-01-01"])
        #expect(streamState.sourceStats?.recordCount == 10)
        #expect(streamState.unknownFields["id"] == 42)

        let global = try AirbyteMessage(parsing: Array(Self.canonicalLines[3].utf8))
        guard case .state(let globalState) = global.payload else {
            Issue.record("not a state")
            return
        }
        #expect(globalState.effectiveType == .global)
        #expect(globalState.global?.sharedState == ["lsn": 123])
        #expect(globalState.global?.streamStates.map(\.streamDescriptor.name) == ["a", "b"])
        #expect(globalState.global?.streamStates[1].streamState == nil)

        let legacy = try AirbyteMessage(parsing: Array(Self.canonicalLines[5].utf8))
        guard case .state(let legacyState) = legacy.payload else {
            Issue.record("not a state")
            return
        }
        #expect(legacyState.type == nil)
        #expect(legacyState.effectiveType == .legacy)
        #expect(legacyState.data == ["users": ["cursor": 5]])
    }

    @Test func echoedStateReplacesDestinationStatsAndKeepsTheRest() throws {
        let line =
            #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"u"},"stream_state":{"c":1}},"destinationStats":{"recordCount":1.0,"old":true},"id":7}}"#
        guard case .state(let state) = try AirbyteMessage(parsing: Array(line.utf8)).payload else {
            Issue.record("not a state")
            return
        }
        #expect(
            AirbyteMessage.state(state.echoed(recordCount: 25)).jsonText
                == #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"u"},"stream_state":{"c":1}},"destinationStats":{"recordCount":25.0},"id":7}}"#
        )
    }

    @Test func keepsUnknownTypesForSkipping() throws {
        let message = try AirbyteMessage(parsing: Array(#"{"type":"FUTURE_TYPE","future_type":{"a":1}}"#.utf8))
        #expect(message.payload == .unknown(type: "FUTURE_TYPE"))
        #expect(message.type.rawValue == "FUTURE_TYPE")
        #expect(message.unknownFields["future_type"] == ["a": 1])
    }

    @Test(arguments: [
        (#"{"record":{}}"#, "type: required field is missing"),
        (#"{"type":"RECORD"}"#, "record: required field is missing"),
        (#"{"type":"RECORD","record":{"stream":"s","data":{}}}"#, "record.emitted_at: required field is missing"),
        (
            #"{"type":"RECORD","record":{"stream":"s","data":[],"emitted_at":1}}"#,
            "record.data: expected an object, found an array of 0 elements"
        ),
        (
            #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":"yesterday"}}"#,
            #"record.emitted_at: expected an integer (epoch milliseconds), found a string "yesterday""#
        ),
        (
            #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1,"meta":{"changes":[{"field":"f","change":"NULLED"}]}}}"#,
            "record.meta.changes[0].reason: required field is missing"
        ),
        (#"{"type":"STATE","state":{"type":"STREAM"}}"#, "state.stream: required field is missing"),
        (
            #"{"type":"STATE","state":{"type":"GLOBAL","global":{"stream_states":[{"stream_descriptor":{"namespace":"x"}}]}}}"#,
            "state.global.stream_states[0].stream_descriptor.name: required field is missing"
        ),
        (#"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1}}"#, "trace.error: required field is missing"),
        (#"{"type":"LOG","log":{"level":1,"message":"m"}}"#, "log.level: expected a string, found a number 1"),
        (#"[1]"#, "value: expected an object, found an array of 1 elements"),
    ])
    func decodingErrorsNameTheField(line: String, expected: String) {
        #expect {
            try AirbyteMessage(parsing: Array(line.utf8))
        } throws: { error in
            (error as? AirbyteDecodingError)?.description == expected
        }
    }

    @Test func invalidJSONThrowsParseError() {
        #expect(throws: JSONParseError.self) { try AirbyteMessage(parsing: Array(#"{"type":"LOG""#.utf8)) }
    }

    @Test func convenienceConstructorsWriteWhatADestinationEmits() {
        #expect(AirbyteMessage.log(.info, "hello \"x\"").jsonText == #"{"type":"LOG","log":{"level":"INFO","message":"hello \"x\""}}"#)
        #expect(
            AirbyteMessage.traceError(
                "Disk full", failureType: .transientError, internalMessage: "ENOSPC",
                stream: StreamDescriptor(name: "u", namespace: "n"), emittedAt: 5
            ).jsonText
                == #"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":5,"error":{"message":"Disk full","internal_message":"ENOSPC","failure_type":"transient_error","stream_descriptor":{"name":"u","namespace":"n"}}}}"#
        )
        #expect(
            AirbyteMessage.connectionStatus(.succeeded).jsonText
                == #"{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}"#)
        #expect(
            AirbyteMessage.connectionStatus(.failed, message: "no such dir").jsonText
                == #"{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"no such dir"}}"#)
        #expect(
            AirbyteMessage.streamStatus(StreamDescriptor(name: "u"), .complete, emittedAt: 1).jsonText
                == #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"u"},"status":"COMPLETE"}}}"#
        )
        #expect(
            AirbyteMessage.record(stream: "s", data: ["a": 1], emittedAt: 2).jsonText
                == #"{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":2}}"#)
        var line: [UInt8] = []
        AirbyteMessage.log(.debug, "x").serializeLine(into: &line)
        #expect(line.last == 0x0A)
        #expect(AirbyteMessage.currentEpochMilliseconds > 1.6e12)
    }

    @Test func configuredCatalogDecodesEveryFieldAndDefaults() throws {
        let text = #"""
            {"streams": [
              {"stream": {"name": "users", "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
               "sync_mode": "incremental", "cursor_field": ["updated_at"], "destination_sync_mode": "append_dedup",
               "primary_key": [["id"], ["org", "id"]], "generation_id": 3, "minimum_generation_id": 3, "sync_id": 99,
               "destination_object_name": "people", "include_files": false, "x-custom": 1},
              {"stream": {"name": "events", "namespace": "app", "json_schema": {}}}
            ], "extra": "kept"}
            """#
        let catalog = try ConfiguredAirbyteCatalog(parsing: Array(text.utf8))
        let users = catalog.streams[0]
        #expect(users.syncMode == .incremental)
        #expect(users.cursorField == ["updated_at"])
        #expect(users.destinationSyncMode == .appendDedup)
        #expect(users.primaryKey == [["id"], ["org", "id"]])
        #expect(users.generationId == 3 && users.minimumGenerationId == 3 && users.syncId == 99)
        #expect(users.destinationObjectName == "people" && users.includeFiles == false)
        #expect(users.unknownFields["x-custom"] == 1)
        let events = catalog.streams[1]
        #expect(events.syncMode == .fullRefresh && events.destinationSyncMode == .append)
        #expect(events.stream.supportedSyncModes.isEmpty)
        #expect(catalog.stream(for: StreamDescriptor(name: "events", namespace: "app"))?.stream.name == "events")
        #expect(catalog.stream(for: StreamDescriptor(name: "events")) == nil)
        #expect(try ConfiguredAirbyteCatalog(json: catalog.json) == catalog)
        #expect(catalog.json["extra"] == "kept")
    }

    @Test func protocolEnumsKeepUnknownValues() throws {
        let mode = try DestinationSyncMode(json: "merge_magic")
        #expect(mode.rawValue == "merge_magic")
        #expect(mode.json == "merge_magic")
        switch DestinationSyncMode.overwrite {
        case .append: Issue.record("wrong match")
        case .overwrite: break
        default: Issue.record("wrong match")
        }
    }

    @Test func recordCountIsWrittenWithADecimalPoint() {
        #expect(AirbyteStateMessage.Stats(recordCount: 0).json.jsonText == #"{"recordCount":0.0}"#)
        #expect(AirbyteStateMessage.Stats(recordCount: 123_456_789).json.jsonText == #"{"recordCount":123456789.0}"#)
        #expect(AirbyteStateMessage.Stats(recordCount: 2.5).json.jsonText == #"{"recordCount":2.5}"#)
    }
}
