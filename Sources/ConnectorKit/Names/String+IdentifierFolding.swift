import Foundation

extension String {
    /// This text lowercased, with compatibility forms unfolded (`ﬁ` → `fi`,
    /// full-width `Ａ` → `a`, `²` → `2`) and accents removed from Latin letters
    /// (`é` → `e`, `İ` → `i`), as Airbyte's name transformers do, while letters of
    /// other scripts keep their marks (`ά`, `हिन्दी`), and composed again (NFC).
    var foldedForIdentifier: String {
        let lowered = decomposedStringWithCompatibilityMapping.lowercased()
        var kept = String.UnicodeScalarView()
        var baseIsASCII = false
        for scalar in lowered.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isCombiningMark {
                if baseIsASCII { continue }
            } else {
                baseIsASCII = scalar.isASCII
            }
            kept.append(scalar)
        }
        return String(kept).precomposedStringWithCanonicalMapping
    }

    /// This text without leading and trailing whitespace.
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
