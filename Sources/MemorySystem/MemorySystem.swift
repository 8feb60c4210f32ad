// MemorySystem target (placeholder until filled).
