/// One name competing for an identifier.
struct CollisionCandidate {
    /// What it would be called alone.
    var base: String
    /// The original name, which a hashed identifier starts with.
    var name: String
    /// What the hash suffix is computed from.
    var hashSeed: String
    /// Lower wins the base; compared lexicographically.
    var rank: [UInt8]
    /// Its identifier from a previous run, to keep if possible.
    var previous: String?
}
