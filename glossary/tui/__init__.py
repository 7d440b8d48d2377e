"""The terminal app (Textual), built on the pure modules: catalog, quiz, srs, store."""
