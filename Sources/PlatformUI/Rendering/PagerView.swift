/// Links to the previous and next pages of a list, and where this page is.
struct PagerView: Sendable {
    var label: String
    var previous: String?
    var next: String?
    var previousLabel: String
    var nextLabel: String
    var summary: String

    /// The pager of page `number` (from 1) of `total` items, `size` a page; `link` makes a page's URL.
    /// `nil` when everything fits on one page.
    init?(
        label: String, number: Int, size: Int, total: Int, previousLabel: String = "Previous",
        nextLabel: String = "Next", link: (Int) -> String
    ) {
        guard total > size || number > 1 else { return nil }
        self.label = label
        let first = (number - 1) * size + 1
        let last = min(total, number * size)
        summary =
            first <= last ? "\(Format.count(first))–\(Format.count(last)) of \(Format.count(total))" : "none of \(Format.count(total))"
        previous = number > 1 ? link(number - 1) : nil
        next = last < total ? link(number + 1) : nil
        self.previousLabel = previousLabel
        self.nextLabel = nextLabel
    }

    /// The page number a query's `name` field asks for (1 when missing or wrong).
    static func number(_ query: FormData, _ name: String = "page") -> Int {
        query[name].flatMap(Int.init).map { max(1, min($0, 1_000_000)) } ?? 1
    }
}
