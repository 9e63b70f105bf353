import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `swiftbyte server` process, built beside the tests, with its stderr in a file.
final class ServerProcess: @unchecked Sendable {
    // `Process` is not Sendable; this wrapper only reads it after `run()` and
    // lets `terminationHandler` (called once) resume the one waiter.
    let process = Process()
    let port: Int
    let logPath: String
    private let exited: Task<Int32, Never>
    private let exitContinuation: AsyncStream<Int32>.Continuation

    static let executable: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("swiftbyte").path
        if FileManager.default.fileExists(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/swiftbyte").path
    }()

    /// Starts `swiftbyte server` in `folder` on a free port, with `arguments` added.
    init(folder: String, arguments: [String], logName: String) throws {
        port = try Self.freePort()
        logPath = "\(folder)/\(logName)"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["server", "--port", String(port)] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFTBYTE_SECRET_KEY"] = nil
        process.environment = environment
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        exitContinuation = continuation
        exited = Task {
            for await status in stream { return status }
            return -1
        }
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits until `/api/public/v1/health` answers 200; returns how long that took.
    func waitUntilHealthy(timeout: Duration = .seconds(30)) async throws -> Duration {
        let started = ContinuousClock.now
        let url = URL(string: "http://127.0.0.1:\(port)/api/public/v1/health")!
        while ContinuousClock.now - started < timeout {
            if let (data, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200, String(decoding: data, as: UTF8.self).contains("available")
            {
                return ContinuousClock.now - started
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServerProcessError(message: "the server did not become healthy; its log:\n\(log)")
    }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    func stop(_ signal: Int32) async -> Int32 {
        kill(pid, signal)
        return await exited.value
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0 else { throw ServerProcessError(message: "no free port") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ServerProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
