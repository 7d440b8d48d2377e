"""Fuzzing the loader: mutated YAML yields diagnostics, never an unexpected exception."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.content.loader import load_entry
from glossary.content.synthetic import synthetic_entry

VALID = yaml.safe_dump(synthetic_entry(1, 3, random.Random(0)), allow_unicode=True, sort_keys=False)
NASTY = [
    "",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a",
    "*a",
    "!!python/object:os.system",
    "\t",
    "\x00",
    "é",
    "梯度",
    "'",
    '"',
    "#",
    "|",
    ">",
    "? ",
    "%YAML 1.1",
    "---",
    "...",
    "\n  ",
]


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        else:
            text = text[:position] + piece + text[position + len(piece) :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_yaml())
@example(text="? id: term-00001\n  name: a\n: value\n")  # a mapping as a key: once raised TypeError
@example(text="? [a, b]\n: value\nid: term-00001\n")
def test_mutated_yaml_gives_diagnostics_not_exceptions(text: str, tmp_path: Path) -> None:
    path = tmp_path / "term-00001.yaml"
    path.write_text(text, encoding="utf-8")
    entry, diagnostics = load_entry(path)
    assert (entry is None) == bool(diagnostics)
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.code.startswith("E") and diagnostic.message


def test_python_tags_are_refused_by_the_safe_loader(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("id: !!python/object/apply:os.system ['echo pwned']\n")
    entry, diagnostics = load_entry(path)
    assert entry is None and [d.code for d in diagnostics] == ["E101"]
