// SimKernel target (placeholder until filled).
