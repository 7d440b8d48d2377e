"""Text for people: LaTeX as Unicode, entries for the terminal, the display language, fuzzy search."""
