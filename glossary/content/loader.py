"""Load a content folder into a Corpus, turning every problem into a located Diagnostic.

A large folder is read by this process and forked workers together (`glossary.content._parallel`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from glossary.content import _cache as cache
from glossary.content._parallel import map_in_processes
from glossary.content.corpus import Corpus
from glossary.content.diagnostics import Diagnostic
from glossary.content.schema import Entry
from glossary.content.yamlsource import SourceMap, error_location, error_message, parse

Loaded = tuple[Entry | None, list[Diagnostic]]  # an entry (None when it has errors) and its problems


MAX_ENTRY_BYTES = 256 * 1024  # an entry is a few KiB; anything near this is not one


def content_files(content_dir: Path) -> list[Path]:
    """The entry files of a content folder, sorted."""
    files = [*content_dir.glob("*.yaml"), *content_dir.glob("*.yml")]
    return sorted(files, key=lambda path: os.path.normcase(path.name))  # as paths of one folder sort, but faster


def load_entry(path: Path) -> tuple[Entry | None, list[Diagnostic]]:
    """Parse and validate one entry file; the entry is None when it has errors."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ENTRY_BYTES + 1)  # never more: a huge file costs no more than the cap
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Diagnostic(path, 1, 1, "E101", f"cannot read the file: {error}")]
    if len(raw) > MAX_ENTRY_BYTES:
        return None, [
            Diagnostic(
                path, 1, 1, "E108", f"the file is larger than {MAX_ENTRY_BYTES // 1024} KiB; an entry is a few KiB"
            )
        ]
    try:
        data, duplicate_keys = parse(text)
    except yaml.YAMLError as error:
        line, column = error_location(error)
        return None, [Diagnostic(path, line, column, "E101", error_message(error))]
    if not isinstance(data, dict):
        return None, [Diagnostic(path, 1, 1, "E102", "an entry is a mapping of fields (name: value)")]
    diagnostics = [
        Diagnostic(path, line, column, "E107", f"key {key!r} appears twice; keep one")
        for key, (line, column) in duplicate_keys
    ]
    try:
        entry = Entry.model_validate(data)
    except ValidationError as error:
        return None, diagnostics + _validation_diagnostics(path, text, error)
    if entry.id != path.stem:
        line, column = SourceMap(text).locate(["id"])
        diagnostics.append(
            Diagnostic(path, line, column, "E106", f"id {entry.id!r} must equal the file stem {path.stem!r}")
        )
    return (None if diagnostics else entry), diagnostics


def _validation_diagnostics(path: Path, text: str, error: ValidationError) -> list[Diagnostic]:
    source = SourceMap(text)
    found = []
    for problem in error.errors():
        location = [step for step in problem["loc"] if step != "[key]"]
        is_key = "[key]" in problem["loc"]
        field = _field_name(location)
        if problem["type"] == "extra_forbidden":
            line, column = source.locate(location, key=True)
            found.append(Diagnostic(path, line, column, "E103", f"unknown field '{field}'"))
        elif problem["type"] == "missing":
            line, column = source.locate(location[:-1])
            found.append(Diagnostic(path, line, column, "E104", f"missing field '{field}'"))
        else:
            line, column = source.locate(location, key=is_key)
            found.append(Diagnostic(path, line, column, "E105", f"{field}: {_message(problem)}"))
    return found


def _field_name(location: list[Any]) -> str:
    """A field path as a user writes it: relations.is-a[0]."""
    name = ""
    for step in location:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name or "entry"


def _message(problem: ErrorDetails) -> str:
    message = str(problem["msg"])
    return message.removeprefix("Value error, ")


def load_corpus(content_dir: Path, snippets_dir: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Every valid entry of a folder, and the per-file problems of the rest (cross-entry checks are in lint)."""
    entries: dict[str, Entry] = {}
    sources: dict[str, Path] = {}
    diagnostics: list[Diagnostic] = []
    if not content_dir.is_dir():
        return Corpus({}, content_dir, snippets_dir), [
            Diagnostic(content_dir, 1, 1, "E101", "content folder not found")
        ]
    unloaded = set()
    paths = content_files(content_dir)
    loaded = map_in_processes(_load_entries, paths, pack=_pack, unpack=_unpack)
    for path, (entry, problems) in zip(paths, loaded):
        diagnostics.extend(problems)
        if entry is None:
            unloaded.add(path.stem)
            continue
        if entry.id in entries:
            diagnostics.append(
                Diagnostic(path, 1, 1, "E201", f"id {entry.id!r} is also used by {sources[entry.id].name}")
            )
            continue
        entries[entry.id] = entry
        sources[entry.id] = path
    return Corpus(entries, content_dir, snippets_dir, sources, frozenset(unloaded - entries.keys())), diagnostics


def _load_entries(paths: list[Path]) -> list[Loaded]:
    return [load_entry(path) for path in paths]


def _pack(loaded: list[Loaded]) -> tuple[list[cache.Frozen], list[tuple[bool, list[Diagnostic]]]]:
    """Loaded entries in the plain form `cache.freeze` gives (many times faster to send than pickled models)."""
    entries = cache.freeze(entry for entry, _ in loaded if entry is not None)
    return entries, [(entry is not None, problems) for entry, problems in loaded]


def _unpack(packed: tuple[list[cache.Frozen], list[tuple[bool, list[Diagnostic]]]]) -> list[Loaded]:
    entries = iter(cache.thaw(Entry, packed[0]))
    return [(next(entries) if valid else None, problems) for valid, problems in packed[1]]
