/// Which option of a `oneOf` or `anyOf` a value is taken to be.
import AirbyteProtocol

enum BranchSelection {
    /// The value satisfies this option.
    case matched(Int)
    /// The value names this option by its discriminator but breaks it.
    case named(Int, problems: [ConfigProblem])
    /// The options have a discriminator; the value lacks it. `closest` is as for ``closest(_:problems:)``.
    case discriminatorMissing(key: String, allowed: [JSONValue], closest: Int)
    /// The value's discriminator names no option.
    case discriminatorUnknown(key: String, allowed: [JSONValue])
    /// No discriminator: the option the value comes closest to — the one that
    /// declares most of its keys, then the one it breaks fewest rules of, then the first.
    case closest(Int, problems: [ConfigProblem])
}
