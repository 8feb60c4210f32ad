// DataValues target (placeholder until filled).
