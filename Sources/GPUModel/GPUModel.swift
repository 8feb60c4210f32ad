// GPUModel target (placeholder until filled).
