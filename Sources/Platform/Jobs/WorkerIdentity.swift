import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A worker's name, `host:pid:nonce`: unique per server process, and telling
/// a restarted server which leases belonged to its dead predecessors on this
/// machine, so it takes them back at once instead of waiting for them to expire.
package enum WorkerIdentity {
    /// This process's worker id.
    package static let current = "\(host):\(getpid()):\(UUID().uuidString.prefix(8).lowercased())"

    static var host: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.replacingOccurrences(of: ":", with: "-")
    }

    /// Whether `owner` names a process of this machine that no longer runs
    /// (or this process's pid reused by a new process: a different nonce).
    package static func isDeadLocalWorker(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, String(parts[0]) == host, let pid = Int32(parts[1]) else { return false }
        if owner == current { return false }
        if pid == getpid() { return true }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
