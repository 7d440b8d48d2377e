"""Comma- or tab-separated text: for Anki's text import (with its file headers), or plain term/summary pairs.

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

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry
from glossary.export.markup import CardHtml
from glossary.export.notes import deck_name, note_guid, note_tags
from glossary.text.language import Language, title

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
        card = CardHtml(corpus, entry, language)
        tags = " ".join(note_tags(entry))
        rows.append([deck_name(entry.category), note_guid(entry, "basic"), card.front, card.back, tags])
    return "".join(f"{line}\n" for line in headers) + _table(rows, separator, quoted=True)


def plain_text(entries: list[Entry], language: Language, separator: Separator) -> str:
    """'term<separator>summary' per entry, in plain text on one line each.

    Tab-separated lines are written literally (these tools do not read CSV quoting); a tab or line break in the
    text could not be told from a separator, so all whitespace is folded into single spaces.
    """
    rows = [
        [_one_line(title(e.name, e.name_zh, language)), _one_line(" / ".join(language.pick(e.summary, e.summary_zh)))]
        for e in entries
    ]
    return _table(rows, separator, quoted=separator is not Separator.TAB)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(rows: list[list[str]], separator: Separator, quoted: bool) -> str:
    """Rows joined by the separator; `quoted`, fields that hold a separator, quote or line break are quoted."""
    stream = io.StringIO()
    if quoted:
        writer = csv.writer(stream, delimiter=separator.value, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    else:
        writer = csv.writer(
            stream, delimiter=separator.value, lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None
        )
    writer.writerows(rows)
    return stream.getvalue()
