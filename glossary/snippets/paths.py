"""Where a snippet file is: the one resolver, with the check that it stays inside the snippets folder."""

from __future__ import annotations

from pathlib import Path


def resolve_snippet(snippets_dir: Path, relative: str) -> Path | str:
    """The real path of `relative` under `snippets_dir`, or why it is refused (absolute, or leaving the folder)."""
    return resolve_in(snippets_dir.resolve(), relative)


def resolve_in(root: Path, relative: str) -> Path | str:
    """`resolve_snippet` under an already resolved folder (the linter resolves it once for every entry)."""
    path = Path(relative)
    if path.is_absolute():
        return "is absolute; give a path inside the snippets folder"
    candidate = root / path
    if path.parts == (path.name,) and path.name != ".." and not candidate.is_symlink():
        return candidate  # a plain file straight inside the resolved folder: its own real path
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        return f"resolves to {resolved}, outside {root}"
    return resolved
