import Foundation

extension PythonConnector {
    /// Installs into a temporary folder beside ``installFolder`` and renames it
    /// into place, holding the connector's lock throughout.
    func install(progress: @escaping @Sendable (String) -> Void) async throws {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: installRoot, withIntermediateDirectories: true)
        } catch {
            throw ExecutorError(
                .installFailed, connector: name,
                message: "Cannot create the connector folder \(installRoot): \(error.localizedDescription)")
        }
        let lock: InstallLock
        do {
            lock = try await InstallLock.acquire("\(installRoot)/.\(folderName).lock") {
                progress("Waiting for another swiftbyte process that is installing \(name)…")
            }
        } catch let error as InstallLockError {
            throw ExecutorError(.installFailed, connector: name, message: error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        if isInstalled { return }  // another process finished it while we waited

        guard let interpreter = ExecutablePath.resolve(python) else {
            throw ExecutorError(
                .pythonUnavailable, connector: name,
                message: """
                    Installing \(name) from PyPI needs Python 3 with its venv module, but \(python) \
                    \(python.contains("/") ? "does not exist or is not executable" : "was not found on PATH"). \
                    Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv), point swiftbyte at \
                    another interpreter, or run the connector as an installed executable or a Docker image.
                    """)
        }

        // Leftovers of an install that was killed: nobody else holds the lock, so they are stale.
        let partialPrefix = ".\(folderName).partial-"
        for leftover in (try? fileManager.contentsOfDirectory(atPath: installRoot)) ?? [] where leftover.hasPrefix(partialPrefix) {
            try? fileManager.removeItem(atPath: "\(installRoot)/\(leftover)")
        }
        let partial = "\(installRoot)/\(partialPrefix)\(getpid())"
        var renamed = false
        defer { if !renamed { try? fileManager.removeItem(atPath: partial) } }

        let started = ContinuousClock.now
        progress("Installing \(name) into \(installFolder) (pip install \(pipURL))…")
        try await createVirtualenv(at: partial, interpreter: interpreter, progress: progress)
        try await pipInstall(into: partial, progress: progress)
        guard hasExecutable(in: partial) else {
            throw ExecutorError(
                .installFailed, connector: name,
                message: """
                    pip installed \(pipURL), but it provides no executable named \(name). \
                    Check the connector's name, or give the pip URL of the package that provides it.
                    """)
        }
        fixScriptHeaders(in: partial)
        let version = await installedVersion(in: partial)
        let record = InstallRecord(pipURL: pipURL, python: interpreter, version: version, installedAt: Date())
        do {
            try record.write(to: partial)
            if fileManager.fileExists(atPath: installFolder) {
                // A stale or different install: replaced whole.
                try fileManager.removeItem(atPath: installFolder)
            }
            try fileManager.moveItem(atPath: partial, toPath: installFolder)
            renamed = true
        } catch {
            throw ExecutorError(
                .installFailed, connector: name,
                message: "Cannot move the finished install into \(installFolder): \(error.localizedDescription)")
        }
        let seconds = (ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))
        progress("Installed \(name)\(version.map { " \($0)" } ?? "") in \(seconds).")
    }

    private func createVirtualenv(at folder: String, interpreter: String, progress: @escaping @Sendable (String) -> Void) async throws {
        let outcome: ToolProcess.Outcome?
        do {
            outcome = try await ToolProcess.run(interpreter, ["-m", "venv", folder])
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ExecutorError(.pythonUnavailable, connector: name, message: "Cannot run \(interpreter): \(error)")
        }
        guard let outcome, outcome.succeeded else {
            throw ExecutorError(
                .pythonUnavailable, connector: name,
                message: """
                    \(interpreter) could not create a virtualenv (\(outcome?.status.explanation ?? "timed out")). \
                    Installing \(name) needs Python 3 with its venv module and ensurepip \
                    (Debian/Ubuntu: apt-get install python3-venv).
                    """, outputTail: outcome?.tail ?? "")
        }
    }

    private func pipInstall(into folder: String, progress: @escaping @Sendable (String) -> Void) async throws {
        let arguments =
            ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off"]
            + ShellWords.split(pipURL)
        let outcome = try await ToolProcess.run(
            "\(folder)/bin/python", arguments,
            environment: ["PIP_NO_INPUT": "1", "PYTHONUNBUFFERED": "1"]
        ) { line in
            if !line.isEmpty { progress("  " + line) }
        }
        guard let outcome, outcome.succeeded else {
            throw ExecutorError(
                .installFailed, connector: name,
                message: """
                    pip install \(pipURL) failed (\(outcome?.status.explanation ?? "timed out")). \
                    Check the connector's name and version, and that PyPI (or the pip URL) can be reached.
                    """, outputTail: outcome?.tail ?? "")
        }
    }

    /// Points the `#!` lines of the virtualenv's scripts, which pip wrote for the
    /// temporary folder, at the final one, so they also work when run directly.
    private func fixScriptHeaders(in partial: String) {
        let oldHeader = Array("#!\(partial)/bin/".utf8)
        let newHeader = Array("#!\(installFolder)/bin/".utf8)
        let bin = "\(partial)/bin"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: bin)) ?? [] {
            let path = "\(bin)/\(name)"
            guard !ExecutablePath.isSymbolicLink(path), let data = FileManager.default.contents(atPath: path),
                data.starts(with: oldHeader)
            else { continue }
            let permissions = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]
            try? Data(newHeader + data.dropFirst(oldHeader.count)).write(to: URL(fileURLWithPath: path))
            if let permissions { try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path) }
        }
    }

    /// The installed package's version, when ``packageName`` names it.
    private func installedVersion(in folder: String) async -> String? {
        guard let packageName else { return nil }
        let script = "import sys; from importlib.metadata import version; print(version(sys.argv[1]))"
        guard let outcome = try? await ToolProcess.run("\(folder)/bin/python", ["-c", script, packageName], timeout: .seconds(30)),
            outcome.succeeded
        else { return nil }
        let version = outcome.tail.trimmingCharacters(in: .whitespacesAndNewlines)
        return version.isEmpty || version.contains("\n") ? nil : version
    }
}

/// Splitting a command-line string into words as a POSIX shell would:
/// whitespace separates, quotes group, a backslash escapes.
enum ShellWords {
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
