import Foundation

/// A Python connector from PyPI, installed on demand into a virtualenv that
/// swiftbyte manages: one per connector and version, under
/// `${XDG_CACHE_HOME:-~/.cache}/swiftbyte/connectors/<name>-<version>/` (see ``installFolder``).
///
/// ```swift
/// PythonConnector("source-faker")                                 // pip install airbyte-source-faker
/// PythonConnector("source-faker", version: "6.2.1")               // …airbyte-source-faker==6.2.1
/// PythonConnector("source-faker", pipURL: "git+https://…#subdirectory=…")
/// ```
///
/// The first ``prepare(progress:)`` installs it (about 40 s for source-faker;
/// later runs reuse the virtualenv). The install happens in a temporary folder
/// beside the final one, under a lock shared by every swiftbyte process, and is
/// renamed into place only once complete: an interrupted install leaves
/// nothing half-made, and concurrent runs install once.
public struct PythonConnector: ConnectorExecutor {
    /// The connector's name, which is also the name of the executable its package installs.
    public var name: String
    /// The version to install; `nil` for the latest.
    public var version: String?
    /// What `pip install` is given: `airbyte-<name>` (with `==<version>`) unless set.
    public var pipURL: String
    /// The Python 3 interpreter that creates the virtualenv: a name on PATH or a path.
    public var python: String
    /// The folder holding the virtualenvs.
    public var installRoot: String

    /// A connector installed from PyPI.
    ///
    /// - Parameters:
    ///   - name: The connector, such as `source-faker`.
    ///   - version: The version to install; `nil` for the latest.
    ///   - pipURL: What to `pip install` instead of `airbyte-<name>[==<version>]`
    ///     (a requirement, a git URL, a local path; split like a shell would).
    ///   - python: The interpreter creating the virtualenv, `python3` by default.
    ///   - installRoot: Where virtualenvs go; ``defaultInstallRoot`` by default.
    public init(
        _ name: String, version: String? = nil, pipURL: String? = nil, python: String = "python3",
        installRoot: String? = nil
    ) {
        self.name = name
        self.version = version
        self.pipURL = pipURL ?? "airbyte-\(name)" + (version.map { "==\($0)" } ?? "")
        self.python = python
        self.installRoot = installRoot ?? Self.defaultInstallRoot
    }

    /// `${XDG_CACHE_HOME:-~/.cache}/swiftbyte/connectors`.
    public static var defaultInstallRoot: String {
        let environment = ProcessInfo.processInfo.environment
        let cache =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return cache + "/swiftbyte/connectors"
    }

    /// The virtualenv: `<installRoot>/<name>-<version>`, where the version is
    /// ``version``, else the one the pip URL pins (`airbyte-source-faker==6.2.1`),
    /// else `latest` for the default pip URL, else a hash of the pip URL: each
    /// distinct install has its own folder, so switching between them never
    /// reinstalls or replaces a virtualenv another run is using.
    public var installFolder: String { "\(installRoot)/\(folderName)" }

    var folderName: String {
        if let version { return "\(name)-\(version)" }
        let requirement = pipURL.trimmingCharacters(in: .whitespaces)
        let defaultRequirement = "airbyte-\(name)"
        if requirement == defaultRequirement { return "\(name)-latest" }
        if requirement.hasPrefix(defaultRequirement + "=="),
            case let pinned = requirement.dropFirst(defaultRequirement.count + 2),
            !pinned.isEmpty, pinned.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" })
        {
            return "\(name)-\(pinned)"
        }
        return "\(name)-pip-\(Self.stableHash(requirement))"
    }

    /// FNV-1a of `text` as 16 hex digits: the same on every run and machine.
    private static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The connector, its pip URL and its virtualenv.
    public var description: String { "Python connector \(name) (pip install \(pipURL)) in \(installFolder)" }

    /// Whether the virtualenv holds a complete install of ``pipURL``.
    public var isInstalled: Bool { InstallRecord.read(from: installFolder)?.pipURL == pipURL && hasExecutable(in: installFolder) }

    /// Installs the connector unless it is installed, and returns the command
    /// that runs it with the virtualenv's interpreter.
    ///
    /// - Throws: ``ExecutorError`` with ``ExecutorError/Code/pythonUnavailable``
    ///   when the interpreter is missing or cannot make virtualenvs, or
    ///   ``ExecutorError/Code/installFailed`` with pip's last output lines.
    public func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand {
        if !isInstalled { try await install(progress: progress) }
        let folder = installFolder
        let script = "\(folder)/bin/\(name)"
        // The interpreter runs the entry-point script, rather than the script
        // running itself, so the virtualenv works from wherever it was renamed to
        // (the script's #! line names the temporary folder it was installed in).
        return ConnectorCommand(executable: "\(folder)/bin/python") { arguments, _ in [script] + arguments }
    }

    func hasExecutable(in folder: String) -> Bool {
        ExecutablePath.isExecutableFile("\(folder)/bin/python") && FileManager.default.fileExists(atPath: "\(folder)/bin/\(name)")
    }

    /// The package name in ``pipURL`` when it is a plain requirement (`airbyte-source-faker==6.2.1`).
    var packageName: String? {
        let requirement = pipURL.trimmingCharacters(in: .whitespaces)
        guard !requirement.contains("/"), !requirement.contains(" "), !requirement.contains(":") else { return nil }
        let name = requirement.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name.isEmpty ? nil : String(name)
    }
}
