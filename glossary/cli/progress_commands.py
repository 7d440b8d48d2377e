"""Commands about the learner's progress: stats, desired retention, optimize, backups and Anki's reviews."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.cli.common import UserError, load_content, open_store

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the parser."""
    stats = subcommands.add_parser("stats", help="reviews, retention, mastery, the due forecast and the workload")
    stats.add_argument("--json", action="store_true", help="print every figure as JSON")
    stats.set_defaults(handler=stats_command)

    optimize = subcommands.add_parser("optimize", help="fit the FSRS parameters to your own review log")
    optimize.set_defaults(handler=optimize_command)

    progress = subcommands.add_parser("progress", help="desired retention, backups, and reviews done in Anki")
    actions = progress.add_subparsers(title="actions", metavar="ACTION", required=True)
    retention = actions.add_parser("retention", help="show or set the desired retention (default 0.9)")
    retention.add_argument("value", nargs="?", type=float, help="the share of cards to recall when due, 0.7-0.99")
    retention.set_defaults(handler=retention_command)
    export = actions.add_parser("export", help="back up cards, reviews and settings to a JSON file")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=export_command)
    restore = actions.add_parser("import", help="merge a backup into this progress (reviews united, newer cards win)")
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=import_command)
    anki = actions.add_parser("import-anki", help="add reviews done in Anki on an exported deck")
    anki.add_argument("path", type=Path, help="collection.anki2, a .colpkg, or an .apkg exported with scheduling")
    anki.set_defaults(handler=import_anki_command)


def stats_command(args: argparse.Namespace) -> int:
    """Reviews, accuracy, retention, mastery per category, the due forecast and the expected workload."""
    from glossary.progress.stats import progress

    corpus = load_content(args)
    store = open_store(args)
    figures = progress(corpus, store)
    store.close()
    if args.json:
        print(json.dumps(figures.to_dict(), indent=2))
        return 0
    accuracy = f"{100 * figures.accuracy:.0f}%" if figures.accuracy is not None else "–"
    print(f"Reviews: {figures.reviews}   quiz answers: {figures.quiz_answers}   accuracy: {accuracy}")
    tuned = "fitted to your reviews" if figures.fitted else "default parameters"
    print(
        f"Desired retention: {figures.desired_retention:.2f} ({tuned}) · "
        f"expected workload {figures.workload:.1f} reviews/day over the next 30 days"
    )
    print("\nMastery per category (mastered / seen / terms)")
    for row in figures.mastery:
        bar = "█" * round(20 * row.fraction) + "·" * (20 - round(20 * row.fraction))
        print(f"  {row.category:<16} {bar} {row.mastered:>3} / {row.seen:>3} / {row.terms:>3}")
    print("\nReviews per day (last 30 days): " + " ".join(str(n) for _, n in figures.per_day))
    right = " ".join("–" if r is None else f"{100 * r:.0f}" for _, r in figures.retention)
    print("Retention per day (% right):    " + right)
    print("Due per day (next 30 days):     " + " ".join(str(n) for _, n in figures.forecast))
    return 0


def retention_command(args: argparse.Namespace) -> int:
    """Show the desired retention and its workload, or set it."""
    from glossary.progress.tuning import (
        SettingError,
        desired_retention,
        set_desired_retention,
        tuned_scheduler,
    )
    from glossary.progress.workload import expected_workload

    store = open_store(args)
    try:
        if args.value is not None:
            set_desired_retention(store, args.value)
        value = desired_retention(store)
        now = datetime.now(timezone.utc)
        workload = expected_workload(store.cards(), tuned_scheduler(store).parameters, value, now)
    except SettingError as error:
        raise UserError(str(error)) from None
    finally:
        store.close()
    print(f"Desired retention {value:.2f}: about {workload:.1f} reviews a day over the next 30 days.")
    return 0


def optimize_command(args: argparse.Namespace) -> int:
    """Fit the FSRS parameters to the review log, store them, and compare the log loss before and after."""
    from glossary.progress.optimizer import (
        MIN_CARDS,
        MIN_SPACED_REVIEWS,
        OptimizerMissing,
        fit,
        log_loss,
        log_size,
        review_logs,
    )
    from glossary.progress.tuning import set_fitted_parameters, tuned_scheduler

    store = open_store(args)
    try:
        logs = review_logs(store.reviews())
        size = log_size(logs)
        if not size.enough:
            raise UserError(
                f"not enough reviews to optimize yet: {size.spaced} spaced review(s) (a day or more after the card's "
                f"previous one) over {size.cards} card(s); it needs {MIN_SPACED_REVIEWS} over {MIN_CARDS} cards"
            )
        before = log_loss(logs, tuned_scheduler(store).parameters)
        try:
            parameters = fit(logs)
        except OptimizerMissing as error:
            raise UserError(str(error)) from None
        set_fitted_parameters(store, parameters)
    finally:
        store.close()
    print(
        f"Fitted the FSRS parameters to {size.reviews} reviews of {size.cards} cards "
        f"(log loss {before:.4f} → {log_loss(logs, parameters):.4f}); the scheduler uses them from now on."
    )
    return 0


def export_command(args: argparse.Namespace) -> int:
    """Write every card, review and setting to a versioned JSON backup."""
    from glossary.atomic import write_text_atomic
    from glossary.progress.backup import backup

    store = open_store(args)
    document = backup(store)
    store.close()
    try:
        write_text_atomic(args.file, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    except OSError as error:
        raise UserError(f"cannot write {args.file}: {error.strerror or error}") from None
    print(
        f"Saved {len(document['cards'])} cards, {len(document['reviews'])} reviews and "
        f"{len(document['settings'])} settings to {args.file}."
    )
    return 0


def import_command(args: argparse.Namespace) -> int:
    """Merge a backup into the progress (see glossary.progress.backup for the rules)."""
    from glossary.progress.backup import BackupError, merge, parse

    try:
        cards, reviews, settings = parse(args.file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read {args.file}: {getattr(error, 'strerror', None) or error}") from None
    except BackupError as error:
        raise UserError(f"{args.file} {error}") from None
    store = open_store(args)
    try:
        merged = merge(store, cards, reviews, settings)
    finally:
        store.close()
    print(
        f"Imported {args.file}: {merged.reviews} new reviews, {merged.cards} cards added or newer, "
        f"{merged.settings} settings."
    )
    return 0


def import_anki_command(args: argparse.Namespace) -> int:
    """Add the reviews done in Anki on our notes, matched by GUID, and reschedule their cards."""
    from glossary.progress.anki_import import AnkiImportError, import_reviews

    guids = _note_guids(load_content(args))
    store = open_store(args)
    try:
        done = import_reviews(store, args.path, guids)
    except AnkiImportError as error:
        raise UserError(f"{args.path} {error}") from None
    except OSError as error:
        raise UserError(f"cannot read {args.path}: {error.strerror or error}") from None
    finally:
        store.close()
    print(
        f"Imported {done.reviews} review(s) from {args.path} onto {done.cards} card(s)"
        f" ({done.already} imported before, {done.foreign} of notes not from this glossary)."
    )
    return 0


def _note_guids(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """GUID → (entry id, note kind) for every note an Anki export of this content can hold."""
    from glossary.export.notes import note_guid

    return {note_guid(entry, kind): (entry.id, kind) for entry in corpus for kind in ("term", "cloze")}
