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
