"""Progress on the user's machine: SQLite with a schema version, migrations, WAL and one transaction per answer."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

DATABASE_NAME = "progress.sqlite3"

#: Migrations, applied in order; the database's `user_version` counts how many have run.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE cards (
        entry_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        card TEXT NOT NULL,            -- the FSRS card as JSON
        due TEXT NOT NULL,             -- ISO-8601 UTC, copied out of the card for the due queue
        introduced TEXT NOT NULL,      -- when the card was first seen
        PRIMARY KEY (entry_id, direction)
    );
    CREATE INDEX cards_due ON cards (due);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        rating INTEGER NOT NULL,       -- 1 Again, 2 Hard, 3 Good, 4 Easy
        correct INTEGER,               -- for quiz answers: 1 right, 0 wrong
        source TEXT NOT NULL,          -- 'review' or 'quiz'
        reviewed TEXT NOT NULL
    );
    CREATE INDEX reviews_entry ON reviews (entry_id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    """
    CREATE TABLE confusions (
        id INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL,        -- the term that was the answer
        chosen_id TEXT NOT NULL,       -- the term whose option was chosen instead
        recorded TEXT NOT NULL
    );
    CREATE INDEX confusions_entry ON confusions (entry_id);
    """,
]


class CorruptDatabase(Exception):
    """Raised internally when the file is not a usable database; the store moves it aside."""


class StoreError(Exception):
    """The progress cannot be opened and nothing was changed: a data folder that is unusable, or a database
    written by a newer version. The message names the path (and the versions)."""


@dataclass(frozen=True)
class StoredCard:
    entry_id: str
    direction: str
    card_json: str
    due: datetime
    introduced: datetime


@dataclass(frozen=True)
class ReviewRow:
    entry_id: str
    direction: str
    rating: int
    correct: bool | None
    source: str
    reviewed: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat()


class ProgressStore:
    """The progress database in a data folder. A corrupt file is moved aside (never deleted) and a fresh one made."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DATABASE_NAME
        self.notice: str | None = None  # set when something had to be repaired, for the UI to tell the user
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self.folder.is_dir():
                raise NotADirectoryError(f"{self.folder} is not a folder")
            self._connection = self._open()
        except (CorruptDatabase, sqlite3.DatabaseError) as error:
            if isinstance(error, sqlite3.OperationalError):
                raise self._unusable(error) from None
            moved = self._move_aside()
            self.notice = f"the progress database {self.path} was unreadable ({error}); it was moved to {moved} and a new one started"
            self._connection = self._open()
        except OSError as error:
            raise self._unusable(error) from None

    def _unusable(self, error: Exception) -> StoreError:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return StoreError(
            f"cannot keep progress in {self.folder}: {reason}; choose another folder with --home or $GLOSSARY_HOME"
        )

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=5)
        try:
            self._refuse_newer(connection)  # before anything that writes, so a newer file stays byte for byte
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CorruptDatabase("integrity check failed")
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _refuse_newer(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has progress schema version {version}, newer than this glossary's {len(MIGRATIONS)}: "
                "upgrade glossary to use it (the file was left untouched)"
            )

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            connection.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.replace(Path(f"{target}{suffix}"))
        return target

    def close(self) -> None:
        self._connection.close()

    @property
    def schema_version(self) -> int:
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    # ---- cards and reviews ---------------------------------------------------------------------

    def card(self, entry_id: str, direction: str) -> StoredCard | None:
        row = self._connection.execute(
            "SELECT entry_id, direction, card, due, introduced FROM cards WHERE entry_id = ? AND direction = ?",
            (entry_id, direction),
        ).fetchone()
        return _card(row) if row else None

    def cards(self) -> list[StoredCard]:
        rows = self._connection.execute("SELECT entry_id, direction, card, due, introduced FROM cards ORDER BY due")
        return [_card(row) for row in rows]

    def due_cards(self, now: datetime | None = None) -> list[StoredCard]:
        rows = self._connection.execute(
            "SELECT entry_id, direction, card, due, introduced FROM cards WHERE due <= ? ORDER BY due",
            (_iso(now or _now()),),
        )
        return [_card(row) for row in rows]

    def introduced_since(self, moment: datetime) -> int:
        """How many cards were first seen at or after `moment` (for the daily new-card limit)."""
        return int(
            self._connection.execute("SELECT COUNT(*) FROM cards WHERE introduced >= ?", (_iso(moment),)).fetchone()[0]
        )

    def record(
        self,
        entry_id: str,
        direction: str,
        card_json: str,
        due: datetime,
        rating: int,
        source: str,
        correct: bool | None = None,
        when: datetime | None = None,
    ) -> None:
        """Save a card's new state and its review log in one transaction."""
        when = when or _now()
        with self._transaction() as connection:
            connection.execute(
                """INSERT INTO cards (entry_id, direction, card, due, introduced) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (entry_id, direction) DO UPDATE SET card = excluded.card, due = excluded.due""",
                (entry_id, direction, card_json, _iso(due), _iso(when)),
            )
            connection.execute(
                "INSERT INTO reviews (entry_id, direction, rating, correct, source, reviewed) VALUES (?, ?, ?, ?, ?, ?)",
                (entry_id, direction, rating, None if correct is None else int(correct), source, _iso(when)),
            )

    def reviews(self) -> list[ReviewRow]:
        rows = self._connection.execute(
            "SELECT entry_id, direction, rating, correct, source, reviewed FROM reviews ORDER BY id"
        )
        return [
            ReviewRow(e, d, r, None if c is None else bool(c), s, datetime.fromisoformat(w))
            for e, d, r, c, s, w in rows
        ]

    def record_confusion(self, entry_id: str, chosen_id: str, when: datetime | None = None) -> None:
        """Remember that the option of `chosen_id` was picked where `entry_id` was the answer."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO confusions (entry_id, chosen_id, recorded) VALUES (?, ?, ?)",
                (entry_id, chosen_id, _iso(when or _now())),
            )

    def confusions(self) -> dict[str, list[str]]:
        """Each answer's confused terms, most often confused first (ties: most recent first)."""
        rows = self._connection.execute(
            "SELECT entry_id, chosen_id FROM confusions GROUP BY entry_id, chosen_id "
            "ORDER BY entry_id, COUNT(*) DESC, MAX(id) DESC"
        )
        found: dict[str, list[str]] = {}
        for entry_id, chosen_id in rows:
            found.setdefault(entry_id, []).append(chosen_id)
        return found

    # ---- settings ------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def all_settings(self) -> dict[str, str]:
        return dict(self._connection.execute("SELECT key, value FROM settings ORDER BY key").fetchall())

    def write_all(
        self,
        cards: Iterable[StoredCard] = (),
        reviews: Iterable[ReviewRow] = (),
        settings: Mapping[str, str] | None = None,
    ) -> None:
        """Save cards (replacing those with the same key), add reviews and set settings in one transaction, so
        that a restored backup or an import of reviews lands whole or not at all."""
        with self._transaction() as connection:
            connection.executemany(
                """INSERT INTO cards (entry_id, direction, card, due, introduced) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (entry_id, direction) DO UPDATE
                   SET card = excluded.card, due = excluded.due, introduced = excluded.introduced""",
                [(c.entry_id, c.direction, c.card_json, _iso(c.due), _iso(c.introduced)) for c in cards],
            )
            connection.executemany(
                "INSERT INTO reviews (entry_id, direction, rating, correct, source, reviewed) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.entry_id,
                        r.direction,
                        r.rating,
                        None if r.correct is None else int(r.correct),
                        r.source,
                        _iso(r.reviewed),
                    )
                    for r in reviews
                ],
            )
            connection.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list((settings or {}).items()),
            )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: an answer is saved whole or not at all."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")


def _card(row: tuple[str, str, str, str, str]) -> StoredCard:
    entry_id, direction, card_json, due, introduced = row
    return StoredCard(entry_id, direction, card_json, datetime.fromisoformat(due), datetime.fromisoformat(introduced))
