"""Figures 6 and 7: generating quiz questions, and exporting an Anki package."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from glossary.bench.measure import (
    CALIBRATION,
    Measured,
    calibration_seconds,
    median_seconds,
    process_seconds,
)
from glossary.content.catalog import load_checked
from glossary.paths import content_dir, snippets_dir
from glossary.quiz.session import engine_for

QUESTIONS, SEED = 1000, 20240601

#: The least any Anki export does: genanki writing as many one-line notes.
BARE_ANKI = """
import sys, genanki
model = genanki.Model(1, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
                      templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
deck = genanki.Deck(2, "Bench")
for i in range(int(sys.argv[1])):
    deck.add_note(genanki.Note(model, [f"term {i}", f"definition {i}"]))
genanki.Package(deck).write_to_file(sys.argv[2])
"""


def quiz_generation(home: Path, runs: int) -> Measured:
    """1,000 questions from the shipped content, numeric answers read from their (filled) cache."""
    corpus, _ = load_checked(content_dir(), snippets_dir(), home / "cache")
    produced = len(engine_for(corpus, home).generate(QUESTIONS, SEED))  # also fills the answer cache
    seconds = median_seconds(lambda: engine_for(corpus, home).generate(QUESTIONS, SEED), runs)
    note = f"{produced} questions from {len(corpus)} entries; answers from the cache"
    return Measured(seconds, CALIBRATION, calibration_seconds(runs), note)


def anki_export(folders: tuple[Path, Path], home: Path, size: int, runs: int) -> Measured:
    """`glossary export anki` of the synthetic corpus as a whole process (content cache warm), against genanki alone."""
    output = home / "bench.apkg"
    env = {**os.environ, "GLOSSARY_HOME": str(home)}
    command = [
        sys.executable,
        "-m",
        "glossary",
        "--content",
        str(folders[0]),
        "--snippets",
        str(folders[1]),
        "export",
        "anki",
        "-o",
        str(output),
    ]
    process_seconds(command, env)  # fills the content cache
    seconds = median_seconds(lambda: process_seconds(command, env), runs)
    bare = [sys.executable, "-c", BARE_ANKI, str(size), str(home / "bare.apkg")]
    baseline = median_seconds(lambda: process_seconds(bare, env), runs)
    note = f"{output.stat().st_size / 1e6:.1f} MB package"
    return Measured(seconds, f"genanki writing {size} bare notes", baseline, note)
