#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether processes exist, the way `kill -0` tells.
enum ProcessProbe {
    /// Whether a process with this id exists (a zombie counts: it is not reaped).
    static func exists(_ processID: Int32) -> Bool {
        kill(processID, 0) == 0 || errno == EPERM
    }

    /// Whether any process of the group `groupID` exists.
    static func groupExists(_ groupID: Int32) -> Bool {
        kill(-groupID, 0) == 0 || errno == EPERM
    }

    /// Waits up to `timeout` for the process group to be gone; its members
    /// that this process did not start are reaped by init, not instantly.
    static func waitUntilGroupGone(_ groupID: Int32, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while groupExists(groupID) {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
