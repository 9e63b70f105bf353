// The program of a package that depends on Swiftbyte (see PackageDependencyTests):
// it writes two records and a STATE of stream `users` into the DuckDB file named
// by its first argument, through DestinationKit's write loop and the DuckDB
// destination, using only what the products make public.
import DestinationKit
import DuckDBDestination

let path = CommandLine.arguments[1]
let catalog = try ConfiguredAirbyteCatalog(
    parsing: Array(
        """
        {"streams": [{"stream": {"name": "users", "supported_sync_modes": ["full_refresh"],
          "json_schema": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}},
         "sync_mode": "full_refresh", "destination_sync_mode": "append"}]}
        """.utf8))
let messages = MessageReader(
    bytes: Array(
        """
        {"type": "RECORD", "record": {"stream": "users", "data": {"id": 1, "name": "Ada"}, "emitted_at": 1700000000000}}
        {"type": "RECORD", "record": {"stream": "users", "data": {"id": 2, "name": "Grace"}, "emitted_at": 1700000000000}}
        {"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"}, "stream_state": {"id": 2}}}}
        """.utf8))
let destination = try DuckDBDestination(config: ["destination_path": .string(path)])
let summary = try WriteRun.run(writer: destination.makeWriter(catalog: catalog), catalog: catalog, input: messages) {
    acknowledged in
    print("acknowledged a state after \(acknowledged.recordCount) records")
}
print("wrote \(summary.streams[0].recordCount) records")
