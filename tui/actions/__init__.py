"""What a user does to plans, the same for the CLI and the TUI: edit (the workspace), check,
recover unsaved edits, start the next period, report. No Textual here.
"""
