#if canImport(Glibc)
import DestinationKit
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files the commands are given: the config and the configured catalog.
enum InputFile {
    /// The bytes of the file at `path`.
    ///
    /// - Throws: A `config_error` naming the file (`role`, such as "config
    ///   file") and the system's reason.
    static func contents(of path: String, role: String) throws(ConnectorFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, role: role, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw unreadable(path, role: role, errno: errno)
            }
        }
    }

    private static func unreadable(_ path: String, role: String, errno: Int32) -> ConnectorFailure {
        let reason = String(cString: strerror(errno))
        return .config("Could not read the \(role) \(path): \(reason).", internalMessage: "open/read \(path): errno \(errno) (\(reason))")
    }

    /// The config at `path`, checked against `specification` with its defaults
    /// filled in. Its secrets are hidden in `output` from the moment it parses,
    /// before anything about it can be reported.
    ///
    /// - Throws: A `config_error` for an unreadable file or invalid JSON (the
    ///   message gives the position, never an excerpt: it could hold a secret),
    ///   or ``ConfigValidationError`` listing every problem.
    static func config(at path: String, specification: ConnectorSpecification, output: ProtocolOutput) throws -> JSONValue {
        let bytes = try contents(of: path, role: "config file")
        let raw: JSONValue
        do {
            raw = try JSONValue(parsing: bytes)
        } catch {
            let position = "line \(error.line), column \(error.column)"
            throw ConnectorFailure.config("The config file \(path) is not valid JSON: \(error.reason) at \(position).")
        }
        let validator = ConfigValidator(connectionSpecification: .object(specification.connectionSpecification))
        output.hide(validator.secretMasker(for: raw))
        let config = try validator.validated(raw)
        output.hide(validator.secretMasker(for: config))
        return config
    }

    /// The configured catalog at `path`.
    ///
    /// - Throws: A `config_error` naming the file when it cannot be read, is
    ///   not JSON, or is not a configured catalog.
    static func catalog(at path: String) throws(ConnectorFailure) -> ConfiguredAirbyteCatalog {
        let bytes = try contents(of: path, role: "catalog file")
        do {
            return try ConfiguredAirbyteCatalog(parsing: bytes)
        } catch {
            throw .config("The catalog file \(path) is not a valid configured catalog: \(error).")
        }
    }
}
