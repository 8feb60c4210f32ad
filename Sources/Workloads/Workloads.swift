// Workloads target (placeholder until filled).
