import Foundation
import Swiftbyte
import SwiftbyteTestSupport
import SystemPackage
import Testing

/// A state file's failures keep their cause: a code, the underlying error, a
/// description for a person and a detailed debug description.
struct StateFileTests {
    @Test func anInvalidFileKeepsTheParsersError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("state.json", #"[{"type": "STREAM", "stream": "#)
        let error = #expect(throws: StateFileError.self) { try StateFile(path: path).states(source: "s", destination: "d") }
        #expect(error?.code == .invalid)
        #expect(error?.underlying is JSONParseError)
        #expect(error?.description.hasPrefix("the state file \(path) cannot be used: it is not a JSON array of STATE messages") == true)
        #expect(error.map { String(reflecting: $0) }?.hasPrefix("StateFileError(code: invalid, path: ") == true)
    }

    @Test func aFailedWriteKeepsTheSystemsError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = try AirbyteStateMessage(json: [
            "type": "STREAM", "stream": ["stream_descriptor": ["name": "users"], "stream_state": ["at": 1]],
        ])
        let path = "\(folder.path)/no/such/folder/state.json"
        let error = #expect(throws: StateFileError.self) { try StateFile(path: path).save(state, source: "s", destination: "d") }
        #expect(error?.code == .writeFailed)
        #expect(error?.underlying != nil)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
