/// Who started a job.
package enum JobTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person or a client, through the API or the UI.
    case manual
    /// The connection's schedule.
    case scheduled
}
