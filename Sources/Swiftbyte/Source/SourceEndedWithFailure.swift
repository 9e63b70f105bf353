import AirbyteProtocol
import Subprocess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thrown at the end of a source's output when the source failed (it sent a
/// TRACE ERROR, or exited with a failure or by a signal), so that a consumer
/// driving a write loop takes its failure path instead of treating the end as
/// a clean finish: committed records and acknowledged states stay, nothing is
/// completed or swapped in. ``ConnectorRunner`` turns it into the
/// ``SourceError`` the read throws.
struct SourceEndedWithFailure: Error {
    /// How the process ended, when it failed.
    var status: TerminationStatus?
    /// The TRACE ERRORs it sent, masked.
    var errors: [AirbyteErrorTraceMessage]
    /// The end of its stderr, filled in by ``ConnectorProcess``.
    var stderr = ""
}

extension SourceMessages {
    /// After ``next()`` returned `nil`: waits for the source to exit (without
    /// reaping it: Subprocess does that once the body returns) and says whether
    /// it failed.
    ///
    /// - Throws: ``SourceEndedWithFailure`` when it did.
    func checkEndedCleanly() throws(SourceEndedWithFailure) {
        let status = exitStatus()
        let failed = status.map { !$0.isSuccess } ?? false
        if failed || !errors.isEmpty {
            throw SourceEndedWithFailure(status: failed ? status : nil, errors: errors)
        }
    }

    /// The source's exit status, waiting for it; `nil` when it cannot be told.
    private func exitStatus() -> TerminationStatus? {
        var info = siginfo_t()
        while waitid(P_PID, id_t(processID), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { return nil }
        }
        #if canImport(Glibc)
        let code = info._sifields._sigchld.si_status
        #else
        let code = info.si_status
        #endif
        switch Int(info.si_code) {
        case Int(CLD_EXITED): return .exited(code)
        case Int(CLD_KILLED), Int(CLD_DUMPED): return .signaled(code)
        default: return nil
        }
    }
}
