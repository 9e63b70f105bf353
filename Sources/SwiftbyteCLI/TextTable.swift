/// Rows of text in aligned columns: a header, a rule, then the rows; numbers
/// right-aligned, long cells cut with `…`, line breaks shown as `↵`.
struct TextTable {
    enum Alignment { case left, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// The widest a cell is shown, in characters.
    var maximumCellWidth = 40

    init(header: [String], alignments: [Alignment]? = nil) {
        self.header = header
        self.alignments = alignments ?? header.map { _ in .left }
    }

    var text: String {
        let cells = ([header] + rows).map { $0.map(shown) }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(cells[0]), rule] + cells.dropFirst().map(line)).joined(separator: "\n")
    }

    private func shown(_ cell: String) -> String {
        let flat = cell.replacing("\r\n", with: "↵").replacing("\n", with: "↵").replacing("\r", with: "↵").replacing("\t", with: " ")
        guard flat.count > maximumCellWidth else { return flat }
        return String(flat.prefix(maximumCellWidth - 1)) + "…"
    }
}
