"""The validated-content cache never serves stale content, and what it serves equals a fresh load."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

from glossary.content import _cache as cache
from glossary.content import _parallel as parallel
from glossary.content import loader
from glossary.content.catalog import Catalog, load_checked
from glossary.content.corpus import Corpus
from glossary.content.diagnostics import Diagnostic

from .conftest import age

Folders = tuple[Path, Path]


@pytest.fixture(autouse=True)
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package's modules as the fingerprint sees them: settled, unlike a tree being edited."""
    folder = tmp_path / "code"
    folder.mkdir()
    (folder / "schema.py").write_text("RULES = 1\n")
    age(folder)
    monkeypatch.setattr(cache, "CODE_DIRS", (folder,))
    return folder


@pytest.fixture
def folders(mini: Folders) -> Folders:
    age(*mini)
    return mini


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders loaded from their files (not from the cache), in order."""
    seen: list[Path] = []
    real = loader.load_corpus

    def counting(content: Path, snippets: Path) -> tuple[Corpus, list[Diagnostic]]:
        seen.append(content)
        return real(content, snippets)

    monkeypatch.setattr(loader, "load_corpus", counting)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, then age it so that only the change itself can tell the cache."""
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_second_load_comes_from_the_cache_and_equals_the_first(
    folders: Folders, tmp_path: Path, loads: list[Path]
) -> None:
    fresh, fresh_problems = load_checked(*folders, tmp_path / "cache")
    cached, cached_problems = load_checked(*folders, tmp_path / "cache")
    assert len(loads) == 1
    assert cached.entries == fresh.entries and list(cached.entries) == list(fresh.entries)
    assert cached.sources == fresh.sources and cached_problems == fresh_problems
    for entry in cached:
        original = fresh.entries[entry.id]
        assert entry.model_dump() == original.model_dump() and entry.model_fields_set == original.model_fields_set
        assert cached.resolve(entry.name) is entry and cached.resolve(entry.name_zh) is entry


def test_cached_models_behave_like_validated_ones(folders: Folders, tmp_path: Path) -> None:
    load_checked(*folders, tmp_path / "cache")
    corpus, _ = load_checked(*folders, tmp_path / "cache")
    first, second = list(corpus)[:2]
    assert "tags" not in first.model_fields_set | second.model_fields_set  # the synthetic entries have none
    changed = first.model_copy(update={"tags": ["changed"]})
    assert changed.tags == ["changed"] and "tags" in changed.model_fields_set
    assert "tags" not in first.model_fields_set | second.model_fields_set  # fields sets are shared, never changed
    with pytest.raises(ValidationError):
        first.name = "frozen"  # type: ignore[misc]
    assert type(first).model_validate_json(first.model_dump_json()) == first


@pytest.mark.parametrize(
    ("old", "new"),
    [("summary: ", "summary: Edited. "), ("year: 2001", "year: 2002")],
    ids=["longer", "same size, later time"],
)
def test_editing_an_entry_reloads_it(old: str, new: str, folders: Folders, tmp_path: Path, loads: list[Path]) -> None:
    content, snippets = folders
    load_checked(content, snippets, tmp_path / "cache")
    edit(content / "term-00001.yaml", old, new)
    corpus, _ = load_checked(content, snippets, tmp_path / "cache")
    assert corpus.entries["term-00001"] == loader.load_entry(content / "term-00001.yaml")[0] and len(loads) == 2


def test_files_changed_just_now_are_not_cached(mini: Folders, tmp_path: Path, loads: list[Path]) -> None:
    load_checked(*mini, tmp_path / "cache")
    load_checked(*mini, tmp_path / "cache")
    assert len(loads) == 2 and not (tmp_path / "cache").exists()


def test_adding_and_removing_an_entry(folders: Folders, tmp_path: Path) -> None:
    content, snippets = folders
    load_checked(content, snippets, tmp_path / "cache")
    text = (content / "term-00005.yaml").read_text(encoding="utf-8")
    (content / "extra.yaml").write_text(
        text.replace("term-00005", "extra").replace("T5", "Extra one"), encoding="utf-8"
    )
    (snippets / "extra.py").write_text((snippets / "term-00005.py").read_text(encoding="utf-8"), encoding="utf-8")
    age(content, snippets)
    corpus, _ = load_checked(content, snippets, tmp_path / "cache")
    assert "extra" in corpus.entries
    (content / "extra.yaml").unlink()
    (snippets / "extra.py").unlink()
    corpus, problems = load_checked(content, snippets, tmp_path / "cache")
    assert "extra" not in corpus.entries and problems == []


def test_changing_a_snippet_relints_it(folders: Folders, tmp_path: Path, loads: list[Path]) -> None:
    content, snippets = folders
    assert load_checked(content, snippets, tmp_path / "cache")[1] == []
    snippet = snippets / "term-00002.py"
    stat = snippet.stat()
    os.utime(snippet, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched, unchanged
    assert load_checked(content, snippets, tmp_path / "cache")[1] == [] and len(loads) == 2
    edit(snippet, "    assert scale_2(2.0) == 2.0 * 3\n", "")
    _, problems = load_checked(content, snippets, tmp_path / "cache")
    assert [(p.path.name, p.code) for p in problems] == [("term-00002.py", "E307")]


def test_diagnostics_are_cached_with_the_corpus(folders: Folders, tmp_path: Path, loads: list[Path]) -> None:
    content, snippets = folders
    edit(content / "term-00001.yaml", "- term-00002\n", "- no-such-term\n")
    first = load_checked(content, snippets, tmp_path / "cache")[1]
    second = load_checked(content, snippets, tmp_path / "cache")[1]
    assert [d.code for d in second] == ["E204"] and second == first and len(loads) == 1
    catalog, problems = Catalog.open(content, snippets, tmp_path / "cache")
    assert problems == first  # an index with errors is not trusted: the app reports them instead


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong shape", "empty"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    damage: str, folders: Folders, tmp_path: Path, loads: list[Path]
) -> None:
    fresh, _ = load_checked(*folders, tmp_path / "cache")
    for path in (tmp_path / "cache").iterdir():
        header, _, body = path.read_bytes().partition(b"\n")
        replacement = {
            "garbage": header + b"\n\x80\x04not a pickle {",
            "truncated": header + b"\n" + body[: len(body) // 2],
            "wrong shape": header + b"\n" + (pickle.dumps((1, 2)) if path.suffix == ".pickle" else b"[1]"),
            "empty": b"",
        }[damage]
        path.write_bytes(replacement)
    catalog, _ = Catalog.open(*folders, tmp_path / "cache")
    assert [row.id for row in catalog.index] == sorted(fresh.entries)
    rebuilt, _ = load_checked(*folders, tmp_path / "cache")
    again, _ = load_checked(*folders, tmp_path / "cache")
    assert rebuilt.entries == fresh.entries == again.entries and len(loads) == 2


def test_a_cache_from_another_content_folder_is_not_used(tmp_path: Path, loads: list[Path]) -> None:
    from glossary.content.synthetic import write_corpus

    first = write_corpus(tmp_path / "first", 6)
    second = write_corpus(tmp_path / "second", 6)
    edit(second[0] / "term-00003.yaml", "summary: ", "summary: Second. ")
    for folder, twin in zip(first, second):  # same names, sizes and times in both
        for path in folder.iterdir():
            other = twin / path.name
            if other.stat().st_size == path.stat().st_size:
                os.utime(other, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    age(*first)
    age(*second)
    shared = tmp_path / "cache"
    assert not load_checked(*first, shared)[0].entries["term-00003"].summary.startswith("Second.")
    assert load_checked(*second, shared)[0].entries["term-00003"].summary.startswith("Second.")
    for suffix in ("pickle", "json"):  # even the other folder's file under this folder's name
        cache._cache_file(shared, second[0], suffix).write_bytes(
            cache._cache_file(shared, first[0], suffix).read_bytes()
        )
    assert load_checked(*second, shared)[0].entries["term-00003"].summary.startswith("Second.")
    assert len(loads) == 3


def test_editing_the_validating_code_invalidates_the_cache(folders: Folders, code: Path) -> None:
    before = cache.fingerprint(*folders)
    edit(code / "schema.py", "1", "2")
    assert before is not None and cache.fingerprint(*folders) not in (before, None)


def test_a_load_shared_by_processes_equals_one_in_a_single_process(
    folders: Folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone, alone_problems = loader.load_corpus(*folders)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    shared, shared_problems = loader.load_corpus(*folders)
    assert shared.entries == alone.entries and list(shared.entries) == list(alone.entries)
    assert shared.sources == alone.sources and shared_problems == alone_problems
