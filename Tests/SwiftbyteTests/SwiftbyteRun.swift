import Foundation

/// Runs the built `swiftbyte` executable with separate stdout and stderr.
struct SwiftbyteRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `swiftbyte arguments…` in `directory` with `environment` (the test's own by default).
    static func run(_ arguments: [String], directory: String? = nil, environment: [String: String]? = nil) throws -> SwiftbyteRun {
        let process = Process()
        process.executableURL = CacheReadTests.swiftbyteExecutable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let errors = Thread.detachedReader(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return SwiftbyteRun(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                            stderr: errors())
    }
}

extension Thread {
    /// Reads `handle` to its end on a thread of its own; the returned function waits for the text.
    static func detachedReader(_ handle: FileHandle) -> () -> String {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var data = Data()
        Thread.detachNewThread {
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        return {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
