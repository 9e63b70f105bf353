#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing the protocol output (stdout) failed, usually because the reader of
/// the pipe went away. Nothing more can be reported there.
package struct OutputError: ConnectorError, CustomStringConvertible {
    /// The `errno` of the failed write.
    package var errno: Int32

    package var failureType: AirbyteErrorTraceMessage.FailureType { .systemError }
    package var userMessage: String { "Writing the connector's output failed: \(String(cString: strerror(errno)))." }
    package var internalMessage: String { "write(2) to stdout failed with errno \(errno)" }
    package var description: String { userMessage }
}
