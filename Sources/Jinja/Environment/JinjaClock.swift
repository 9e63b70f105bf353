import Foundation

/// Where `now_utc()`, `today_utc()`, `day_delta()` and `today_with_timezone()` get
/// the current time. Inject ``fixed(epochMicroseconds:)`` in tests and differential
/// runs so templates render the same every time.
public struct JinjaClock: Sendable {
    private let now: @Sendable () -> Int64

    /// A clock that returns `now()` microseconds since the Unix epoch.
    public init(epochMicroseconds now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system clock.
    public static let system = JinjaClock {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// A clock stopped at this instant.
    public static func fixed(epochMicroseconds: Int64) -> JinjaClock {
        JinjaClock { epochMicroseconds }
    }

    /// A clock stopped at this UTC datetime (a naive one is read as UTC).
    public static func fixed(_ datetime: PythonDatetime) -> JinjaClock {
        fixed(epochMicroseconds: datetime.epochMicroseconds)
    }

    /// Microseconds since the Unix epoch.
    public var epochMicroseconds: Int64 { now() }

    /// `datetime.now(timezone.utc)`.
    public func nowUTC() throws(TemplateError) -> PythonDatetime {
        try PythonDatetime(epochMicroseconds: now(), timeZone: .utc)
    }
}
