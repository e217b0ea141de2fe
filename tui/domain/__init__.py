"""What a plan is: the model, its fields, deadlines, roles, filters and change descriptions.

Pure Python over data in memory: nothing here reads a file or knows a screen.
"""
