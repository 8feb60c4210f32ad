// STTCycleSim target (placeholder until filled).
