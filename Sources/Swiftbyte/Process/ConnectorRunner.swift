import AirbyteProtocol
import ConnectorKit
import DestinationKit
import Logging
import Subprocess

/// Runs a prepared connector's commands: writes their files, starts the
/// process, hands its messages to a body, and turns how it ended into a
/// ``SourceError`` — a TRACE ERROR first, then a failed exit status.
struct ConnectorRunner: Sendable {
    let name: String
    let command: ConnectorCommand
    /// The connector's logger, its name in the metadata `connector`.
    let logger: Logger
    let masker: SecretMasker
    let gracePeriod: Duration

    /// A file a command reads: its name in the private folder and its bytes.
    typealias File = (name: String, contents: [UInt8])

    /// Runs `verb`. `arguments` gets the folder holding `files` and returns
    /// the connector's arguments (`["read", "--config", "<folder>/config.json", …]`).
    /// `input` is the connector's stdin (see ``ConnectorProcess``); none by default.
    func run<Value>(
        _ verb: String, files: [File] = [], input: Int32? = nil, arguments: (String) -> [String],
        body: (SourceMessages) throws -> Value
    ) async throws -> Value {
        try await ConnectorFiles.with(files) { folder in
            let outcome: ConnectorProcess.Outcome<(Value, [AirbyteErrorTraceMessage])>
            do {
                outcome = try await ConnectorProcess.run(
                    command, arguments: arguments(folder), filesFolder: folder,
                    gracePeriod: gracePeriod, input: input
                ) { reader, descriptor, processID in
                    let messages = SourceMessages(reader: reader, processID: processID, logger: logger, masker: masker)
                    let value = try body(messages)
                    return (value, messages.errors)
                }
            } catch let error as SubprocessError {
                throw SourceError(
                    .launchFailed, connector: name, command: verb,
                    message: "Cannot start \(command.executable): \(masker.mask(String(describing: error)))")
            } catch let ended as SourceEndedWithFailure {
                // A connector stopped because this task was cancelled (Ctrl-C)
                // ends by our SIGTERM: that is the cancellation, not its failure.
                try Task.checkCancellation()
                throw failure(verb, errors: ended.errors, status: ended.status, stderr: ended.stderr)
                    ?? SourceError(.exitedWithFailure, connector: name, command: verb, message: "the connector failed")
            }
            try Task.checkCancellation()
            let (value, errors) = outcome.value
            if let failure = failure(verb, errors: errors, status: outcome.status, stderr: outcome.stderr) { throw failure }
            return value
        }
    }

    /// How `verb` failed: its first TRACE ERROR, else its failed exit; `nil` when it did not.
    private func failure(
        _ verb: String, errors: [AirbyteErrorTraceMessage], status: TerminationStatus?,
        stderr unmasked: String
    ) -> SourceError? {
        let stderr = masker.mask(unmasked)
        let failedExit = status.flatMap { $0.isSuccess ? nil : $0.explanation }
        if let first = errors.first {
            var message = first.message
            if errors.count > 1 {
                message += "\n(\(errors.count - 1) more error(s) followed; the last: \(errors[errors.count - 1].message))"
            }
            return SourceError(
                .connectorFailed, connector: name, command: verb, message: message,
                failureType: first.failureType, internalMessage: first.internalMessage,
                exitStatus: failedExit, stderrTail: stderr)
        }
        if let failedExit {
            return SourceError(
                .exitedWithFailure, connector: name, command: verb,
                message: "the connector \(failedExit) without reporting an error",
                exitStatus: failedExit, stderrTail: stderr)
        }
        return nil
    }

    /// Runs `verb` and returns the first message `pick` accepts.
    func first<Value>(
        _ verb: String, expecting what: String, files: [File] = [], arguments: (String) -> [String],
        pick: (AirbyteMessage) -> Value?
    ) async throws -> Value {
        let found: Value? = try await run(verb, files: files, arguments: arguments) { messages in
            var found: Value?
            while let message = try messages.next() {
                if found == nil, case .message(let decoded) = message.content { found = pick(decoded) }
            }
            return found
        }
        guard let found else {
            throw SourceError(
                .missingOutput, connector: name, command: verb,
                message: "the connector ended without sending \(what)")
        }
        return found
    }
}
