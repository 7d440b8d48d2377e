"""`glossary export`: every format, the filters, HTML escaping, safe writing and stable Anki notes.

Importing into real Anki is checked in test_export_anki.py.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sqlite3
import stat
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from glossary.cli import export_commands, main
from glossary.content.corpus import Corpus
from glossary.content.loader import load_corpus
from glossary.content.schema import Category
from glossary.export.apkg import CLOZE, TERM
from glossary.export.ledger import LEDGER_FILE, ModLedger
from glossary.export.markup import CardHtml, prose_html
from glossary.export.notes import deck_id, note_guid
from glossary.quiz.masking import name_mask
from glossary.text.language import Language

Folders = tuple[Path, Path]

#: Text that must reach every HTML output escaped, never as markup.
HOSTILE_NAME = "Gate <b>Bold</b> & Co"
HOSTILE_TEXT = "runs <script>alert('x')</script> & keeps <b>bold</b> literal"


@pytest.fixture(autouse=True)
def advancing_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each export runs 100 s after the one before: a modification time that must stay cannot stay by luck."""
    ticks = itertools.count(int(time.time()), 100)
    monkeypatch.setattr(export_commands, "time", SimpleNamespace(time=lambda: next(ticks)))


def export(folders: Folders, *args: str) -> int:
    """Run `glossary export …` on a content folder."""
    content, snippets = folders
    return main(["--content", str(content), "--snippets", str(snippets), "export", *args])


def edit_entry(folders: Folders, entry_id: str, **changes: object) -> None:
    """Change fields of one entry's YAML file."""
    path = folders[0] / f"{entry_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_hostile(folders: Folders, entry_id: str = "term-00002") -> None:
    """Give one entry a name, summary and definition full of HTML."""
    definition = yaml.safe_load((folders[0] / f"{entry_id}.yaml").read_text(encoding="utf-8"))["definition"]
    edit_entry(
        folders,
        entry_id,
        name=HOSTILE_NAME,
        summary=f"{HOSTILE_NAME} {HOSTILE_TEXT}.",
        definition=f"{definition} {HOSTILE_NAME} {HOSTILE_TEXT}.",
    )


def corpus_of(folders: Folders) -> Corpus:
    return load_corpus(*folders)[0]


def apkg_notes(path: Path) -> dict[str, tuple[int, int, str, str]]:
    """guid -> (note type id, modification time, tags, fields) of every note in a package."""
    with zipfile.ZipFile(path) as archive:
        database = path.parent / f"{path.name}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT guid, mid, mod, tags, flds FROM notes").fetchall()
    finally:
        connection.close()
        database.unlink()
    return {guid: (mid, mod, tags, fields) for guid, mid, mod, tags, fields in rows}


def anki_rows(path: Path, delimiter: str) -> tuple[list[str], list[list[str]]]:
    """The header lines (the '#' lines that open the file) and the data rows of an Anki text file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    count = next(index for index, line in enumerate(lines) if not line.startswith("#"))
    rows = csv.reader(io.StringIO("".join(lines[count:])), delimiter=delimiter)
    return [line.rstrip("\n") for line in lines[:count]], list(rows)


# Markdown and JSON


def test_markdown_cheat_sheet_groups_by_category(mini: Folders, tmp_path: Path) -> None:
    output = tmp_path / "sheet.md"
    assert export(mini, "markdown", "-o", str(output)) == 0
    text = output.read_text(encoding="utf-8")
    corpus = corpus_of(mini)
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [category.value for category in corpus.by_category()]
    entry = corpus.entries["term-00004"]
    section = text.split("## cnn")[1]
    assert f"### {entry.name} · {entry.name_zh}" in section
    assert entry.summary_zh in section and f"${entry.formula.latex}$" in section


def test_markdown_in_one_language(mini: Folders, tmp_path: Path) -> None:
    output = tmp_path / "sheet.md"
    assert export(mini, "markdown", "--lang", "zh", "-o", str(output)) == 0
    entry = corpus_of(mini).entries["term-00001"]
    text = output.read_text(encoding="utf-8")
    assert f"### {entry.name_zh}\n" in text and entry.summary_zh in text and entry.summary not in text


def test_json_holds_all_content_in_a_stable_order(mini: Folders, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert export(mini, "json", "-o", str(first)) == 0
    assert export(mini, "json", "-o", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text(encoding="utf-8"))
    corpus = corpus_of(mini)
    assert [record["id"] for record in document["entries"]] == sorted(corpus.entries)
    assert document["entries"][3] == corpus.entries["term-00003"].model_dump(mode="json")
    assert {"relations", "references", "examples", "formula", "aliases_zh"} <= document["entries"][3].keys()


def test_json_in_english_leaves_out_the_chinese_fields(mini: Folders, tmp_path: Path) -> None:
    output = tmp_path / "en.json"
    assert export(mini, "json", "--lang", "en", "-o", str(output)) == 0
    record = json.loads(output.read_text(encoding="utf-8"))["entries"][0]
    assert "name_zh" not in record and "summary_zh" not in record and record["definition"]


# Filters


def exported_ids(folders: Folders, tmp_path: Path, *filters: str) -> list[str]:
    output = tmp_path / "filtered.json"
    assert export(folders, "json", "-o", str(output), *filters) == 0
    return [record["id"] for record in json.loads(output.read_text(encoding="utf-8"))["entries"]]


def test_filters_by_category_tag_and_ids(mini: Folders, tmp_path: Path) -> None:
    edit_entry(mini, "term-00001", tags=["sparse"])
    edit_entry(mini, "term-00005", tags=["sparse", "gating"])
    assert exported_ids(mini, tmp_path, "--category", "cnn") == ["term-00004"]
    assert exported_ids(mini, tmp_path, "--category", "cnn", "--category", "rnn") == ["term-00004", "term-00005"]
    assert exported_ids(mini, tmp_path, "--tag", "sparse") == ["term-00001", "term-00005"]
    assert exported_ids(mini, tmp_path, "--tag", "sparse", "--category", "rnn") == ["term-00005"]
    assert exported_ids(mini, tmp_path, "--ids", "t2, term-00003") == ["term-00002", "term-00003"]  # an alias resolves


def test_unknown_id_and_empty_selection_are_one_line(
    mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.json"
    assert export(mini, "json", "-o", str(output), "--ids", "term-0000") == 1
    assert export(mini, "json", "-o", str(output), "--tag", "nothing-has-this") == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0].startswith("glossary: no term 'term-0000'")
    assert errors[1] == "glossary: no terms match those filters"
    assert not output.exists()


# Anki and Quizlet text


@pytest.mark.parametrize(("form", "delimiter", "name"), [("csv", ",", "Comma"), ("tsv", "\t", "Tab")])
def test_anki_text_has_import_headers_and_stable_guids(
    mini: Folders, tmp_path: Path, form: str, delimiter: str, name: str
) -> None:
    first, second = tmp_path / f"a.{form}", tmp_path / f"b.{form}"
    assert export(mini, form, "-o", str(first)) == 0
    edit_entry(mini, "term-00003", summary="A rewritten summary, with a comma.")
    assert export(mini, form, "-o", str(second)) == 0
    headers, rows = anki_rows(first, delimiter)
    assert headers == [
        f"#separator:{name}",
        "#html:true",
        "#notetype:Basic",
        "#deck column:1",
        "#guid column:2",
        "#tags column:5",
    ]
    corpus = corpus_of(mini)
    assert len(rows) == 6 and all(len(row) == 5 for row in rows)
    by_guid = {row[1]: row for row in rows}
    entry = corpus.entries["term-00004"]
    deck, _, front, back, tags = by_guid[note_guid(entry, "basic")]
    assert deck == "Deep-Learning Glossary::cnn" and tags == "glossary::cnn"
    assert front == f"{entry.name}<br>{entry.name_zh}" and "\\(y_{4} = 4 x\\)" in back and "highlight" in back
    assert [row[1] for row in anki_rows(second, delimiter)[1]] == [row[1] for row in rows]


def test_plain_tsv_is_one_term_and_summary_per_line(mini: Folders, tmp_path: Path) -> None:
    edit_entry(mini, "term-00000", summary='A summary with "quotes", a comma\tand a tab.')
    output = tmp_path / "quizlet.tsv"
    assert export(mini, "tsv", "--plain", "--lang", "en", "-o", str(output)) == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    entry = corpus_of(mini).entries["term-00000"]
    assert len(lines) == 6 and all(line.count("\t") == 1 for line in lines)
    assert lines[0] == f'{entry.name}\tA summary with "quotes", a comma and a tab.'


def test_plain_csv_quotes_what_needs_quoting(mini: Folders, tmp_path: Path) -> None:
    edit_entry(mini, "term-00000", summary="First, second.")
    output = tmp_path / "plain.csv"
    assert export(mini, "csv", "--plain", "-o", str(output)) == 0
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
    entry = corpus_of(mini).entries["term-00000"]
    assert rows[0] == [f"{entry.name} · {entry.name_zh}", f"First, second. / {entry.summary_zh}"]


# HTML


def test_content_is_escaped_wherever_it_lands_in_html(mini: Folders, tmp_path: Path) -> None:
    make_hostile(mini)
    outputs = {form: tmp_path / f"out.{form}" for form in ("apkg", "csv", "md")}
    assert export(mini, "anki", "-o", str(outputs["apkg"])) == 0
    assert export(mini, "csv", "-o", str(outputs["csv"])) == 0
    assert export(mini, "markdown", "-o", str(outputs["md"])) == 0
    texts = {
        "apkg": "".join(fields for _, _, _, fields in apkg_notes(outputs["apkg"]).values()),
        "csv": outputs["csv"].read_text(encoding="utf-8"),
        "md": outputs["md"].read_text(encoding="utf-8"),
    }
    for form, text in texts.items():
        assert "<script" not in text and "<b>" not in text, form
        assert "&lt;script&gt;" in text and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in text, form


def test_prose_keeps_math_away_from_markdown_and_masking(mini: Folders) -> None:
    entry = corpus_of(mini).entries["term-00001"]
    html = prose_html(f"Uses $x_i < {entry.name}$ and *stress*, not {entry.name} <i>.", hide=name_mask(entry))
    assert html == f"<p>Uses \\(x_i &lt; {entry.name}\\) and <em>stress</em>, not ▢▢▢ &lt;i&gt;.</p>"


def test_cloze_hides_the_names_in_each_language(mini: Folders) -> None:
    corpus = corpus_of(mini)
    entry = corpus.entries["term-00001"]
    entry = entry.model_copy(update={"summary_zh": f"{entry.name_zh}是一个术语。"})
    cloze = CardHtml(corpus, entry, Language.BOTH).cloze
    assert cloze.count("{{c1::") == 2 and f"<p>{{{{c1::{entry.name_zh}}}}}是" in cloze
    assert entry.name not in cloze.replace(f"{{{{c1::{entry.name}}}}}", "")
    unnamed = entry.model_copy(update={"summary": "A summary that does not say it."})
    assert CardHtml(corpus, unnamed, Language.EN).cloze == ""


# The Anki package


def test_ids_are_fixed_in_code(mini: Folders) -> None:
    assert (TERM.model_id, CLOZE.model_id) == (1_718_203_551, 1_718_203_552)
    assert deck_id(Category.CNN) == 217_250_058_335_061
    assert note_guid(corpus_of(mini).entries["term-00000"], "term") == "y,UN@^M@pG"


def test_the_same_content_gives_the_same_notes(mini: Folders, tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert export(mini, "anki", "-o", str(first)) == 0
    assert export(mini, "anki", "-o", str(second)) == 0
    notes = apkg_notes(first)
    assert notes == apkg_notes(second)
    assert len(notes) == 12  # a term note and a cloze note per entry
    assert {mid for mid, _, _, _ in notes.values()} == {TERM.model_id, CLOZE.model_id}


def test_only_changed_notes_get_a_newer_modification_time(mini: Folders, tmp_path: Path) -> None:
    before, after = tmp_path / "before.apkg", tmp_path / "after.apkg"
    assert export(mini, "anki", "-o", str(before)) == 0
    edit_entry(mini, "term-00003", formula={"latex": "y = 42 x", "symbols": [{"symbol": "x", "meaning": "input"}]})
    assert export(mini, "anki", "-o", str(after)) == 0
    old, new = apkg_notes(before), apkg_notes(after)
    entry = corpus_of(mini).entries["term-00003"]
    changed = {note_guid(entry, "term"), note_guid(entry, "cloze")}  # the formula is on both
    assert old.keys() == new.keys()
    assert {guid for guid in old if old[guid] != new[guid]} == changed
    assert all(new[guid][1] > old[guid][1] for guid in changed)


def test_a_chinese_package_carries_only_chinese_text(mini: Folders, tmp_path: Path) -> None:
    package = tmp_path / "zh.apkg"
    assert export(mini, "anki", "--lang", "zh", "-o", str(package)) == 0
    entry = corpus_of(mini).entries["term-00001"]
    fields = dict(zip(TERM.fields, apkg_notes(package)[note_guid(entry, "term")][3].split("\x1f")))
    assert fields["Term"] == fields["Summary"] == fields["Definition"] == ""
    assert fields["Chinese"] == entry.name_zh and fields["Clue"] == f"<p>{entry.summary_zh}</p>"


def test_a_corrupt_ledger_is_ignored_and_rebuilt(mini: Folders, tmp_path: Path, isolated_home: Path) -> None:
    ledger = isolated_home / LEDGER_FILE
    ledger.write_text('{"version": 1, "notes": {"x": [', encoding="utf-8")
    assert export(mini, "anki", "-o", str(tmp_path / "deck.apkg")) == 0
    assert len(json.loads(ledger.read_text(encoding="utf-8"))["notes"]) == 12 + 2  # notes and note types


def test_the_ledger_keeps_unchanged_times_and_advances_changed_ones() -> None:
    ledger = ModLedger()
    assert ledger.mod("note", ["a"], now=100) == 100
    assert ledger.mod("note", ["a"], now=200) == 100
    assert ledger.mod("note", ["b"], now=100) == 101  # newer than before, even when the clock is not
    assert ledger.mod("note", ["c"], now=300) == 300


# Writing files


def test_a_missing_folder_is_one_clear_line(mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing" / "deck.apkg"
    assert export(mini, "anki", "-o", str(output)) == 1
    assert capsys.readouterr().err == f"glossary: cannot write {output}: there is no folder {output.parent}\n"
    assert not output.parent.exists()


def test_a_file_in_place_of_the_folder_is_one_clear_line(
    mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    output = tmp_path / "file" / "deck.md"
    assert export(mini, "markdown", "-o", str(output)) == 1
    assert capsys.readouterr().err.strip() == f"glossary: cannot write {output}: there is no folder {output.parent}"


def test_an_unwritable_folder_is_one_clear_line(
    mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("glossary.atomic.tempfile.mkstemp", refuse)
    output = tmp_path / "deck.json"
    assert export(mini, "json", "-o", str(output)) == 1
    assert capsys.readouterr().err == f"glossary: cannot write {output}: Permission denied\n"


def test_a_failed_write_leaves_the_old_file_whole(
    mini: Folders, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "deck.json"
    output.write_text("the previous export", encoding="utf-8")

    def fail(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("glossary.atomic.os.replace", fail)
    assert export(mini, "json", "-o", str(output)) == 1
    assert output.read_text(encoding="utf-8") == "the previous export"
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["deck.json"]


def test_an_existing_file_is_replaced_and_readable_like_a_new_file(mini: Folders, tmp_path: Path) -> None:
    output = tmp_path / "sheet.md"
    output.write_text("old", encoding="utf-8")
    assert export(mini, "markdown", "-o", str(output)) == 0
    assert output.read_text(encoding="utf-8").startswith("# Deep-Learning Glossary")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~umask
