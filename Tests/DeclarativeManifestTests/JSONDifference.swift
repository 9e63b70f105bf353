import AirbyteProtocol

/// The first place two JSON values differ, as a readable path, for test failure messages.
enum JSONDifference {
    static func first(_ ours: JSONValue, _ theirs: JSONValue, path: String = "$") -> String? {
        switch (ours, theirs) {
        case (.object(let left), .object(let right)):
            for key in left.keys where right[key] == nil { return "\(path).\(key): only ours has it (\(left[key]!))" }
            for key in right.keys where left[key] == nil { return "\(path).\(key): only the CDK has it (\(right[key]!))" }
            for key in left.keys {
                if let difference = first(left[key]!, right[key]!, path: "\(path).\(key)") { return difference }
            }
            return nil
        case (.array(let left), .array(let right)):
            if left.count != right.count { return "\(path): \(left.count) elements, the CDK has \(right.count)" }
            for index in left.indices {
                if let difference = first(left[index], right[index], path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case (.number(let left), .number(let right)):
            return left == right || Double(left) == Double(right) ? nil : "\(path): ours \(left), the CDK's \(right)"
        default:
            return ours == theirs ? nil : "\(path): ours \(ours), the CDK's \(theirs)"
        }
    }
}
