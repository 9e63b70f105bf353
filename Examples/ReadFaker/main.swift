// The README's "Use it from Swift" example, compiled with the package so it
// cannot drift from the API: reads source-faker into the default cache
// (.swiftbyte/cache.duckdb in the current directory) and queries it.
//
//     swift run swiftbyte-example [USERS]
import Logging
import Swiftbyte

let users = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1000

// The connector's logs and the install's progress, on stderr (the library logs nowhere unless told).
let logger = Logger(label: "example") { label in StreamLogHandler.standardError(label: label) }
let source = try await Source.resolve("source-faker", config: ["count": .number(String(users))], logger: logger)
try await source.check()
for stream in try await source.streams {
    print("offered:", stream)
}
try await source.select(["users", "purchases"])
let result = try await source.read(into: Cache.default)
print("users read:", result["users"].count)
print("purchases read:", result["purchases"].count)

let cache = try Cache.default
let oldest = try cache.query("SELECT name, age FROM main.users ORDER BY age DESC, id LIMIT 3")
for row in oldest.rows {
    print("oldest:", row[0].text, row[1].int64 ?? 0)
}
for stream in try cache.streams() {
    print("cached:", stream.name, stream.tableName, stream.rowCount ?? 0)
}
