"""The entry screen's "Learn first" list: an entry's prerequisites in learning order, ✓ marking known terms."""

from __future__ import annotations

from textual.widgets.option_list import Option

from glossary.content.corpus import Corpus
from glossary.content.prerequisites import prerequisites
from glossary.progress.store import ProgressStore
from glossary.quiz.weak import known_entries
from glossary.text.language import Language, title


def learn_first_options(corpus: Corpus, entry_id: str, store: ProgressStore, language: Language) -> list[Option]:
    """One option per prerequisite of `entry_id` (ids `first:<id>`, so Enter follows it like a relation)."""
    known = known_entries(store)
    options = []
    for need in prerequisites(corpus, entry_id):
        other = corpus.entries[need]
        options.append(
            Option(f"{'✓' if need in known else '·'} {title(other.name, other.name_zh, language)}", id=f"first:{need}")
        )
    return options
