"""Plans on disk: reading, the minimal-diff save, atomic writes and the lock."""
