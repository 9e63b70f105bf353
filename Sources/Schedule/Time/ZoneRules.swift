import Foundation

/// How a time zone maps wall-clock times to instants and back, including the
/// two awkward cases daylight saving time creates: a wall time that does not
/// exist (clocks jump forward over it) and one that happens twice (clocks go
/// back). Instants are whole seconds since 1970-01-01T00:00:00Z.
struct ZoneRules: Sendable {
    let zone: TimeZone

    /// What one wall-clock time is in this zone.
    enum Mapping: Equatable {
        /// It happens once.
        case unique(Int64)
        /// It happens twice: clocks went back over it.
        case repeated(earlier: Int64, later: Int64)
        /// It never happens: clocks jumped forward over it at `transition`,
        /// the first instant after the gap.
        case skipped(transition: Int64)
    }

    func offset(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The wall-clock time at an instant.
    func wallTime(at instant: Int64) -> CivilDateTime {
        CivilDateTime(naiveSeconds: instant + offset(at: instant))
    }

    /// The first instant strictly after `instant` where the zone's offset changes.
    func nextTransition(after instant: Int64) -> Int64? {
        zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(instant)))
            .map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    /// The instants that show `wall` on this zone's clocks.
    func mapping(of wall: CivilDateTime) -> Mapping {
        let naive = wall.naiveSeconds
        // Offsets lie within -12 h … +14 h, so every instant showing `naive`
        // lies within [naive - 14 h, naive + 12 h]; the offsets just outside
        // that window are the ones before and after any transition inside it.
        let before = offset(at: naive - 14 * 3600 - 1)
        let after = offset(at: naive + 12 * 3600 + 1)
        var instants: [Int64] = []
        for candidateOffset in [before, after, offset(at: naive - before), offset(at: naive - after)] {
            let instant = naive - candidateOffset
            if offset(at: instant) == candidateOffset, !instants.contains(instant) { instants.append(instant) }
        }
        instants.sort()
        switch instants.count {
        case 0:
            // In a gap: `naive - after` is before the transition, `naive - before` after it.
            let low = naive - max(before, after)
            return .skipped(transition: nextTransition(after: low) ?? naive - min(before, after))
        case 1:
            return .unique(instants[0])
        default:
            return .repeated(earlier: instants[0], later: instants[instants.count - 1])
        }
    }
}
