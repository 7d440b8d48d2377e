"""The source text of one function in a snippet file, read without running it (for quizzes and exports)."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

MAX_CODE_LINES = 40


def function_source(path: Path, name: str) -> str | None:
    """The source of the top-level function or class `name` (None when missing, unreadable or too long)."""
    try:
        return _function_source(str(path), path.stat().st_mtime_ns, name)
    except OSError:
        return None


@lru_cache(maxsize=1024)
def _function_source(path: str, mtime_ns: int, name: str) -> str | None:
    """`function_source`, cached; `mtime_ns` is only part of the key, so an edited snippet is read again."""
    try:
        source = Path(path).read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name and node.end_lineno is not None:
            lines = source.splitlines()[node.lineno - 1 : node.end_lineno]
            return "\n".join(lines) if len(lines) <= MAX_CODE_LINES else None
    return None
