"""Entries: the content model, loading a folder (with a cache), the catalog, and the linter."""
