#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, shared by every process on the machine:
/// one install of a connector at a time. The kernel releases it if the
/// holder dies.
final class InstallLock {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock on `path`, polling (so a cancelled task stops waiting)
    /// and calling `waiting` once if another process holds it.
    static func acquire(_ path: String, waiting: () -> Void) async throws -> InstallLock {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InstallLockError(path: path, errno: errno)
        }
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR else {
                close(descriptor)
                throw InstallLockError(path: path, errno: error)
            }
            if !told {
                waiting()
                told = true
            }
            do {
                try await Task.sleep(for: .milliseconds(200))
            } catch {
                close(descriptor)
                throw error
            }
        }
        return InstallLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

struct InstallLockError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    var description: String { "cannot lock \(path): \(String(cString: strerror(errno)))" }
}
