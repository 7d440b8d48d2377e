"""Masking a term's names: checked against a regular-expression statement of the rule."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glossary.content.loader import load_corpus
from glossary.content.schema import Entry
from glossary.paths import content_dir, snippets_dir
from glossary.quiz.masking import MASK, mask, mask_code, maskable_names

WORD = r"[^\W_\u3000-\u9fff\uff00-\uffef]"  # a letter or digit of a space-delimited script
SEPARATORS = r"[\s\-_\u2010-\u2015\u2212*`]*"


def reference_mask(text: str, entry: Entry) -> str:
    """The rule as one regular expression: a Chinese name as written (spaces optional); an English name in any
    case with any separators, widened to whole words, counting inside a word only when longer than three
    characters or in its own case; longer names first."""
    parts = []
    for name in sorted(set(n.strip() for n in maskable_names(entry) if n.strip()), key=len, reverse=True):
        tokens = [t for t in re.split(r"[\s\-_\u2010-\u2015\u2212*`]+", name) if t]
        body = SEPARATORS.join(re.escape(t) for t in tokens)
        if re.search(r"[\u3000-\u9fff\uff00-\uffef]", name):
            parts.append(f"(?i:{body})")
            continue
        parts.append(rf"(?<!{WORD})(?i:{body}){WORD}*")
        inside = f"(?i:{body})" if sum(c.isalnum() for c in name) > 3 else body
        parts.append(rf"{WORD}*?{inside}{WORD}*")
    return re.sub("|".join(parts), MASK, text)


def entry_named(name: str, *aliases: str, name_zh: str = "池化") -> Entry:
    return Entry.model_construct(id="x-y", name=name, name_zh=name_zh, aliases=list(aliases), aliases_zh=[])


def test_separators_case_and_plurals() -> None:
    entry = entry_named("Max-Pooling", "RNN")
    assert mask("max pooling, MAX_POOLINGS and maxpooling; RNNs", entry) == f"{MASK}, {MASK} and {MASK}; {MASK}"


def test_longer_words_that_show_a_name_are_hidden_whole() -> None:
    assert mask("PReLU and ReLU6 differ from ReLU.", entry_named("ReLU")) == f"{MASK} and {MASK} differ from {MASK}."
    assert (
        mask("Adam, AdamW and the encoder–decoder", entry_named("Adam", "encoder-decoder"))
        == f"{MASK}, {MASK} and the {MASK}"
    )
    assert mask("RoBERTa refines BERTs", entry_named("BERT")) == f"{MASK} refines {MASK}"


def test_short_names_count_inside_a_word_only_in_their_own_case() -> None:
    entry = entry_named("DIN")
    assert mask("DIN weights each embedding; xDIN", entry) == f"{MASK} weights each embedding; {MASK}"


def test_chinese_names_match_as_written_spaces_optional() -> None:
    assert mask("最大池化与池化", entry_named("Pooling")) == f"最大{MASK}与{MASK}"
    assert mask("Softmax函数", entry_named("Softmax", name_zh="Softmax 函数")) == MASK


def test_code_loses_comments_docstrings_and_names() -> None:
    code = 'def adam_step(x):\n    """Adam."""\n    # adam update\n    return x * 2  # done\n'
    assert mask_code(code, entry_named("Adam")) == "def hidden_1(x):\n    return x * 2\n"


_NAME = (
    st.text(alphabet="abAB1 -–_sSeE.", min_size=1, max_size=6)
    .map(str.strip)
    .filter(
        lambda n: n[:1].isalnum() and n[-1:].isalnum()  # real names start and end with a letter or digit
    )
)


@st.composite
def names_and_text(draw: st.DrawFn) -> tuple[Entry, str]:
    """Short names, and a text made of them (in any case) among plurals, separators and other letters."""
    names = draw(st.lists(_NAME, min_size=1, max_size=3))
    name_zh = draw(st.text(alphabet="池化a ", min_size=1, max_size=4).map(str.strip).filter(bool))
    entry = entry_named(names[0], *names[1:], name_zh=name_zh)
    pieces = st.one_of(
        st.sampled_from([*names, name_zh]),
        st.sampled_from(names).map(str.swapcase),
        st.sampled_from(["es", "s", " ", "-", "–", "_", "x", "1", "池"]),
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
