"""Comma- or tab-separated text: for Anki's text import (with its file headers), or plain term/definition pairs.

The Anki file names its deck, GUID and tags columns in headers, so Anki files each note into its category's deck
and, on a later import, updates the notes it already has instead of adding copies. It uses the stock "Basic"
note type, which every collection has. The deck comes first on each row: Anki reads a line that starts with
'#' as a comment, and a deck name never does.

The plain file is what Quizlet-style tools import: one term and its summary per line, no header, no HTML.
"""

from __future__ import annotations

import csv
import io
from enum import Enum

from glossary.corpus import Corpus
from glossary.export.markup import card_text
from glossary.export.notes import deck_name, note_guid, note_tags
from glossary.export.selection import Language
from glossary.quiz.engine import core_source
from glossary.schema import Entry

NOTE_TYPE = "Basic"


class Separator(str, Enum):
    """The column separator, by the name Anki's `#separator:` header gives it."""

    COMMA = ","
    TAB = "\t"

    @property
    def anki_name(self) -> str:
        return self.name.capitalize()


def anki_text(corpus: Corpus, entries: list[Entry], language: Language, separator: Separator) -> str:
    """Deck, GUID, front, back and tags of each entry, as HTML, under Anki's import headers."""
    headers = [
        f"#separator:{separator.anki_name}",
        "#html:true",
        f"#notetype:{NOTE_TYPE}",
        "#deck column:1",
        "#guid column:2",
        "#tags column:5",
    ]
    rows = []
    for entry in entries:
        text = card_text(entry, language, core_source(corpus, entry))
        rows.append([deck_name(entry.category), note_guid(entry, "basic"), text.front, text.back, " ".join(note_tags(entry))])
    return "".join(f"{line}\n" for line in headers) + _table(rows, separator, quoting=csv.QUOTE_MINIMAL)


def plain_text(entries: list[Entry], language: Language, separator: Separator) -> str:
    """'term<separator>summary' per entry, in plain text on one line each.

    Tab-separated lines are written literally (these tools do not read CSV quoting); a tab or line break in the
    text could not be told from a separator, so all whitespace is folded into single spaces.
    """
    rows = [[_one_line(language.title(e)), _one_line(" / ".join(language.summaries(e)))] for e in entries]
    return _table(rows, separator, quoting=csv.QUOTE_NONE if separator is Separator.TAB else csv.QUOTE_MINIMAL)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(rows: list[list[str]], separator: Separator, quoting: int) -> str:
    stream = io.StringIO()
    quotechar = None if quoting == csv.QUOTE_NONE else '"'
    csv.writer(stream, delimiter=separator.value, lineterminator="\n", quoting=quoting, quotechar=quotechar).writerows(rows)
    return stream.getvalue()
