"""Plans in git: the git executable, diff and merge drivers, and the history of a plan."""
