"""SVG snapshots of the main screens at a fixed terminal size (update with --snapshot-update)."""

from __future__ import annotations

from textual.pilot import Pilot

from .conftest import settle

SIZE = (100, 30)


def test_browse(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_browse_at_80_by_24_in_chinese(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), press=["l", "l"], terminal_size=(80, 24))


def test_search_results(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), press=["slash", *"memory"], terminal_size=SIZE)


def test_entry(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_entry(pilot: Pilot) -> None:
        pilot.app.open_entry("term-00005")  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(make_app(), run_before=open_entry, terminal_size=SIZE)


def test_quiz_question(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def start_quiz(pilot: Pilot) -> None:
        await pilot.press("z", "ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(quiz_seed=3), run_before=start_quiz, terminal_size=SIZE)


def test_help(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=SIZE)


def test_shipped_phase_three_categories_in_both_languages(snap_compare, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from glossary.content.catalog import Catalog
    from glossary.paths import content_dir, snippets_dir
    from glossary.tui.app import build_app

    catalog, _ = Catalog.open(content_dir(), snippets_dir(), tmp_path / "cache")
    app = build_app(catalog, tmp_path)  # the language starts as EN + 中文

    async def to_the_last_categories(pilot: Pilot) -> None:
        await pilot.press("end")  # the list ends with the new categories: graph, recommendation, reinforcement
        await settle(pilot)

    assert snap_compare(app, run_before=to_the_last_categories, terminal_size=SIZE)
