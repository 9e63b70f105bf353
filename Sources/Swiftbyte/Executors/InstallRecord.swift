import Foundation

/// What a finished install wrote into its virtualenv (`swiftbyte-install.json`):
/// enough to tell a complete install of the requested package from a stale one.
struct InstallRecord: Codable, Equatable {
    static let fileName = "swiftbyte-install.json"

    var pipURL: String
    var python: String
    var version: String?
    var installedAt: Date

    static func read(from folder: String) -> InstallRecord? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/\(fileName)") else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(InstallRecord.self, from: data)
    }

    func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(folder)/\(Self.fileName)"))
    }
}
