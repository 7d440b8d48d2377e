"""Masking a term's names: checked against a regular-expression statement of the rule."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glossary.content.loader import load_corpus
from glossary.paths import content_dir, snippets_dir
from glossary.quiz.masking import MASK, leaks, mask, mask_code, maskable_names
from glossary.content.schema import Entry


def reference_mask(text: str, entry: Entry) -> str:
    """The rule as one regular expression: names in any case, English words joined by any separator with an
    optional plural and never inside a longer word, Chinese names exactly, longer names first."""
    parts = []
    for name in sorted(set(n.strip() for n in maskable_names(entry) if n.strip()), key=len, reverse=True):
        if re.search(r"[\u3000-\u9fff]", name):
            parts.append(re.escape(name))
        else:
            body = r"[\s\-_]*".join(re.escape(t) for t in re.split(r"[\s\-_]+", name) if t)
            parts.append(rf"(?<![A-Za-z0-9]){body}(?:e?s)?(?![A-Za-z0-9])")
    return re.sub("|".join(parts), MASK, text, flags=re.IGNORECASE)


def entry_named(name: str, *aliases: str, name_zh: str = "池化") -> Entry:
    return Entry.model_construct(id="x-y", name=name, name_zh=name_zh, aliases=list(aliases), aliases_zh=[])


def test_separators_case_and_plurals() -> None:
    entry = entry_named("Max-Pooling", "RNN")
    assert mask("max pooling, MAX_POOLINGS and maxpooling; RNNs", entry) == f"{MASK}, {MASK} and {MASK}; {MASK}"


def test_names_inside_longer_words_are_left_alone() -> None:
    entry = entry_named("ReLU")
    assert mask("PReLU and ReLU6 differ from ReLU.", entry) == f"PReLU and ReLU6 differ from {MASK}."
    assert not leaks("PReLU", entry) and leaks("a relu", entry)


def test_chinese_names_match_exactly() -> None:
    assert mask("最大池化与池化", entry_named("Pooling")) == f"最大{MASK}与{MASK}"


def test_code_loses_comments_docstrings_and_names() -> None:
    code = 'def adam_step(x):\n    """Adam."""\n    # adam update\n    return x * 2  # done\n'
    assert mask_code(code, entry_named("Adam")) == "def hidden_1(x):\n    return x * 2\n"


_NAME = st.text(alphabet="abAB1 -_sSeE.", min_size=1, max_size=6).map(str.strip).filter(lambda n: n.strip(" -_"))


@st.composite
def names_and_text(draw: st.DrawFn) -> tuple[Entry, str]:
    """Short names, and a text made of them (in any case) among plurals, separators and other letters."""
    names = draw(st.lists(_NAME, min_size=1, max_size=3))
    name_zh = draw(st.text(alphabet="池化a ", min_size=1, max_size=4).map(str.strip).filter(bool))
    entry = entry_named(names[0], *names[1:], name_zh=name_zh)
    pieces = st.one_of(
        st.sampled_from([*names, name_zh]), st.sampled_from(names).map(str.swapcase),
        st.sampled_from(["es", "s", " ", "-", "_", "x", "1", "池"]),
    )
    return entry, "".join(draw(st.lists(pieces, max_size=8)))


@settings(max_examples=500, deadline=None)
@given(names_and_text())
def test_masking_follows_the_rule(case: tuple[Entry, str]) -> None:
    entry, text = case
    lengths = [len(n.strip()) for n in dict.fromkeys(maskable_names(entry)) if n.strip()]
    assume(len(set(lengths)) == len(lengths))  # the rule does not order names of equal length
    assert mask(text, entry) == reference_mask(text, entry)


def test_masking_follows_the_rule_on_the_shipped_content() -> None:
    corpus, _ = load_corpus(content_dir(), snippets_dir())
    for entry in corpus:
        for text in (entry.summary, entry.summary_zh, entry.definition):
            assert mask(text, entry) == reference_mask(text, entry), entry.id
