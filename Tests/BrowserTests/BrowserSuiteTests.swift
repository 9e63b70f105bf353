import Foundation
import SwiftbyteTestSupport
import Testing

/// The web UI in a real browser: `Scripts/browser_suite.py` drives Debian's
/// headless Chromium through Selenium against the built `swiftbyte server`
/// (no mock server), one browser for every step, and saves a screenshot of
/// each page into `docs/screenshots/` (set `SWIFTBYTE_SCREENSHOTS` to put them
/// elsewhere, or to `none`).
///
/// `scripts/test` installs what it needs (`scripts/setup-browser-tests`:
/// chromium, chromium-driver, a venv with Selenium) and passes the venv's
/// python in `SWIFTBYTE_BROWSER_PYTHON`. Without them the test is cancelled
/// with the reason locally, and fails in CI.
@Suite struct BrowserSuiteTests {
    static let environment = ProcessInfo.processInfo.environment
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let swiftbyte: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("swiftbyte").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/swiftbyte").path
    }()

    static var python: String? {
        let candidates = [
            environment["SWIFTBYTE_BROWSER_PYTHON"],
            "\(environment["XDG_CACHE_HOME"] ?? "\(environment["HOME"] ?? "~")/.cache")/swiftbyte/browser-venv/bin/python",
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.timeLimit(.minutes(15)))
    func theWebUIWorksInARealBrowser() async throws {
        var missing: [String] = []
        let python = Self.python
        if python == nil { missing.append("a venv with Selenium (scripts/setup-browser-tests)") }
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            missing.append("\(tool) (apt-get install chromium chromium-driver)")
        }
        if !FileManager.default.isExecutableFile(atPath: Self.swiftbyte) { missing.append("the built \(Self.swiftbyte)") }
        if !missing.isEmpty {
            let reason = "the browser suite needs " + missing.joined(separator: ", ") + "; scripts/test installs them"
            if Self.environment["CI"] == "true" {
                Issue.record(Comment(rawValue: reason))
                return
            }
            try Test.cancel(Comment(rawValue: reason))
        }
        guard let python else { return }
        let screenshots = Self.environment["SWIFTBYTE_SCREENSHOTS"] ?? Self.root.appendingPathComponent("docs/screenshots").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                Self.root.appendingPathComponent("Tests/BrowserTests/Scripts/browser_suite.py").path,
                "--swiftbyte", Self.swiftbyte,
            ] + (screenshots == "none" ? [] : ["--screenshots", screenshots])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exited.continuation.yield(process.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        // On a thread of its own: a read that lasts the whole suite must not hold a cooperative thread.
        let text = try await onOwnThread { String(decoding: try output.fileHandleForReading.readToEnd() ?? Data(), as: UTF8.self) }
        var status: Int32 = -1
        for await code in exited.stream { status = code }
        print(text)
        #expect(status == 0, Comment(rawValue: text.split(separator: "\n").suffix(40).joined(separator: "\n")))
        #expect(text.contains(" passed, 0 failed"))
    }
}
