import AirbyteProtocol

extension StreamDescriptor {
    /// Whether `text`, as a user gives a stream (`--streams`, `state reset`,
    /// `export`), names this stream: its name alone (`users`, every namespace's)
    /// or qualified by its namespace (`sales.users`).
    func isNamed(_ text: String) -> Bool {
        text == name || (effectiveNamespace != nil && text == description)
    }
}
