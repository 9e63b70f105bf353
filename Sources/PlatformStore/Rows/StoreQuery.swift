/// Which rows of a table to read, in what order: what the typed queries of
/// ``PlatformStore`` build and each backend turns into SQL.
package struct StoreQuery: Sendable, Hashable {
    /// A condition on one column.
    package enum Condition: Sendable, Hashable {
        case equals(String, StoreValue)
        case notEquals(String, StoreValue)
        case isIn(String, [StoreValue])
        case isNull(String)
        case atLeast(String, StoreValue)
        case below(String, StoreValue)
    }

    /// All must hold.
    package var conditions: [Condition]
    /// Columns to sort by, each ascending or not.
    package var order: [(column: String, ascending: Bool)]
    /// The most rows to return.
    package var limit: Int?
    /// Rows to skip.
    package var offset: Int

    package init(
        _ conditions: [Condition] = [], order: [(column: String, ascending: Bool)] = [], limit: Int? = nil,
        offset: Int = 0
    ) {
        self.conditions = conditions
        self.order = order
        self.limit = limit
        self.offset = offset
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.conditions == rhs.conditions && lhs.limit == rhs.limit && lhs.offset == rhs.offset
            && lhs.order.map(\.column) == rhs.order.map(\.column) && lhs.order.map(\.ascending) == rhs.order.map(\.ascending)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(conditions)
        hasher.combine(limit)
        hasher.combine(offset)
        for item in order {
            hasher.combine(item.column)
            hasher.combine(item.ascending)
        }
    }
}

/// A page of a list: Airbyte's `limit` and `offset`.
package struct Page: Sendable, Hashable {
    /// The most items (Airbyte's default is 20, its maximum 100).
    package var limit: Int
    /// Items to skip.
    package var offset: Int

    package init(limit: Int = 20, offset: Int = 0) {
        self.limit = max(0, limit)
        self.offset = max(0, offset)
    }

    /// Every item.
    package static let all = Page(limit: Int(Int32.max), offset: 0)
}
