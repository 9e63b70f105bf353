import DuckDB
import Foundation
import Testing

/// `destination-duckdb` as Airbyte runs it: a process reading messages on stdin.
@Suite struct DestinationDuckDBTests {
    let destination = ConnectorProcess("destination-duckdb")

    func config(_ workspace: Workspace, _ extra: String = "") throws -> String {
        try workspace.write("config.json", #"{"destination_path": "\#(workspace.path("out.duckdb"))"\#(extra)}"#)
    }

    static func catalog(_ streams: [(name: String, mode: String, properties: String)], extra: String = "") -> String {
        let entries = streams.map { stream in
            #"{"stream": {"name": "\#(stream.name)", "json_schema": {"type": "object", "properties": \#(stream.properties)}, "supported_sync_modes": ["full_refresh"]}, "sync_mode": "full_refresh", "destination_sync_mode": "\#(stream.mode)"\#(extra)}"#
        }
        return #"{"streams": [\#(entries.joined(separator: ", "))]}"#
    }

    static func record(_ stream: String, _ data: String, at emittedAt: Int = 1_700_000_000_000) -> String {
        #"{"type": "RECORD", "record": {"stream": "\#(stream)", "emitted_at": \#(emittedAt), "data": \#(data)}}"#
    }

    static func streamState(_ stream: String, _ cursor: Int) -> String {
        #"{"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "\#(stream)"}, "stream_state": {"cursor": \#(cursor)}}}, "id": \#(cursor)}"#
    }

    static func status(_ stream: String, _ status: String) -> String {
        #"{"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1, "stream_status": {"stream_descriptor": {"name": "\#(stream)"}, "status": "\#(status)"}}}"#
    }

    @Test func specNamesTheAirbyteFieldsAndModes() throws {
        let output = try destination.run(["spec"])
        #expect(output.status == 0)
        let spec = try #require(output.messages(ofType: "SPEC").first?["spec"] as? [String: Any])
        let properties = (spec["connectionSpecification"] as? [String: Any])?["properties"] as? [String: Any]
        #expect(Set((properties ?? [:]).keys).isSuperset(of: ["destination_path", "schema", "motherduck_api_key"]))
        #expect(spec["supported_destination_sync_modes"] as? [String] == ["append", "overwrite", "append_dedup"])
    }

    @Test func loadsRealSourceFakerOutputAndAcknowledgesEveryState() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let input = try Data(contentsOf: Workspace.fixtures.appendingPathComponent("source-faker-read.jsonl"))
        let output = try destination.run(
            [
                "write", "--config", try config(workspace),
                "--catalog", Workspace.fixtures.appendingPathComponent("source-faker-configured-catalog.json").path,
            ], input: input)
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")

        let inputStates = String(decoding: input, as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == "STATE" }
        let echoed = output.messages(ofType: "STATE")
        #expect(echoed.count == inputStates.count)
        for (sent, acknowledged) in zip(inputStates, echoed) {
            let sentState = sent["state"] as! [String: Any]
            let ackState = acknowledged["state"] as! [String: Any]
            let sourceCount = (sentState["sourceStats"] as? [String: Any])?["recordCount"] as? Double
            let destinationCount = (ackState["destinationStats"] as? [String: Any])?["recordCount"] as? Double
            #expect(destinationCount == sourceCount)
            #expect(
                NSDictionary(dictionary: (sentState["stream"] as? [String: Any]) ?? [:])
                    == NSDictionary(dictionary: (ackState["stream"] as? [String: Any]) ?? [:]))
        }

        let connection = try Database(path: workspace.path("out.duckdb")).connect()
        for table in ["users", "products", "purchases"] {
            #expect(try connection.scalar("SELECT count(*) FROM main.\(table)") == .integer(60))
            #expect(
                try connection.scalar("SELECT count(*) FROM main.\(table) WHERE _airbyte_meta::VARCHAR <> '{\"sync_id\":0,\"changes\":[]}'")
                    == .integer(0))
        }
        #expect(try connection.scalar("SELECT typeof(age) FROM users LIMIT 1") == .varchar("BIGINT"))
        #expect(try connection.scalar("SELECT typeof(price) FROM products LIMIT 1") == .varchar("DECIMAL(38,9)"))
    }

    @Test func echoesStatesInOrderWithCountsPerStreamAndKeepsUnknownFields() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let catalog = try workspace.write(
            "catalog.json",
            Self.catalog([("a", "append", #"{"n": {"type": "integer"}}"#), ("b", "append", #"{"n": {"type": "integer"}}"#)]))
        let lines = [
            Self.record("a", #"{"n": 1}"#), Self.record("b", #"{"n": 1}"#), Self.record("a", #"{"n": 2}"#),
            Self.streamState("a", 1),
            Self.record("b", #"{"n": 2}"#),
            Self.streamState("b", 2),
            #"{"type": "STATE", "state": {"type": "GLOBAL", "global": {"shared_state": {"lsn": 9}, "stream_states": []}}}"#,
            Self.record("a", #"{"n": 3}"#),
            #"{"type": "STATE", "state": {"data": {"legacy": true}}}"#,
        ]
        let output = try destination.run(
            ["write", "--config", try config(workspace), "--catalog", catalog],
            input: Data(lines.joined(separator: "\n").utf8))
        #expect(output.status == 0, "\(output.stdout)")
        let states = output.messages(ofType: "STATE")
        let counts = states.map { (($0["state"] as! [String: Any])["destinationStats"] as? [String: Any])?["recordCount"] as? Double }
        #expect(counts == [2, 2, 4, 1])
        #expect(states.map { $0["id"] as? Int } == [1, 2, nil, nil])
        // The echo is the input line plus destinationStats, byte for byte.
        let stateLines = output.lines.filter { $0.contains("\"STATE\"") }
        #expect(stateLines[0].hasPrefix(#"{"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "a"}"#))
        #expect(stateLines[0].hasSuffix(#", "id": 1}"#))
    }

    @Test func killedAfterAnAcknowledgementKeepsTheAcknowledgedRowsAndTheNextRunDropsItsSpool() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let catalog = try workspace.write("catalog.json", Self.catalog([("a", "append", #"{"n": {"type": "integer"}}"#)]))
        let process = Process()
        process.executableURL = destination.executable
        process.arguments = ["write", "--config", try config(workspace), "--catalog", catalog]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let first = (1...1000).map { Self.record("a", #"{"n": \#($0)}"#) } + [Self.streamState("a", 1)]
        try stdin.fileHandleForWriting.write(contentsOf: Data((first.joined(separator: "\n") + "\n").utf8))
        // Records after the state that will never be acknowledged.
        let rest = (1001...1500).map { Self.record("a", #"{"n": \#($0)}"#) }
        try stdin.fileHandleForWriting.write(contentsOf: Data((rest.joined(separator: "\n") + "\n").utf8))
        // A destination that never acknowledges would block the read below: end it after a minute.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }
        var received = Data()
        while !String(decoding: received, as: UTF8.self).contains("\"STATE\"") {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(String(decoding: received, as: UTF8.self).contains("\"destinationStats\""))
        let count: Int64
        do {
            let connection = try Database(path: workspace.path("out.duckdb")).connect()
            count = try connection.scalar("SELECT count(*) FROM a")?.int64 ?? 0
            #expect(count >= 1000)
            #expect(try connection.scalar("SELECT count(DISTINCT n) FROM a WHERE n <= 1000") == .integer(1000))
        }

        // The killed run could not remove its spool folder; the next run removes it
        // without loading what it holds, and leaves no spool of its own.
        let spool = workspace.path("out.duckdb.spool")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: spool)
        #expect(leftovers.count == 1 && leftovers[0].hasPrefix("run-\(pid)-"))
        let next = try destination.run(
            ["write", "--config", try config(workspace), "--catalog", catalog],
            input: Data(Self.record("a", #"{"n": 5000}"#).utf8))
        #expect(next.status == 0)
        #expect(next.lines.contains { $0.contains("removed") && $0.contains("run-\(pid)-") })
        #expect(!FileManager.default.fileExists(atPath: spool))
        let connection = try Database(path: workspace.path("out.duckdb")).connect()
        #expect(try connection.scalar("SELECT count(*) FROM a")?.int64 == count + 1)
    }

    @Test func malformedLineFailsWithItsLineNumberAfterAcknowledgingWhatWasCommitted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let catalog = try workspace.write("catalog.json", Self.catalog([("a", "append", #"{"n": {"type": "integer"}}"#)]))
        let lines = [
            Self.record("a", #"{"n": 1}"#), Self.streamState("a", 1), #"{"type": "RECORD", "record": {"stream": "a""#,
            Self.record("a", #"{"n": 2}"#),
        ]
        let output = try destination.run(
            ["write", "--config", try config(workspace), "--catalog", catalog],
            input: Data(lines.joined(separator: "\n").utf8))
        #expect(output.status != 0)
        #expect(output.messages(ofType: "STATE").count == 1)
        let error = try #require(output.messages(ofType: "TRACE").first { ($0["trace"] as? [String: Any])?["type"] as? String == "ERROR" })
        let trace = (error["trace"] as! [String: Any])["error"] as! [String: Any]
        #expect(trace["failure_type"] as? String == "system_error")
        #expect("\(trace["message"] ?? "") \(trace["internal_message"] ?? "")".contains("line 3"))
        #expect(try Database(path: workspace.path("out.duckdb")).connect().scalar("SELECT count(*) FROM a") == .integer(1))
    }

    @Test func recordsOfUnknownStreamsAreIgnoredWithOneLogLine() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let catalog = try workspace.write("catalog.json", Self.catalog([("a", "append", #"{"n": {"type": "integer"}}"#)]))
        let lines = [Self.record("ghost", #"{"n": 1}"#), Self.record("ghost", #"{"n": 2}"#), Self.record("a", #"{"n": 3}"#)]
        let output = try destination.run(
            ["write", "--config", try config(workspace), "--catalog", catalog],
            input: Data(lines.joined(separator: "\n").utf8))
        #expect(output.status == 0)
        #expect(output.messages(ofType: "LOG").filter { "\($0)".contains("ghost") }.count == 1)
        #expect(try Database(path: workspace.path("out.duckdb")).connect().scalar("SELECT count(*) FROM a") == .integer(1))
    }

    @Test func overwriteInterruptedThenCompleted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let catalog = try workspace.write("catalog.json", Self.catalog([("a", "overwrite", #"{"n": {"type": "integer"}}"#)]))
        let arguments = ["write", "--config", try config(workspace), "--catalog", catalog]
        _ = try destination.run(arguments, input: Data(Self.record("a", #"{"n": 1}"#).utf8))
        // The source started the stream but the input ended without COMPLETE.
        let interrupted = [Self.status("a", "STARTED"), Self.record("a", #"{"n": 2}"#), Self.streamState("a", 2)]
        _ = try destination.run(arguments, input: Data(interrupted.joined(separator: "\n").utf8))
        #expect(try Database(path: workspace.path("out.duckdb")).connect().query("SELECT n FROM a").rows() == [[.integer(1)]])
        let completed = [Self.status("a", "STARTED"), Self.record("a", #"{"n": 3}"#), Self.status("a", "COMPLETE")]
        let output = try destination.run(arguments, input: Data(completed.joined(separator: "\n").utf8))
        #expect(output.status == 0)
        #expect(try Database(path: workspace.path("out.duckdb")).connect().query("SELECT n FROM a").rows() == [[.integer(3)]])
    }

    @Test func invalidConfigIsRefusedBeforeAnythingRuns() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let config = try workspace.write("config.json", #"{"schema": 5, "motherduck_api_key": "very-secret-token"}"#)
        let check = try destination.run(["check", "--config", config])
        let status = try #require(check.messages(ofType: "CONNECTION_STATUS").first?["connectionStatus"] as? [String: Any])
        #expect(status["status"] as? String == "FAILED")
        #expect("\(status["message"] ?? "")".contains("destination_path"))
        #expect(!check.stdout.contains("very-secret-token"))
        let write = try destination.run(["write", "--config", config, "--catalog", config])
        #expect(write.status != 0)
        #expect(write.stdout.contains("config_error"))
        #expect(!write.stdout.contains("very-secret-token"))
    }

    @Test func checkSaysPlainlyWhenAnotherProcessHoldsTheFile() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let configPath = try config(workspace)
        let catalog = try workspace.write("catalog.json", Self.catalog([("a", "append", #"{"n": {"type": "integer"}}"#)]))
        // A second destination process holds the file open while it waits for input.
        let holder = Process()
        holder.executableURL = destination.executable
        holder.arguments = ["write", "--config", configPath, "--catalog", catalog]
        let holderInput = Pipe()
        let holderOutput = Pipe()
        holder.standardInput = holderInput
        holder.standardOutput = holderOutput
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer {
            try? holderInput.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        try holderInput.fileHandleForWriting.write(
            contentsOf: Data((Self.record("a", #"{"n": 1}"#) + "\n" + Self.streamState("a", 1) + "\n").utf8))
        _ = holderOutput.fileHandleForReading.availableData  // the state echo: the file is open
        let check = try destination.run(["check", "--config", configPath])
        let status = try #require(check.messages(ofType: "CONNECTION_STATUS").first?["connectionStatus"] as? [String: Any])
        #expect(status["status"] as? String == "FAILED")
        #expect("\(status["message"] ?? "")".contains("another process"))
    }
}
