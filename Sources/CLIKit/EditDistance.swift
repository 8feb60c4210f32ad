/// "Did you mean …?" support shared by option parsing and config keys.
public enum Suggestion {
    /// The Levenshtein distance between `a` and `b`, counted in Unicode scalars.
    ///
    /// - Complexity: O(`a.count` × `b.count`) time, O(`b.count`) memory.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a plausible typo:
    /// at most `max(2, word.count / 3)` edits, or a case-insensitive match.
    /// Ties go to the candidate listed first, so results are deterministic.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // Very long inputs are not typos; also bounds the quadratic cost.
        guard word.unicodeScalars.count <= 200 else { return nil }
        let limit = max(2, word.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate.unicodeScalars.count <= 200 {
            let d = candidate.lowercased() == word.lowercased() ? 0 : editDistance(word, candidate)
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }
}
