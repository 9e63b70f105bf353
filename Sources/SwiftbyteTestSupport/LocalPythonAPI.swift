import Foundation

/// A local HTTP API written in Python, for tests that read it with our engine and with a Python
/// oracle: the script defines a `BaseHTTPRequestHandler` subclass named `Handler`; this serves it
/// on a free port of 127.0.0.1 until ``stop()`` closes the server's stdin (or the test dies).
///
/// The server first closes every pipe it inherited beyond stdio: tests run in parallel and a
/// child started meanwhile can inherit another test's pipe, which then never reads end of file
/// while the server lives. Only pipes: Foundation's `Process` learns that a child exited when
/// the socket it gave the child closes, so closing an inherited socket makes Foundation wait
/// for this server as if it had exited, and every other child's exit waits behind it.
public struct LocalPythonAPI: Sendable {
    /// The port the API listens on.
    public let port: Int
    private let process: Process
    private let input: Pipe

    /// Starts the API and waits for its port. Blocks: call it through ``onOwnThread(_:)``.
    ///
    /// - Parameters:
    ///   - python: The Python that runs the script.
    ///   - handler: Python code defining `Handler` (imports included).
    public static func start(python: String, handler: String) throws -> LocalPythonAPI {
        let script = """
            import os as _os
            for _fd in map(int, _os.listdir("/proc/self/fd")):
                try:
                    if _fd > 2 and _os.readlink(f"/proc/self/fd/{_fd}").startswith("pipe:"):
                        _os.close(_fd)
                except OSError:
                    pass  # the listing's own descriptor, closed by now
            \(handler)
            import sys as _sys, threading as _threading
            from http.server import ThreadingHTTPServer as _Server
            _server = _Server(("127.0.0.1", 0), Handler)
            print(_server.server_address[1], flush=True)
            _threading.Thread(target=_server.serve_forever, daemon=True).start()
            _sys.stdin.read()  # ends when the test closes its end (or dies)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            try? input.fileHandleForWriting.close()
            throw LocalPythonAPIError(description: "the local API did not start (see its stderr above)")
        }
        return LocalPythonAPI(port: port, process: process, input: input)
    }

    /// Stops the API: it exits when its stdin closes. Does not wait for it.
    public func stop() {
        try? input.fileHandleForWriting.close()
    }
}

/// The local API could not be started.
public struct LocalPythonAPIError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}
