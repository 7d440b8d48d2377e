"""Checks across entries and of their snippets: the linter behind `glossary check`."""

from __future__ import annotations

import ast
import sys
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from glossary.corpus import Corpus, normalise
from glossary.diagnostics import Diagnostic
from glossary.schema import Entry
from glossary.vocabulary import HIERARCHICAL_RELATIONS
from glossary.yamlsource import SourceMap

ALLOWED_IMPORTS = frozenset({"numpy", "__future__"}) | frozenset(sys.stdlib_module_names)
_BLOCKS = (ast.stmt, ast.excepthandler, ast.match_case)  # the nodes that hold statement lists


@lru_cache(maxsize=256)
def _source_map(path: Path) -> SourceMap:
    return SourceMap(path.read_text(encoding="utf-8"))


def _at(corpus: Corpus, entry: Entry, field: Sequence[str | int], code: str, message: str) -> Diagnostic:
    path = corpus.sources.get(entry.id, corpus.content_dir / f"{entry.id}.yaml")
    line, column = _source_map(path).locate(list(field)) if path.exists() else (1, 1)
    return Diagnostic(path, line, column, code, message)


def lint_corpus(corpus: Corpus) -> list[Diagnostic]:
    """Every cross-entry and snippet problem of a loaded corpus."""
    _source_map.cache_clear()
    claimed: set[Path] = set()
    return [
        *_check_alias_ids(corpus),
        *_check_names(corpus),
        *_check_relations(corpus),
        *_check_cycles(corpus),
        *_check_snippets(corpus, claimed),
        *_check_orphan_snippets(corpus, claimed),
    ]


def _check_alias_ids(corpus: Corpus) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for entry in corpus:
        for index, alias_id in enumerate(entry.alias_ids):
            if alias_id in corpus.entries:
                found.append(_at(corpus, entry, ["alias_ids", index], "E202", f"alias id {alias_id!r} is an entry id"))
            elif alias_id in owner:
                message = f"alias id {alias_id!r} is also claimed by {owner[alias_id]!r}"
                found.append(_at(corpus, entry, ["alias_ids", index], "E202", message))
            else:
                owner[alias_id] = entry.id
    return found


def _check_names(corpus: Corpus) -> list[Diagnostic]:
    """A name or alias (either language, normalised) must point at one entry only."""
    found: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for entry in corpus:
        fields: list[tuple[str, int | None, str]] = [("name", None, entry.name), ("name_zh", None, entry.name_zh)]
        fields += [("aliases", i, a) for i, a in enumerate(entry.aliases)]
        fields += [("aliases_zh", i, a) for i, a in enumerate(entry.aliases_zh)]
        for field, index, name in fields:
            key = normalise(name)
            other = owner.setdefault(key, entry.id)
            if other != entry.id:
                where: list[str | int] = [field] if index is None else [field, index]
                found.append(_at(corpus, entry, where, "E203", f"{name!r} already names {other!r}"))
    return found


def _check_relations(corpus: Corpus) -> list[Diagnostic]:
    found = []
    for entry in corpus:
        count = 0
        for relation, targets in entry.relations.items():
            for index, target in enumerate(targets):
                count += 1
                where = ["relations", relation.value, index]
                if corpus.canonical_id(target) == entry.id:
                    found.append(_at(corpus, entry, where, "E206", f"{relation.value} points at the entry itself"))
                elif corpus.canonical_id(target) not in corpus.entries and target not in corpus.unloaded:
                    found.append(_at(corpus, entry, where, "E204", f"{relation.value}: no entry has the id {target!r}"))
        if count < 2:
            found.append(_at(corpus, entry, ["relations"], "W201", f"only {count} relation; link at least two entries"))
    return found


def _check_cycles(corpus: Corpus) -> list[Diagnostic]:
    """is-a and part-of together must form a forest: report each cycle once, at its first entry."""
    edges = {
        entry.id: [
            corpus.canonical_id(t) for r in HIERARCHICAL_RELATIONS for t in entry.relations.get(r, [])
        ]
        for entry in corpus
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for target in edges.get(node, []):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                first = corpus.entries[cycle[0]]
                found.append(_at(corpus, first, ["relations"], "E205", "cycle: " + " -> ".join(cycle)))
            elif target in edges and target not in state:
                visit(target, path)
        path.pop()
        state[node] = 2

    for entry_id in sorted(edges):
        if entry_id not in state:
            visit(entry_id, [])
    return found


def resolve_snippet(corpus: Corpus, entry: Entry) -> Path | str:
    """The snippet's real path, or why it is refused (absolute, or outside the snippets folder)."""
    return _resolve_in(corpus.snippets_dir.resolve(), entry)


def _resolve_in(root: Path, entry: Entry) -> Path | str:
    """`resolve_snippet` under an already resolved snippets folder."""
    assert entry.snippet is not None
    relative = Path(entry.snippet)
    if relative.is_absolute():
        return "is absolute; give a path inside the snippets folder"
    resolved = _real_path(root / relative) if relative.parts == (relative.name,) else (root / relative).resolve()
    if not resolved.is_relative_to(root):
        return f"resolves to {resolved}, outside {root}"
    return resolved


def _real_path(path: Path) -> Path:
    """`path.resolve()` for a file in a resolved folder: only a symbolic link (or '..') needs resolving."""
    return path.resolve() if path.name == ".." or path.is_symlink() else path


def _check_snippets(corpus: Corpus, claimed: set[Path]) -> list[Diagnostic]:
    """Each entry's snippet: where it is, its name and its source; the snippets in use are added to `claimed`."""
    found = []
    root = corpus.snippets_dir.resolve()
    helpers: dict[Path, frozenset[str]] = {}  # per folder: the stems of its shared `_*.py` helpers
    for entry in corpus:
        if entry.snippet is None:
            continue
        resolved = _resolve_in(root, entry)
        if isinstance(resolved, str):
            found.append(_at(corpus, entry, ["snippet"], "E302", f"snippet {entry.snippet!r} {resolved}"))
            continue
        claimed.add(resolved)
        if not resolved.is_file():
            found.append(_at(corpus, entry, ["snippet"], "E301", f"snippet {entry.snippet!r} not found in {corpus.snippets_dir}"))
            continue
        if resolved.suffix != ".py" or resolved.stem != entry.id:
            found.append(_at(corpus, entry, ["snippet"], "E310", f"snippet must be named {entry.id}.py"))
        if resolved.parent not in helpers:
            helpers[resolved.parent] = frozenset(p.stem for p in resolved.parent.glob("_*.py"))
        found.extend(_check_snippet_source(corpus, entry, resolved, helpers[resolved.parent]))
    return found


def _check_snippet_source(corpus: Corpus, entry: Entry, path: Path, helpers: frozenset[str]) -> list[Diagnostic]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError) as error:
        line = getattr(error, "lineno", 1) or 1
        return [Diagnostic(path, line, 1, "E304", f"not valid Python: {error}")]
    found = []
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    if entry.core not in defined:
        found.append(_at(corpus, entry, ["core"], "E305", f"{path.name} defines no function {entry.core!r}"))
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            modules = [node.module or ""] if node.level == 0 else ["."]
        for module in modules:
            top = module.split(".")[0]
            if top not in ALLOWED_IMPORTS and top not in helpers:
                found.append(Diagnostic(path, node.lineno, node.col_offset + 1, "E306", f"imports {module!r}"))
    if not _main_block_asserts(tree):
        found.append(Diagnostic(path, 1, 1, "E307", "the `if __name__ == \"__main__\":` block asserts nothing"))
    return found


def _imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, in the order `ast.walk` meets them.

    Statements only live in the statement lists of statements, except handlers and match cases, so the
    search follows those lists and never visits an expression (most of a tree).
    """
    found: list[ast.Import | ast.ImportFrom] = []
    waiting: deque[ast.AST] = deque([tree])
    while waiting:
        node = waiting.popleft()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                waiting.extend(item for item in value if isinstance(item, _BLOCKS))
    return found


def _main_block_asserts(tree: ast.Module) -> bool:
    """True when an `if __name__ == "__main__":` block contains an assert or an np.testing/assert_* call."""
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Assert):
                    return True
                if isinstance(inner, ast.Call) and "assert" in ast.unparse(inner.func):
                    return True
    return False


def _check_orphan_snippets(corpus: Corpus, claimed: set[Path]) -> list[Diagnostic]:
    """Snippets that no entry names (`claimed` holds the real paths of those named)."""
    if not corpus.snippets_dir.is_dir() or not corpus.content_dir.is_dir():
        return []  # a missing folder is reported once by the loader, not as one orphan per snippet
    root = corpus.snippets_dir.resolve()
    return [
        Diagnostic(path, 1, 1, "E303", "no entry names this snippet; add content/<id>.yaml or remove it")
        for path in sorted(corpus.snippets_dir.glob("*.py"))
        if not path.name.startswith("_")
        and _real_path(root / path.name) not in claimed
        and not (corpus.content_dir / f"{path.stem}.yaml").exists()  # its entry failed to load: reported there
    ]

