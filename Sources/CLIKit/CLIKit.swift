// CLIKit target (placeholder until filled).
