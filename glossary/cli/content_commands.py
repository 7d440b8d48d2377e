"""Commands that read the content: list, show, search, and run (which runs a snippet on request)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.cli.common import UserError, load_content, resolve_entry, seconds
from glossary.content.vocabulary import CATEGORY_ZH, Category
from glossary.snippets.limits import DEFAULT_TIMEOUT
from glossary.text.language import Language, label, title

if TYPE_CHECKING:
    pass


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the parser."""
    listing = subcommands.add_parser("list", help="list the terms, grouped by category")
    listing.add_argument("--category", choices=[c.value for c in Category], help="only this category")
    listing.add_argument("--lang", choices=["en", "zh", "both"], default="both", help="language(s) to show")
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
    run.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds before it is stopped (default {DEFAULT_TIMEOUT:g})",
    )
    run.set_defaults(handler=run_command)


def list_command(args: argparse.Namespace) -> int:
    """Print the terms grouped by category."""
    corpus = load_content(args)
    for category, entries in corpus.by_category().items():
        if args.category and category.value != args.category:
            continue
        print(f"{label(category.value, CATEGORY_ZH, Language(args.lang))} ({len(entries)})")
        for entry in entries:
            print(f"  {entry.id:<32} {title(entry.name, entry.name_zh, Language(args.lang))}")
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Render one entry for the terminal."""
    from rich.console import Console

    from glossary.text.language import Language
    from glossary.text.render import render_entry

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    console = Console()
    renderable = render_entry(entry, corpus, Language(args.lang))
    if console.is_terminal:
        console.print(renderable)
        return 0
    with console.capture() as captured:  # piped: no padding to the terminal's width
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    return 0


def search_command(args: argparse.Namespace) -> int:
    """Print the best matches for a query."""
    from glossary.text.search import SearchIndex

    corpus = load_content(args)
    query = " ".join(args.query)
    hits = SearchIndex.from_corpus(corpus).relevant(query, limit=args.limit)
    if args.json:
        rows = [
            {
                "id": h.entry_id,
                "name": corpus.entries[h.entry_id].name,
                "name_zh": corpus.entries[h.entry_id].name_zh,
                "matched": h.matched,
                "score": round(h.score, 1),
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        raise UserError(f"nothing matches {query!r}")
    for hit in hits:
        entry = corpus.entries[hit.entry_id]
        matched = "" if hit.matched in (entry.name, entry.name_zh, entry.id) else f"   (matched “{hit.matched}”)"
        print(f"{entry.id:<32} {title(entry.name, entry.name_zh, Language.BOTH)}{matched}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    """Run an entry's snippet, streaming nothing until it ends; exit with its status."""
    from glossary.snippets.runner import run_snippet

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    if entry.snippet is None:
        raise UserError(f"{entry.id} has no snippet ({entry.kind.value}s go without)")
    path = corpus.snippet_path(entry)
    assert isinstance(path, Path)  # load_content has refused unsafe paths
    result = run_snippet(path, timeout=args.timeout)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    print(result.summary(), file=sys.stderr)
    return 0 if result.ok else 1
