import Foundation
import SwiftbyteTestSupport
import Testing

/// `swiftbyte server`, built beside the tests, run as a real process on a
/// port the system picks, in its own folder; its log (stderr) is kept.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: `log` is guarded by `lock`; the rest is set once in `start`.
    let process = Process()
    let folder: String
    private(set) var port = 0
    private var log = ""
    private let lock = NSLock()

    /// The folder of the built products (`.build/debug`): the test bundle's own.
    static let productsFolder: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("swiftbyte").path) { return bundle }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }()

    private init(folder: String) {
        self.folder = folder
    }

    /// Starts a server with its state in `folder` and waits until it listens.
    static func start(folder: String, arguments: [String] = [], environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = ServerProcess(folder: folder)
        let process = server.process
        process.executableURL = productsFolder.appendingPathComponent("swiftbyte")
        process.arguments = ["server", "--host", "127.0.0.1", "--port", "0", "--folder", folder] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            server.lock.withLock { server.log += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let port = server.listeningPort() {
                server.port = port
                return server
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.stop()
        Issue.record("swiftbyte server did not start listening; its log:\n\(server.output)")
        throw CancellationError()
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Everything the server logged so far.
    var output: String { lock.withLock { log } }

    private func listeningPort() -> Int? {
        let text = output
        guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(text[range].split(separator: ":").last ?? "")
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}

/// Airbyte's Python SDK in a venv (`scripts/setup-api-oracle`).
enum APIOracle {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The venv's python; installs it the first time. `nil` (with a reason) when it cannot be had here.
    static func python() throws -> String? {
        let process = Process()
        process.executableURL = repository.appendingPathComponent("scripts/setup-api-oracle")
        process.arguments = ["--print-python", "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `script` (in Scripts/) with `arguments`; its stdout. A failure records its stderr.
    static func run(_ python: String, script: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("Scripts/\(script)").path
            ] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes drained on threads of their own, so neither fills and blocks the script. Not
        // on the cooperative pool (Task.detached runs there too): a pipe a long-lived child of
        // another test inherited stays open until that test ends, and two such reads once held
        // both of the pool's threads, so that test never ran again.
        async let stderr = onOwnThread { errors.fileHandleForReading.readDataToEndOfFile() }
        async let stdout = onOwnThread { output.fileHandleForReading.readDataToEndOfFile() }
        let (out, err) = (try await stdout, try await stderr)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Issue.record("\(script) exited with \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs `python -m module arguments` in `folder`: its exit status and its output (stdout and stderr).
    static func runModule(
        _ python: String, _ module: String, _ arguments: [String],
        in folder: String
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", module] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = try await onOwnThread { output.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
