"""The numeric answers of a corpus's worked examples: looked up without running anything, or computed on request.

Lookups read the answers the pack ships (`answers.json` beside its entries) and those computed earlier into
the user's cache. `compute_corpus_answers` is the only path that runs snippet code, and only commands the user
ran to execute code (`glossary check --run`) call it.
"""

from __future__ import annotations

import os
from pathlib import Path

from glossary.content.corpus import Corpus
from glossary.snippets.examples import (
    ANSWERS_FILE,
    Answer,
    ExampleJob,
    answer_key,
    compute_answers,
    read_answers,
    snippets_digest,
    write_answers,
)

ExampleKey = tuple[str, int]  # (entry id, index of the example)
USER_ANSWERS = Path("cache") / ANSWERS_FILE

NOT_COMPUTED = "no stored answer yet; `glossary check --run` computes it"


def _keys(corpus: Corpus) -> dict[ExampleKey, str | Answer]:
    """Each example's answer key, or the Answer saying why it has none (no snippet, or one outside the folder)."""
    keys: dict[ExampleKey, str | Answer] = {}
    folders: dict[Path, bytes] = {}
    for entry in corpus:
        path = corpus.snippet_path(entry) if entry.examples else None
        for index, example in enumerate(entry.examples):
            if not isinstance(path, Path) or not path.is_file():
                keys[(entry.id, index)] = Answer(None, "the snippet is missing or outside the snippets folder")
                continue
            if path.parent not in folders:
                folders[path.parent] = snippets_digest(path.parent)
            keys[(entry.id, index)] = answer_key(folders[path.parent], path, example.expr)
    return keys


def stored_answers(corpus: Corpus, home: Path | None = None) -> dict[ExampleKey, Answer]:
    """Every example's stored answer, or why there is none. Runs nothing."""
    files = [corpus.content_dir / ANSWERS_FILE] + ([home / USER_ANSWERS] if home else [])
    values = read_answers(*files)
    answers: dict[ExampleKey, Answer] = {}
    for example, key in _keys(corpus).items():
        if isinstance(key, Answer):
            answers[example] = key
        else:
            value = values.get(key)
            answers[example] = Answer(value) if value is not None else Answer(None, NOT_COMPUTED)
    return answers


def compute_corpus_answers(corpus: Corpus, home: Path | None = None) -> dict[ExampleKey, Answer]:
    """Run every example in its snippet and store the answers: beside the entries when that folder is
    writable (the pack's own file), else in the user's cache. This executes the pack's snippets."""
    keys = _keys(corpus)
    answers: dict[ExampleKey, Answer] = {k: v for k, v in keys.items() if isinstance(v, Answer)}
    jobs: list[tuple[list[ExampleKey], ExampleJob]] = []
    for entry in corpus:
        wanted = [(entry.id, i) for i in range(len(entry.examples)) if not isinstance(keys[(entry.id, i)], Answer)]
        path = corpus.snippet_path(entry)
        if wanted and isinstance(path, Path):
            jobs.append((wanted, ExampleJob(path, tuple(entry.examples[i].expr for _, i in wanted))))
    stored: dict[str, float] = {}
    for (wanted, _), results in zip(jobs, compute_answers(job for _, job in jobs)):
        for example, answer in zip(wanted, results):
            answers[example] = answer
            key = keys[example]
            if answer.value is not None and isinstance(key, str):
                stored[key] = answer.value
    target = corpus.content_dir / ANSWERS_FILE
    if not os.access(corpus.content_dir, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        if home is None:
            return answers
        target = home / USER_ANSWERS
        stored = {**read_answers(target), **stored}
    try:
        write_answers(target, stored)
    except OSError:
        pass  # answers that cannot be stored are computed again next time
    return answers
