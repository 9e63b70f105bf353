import Testing

@testable import AirbyteProtocol

/// Round trips over real `airbyte-source-faker` 7.2.1 output, made with
/// `source-faker read --config '{"count": 60, "seed": 42, "parallelism": 1, "records_per_slice": 20}'`
/// and a configured catalog of users, products and purchases (full_refresh, append).
@Suite struct FakerFixtureTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let path = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!)) + "/Fixtures/" + name
        return try readFile(path)
    }

    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: ASCII.lineFeed)
    }

    @Test func everyLineDecodesAndReencodesToTheSameBytes() throws {
        let bytes = try Self.fixture("source-faker-read.jsonl")
        var types: [String: Int] = [:]
        for line in Self.lines(bytes) {
            let message = try AirbyteMessage(parsing: line)
            types[message.type.rawValue, default: 0] += 1
            #expect(message.jsonText == String(decoding: line, as: UTF8.self))
        }
        #expect(types == ["RECORD": 180, "STATE": 7, "LOG": 26, "TRACE": 12])
    }

    @Test func readerAgreesWithTheFullDecoder() throws {
        let bytes = try Self.fixture("source-faker-read.jsonl")
        let expected = try Self.lines(bytes).map { try AirbyteMessage(parsing: $0) }
        for blockSize in [MessageReader.defaultBlockSize, 4096, 97] {
            let reader = MessageReader(bytes: bytes, blockSize: blockSize)
            var index = 0
            while let scanned = try reader.next() {
                try #require(index < expected.count)
                #expect(scanned.lineNumber == index + 1)
                try expectSame(scanned, expected[index])
                index += 1
            }
            #expect(index == expected.count)
        }
    }

    @Test func stateEchoesAddOnlyDestinationStats() throws {
        let bytes = try Self.fixture("source-faker-read.jsonl")
        var states = 0
        for line in Self.lines(bytes) where line.starts(with: #"{"type":"STATE""#.utf8) {
            states += 1
            let echo = try AirbyteStateMessage.echoLine(of: line, recordCount: 20)
            #expect(echo.last == ASCII.lineFeed)
            guard case .state(var state) = try AirbyteMessage(parsing: echo.dropLast()).payload,
                case .state(let original) = try AirbyteMessage(parsing: line).payload
            else {
                Issue.record("not a state")
                continue
            }
            #expect(state.destinationStats == AirbyteStateMessage.Stats(recordCount: 20))
            state.destinationStats = nil
            #expect(state == original)
            #expect(
                String(decoding: echo, as: UTF8.self)
                    == String(decoding: line.dropLast(2), as: UTF8.self) + #","destinationStats":{"recordCount":20.0}}}"# + "\n")
        }
        #expect(states == 7)
    }

    @Test func discoveredCatalogRoundTrips() throws {
        let bytes = try Self.fixture("source-faker-discover.jsonl")
        var catalogs = 0
        for line in Self.lines(bytes) {
            let message = try AirbyteMessage(parsing: line)
            #expect(message.jsonText == String(decoding: line, as: UTF8.self))
            guard case .catalog(let catalog) = message.payload else { continue }
            catalogs += 1
            #expect(catalog.streams.map(\.name) == ["products", "users", "purchases"])
            #expect(catalog.streams[0].sourceDefinedPrimaryKey == [["id"]])
            #expect(catalog.streams[0].supportedSyncModes == [.fullRefresh, .incremental])
        }
        #expect(catalogs == 1)
    }

    @Test func configuredCatalogDecodes() throws {
        let catalog = try ConfiguredAirbyteCatalog(parsing: Self.fixture("source-faker-configured-catalog.json"))
        #expect(catalog.streams.count == 3)
        #expect(catalog.streams.allSatisfy { $0.syncMode == .fullRefresh && $0.destinationSyncMode == .append })
        #expect(try ConfiguredAirbyteCatalog(json: JSONValue(parsing: catalog.json.jsonText)) == catalog)
    }
}

/// Checks a scanned message against the fully decoded one.
func expectSame(
    _ scanned: ScannedMessage, _ expected: AirbyteMessage,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    switch (scanned.content, expected.payload) {
    case (.record(let record), .record(let full)):
        #expect(record.stream == full.stream, sourceLocation: sourceLocation)
        #expect(record.namespace == full.namespace, sourceLocation: sourceLocation)
        #expect(record.emittedAt == full.emittedAt, sourceLocation: sourceLocation)
        #expect(try record.decodeData() == full.data, sourceLocation: sourceLocation)
        #expect(try record.decodeMeta() == full.meta, sourceLocation: sourceLocation)
    case (.message(let message), _):
        #expect(message.type != .record, "a RECORD must come scanned", sourceLocation: sourceLocation)
        #expect(message == expected, sourceLocation: sourceLocation)
    default:
        Issue.record("scanned \(scanned.content) for \(expected.type)", sourceLocation: sourceLocation)
    }
}

/// The bytes of the file at `path`, read without Foundation.
func readFile(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 { throw FileError(path: path, errno: errno) }
        if count == 0 { return bytes }
        bytes += chunk[0..<count]
    }
}

struct FileError: Error {
    var path: String
    var errno: Int32
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
