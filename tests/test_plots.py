"""Plots: the data drawn is what the snippet's function returns, computed only when asked, and drawn in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from glossary.cli import main
from glossary.content.corpus import Corpus
from glossary.content.schema import Entry
from glossary.paths import snippets_dir
from glossary.snippets.module import load_snippet_module
from glossary.snippets.plots import MAX_POINTS, MAX_SERIES, check_series, compute_series, plot_series

CATEGORIES_WANTED = 5


def plotted(corpus: Corpus) -> list[Entry]:
    return [entry for entry in corpus if entry.plot is not None]


def test_at_least_thirty_entries_across_categories_have_a_plot(shipped: Corpus) -> None:
    entries = plotted(shipped)
    assert len(entries) >= 30
    assert len({entry.category for entry in entries}) >= CATEGORIES_WANTED


def test_the_plot_data_is_what_the_snippet_function_returns(shipped: Corpus) -> None:
    for entry in plotted(shipped):
        assert entry.plot is not None and entry.snippet is not None
        path = snippets_dir() / entry.snippet
        computed = compute_series(path, entry.plot.function)
        assert not isinstance(computed, str), f"{entry.id}: {computed}"
        direct = getattr(load_snippet_module(path), entry.plot.function)()
        assert list(computed) == list(direct), entry.id
        for label, (x, y) in computed.items():
            assert label.strip() and 0 < x.size <= MAX_POINTS and x.shape == y.shape, (entry.id, label)
            assert np.isfinite(x).all() and np.isfinite(y).all(), (entry.id, label)
            np.testing.assert_allclose(x, np.asarray(direct[label][0], dtype=float), rtol=0, atol=1e-12)
            np.testing.assert_allclose(y, np.asarray(direct[label][1], dtype=float), rtol=0, atol=1e-12)
            if entry.plot.log_x:
                assert (x > 0).all(), (entry.id, label, "a log x axis needs positive x")
            if entry.plot.log_y:
                assert (y > 0).all(), (entry.id, label, "a log y axis needs positive y")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([1, 2], "not a non-empty dict"),
        ({}, "not a non-empty dict"),
        ({f"s{i}": ([0.0], [0.0]) for i in range(MAX_SERIES + 1)}, f"at most {MAX_SERIES}"),
        ({"": ([0.0], [0.0])}, "label"),
        ({"a": ([0.0, 1.0], [0.0])}, "equal length"),
        ({"a": ([0.0], [float("nan")])}, "not finite"),
        ({"a": (np.zeros(MAX_POINTS + 1), np.zeros(MAX_POINTS + 1))}, "equal length"),
        ({"a": (["x"], ["y"])}, "not numbers"),
    ],
)
def test_bad_series_are_refused_with_a_reason(value: object, reason: str) -> None:
    result = check_series(value)
    assert isinstance(result, str) and reason in result


def write_snippet(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "curve.py"
    path.write_text("import numpy as np\n\n" + body, encoding="utf-8")
    return path


def test_a_failing_function_comes_back_as_a_message_naming_the_line(tmp_path: Path) -> None:
    path = write_snippet(tmp_path, "def curve():\n    raise ValueError('no data today')\n")
    result = compute_series(path, "curve")
    assert isinstance(result, str)
    assert "ValueError: no data today" in result and "curve.py:4" in result and "Traceback" not in result


def test_a_function_that_prints_or_returns_bad_data_is_reported(tmp_path: Path) -> None:
    path = write_snippet(tmp_path, "def curve():\n    print('noise')\n    return {'a': ([0.0, 1.0], [np.inf, 1.0])}\n")
    result = compute_series(path, "curve")
    assert isinstance(result, str) and "not finite" in result
    assert "no function 'missing'" in str(compute_series(path, "missing"))


def test_a_hanging_function_is_stopped(tmp_path: Path) -> None:
    path = write_snippet(tmp_path, "def curve():\n    while True:\n        pass\n")
    result = compute_series(path, "curve", timeout=1)
    assert isinstance(result, str) and "longer than 1 s" in result


def test_the_cache_serves_a_second_showing_and_an_edit_recomputes(tmp_path: Path) -> None:
    path = write_snippet(
        tmp_path / "snippets", "def curve():\n    return {'a': (np.arange(3.0), np.arange(3.0) ** 2)}\n"
    )
    cache = tmp_path / "cache"
    first = plot_series(path, "curve", cache)
    assert not isinstance(first, str) and first["a"][1].tolist() == [0.0, 1.0, 4.0]
    stored = json.loads((cache / "plots.json").read_text())
    (key,) = stored["plots"]
    stored["plots"][key]["a"][1] = [7.0, 7.0, 7.0]  # a marker: served from the cache, not recomputed
    (cache / "plots.json").write_text(json.dumps(stored))
    again = plot_series(path, "curve", cache)
    assert not isinstance(again, str) and again["a"][1].tolist() == [7.0, 7.0, 7.0]
    path.write_text(path.read_text().replace("** 2", "** 3"))
    edited = plot_series(path, "curve", cache)
    assert not isinstance(edited, str) and edited["a"][1].tolist() == [0.0, 1.0, 8.0]


def test_glossary_plot_draws_a_chart(capsys: pytest.CaptureFixture[str], isolated_home: Path) -> None:
    assert main(["plot", "sigmoid", "--width", "80", "--height", "20"]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    assert "The sigmoid and its derivative" in lines[0] and "sigmoid" in out and "derivative" in out
    assert len(lines) == 20 and max(len(line) for line in lines) <= 80
    assert "\x1b[" not in out, "no colour codes when the output is not a terminal"
    assert (isolated_home / "cache" / "plots.json").is_file()


def test_an_entry_without_a_plot_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "adam-paper-venue-that-does-not-exist"]) == 1
    assert main(["plot", "icml"]) == 1
    err = capsys.readouterr().err
    assert "glossary: icml has no plot" in err.splitlines()


def test_reading_and_showing_never_compute_plots(capsys: pytest.CaptureFixture[str], isolated_home: Path) -> None:
    for command in (["show", "sigmoid"], ["check"], ["list"], ["search", "sigmoid"]):
        assert main(command) == 0, command
    capsys.readouterr()
    assert not (isolated_home / "cache" / "plots.json").exists()


def test_a_plot_needs_a_snippet_and_a_public_function(shipped: Corpus) -> None:
    from pydantic import ValidationError

    venue = next(entry for entry in shipped if entry.snippet is None)
    plot = {"function": "curves", "x_label": "x", "y_label": "y"}
    with pytest.raises(ValidationError, match="plot's data comes from the snippet"):
        Entry.model_validate({**venue.model_dump(mode="json"), "plot": plot})
    with_snippet = next(entry for entry in shipped if entry.snippet is not None).model_dump(mode="json")
    with pytest.raises(ValidationError, match="not a public Python function name"):
        Entry.model_validate({**with_snippet, "plot": {**plot, "function": "_private"}})
    assert Entry.model_validate({**with_snippet, "plot": plot}).plot is not None
