"""The command line: list, show, search and run; user errors are one clear line and a non-zero exit."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main


def cli(mini: tuple[Path, Path], *args: str) -> list[str]:
    content, snippets = mini
    return ["--content", str(content), "--snippets", str(snippets), *args]


def test_list_groups_by_category(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "list")) == 0
    out = capsys.readouterr().out
    assert "foundations · 基础 (1)" in out and "term-00000" in out and "term-00002" in out


def test_names_that_are_the_same_in_both_languages_are_shown_once(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["list", "--category", "optimization"]) == 0
    out = capsys.readouterr().out
    assert "Adam · Adam" not in out and re.search(r"^  adam +Adam$", out, re.M)


def test_show_opens_a_clear_best_match_and_lists_candidates_otherwise(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["show", "gradient clip", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Gradient Clipping") and "gradient-clipping" in captured.err
    assert main(["show", "gradient"]) == 1
    assert "did you mean" in capsys.readouterr().err


def test_piped_show_has_no_trailing_padding_and_chinese_breaks_by_its_rules(capsys) -> None:  # type: ignore[no-untyped-def]
    from glossary.text.wrap import NO_LINE_END, NO_LINE_START

    for language in ("zh", "both"):
        assert main(["show", "adam", "--lang", language]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert all(line == line.rstrip() for line in lines)
        assert not any(line.strip() and line.strip()[0] in NO_LINE_START for line in lines)
        assert not any(line.strip() and line.strip()[-1] in NO_LINE_END for line in lines)
        assert "Adam" not in [line.strip() for line in lines]  # no line holding a lone Latin word


def test_show_in_chinese_names_the_category_and_kind_in_chinese(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["show", "adam", "--lang", "zh"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "优化 · 算法" in header and "optimization" not in header


def test_search_shows_only_relevant_hits_and_what_matched(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "adma"]) == 0
    assert capsys.readouterr().out.splitlines() == ["adam                             Adam"]
    assert main(["search", "clip", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == "gradient-clipping" and all(row["score"] >= 85 for row in rows)
    assert main(["search", "nesterov"]) == 0
    assert "matched “Nesterov" in capsys.readouterr().out


def test_list_filters_by_category(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "list", "--category", "optimization")) == 0
    out = capsys.readouterr().out
    assert "term-00001" in out and "term-00000" not in out


def test_show_by_alias_and_by_chinese_name(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "show", "t2")) == 0
    assert "term-00002" in capsys.readouterr().out
    from glossary.content.loader import load_corpus

    name_zh = load_corpus(*mini)[0].entries["term-00001"].name_zh
    assert main(cli(mini, "show", name_zh)) == 0
    assert "term-00001" in capsys.readouterr().out


def test_show_renders_the_formula_as_unicode(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "show", "term-00001")) == 0
    out = capsys.readouterr().out
    assert "y₁ = 1 x" in out and "\\" not in out.split("formula")[1].split("related")[0]


def test_unknown_term_is_one_line_with_suggestions(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "show", "term-0000")) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("glossary: no term 'term-0000'") and "did you mean" in err and "\n" not in err


def test_search_json_ranks_exact_match_first(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "search", "T1", "--json")) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == "term-00001" and rows[0]["matched"] == "T1"


def test_search_with_no_match_exits_1(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "search", "zzzzqqqq")) == 1
    assert "nothing matches" in capsys.readouterr().err


def test_run_prints_the_snippet_output(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(cli(mini, "run", "term-00002")) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "3.0" and "passed" in captured.err


def test_broken_content_is_reported_not_raised(mini, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = mini
    (content / "term-00001.yaml").write_text("id: [unclosed\n")
    assert main(cli(mini, "list")) == 1
    err = capsys.readouterr().err
    assert "term-00001.yaml:2:1: E101" in err and "Traceback" not in err


def test_missing_content_folder_is_a_clear_error(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--content", str(tmp_path / "nope"), "list"]) == 1
    assert "content folder not found" in capsys.readouterr().err


def test_console_script_help_and_bad_usage() -> None:
    done = subprocess.run([sys.executable, "-m", "glossary", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "check" in done.stdout and "search" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "glossary", "show"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", ["check", "list", "show", "search", "run"])
def test_every_command_has_help(command: str, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0 and "usage: glossary" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "app"),
    [
        ([], True),
        (["--home", "h"], True),
        (["--content=c", "--snippets", "s"], True),
        (["list"], False),
        (["--help"], False),
        (["--home"], False),
        (["--home", "h", "show", "adam"], False),
    ],
)
def test_only_global_options_open_the_app(argv: list[str], app: bool) -> None:
    from glossary.cli import _opens_app

    assert _opens_app(argv) is app
