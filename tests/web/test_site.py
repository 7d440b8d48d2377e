"""The static site without a browser: valid pages, links that resolve, everything escaped, no code run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.content.corpus import Corpus
from glossary.content.loader import load_corpus
from glossary.content.schema import Formula, Reference, Symbol
from glossary.web.mathml import mathml
from glossary.web.site import build_site
from tests.web.htmlcheck import Checked, broken_links


def test_every_page_is_valid_html(site: Path, shipped: Corpus) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == len(shipped) + 2  # an entry page each, the index and the learning order
    problems = {page.name: Checked(page.read_text(encoding="utf-8")).problems for page in pages}
    assert {name: found for name, found in problems.items() if found} == {}


def test_every_internal_link_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_an_entry_page_has_its_parts(site: Path) -> None:
    text = (site / "terms" / "adam.html").read_text(encoding="utf-8")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"' in text
    assert '<table class="symbols">' in text
    assert 'class="code"' in text and "<code>glossary run adam</code>" in text
    assert '<a href="rmsprop.html">RMSProp</a>' in text  # relations are links
    assert '<a href="https://arxiv.org/abs/1412.6980" rel="noopener">' in text  # references link to the paper
    assert ".code .k" in (site / "style.css").read_text()  # the highlighting's classes are in the one style sheet


def test_the_search_index_is_a_script_with_every_name(site: Path, shipped: Corpus) -> None:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.GLOSSARY_INDEX = "
    assert text.startswith(prefix)
    rows = {row[0]: row for row in json.loads(text[len(prefix) :].rstrip().rstrip(";"))}
    assert set(rows) == set(shipped.entries)
    assert rows["adam"][1] == "Adam" and "自适应矩估计" in rows["adam"][3]


def test_everything_from_the_content_is_escaped(mini: tuple[Path, Path], tmp_path: Path) -> None:
    corpus = load_corpus(*mini)[0]
    hostile = '<script>alert("x")</script>'
    first = min(corpus.entries)
    entry = corpus.entries[first]
    corpus.entries[first] = entry.model_copy(
        update={
            "name": f"Name {hostile}",
            "name_zh": f"名 {hostile}",
            "summary": hostile,
            "summary_zh": hostile,
            "aliases": [hostile],
            "tags": ["tag"],
            "definition": f"{entry.definition} {hostile} $\\text{{{hostile}}}$",
            "formula": Formula(latex=f"\\text{{{hostile}}} x", symbols=[Symbol(symbol="x", meaning=hostile)]),
            "references": [
                Reference(title=hostile, authors=[hostile], year=2000, url='https://example.org/"><script>')
            ],
        }
    )
    build_site(corpus, tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and '"><script>' not in text, page.name
        assert Checked(text).problems == [], page.name
    assert broken_links(tmp_path / "site") == []


def test_unreadable_latex_is_shown_as_escaped_text() -> None:
    assert mathml("\\begin{x}<b>") == '<span class="math-text">&lt;b&gt;</span>'
    assert "<b>" not in mathml("\\frac{<b>")
    assert "<mtext>&lt;b&gt;</mtext>" in mathml("\\text{<b>}")


def test_export_site_runs_no_code_from_the_content(
    mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    imported = tmp_path / "imported"
    snippet = snippets / "term-00001.py"
    snippet.write_text(f"from pathlib import Path\nPath({str(imported)!r}).touch()\n" + snippet.read_text())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"exporting started a process: {args}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    out = tmp_path / "out"
    assert main(["--content", str(content), "--snippets", str(snippets), "export", "site", str(out)]) == 0
    assert not imported.exists(), "a snippet was run"
    assert "Wrote 8 pages" in capsys.readouterr().out
    page = (out / "terms" / "term-00001.html").read_text(encoding="utf-8")
    assert str(imported) in page and "glossary run term-00001" in page  # the source is shown, and how to run it


def test_export_site_needs_an_existing_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "site", str(tmp_path / "missing" / "site")]) == 1
    assert "there is no folder" in capsys.readouterr().err


def test_serve_starts_the_app_with_the_same_folders(mini: tuple[Path, Path], tmp_path: Path) -> None:
    from glossary.cli import build_parser
    from glossary.cli.web_commands import app_command

    content, snippets = mini
    args = build_parser().parse_args(
        [
            "--content",
            str(content),
            "--snippets",
            str(snippets),
            "--home",
            str(tmp_path / "home"),
            "serve",
            "--port",
            "9999",
        ]
    )
    command = app_command(args)
    for folder in (content, snippets, tmp_path / "home"):
        assert str(folder.resolve()) in command
    assert (args.host, args.port) == ("127.0.0.1", 9999)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--port", "70000"])
