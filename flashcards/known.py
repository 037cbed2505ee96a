"""Words the learner already knows: a plain word list, or the notes of an Anki collection.

Every entry is normalised to the dictionary form our terms use (도입했다 → 도입하다,
정부를 → 정부) so that ``vocab.decide`` can match it against a term's lemma; the entry as
written is kept too. Anki files are read from a private copy and never written to, so reading
is safe while Anki has the collection open. This module reads Anki's SQLite schema directly:
the ``anki`` package (AGPL) is only used by the tests.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import json
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import IO, Any

from flashcards.errors import InputError
from flashcards.models import Paragraph

__all__ = [
    "anki_field_values",
    "known_forms",
    "read_known_anki",
    "read_known_list",
    "word_list_entries",
]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Inside an .apkg/.colpkg, newest format first. Anki 2.1.50+ also writes a stub
# collection.anki2 ("please update Anki") beside collection.anki21b: it must not win.
_PACKAGE_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_COLLECTION_HELP = (
    "give collection.anki2 from your Anki profile folder, or a deck exported as .apkg"
)


# --- normalising ----------------------------------------------------------------------------


def _clean(entry: str) -> str:
    # Text typed on macOS can be decomposed jamo (NFD); the article text is composed (NFC).
    return " ".join(unicodedata.normalize("NFC", entry).split())


def known_forms(entries: Iterable[str], kiwi: Any = None) -> frozenset[str]:
    """Normalise entries to the dictionary forms of the terms in them; keep each entry too.

    Every term Kiwi finds counts, so an entry holding a phrase or a sentence marks all its
    words known. Entries are also kept without spaces (인재 유출 → 인재유출).
    """
    cleaned = list(dict.fromkeys(c for c in map(_clean, entries) if c))
    if not cleaned:
        return frozenset()
    from flashcards import korean

    doc = korean.analyze([Paragraph("ko", 0, len(c), c) for c in cleaned], kiwi)
    forms = set(cleaned)
    forms.update(c.replace(" ", "") for c in cleaned)
    forms.update(term.lemma for term in doc.terms)
    return frozenset(forms)


# --- word lists -----------------------------------------------------------------------------


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((_SQLITE_MAGIC, *_ZIP_MAGICS)):
        raise InputError(
            f"{path} is an Anki or other binary file, not a word list: use --known-anki for Anki "
            "collections and .apkg files"
        )
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 text (byte {exc.start}): save the word list as UTF-8"
        ) from exc


def word_list_entries(path: Path | str) -> list[str]:
    """Read the entries of a word list: one word per line, ``#`` starts a comment.

    A byte-order mark is allowed; anything after a tab is ignored, so a two-column list
    (word, meaning) works as it is.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"known-words list not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder: give a word list file, one word per line") from None
    except OSError as exc:
        raise InputError(f"cannot read the known-words list {path}: {exc.strerror}") from exc
    entries: list[str] = []
    for line in _decode(data, path).splitlines():
        entry = _clean(line.split("#", 1)[0].split("\t", 1)[0])
        if entry:
            entries.append(entry)
    return entries


def read_known_list(path: Path | str, *, kiwi: Any = None) -> frozenset[str]:
    """Read a word list (lemmas or inflected words) as dictionary forms."""
    return known_forms(word_list_entries(path), kiwi)


# --- Anki -----------------------------------------------------------------------------------


def read_known_anki(
    path: Path | str,
    *,
    field: str = "Korean",
    note_types: Collection[str] | None = None,
    kiwi: Any = None,
) -> frozenset[str]:
    """Read the words in ``field`` of an Anki collection's notes as dictionary forms.

    See ``anki_field_values`` for what is read and which notes count.
    """
    return known_forms(anki_field_values(path, field=field, note_types=note_types), kiwi)


def anki_field_values(
    path: Path | str,
    *,
    field: str = "Korean",
    note_types: Collection[str] | None = None,
) -> list[str]:
    """List the text of ``field`` in every matching note, HTML removed.

    A field is split into entries at line breaks, commas, semicolons and slashes.

    ``path`` is a collection file (collection.anki2, .anki21, .anki21b), a profile folder
    holding collection.anki2, or a package (.apkg, .colpkg). A note matches when its note type
    has a field named ``field`` (case-insensitive) and, if ``note_types`` is given, its note
    type is one of them. The file is copied before it is opened and never written to.
    """
    path = _locate(Path(path))
    with tempfile.TemporaryDirectory(prefix="flashcards-known-") as tmp:
        db = _private_copy(path, Path(tmp))
        return _read_field(db, path, field, note_types)


def _locate(path: Path) -> Path:
    if path.is_dir():
        inside = path / "collection.anki2"
        if inside.is_file():
            return inside
        raise InputError(f"{path} is a folder without collection.anki2: {_COLLECTION_HELP}")
    if not path.exists():
        raise InputError(f"Anki collection not found: {path} ({_COLLECTION_HELP})")
    return path


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _not_anki(path: Path) -> InputError:
    return InputError(
        f"{path} is not an Anki collection or package (expected collection.anki2, "
        "collection.anki21, collection.anki21b, .apkg or .colpkg)"
    )


def _private_copy(path: Path, tmp: Path) -> Path:
    """Make a private SQLite copy of the collection in ``tmp`` and return its path."""
    head = _head(path)
    if not head:
        raise InputError(f"{path} is empty: {_COLLECTION_HELP}")
    target = tmp / "collection.anki2"
    if head.startswith(_SQLITE_MAGIC):
        _copy_database(path, target)
    elif head.startswith(_ZSTD_MAGIC):
        with path.open("rb") as src:
            _decompress(src, target, path)
    elif head.startswith(_ZIP_MAGICS):
        _extract_package(path, target)
    else:
        raise InputError(f"{_not_anki(path)}; a plain word list goes with --known")
    return target


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _copy_database(path: Path, target: Path, attempts: int = 3) -> None:
    """Copy a live database with its write-ahead log (or rollback journal).

    Anki keeps recent changes in collection.anki2-wal until it checkpoints, and holds an
    exclusive lock while open, so the database is copied rather than opened in place; a copy
    taken while Anki wrote is retried.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-journal")]
    for _ in range(attempts):
        before = [_stamp(p) for p in (path, *companions)]
        try:
            shutil.copyfile(path, target)
            for side in companions:
                copy = target.with_name(target.name + side.name[len(path.name) :])
                copy.unlink(missing_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    shutil.copyfile(side, copy)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from exc
        if [_stamp(p) for p in (path, *companions)] == before:
            return
    raise InputError(f"{path} kept changing while it was read: try again, or close Anki first")


def _zstd_library() -> Any:
    """Return a zstd module: the standard library's (Python 3.14+) or ``zstandard``; or None."""
    for name in ("compression.zstd", "zstandard"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _decompress(src: IO[bytes], target: Path, path: Path) -> None:
    lib = _zstd_library()
    if lib is None:
        raise InputError(
            f"{path} holds a zstd-compressed collection (Anki 2.1.50+) and no zstd library is "
            "installed: pip install zstandard, or export again with 'Support older Anki "
            "versions' ticked, or give collection.anki2 from your Anki profile folder"
        )
    # Anki streams the frame without its size in the header, so decompress as a stream.
    if lib.__name__ == "compression.zstd":
        reader: IO[bytes] = lib.ZstdFile(src)
    else:
        reader = lib.ZstdDecompressor().stream_reader(src)
    try:
        with reader, target.open("wb") as out:
            shutil.copyfileobj(reader, out)
    except OSError as exc:
        raise InputError(f"cannot decompress {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # each zstd library has its own error class
        raise InputError(f"{path} is damaged: its collection cannot be decompressed") from exc


def _extract_package(path: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            members = [m for m in _PACKAGE_MEMBERS if m in names]
            if not members:
                raise InputError(
                    f"{path} is a zip file without an Anki collection in it: {_COLLECTION_HELP}"
                )
            member = members[0]
            # Without zstd fall back to a legacy copy; never to the stub collection.anki2.
            if member.endswith("b") and "collection.anki21" in names and _zstd_library() is None:
                member = "collection.anki21"
            with package.open(member) as src:
                if member.endswith("b"):
                    _decompress(src, target, path)
                else:
                    with target.open("wb") as out:
                        shutil.copyfileobj(src, out)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise InputError(f"{path} is a damaged zip file: export the deck again") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _unicase(a: str, b: str) -> int:
    # Anki's schema declares name columns COLLATE unicase; SQLite needs it registered to use
    # them in comparisons or their indexes.
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _note_types(db: sqlite3.Connection, path: Path) -> dict[int, tuple[str, list[str]]]:
    """Map note type id to its name and field names in field order, for either schema."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"notes", "col"} <= tables:
        raise _not_anki(path)
    types: dict[int, tuple[str, list[str]]] = {}
    if {"notetypes", "fields"} <= tables:  # schema 15+ (Anki 2.1.28 and later)
        names = dict(db.execute("SELECT id, name FROM notetypes"))
        fields: dict[int, list[tuple[int, str]]] = {}
        for ntid, ord_, name in db.execute("SELECT ntid, ord, name FROM fields"):
            fields.setdefault(ntid, []).append((ord_, name))
        for ntid, name in names.items():
            types[ntid] = (name, [f for _, f in sorted(fields.get(ntid, []))])
        return types
    row = db.execute("SELECT models FROM col").fetchone()
    try:  # schema 11: note types are JSON in col.models
        models = json.loads(row[0]) if row and row[0] else {}
        for mid, model in models.items():
            flds = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
            types[int(mid)] = (str(model.get("name", mid)), [str(f["name"]) for f in flds])
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"{path} has unreadable note types: is it a damaged collection?") from exc
    return types


def _choose(
    types: dict[int, tuple[str, list[str]]],
    path: Path,
    field: str,
    note_types: Collection[str] | None,
) -> dict[int, int]:
    """Map each matching note type id to the index of ``field`` among its fields."""
    wanted = field.casefold()
    candidates = types
    if isinstance(note_types, str):
        note_types = [note_types]
    if note_types:
        by_name = {name.casefold(): name for name, _ in types.values()}
        missing = [n for n in note_types if n.casefold() not in by_name]
        if missing:
            listed = ", ".join(sorted(by_name.values())) or "none"
            raise InputError(
                f"no note type named {missing[0]!r} in {path} (note types there: {listed})"
            )
        chosen = {n.casefold() for n in note_types}
        candidates = {i: t for i, t in types.items() if t[0].casefold() in chosen}
    matches = {
        ntid: [f.casefold() for f in fields].index(wanted)
        for ntid, (_, fields) in candidates.items()
        if wanted in (f.casefold() for f in fields)
    }
    if not matches:
        names = sorted({f for _, fields in candidates.values() for f in fields})
        shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
        where = "the chosen note types" if note_types else f"any note type in {path}"
        raise InputError(
            f"no field named {field!r} in {where} (fields there: {shown or 'none'}); "
            "choose the field with --known-field"
        )
    return matches


_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^{}]*)?\}\}", re.S)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BREAK = re.compile(r"<\s*(?:br|/?div|/?p|/?li|/?tr|hr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_SEPARATORS = re.compile(r"[\n,;/|]+")


def _field_text(value: str) -> list[str]:
    """Turn an Anki field's HTML into plain entries, split at lines, commas and slashes."""
    value = _CLOZE.sub(r"\1", value)
    value = _HIDDEN.sub("", value)
    value = _BREAK.sub("\n", value)
    value = _SOUND.sub("", _TAG.sub("", value))
    value = html.unescape(value).replace("\xa0", " ")
    return [c for c in map(_clean, _SEPARATORS.split(value)) if c]


def _read_field(
    db_path: Path, path: Path, field: str, note_types: Collection[str] | None
) -> list[str]:
    try:
        db = sqlite3.connect(db_path)
    except sqlite3.Error as exc:  # pragma: no cover - connecting to a fresh copy does not fail
        raise InputError(f"cannot open {path}: {exc}") from exc
    try:
        db.create_collation("unicase", _unicase)
        matches = _choose(_note_types(db, path), path, field, note_types)
        entries: list[str] = []
        for mid, flds in db.execute("SELECT mid, flds FROM notes"):
            index = matches.get(mid)
            values = str(flds).split("\x1f")
            if index is not None and index < len(values):
                entries.extend(_field_text(values[index]))
        return entries
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path} is not a readable Anki collection ({exc})") from exc
    finally:
        db.close()
