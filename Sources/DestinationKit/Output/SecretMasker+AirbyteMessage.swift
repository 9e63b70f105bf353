extension SecretMasker {
    /// `message` with every secret hidden in the texts a connector writes about
    /// itself: a LOG's message and stack trace, a TRACE ERROR's messages and
    /// stack trace, a CONNECTION_STATUS message. Other messages (SPEC, STATE
    /// acknowledgements) carry no text of the connector's and pass unchanged.
    ///
    /// Fields are masked one by one rather than the serialized line, so a
    /// secret that happens to spell a protocol word (`LOG`, `type`) cannot
    /// break the message.
    func mask(_ message: AirbyteMessage) -> AirbyteMessage {
        guard !isEmpty else { return message }
        var masked = message
        switch message.payload {
        case .log(var log):
            log.message = mask(log.message)
            log.stackTrace = log.stackTrace.map(mask)
            masked.payload = .log(log)
        case .trace(var trace):
            guard var error = trace.error else { return message }
            error.message = mask(error.message)
            error.internalMessage = error.internalMessage.map(mask)
            error.stackTrace = error.stackTrace.map(mask)
            trace.error = error
            masked.payload = .trace(trace)
        case .connectionStatus(var status):
            status.message = status.message.map(mask)
            masked.payload = .connectionStatus(status)
        default:
            break
        }
        return masked
    }
}
