"""Plans in other formats: Markdown export, the calendar, import from Word, text, Markdown."""
