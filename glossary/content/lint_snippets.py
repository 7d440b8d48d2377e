"""The linter's checks of snippet files and worked examples, made by reading and parsing, never by running."""

from __future__ import annotations

import ast
import os
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from glossary.content._parallel import map_in_processes
from glossary.content.corpus import Corpus
from glossary.content.diagnostics import Diagnostic
from glossary.content.locate import located
from glossary.content.schema import Entry
from glossary.snippets.expressions import UnsafeExpression, parse_expression
from glossary.snippets.paths import resolve_in

ALLOWED_IMPORTS = frozenset({"numpy", "__future__"}) | frozenset(sys.stdlib_module_names)
#: The fields that hold statements (of statements, except handlers and match cases), in `ast` field order.
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")


def check_examples(corpus: Corpus) -> list[Diagnostic]:
    """Worked-example expressions outside the safe language (E311); they are never evaluated here."""
    found = []
    for entry in corpus:
        for index, example in enumerate(entry.examples):
            try:
                parse_expression(example.expr)
            except UnsafeExpression as error:
                diagnostic = located(
                    corpus,
                    entry,
                    ["examples", index, "expr"],
                    "E311",
                    f"examples[{index}]: {error} (column {error.column} of the expression)",
                )
                found.append(diagnostic)
    return found


def check_snippets(corpus: Corpus, claimed: set[str]) -> list[Diagnostic]:
    """Each entry's snippet: where it is, its name and its source; the snippets in use are added to `claimed`.

    The sources are read and parsed last, all at once, so that a large corpus can spread them over processes.
    """
    found: list[list[Diagnostic]] = []  # per entry, in corpus order
    to_read: list[tuple[list[Diagnostic], Entry, Path, frozenset[str]]] = []
    root = corpus.snippets_dir.resolve()
    helpers: dict[Path, frozenset[str]] = {}  # per folder: the stems of its shared `_*.py` helpers
    for entry in corpus:
        if entry.snippet is None:
            continue
        problems: list[Diagnostic] = []
        found.append(problems)
        resolved = resolve_in(root, entry.snippet)
        if isinstance(resolved, str):
            problems.append(located(corpus, entry, ["snippet"], "E302", f"snippet {entry.snippet!r} {resolved}"))
            continue
        claimed.add(str(resolved))
        if not resolved.is_file():
            problems.append(
                located(
                    corpus, entry, ["snippet"], "E301", f"snippet {entry.snippet!r} not found in {corpus.snippets_dir}"
                )
            )
            continue
        if resolved.suffix != ".py" or resolved.stem != entry.id:
            problems.append(located(corpus, entry, ["snippet"], "E310", f"snippet must be named {entry.id}.py"))
        if resolved.parent not in helpers:
            helpers[resolved.parent] = frozenset(p.stem for p in resolved.parent.glob("_*.py"))
        to_read.append((problems, entry, resolved, helpers[resolved.parent]))
    sources = map_in_processes(_read_sources, [path for _, _, path, _ in to_read])
    for (problems, entry, path, helper_stems), source in zip(to_read, sources):
        problems.extend(_check_snippet_source(corpus, entry, path, helper_stems, source))
    return [diagnostic for problems in found for diagnostic in problems]


@dataclass(frozen=True)
class SnippetSource:
    """What the linter needs of a snippet's source, found by parsing it (never by running it)."""

    defined: frozenset[str] = frozenset()  # top-level functions and classes
    imports: tuple[tuple[int, int, str], ...] = ()  # line, column and module of every import, in `ast.walk` order
    asserts: bool = False  # its `if __name__ == "__main__":` block asserts something
    error: tuple[int, str] | None = None  # line and message when it is not valid Python


def _read_sources(paths: list[Path]) -> list[SnippetSource]:
    return [_read_source(path) for path in paths]


def _read_source(path: Path) -> SnippetSource:
    """Parse a snippet and note what the linter checks."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError) as error:
        return SnippetSource(error=(getattr(error, "lineno", 1) or 1, f"not valid Python: {error}"))
    imports = []
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            modules = [node.module or ""] if node.level == 0 else ["."]
        imports += [(node.lineno, node.col_offset + 1, module) for module in modules]
    defined = frozenset(node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef)))
    return SnippetSource(defined, tuple(imports), _main_block_asserts(tree))


def _check_snippet_source(
    corpus: Corpus, entry: Entry, path: Path, helpers: frozenset[str], source: SnippetSource
) -> list[Diagnostic]:
    if source.error is not None:
        line, message = source.error
        return [Diagnostic(path, line, 1, "E304", message)]
    found = []
    if entry.core not in source.defined:
        found.append(located(corpus, entry, ["core"], "E305", f"{path.name} defines no function {entry.core!r}"))
    if entry.plot is not None and entry.plot.function not in source.defined:
        message = f"{path.name} defines no plot function {entry.plot.function!r}"
        found.append(located(corpus, entry, ["plot", "function"], "E312", message))
    for line, column, module in source.imports:
        top = module.split(".")[0]
        if top not in ALLOWED_IMPORTS and top not in helpers:
            found.append(Diagnostic(path, line, column, "E306", f"imports {module!r}"))
    if not source.asserts:
        found.append(Diagnostic(path, 1, 1, "E307", 'the `if __name__ == "__main__":` block asserts nothing'))
    return found


def _imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, in the order `ast.walk` meets them."""
    return [node for node in _statements(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def _statements(root: ast.AST) -> Iterator[ast.AST]:
    """`root` and every statement (except handler, match case) under it, in `ast.walk` order.

    Statements only live in the statement lists of these nodes, so the walk follows those lists and never
    visits an expression, which is most of a tree.
    """
    waiting: deque[ast.AST] = deque([root])
    while waiting:
        node = waiting.popleft()
        yield node
        for field in _BLOCK_FIELDS:
            waiting.extend(getattr(node, field, ()))


def _main_block_asserts(tree: ast.Module) -> bool:
    """True when an `if __name__ == "__main__":` block contains an assert or an np.testing/assert_* call."""
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            if any(isinstance(statement, ast.Assert) for statement in _statements(node)):
                return True  # the usual case, found without visiting a single expression
            if any(isinstance(inner, ast.Call) and "assert" in ast.unparse(inner.func) for inner in ast.walk(node)):
                return True
    return False


def check_orphan_snippets(corpus: Corpus, claimed: set[str]) -> list[Diagnostic]:
    """Snippets that no entry names (`claimed` holds the real paths of those named)."""
    if not corpus.snippets_dir.is_dir() or not corpus.content_dir.is_dir():
        return []  # a missing folder is reported once by the loader, not as one orphan per snippet
    root = str(corpus.snippets_dir.resolve())
    with os.scandir(corpus.snippets_dir) as listing:  # what glob("*.py") finds, without a Path per file
        files = [(item.name, item.is_symlink()) for item in listing if fnmatch(item.name, "*.py")]
    return [
        Diagnostic(
            corpus.snippets_dir / name, 1, 1, "E303", "no entry names this snippet; add content/<id>.yaml or remove it"
        )
        for name, is_link in sorted(files, key=lambda file: os.path.normcase(file[0]))
        if not name.startswith("_")
        and (os.path.realpath(os.path.join(root, name)) if is_link else os.path.join(root, name)) not in claimed
        and not (corpus.content_dir / f"{Path(name).stem}.yaml").exists()  # its entry failed to load: reported there
    ]
