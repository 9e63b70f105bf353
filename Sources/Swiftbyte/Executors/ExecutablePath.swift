#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding programs the way a shell does.
enum ExecutablePath {
    /// The absolute path of `name`: itself when it contains a `/` (made absolute
    /// against the working directory), otherwise the first executable file of
    /// that name in a folder of `searchPath`. `nil` when there is none.
    static func resolve(_ name: String, searchPath: String? = environmentValue("PATH")) -> String? {
        if name.contains("/") {
            let absolute = name.hasPrefix("/") ? name : currentDirectory() + "/" + name
            return isExecutableFile(absolute) ? absolute : nil
        }
        for folder in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(name)"
            if isExecutableFile(candidate) { return candidate.hasPrefix("/") ? candidate : currentDirectory() + "/" + candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }
}
