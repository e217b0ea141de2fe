"""Plans on disk: reading, the minimal-diff save, atomic writes, the lock and the parse cache."""
