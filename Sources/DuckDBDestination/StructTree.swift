import DuckDB

/// The STRUCT type a table's rows are read as: one field per key on the way to
/// each column and array, leaves as each column reads (``StreamTable/Column/readType``),
/// arrays of objects as LISTs of their elements' STRUCT.
struct StructTree {
    private indirect enum Node {
        case leaf(String)
        case object([(String, Node)])
    }

    private var root: [(String, Node)] = []

    init(table: StreamTable) {
        for column in table.columns {
            Self.insert(&root, path: column.path, leaf: column.readType)
        }
        for child in table.family?.children ?? [] {
            Self.insert(&root, path: child.family!.arrayPath, leaf: StructTree(table: child).sql + "[]")
        }
    }

    private static func insert(_ members: inout [(String, Node)], path: [String], leaf: String) {
        guard let key = path.first else { return }
        let index = members.firstIndex { $0.0 == key }
        if path.count == 1 {
            if index == nil { members.append((key, .leaf(leaf))) }
            return
        }
        var nested: [(String, Node)] = []
        if let index, case .object(let existing) = members[index].1 { nested = existing }
        insert(&nested, path: Array(path.dropFirst()), leaf: leaf)
        if let index { members[index].1 = .object(nested) } else { members.append((key, .object(nested))) }
    }

    /// `STRUCT(...)`.
    var sql: String { Self.sql(root) }

    private static func sql(_ members: [(String, Node)]) -> String {
        let fields = members.map { key, node in
            switch node {
            case .leaf(let type): "\(SQL.identifier(key)) \(type)"
            case .object(let nested): "\(SQL.identifier(key)) \(sql(nested))"
            }
        }
        return "STRUCT(\(fields.joined(separator: ", ")))"
    }

    /// Whether DuckDB can read it: every level non-empty, names non-empty and unique ignoring case.
    var fitsStructs: Bool { !root.isEmpty && Self.fits(root) }

    private static func fits(_ members: [(String, Node)]) -> Bool {
        guard !members.isEmpty, !members.contains(where: { $0.0.isEmpty }),
            Set(members.map { $0.0.lowercased() }).count == members.count
        else { return false }
        return members.allSatisfy { _, node in
            if case .object(let nested) = node { return fits(nested) }
            return true
        }
    }
}
