"""The export command: an Anki package, Anki or Quizlet text, a Markdown cheat sheet, or JSON."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.atomic import write_bytes_atomic
from glossary.cli.common import UserError, home, load_content, resolve_entry
from glossary.content.vocabulary import Category
from glossary.export.selection import Filters, select
from glossary.text.language import Language

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.content.schema import Entry

    #: Renders the chosen entries in the chosen language(s) as the file's contents.
    Render = Callable[[Corpus, list[Entry], Language], str | bytes]


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the parser."""
    export = subcommands.add_parser("export", help="export terms for Anki, Quizlet, print or other programs")
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)

    anki = formats.add_parser("anki", help="an Anki package: term and cloze notes, one deck per category")
    anki.set_defaults(handler=anki_command)

    csv = formats.add_parser("csv", help="comma-separated text for Anki's import (or --plain term/summary pairs)")
    tsv = formats.add_parser("tsv", help="tab-separated text for Anki's import (or --plain for Quizlet and the like)")
    for parser, separator in ((csv, ","), (tsv, "\t")):
        parser.add_argument("--plain", action="store_true", help="term and summary only: no headers, no HTML")
        parser.set_defaults(handler=text_command, separator=separator)

    markdown = formats.add_parser("markdown", help="a printable cheat sheet grouped by category")
    markdown.set_defaults(handler=markdown_command)

    json = formats.add_parser("json", help="all content: every field of every entry")
    json.set_defaults(handler=json_command)

    for parser in (anki, csv, tsv, markdown, json):
        _add_export_options(parser)
    from glossary.cli.web_commands import (
        add_site_format,  # `export site DIR`: a web site, not one file
    )

    add_site_format(formats)


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write")
    parser.add_argument(
        "--category",
        action="append",
        choices=[c.value for c in Category],
        help="only this category (repeat for several)",
    )
    parser.add_argument("--tag", action="append", help="only terms with this tag (repeat for several)")
    parser.add_argument("--ids", metavar="ID,…", help="only these terms (ids, aliases or names, comma-separated)")
    parser.add_argument(
        "--lang",
        choices=[language.value for language in Language],
        default=Language.BOTH.value,
        help="the language(s) to export (default both)",
    )


def anki_command(args: argparse.Namespace) -> int:
    """Write the package, then remember what each note held so the next export stamps only changed notes."""
    from glossary.export.apkg import build_package
    from glossary.export.ledger import LEDGER_FILE, ModLedger

    ledger_path = home(args) / LEDGER_FILE
    ledger = ModLedger.load(ledger_path)
    now = int(time.time())
    _export(args, lambda corpus, entries, language: build_package(corpus, entries, language, ledger, now))
    try:
        ledger.save(ledger_path)
    except OSError as error:
        raise UserError(f"wrote {args.output}, but cannot write {ledger_path}: {error.strerror or error}") from None
    return 0


def text_command(args: argparse.Namespace) -> int:
    """Anki's text import format, or with --plain term/summary pairs."""
    from glossary.export.delimited import Separator, anki_text, plain_text

    separator = Separator(args.separator)
    if args.plain:
        _export(args, lambda _corpus, entries, language: plain_text(entries, language, separator))
    else:
        _export(args, lambda corpus, entries, language: anki_text(corpus, entries, language, separator))
    return 0


def markdown_command(args: argparse.Namespace) -> int:
    """The cheat sheet."""
    from glossary.export.cheatsheet import cheat_sheet

    _export(args, lambda _corpus, entries, language: cheat_sheet(entries, language))
    return 0


def json_command(args: argparse.Namespace) -> int:
    """All content as JSON."""
    from glossary.export.json_data import json_document

    _export(args, lambda _corpus, entries, language: json_document(entries, language))
    return 0


def _export(args: argparse.Namespace, render: Render) -> None:
    """Check the output folder, select the entries, render them and replace the output file atomically."""
    output: Path = args.output
    if not output.parent.is_dir():
        raise UserError(f"cannot write {output}: there is no folder {output.parent}")
    corpus = load_content(args)
    entries = select(corpus, _filters(corpus, args))
    if not entries:
        raise UserError("no terms match those filters")
    data = render(corpus, entries, Language(args.lang))
    try:
        write_bytes_atomic(output, data.encode() if isinstance(data, str) else data)
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"Exported {len(entries)} term(s) to {output}")


def _filters(corpus: Corpus, args: argparse.Namespace) -> Filters:
    """The filters given on the command line; --ids accepts anything `glossary show` does."""
    ids: frozenset[str] = frozenset()
    if args.ids is not None:
        keys = [key for key in args.ids.split(",") if key.strip()]
        if not keys:
            raise UserError("--ids needs at least one id")
        ids = frozenset(resolve_entry(corpus, key).id for key in keys)
    categories = frozenset(Category(value) for value in args.category or ())
    return Filters(categories=categories, tags=frozenset(args.tag or ()), ids=ids)
