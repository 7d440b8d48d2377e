"""Commands over the content: check, list, show, search and run."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING

from glossary.cli.common import UserError, folders, load_content, resolve_entry
from glossary.content.vocabulary import Category

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the parser."""
    check = subcommands.add_parser("check", help="lint the content (and with --run, run every snippet)")
    check.add_argument("--run", action="store_true", help="also run every snippet and report failures")
    check.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per snippet (default 10)")
    check.set_defaults(handler=check_command)

    listing = subcommands.add_parser("list", help="list the terms, grouped by category")
    listing.add_argument("--category", choices=[c.value for c in Category], help="only this category")
    listing.set_defaults(handler=list_command)

    show = subcommands.add_parser("show", help="show one term (by id, alias or name, in either language)")
    show.add_argument("term", help="an id, alias or name")
    show.add_argument("--lang", choices=["en", "zh", "both"], default="both", help="language(s) to show")
    show.set_defaults(handler=show_command)

    search = subcommands.add_parser("search", help="fuzzy-search names, aliases and Chinese names")
    search.add_argument("query", nargs="+", help="words to look for")
    search.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    search.add_argument("--json", action="store_true", help="print results as JSON")
    search.set_defaults(handler=search_command)

    run = subcommands.add_parser("run", help="run a term's snippet and show its output")
    run.add_argument("term", help="an id, alias or name")
    run.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds before it is stopped")
    run.set_defaults(handler=run_command)


def check_command(args: argparse.Namespace) -> int:
    """Report every problem as file:line:col: CODE message; exit 1 when there are errors."""
    from glossary.snippets.examples import evaluate_examples
    from glossary.content.diagnostics import Diagnostic, Severity
    from glossary.content.lint import lint_corpus, resolve_snippet
    from glossary.content.loader import load_corpus
    from glossary.snippets.runner import run_snippet

    started = time.perf_counter()
    corpus, diagnostics = load_corpus(*folders(args))
    diagnostics += lint_corpus(corpus)
    for (entry_id, index), answer in evaluate_examples(corpus).items():
        if answer.error:
            entry = corpus.entries[entry_id]
            line, column = _example_location(corpus, entry_id, index)
            message = f"examples[{index}]: {entry.examples[index].expr!r}: {answer.error}"
            diagnostics.append(Diagnostic(corpus.sources[entry_id], line, column, "E308", message))
    ran = 0
    if args.run:
        for entry in corpus:
            path = resolve_snippet(corpus, entry) if entry.snippet else None
            if path is None or isinstance(path, str) or not path.is_file():
                continue
            result = run_snippet(path, timeout=args.timeout)
            ran += 1
            if not result.ok:
                output = (result.stdout + result.stderr).strip().splitlines()[-15:]
                detail = "\n    ".join(output)
                diagnostics.append(Diagnostic(path, 1, 1, "E309", f"{result.summary()}\n    {detail}"))
    for diagnostic in sorted(diagnostics):
        print(diagnostic.format(), file=sys.stdout)
    count_errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    count_warnings = len(diagnostics) - count_errors
    ran_text = f", {ran} snippets run" if args.run else ""
    print(
        f"{len(corpus)} entries checked{ran_text} in {time.perf_counter() - started:.1f} s: "
        f"{count_errors} error(s), {count_warnings} warning(s)",
        file=sys.stderr,
    )
    return 1 if count_errors else 0


def _example_location(corpus: Corpus, entry_id: str, index: int) -> tuple[int, int]:
    from glossary.content.yamlsource import SourceMap

    source = SourceMap(corpus.sources[entry_id].read_text(encoding="utf-8"))
    return source.locate(["examples", index, "expr"])


def list_command(args: argparse.Namespace) -> int:
    """Print the terms grouped by category."""
    corpus = load_content(args)
    for category, entries in corpus.by_category().items():
        if args.category and category.value != args.category:
            continue
        print(f"{category.value} ({len(entries)})")
        for entry in entries:
            print(f"  {entry.id:<32} {entry.name} · {entry.name_zh}")
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Render one entry for the terminal."""
    from rich.console import Console

    from glossary.text.language import Language
    from glossary.text.render import render_entry

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    Console().print(render_entry(entry, corpus, Language(args.lang)))
    return 0


def search_command(args: argparse.Namespace) -> int:
    """Print the best matches for a query."""
    from glossary.text.search import SearchIndex

    corpus = load_content(args)
    query = " ".join(args.query)
    hits = SearchIndex.from_corpus(corpus).search(query, limit=args.limit)
    if args.json:
        rows = [
            {"id": h.entry_id, "name": corpus.entries[h.entry_id].name, "name_zh": corpus.entries[h.entry_id].name_zh,
             "matched": h.matched, "score": round(h.score, 1)}
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        raise UserError(f"nothing matches {query!r}")
    for hit in hits:
        entry = corpus.entries[hit.entry_id]
        print(f"{entry.id:<32} {entry.name} · {entry.name_zh}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    """Run an entry's snippet, streaming nothing until it ends; exit with its status."""
    from glossary.content.lint import resolve_snippet
    from glossary.snippets.runner import run_snippet

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    if entry.snippet is None:
        raise UserError(f"{entry.id} has no snippet ({entry.kind.value}s go without)")
    path = resolve_snippet(corpus, entry)
    assert not isinstance(path, str)  # load_content has refused unsafe paths
    result = run_snippet(path, timeout=args.timeout)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    print(result.summary(), file=sys.stderr)
    return 0 if result.ok else 1
