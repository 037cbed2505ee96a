"""User dictionaries: files the user downloaded, indexed once into SQLite in the user data dir.

``add`` parses the whole file before touching the index and then replaces the dictionary of the
same name in one transaction, so a bad file leaves the index exactly as it was.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flashcards.errors import DictionaryError
from flashcards.lexicon.formats import (
    DictEntry,
    FormatProblem,
    UnknownFormat,
    detect_format,
    format_names,
    resolve_format,
)
from flashcards.models import Gloss

DATA_ENV = "FLASHCARDS_DATA_DIR"
DB_NAME = "dictionaries.sqlite3"
SCHEMA_VERSION = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dictionaries (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    path TEXT NOT NULL,
    entries INTEGER NOT NULL,
    headwords INTEGER NOT NULL,
    records INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    added TEXT NOT NULL
);
-- One row per headword and dictionary: its pairs packed as english<TAB>pos<TAB>hanja triples,
-- all tab-separated, so a lookup reads one B-tree leaf per dictionary, not a row per pair.
CREATE TABLE IF NOT EXISTS headwords (
    korean TEXT NOT NULL,
    dict INTEGER NOT NULL,
    pairs TEXT NOT NULL,
    PRIMARY KEY (korean, dict)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS headwords_dict ON headwords (dict);
"""


# The primary key (korean, dict) returns rows in dictionary order without a sort.
_LOOKUP = "SELECT dict, pairs FROM headwords WHERE korean = ? ORDER BY dict"


@dataclass(frozen=True)
class DictInfo:
    """An indexed dictionary.

    ``entries`` counts Korean–English pairs in the index, ``headwords`` distinct Korean words,
    ``records`` the source records read (lines, XML or JSON entries) and ``skipped`` those with no
    usable Korean headword or English sense.
    """

    name: str
    format: str
    path: str
    entries: int
    headwords: int
    records: int
    skipped: int
    added: str


def data_dir() -> Path:
    """Return the user data directory (``$FLASHCARDS_DATA_DIR`` overrides, e.g. in tests)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("flashcards"))


def default_db_path() -> Path:
    return data_dir() / DB_NAME


def default_name(path: Path) -> str:
    """Derive a dictionary name from a file name: ``kengdic-2011.tsv.gz`` → ``kengdic-2011``."""
    stem = path.name
    for suffix in (".gz", ".zip", ".jsonl", ".json", ".xml", ".tsv", ".csv", ".txt", ".dict"):
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return name[:64] or "dictionary"


@dataclass(frozen=True)
class ParsedDictionary:
    format: str
    entries: list[DictEntry]
    records: int
    skipped: int


def parse_dictionary(path: Path, format: str | None = None) -> ParsedDictionary:
    """Read a whole dictionary file; raise DictionaryError naming the file and line on problems."""
    if not path.is_file():
        raise DictionaryError(f"{path}: no such file")
    if format:
        spec = resolve_format(format)
        if spec is None:
            raise DictionaryError(
                f"unknown dictionary format {format!r}; use one of: {', '.join(format_names())}"
            )
    else:
        try:
            detected = detect_format(path)
        except UnknownFormat as problem:
            raise DictionaryError(
                f"{_where(path, problem.line)}: {problem.message}; pass --format "
                f"(one of: {', '.join(format_names())})"
            ) from None
        except FormatProblem as problem:
            raise DictionaryError(f"{_where(path, problem.line)}: {problem.message}") from None
        spec = resolve_format(detected)
        assert spec is not None
    entries: list[DictEntry] = []
    seen: set[DictEntry] = set()
    records = skipped = 0
    try:
        for record in spec.read(path):
            records += 1
            if not record.entries:
                skipped += 1
            for entry in record.entries:
                if entry not in seen:
                    seen.add(entry)
                    entries.append(entry)
    except FormatProblem as problem:
        raise DictionaryError(
            f"{_where(path, problem.line)}: {problem.message} (reading it as {spec.name}); "
            "nothing was imported"
        ) from None
    except OSError as exc:
        raise DictionaryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not records:
        raise DictionaryError(f"{path}: the file is empty (no entries)")
    if not entries:
        raise DictionaryError(
            f"{path}: no Korean–English entries found reading it as {spec.name} "
            f"({records} records); is --format right?"
        )
    return ParsedDictionary(spec.name, entries, records, skipped)


def _where(path: Path, line: int) -> str:
    return f"{path}:{line}" if line > 0 else str(path)


class UserDictionaries:
    """The SQLite index of the user's dictionaries; lookups go straight to the index."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_db_path()
        self._conn: sqlite3.Connection | None = None
        self._names: dict[int, str] | None = None
        self._source_names: dict[int, str] = {}

    # -- connection ---------------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.is_file():
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None)
            # Memory-mapped reads make the hot lookup path ~10% faster; the file stays the truth.
            conn.execute("PRAGMA mmap_size = 268435456")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise DictionaryError(
                    f"{self.path} was written by a newer flashcards; upgrade flashcards"
                )
            if version < SCHEMA_VERSION:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise DictionaryError(
                f"cannot open the dictionary index {self.path} ({exc}); delete it and add the "
                "dictionaries again"
            ) from None
        self._conn = conn
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _dict_names(self, conn: sqlite3.Connection) -> dict[int, str]:
        if self._names is None:
            self._names = dict(conn.execute("SELECT id, name FROM dictionaries"))
            self._source_names = {i: f"user:{n}" for i, n in self._names.items()}
        return self._names

    def _sources(self, conn: sqlite3.Connection) -> dict[int, str]:
        self._dict_names(conn)
        return self._source_names

    # -- management ---------------------------------------------------------------------------

    def add(self, path: str | Path, format: str | None = None, name: str | None = None) -> DictInfo:
        """Index a dictionary file, replacing any dictionary of the same name."""
        file = Path(path).expanduser()
        name = name if name is not None else default_name(file)
        if not _NAME.match(name):
            raise DictionaryError(
                f"invalid dictionary name {name!r}: use letters, digits, '.', '_' or '-' "
                "(at most 64)"
            )
        parsed = parse_dictionary(file, format)
        info = DictInfo(
            name=name,
            format=parsed.format,
            path=str(file.resolve()),
            entries=len(parsed.entries),
            headwords=len({e.korean for e in parsed.entries}),
            records=parsed.records,
            skipped=parsed.skipped,
            added=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        conn = self._connect(create=True)
        assert conn is not None
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._delete(conn, name)
            cursor = conn.execute(
                "INSERT INTO dictionaries (name, format, path, entries, headwords, records, "
                "skipped, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.name,
                    info.format,
                    info.path,
                    info.entries,
                    info.headwords,
                    info.records,
                    info.skipped,
                    info.added,
                ),
            )
            dict_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO headwords (korean, dict, pairs) VALUES (?, ?, ?)",
                ((korean, dict_id, packed) for korean, packed in _pack(parsed.entries)),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise DictionaryError(
                f"cannot write the dictionary index {self.path} ({exc}); nothing was changed"
            ) from None
        finally:
            self._names = None
        return info

    @staticmethod
    def _delete(conn: sqlite3.Connection, name: str) -> bool:
        row = conn.execute("SELECT id FROM dictionaries WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM headwords WHERE dict = ?", (row[0],))
        conn.execute("DELETE FROM dictionaries WHERE id = ?", (row[0],))
        return True

    def list_dicts(self) -> list[DictInfo]:
        """Return the indexed dictionaries in the order they were added."""
        conn = self._connect(create=False)
        if conn is None:
            return []
        rows = conn.execute(
            "SELECT name, format, path, entries, headwords, records, skipped, added "
            "FROM dictionaries ORDER BY id"
        )
        return [DictInfo(*row) for row in rows]

    def remove(self, name: str) -> DictInfo:
        """Remove a dictionary from the index and return what it was."""
        info = next((d for d in self.list_dicts() if d.name == name), None)
        conn = self._connect(create=False)
        if info is None or conn is None:
            known = ", ".join(d.name for d in self.list_dicts()) or "none"
            raise DictionaryError(f"no dictionary named {name!r} (installed: {known})")
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._delete(conn, name)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise DictionaryError(f"cannot update {self.path} ({exc})") from None
        finally:
            self._names = None
        return info

    # -- lookups ------------------------------------------------------------------------------

    def rows(self, korean: str) -> list[tuple[str, str, str, str]]:
        """Return (dictionary, english, pos, hanja) for a Korean headword, in index order."""
        conn = self._connect(create=False)
        if conn is None:
            return []
        names = self._dict_names(conn)
        out: list[tuple[str, str, str, str]] = []
        for dict_id, packed in conn.execute(_LOOKUP, (korean,)):
            name = names.get(dict_id, "?")
            fields = packed.split("\t")
            for i in range(0, len(fields), 3):
                out.append((name, fields[i], fields[i + 1], fields[i + 2]))
        return out

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        """Return glosses from every dictionary; pairs of the requested POS come first.

        Pairs without a POS count as matching. When the article wrote the hanja (``hanja``),
        pairs spelled that way come before all others (사과 沙果 "apple" vs 謝過 "apology").
        This is the hot path (the aligner asks for every term), hence the direct parsing.
        """
        conn = self._connect(create=False)
        if conn is None:
            return []
        sources = self._sources(conn)
        matching: list[Gloss] = []
        other: list[Gloss] = []
        for dict_id, packed in conn.execute(_LOOKUP, (lemma,)):
            source = sources.get(dict_id, "user:?")
            fields = packed.split("\t")
            for i in range(0, len(fields), 3):
                gloss = Gloss(fields[i], source, fields[i + 2])
                entry_pos = fields[i + 1]
                if pos and entry_pos and entry_pos != pos:
                    other.append(gloss)
                else:
                    matching.append(gloss)
        found = matching + other if other else matching
        if hanja and any(g.hanja for g in found):
            wanted = unicodedata.normalize("NFC", hanja.strip())
            found.sort(key=lambda g: g.hanja != wanted)
        return found

    def headwords(self) -> Iterator[str]:
        conn = self._connect(create=False)
        if conn is None:
            return iter(())
        return (row[0] for row in conn.execute("SELECT DISTINCT korean FROM headwords"))


def _pack(entries: list[DictEntry]) -> Iterator[tuple[str, str]]:
    grouped: dict[str, list[str]] = {}
    for e in entries:
        # Cleaned fields never hold tabs; guard anyway so the triples stay aligned.
        fields = (_flat(e.english), e.pos, _flat(e.hanja))
        grouped.setdefault(e.korean, []).extend(fields)
    for korean, flat in grouped.items():
        yield korean, "\t".join(flat)


def _flat(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def add(path: str | Path, format: str | None = None, name: str | None = None) -> DictInfo:
    """Index a dictionary file in the default index (see ``UserDictionaries.add``)."""
    index = UserDictionaries()
    try:
        return index.add(path, format, name)
    finally:
        index.close()


def list_dicts() -> list[DictInfo]:
    index = UserDictionaries()
    try:
        return index.list_dicts()
    finally:
        index.close()


def remove(name: str) -> DictInfo:
    index = UserDictionaries()
    try:
        return index.remove(name)
    finally:
        index.close()
