package import Foundation

extension Date {
    /// This time to the millisecond, as the store keeps times: a model made
    /// with it reads back from either backend equal to itself.
    package var wholeMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
