"""Import our decks with the official ``anki`` package and inspect them as Anki sees them."""

from __future__ import annotations

import html
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

anki_collection = pytest.importorskip("anki.collection")
Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageOptions  # noqa: E402


def open_collection(folder: Path) -> Any:
    """Create a fresh, empty collection in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_package(col: Any, path: Path) -> Any:
    """Import an .apkg as Anki's import dialog does by default; return the import log."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def package_rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    """Run ``query`` on the collection inside an .apkg."""
    with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(package.read("collection.anki2"))
        connection = sqlite3.connect(db)
        try:
            return connection.execute(query).fetchall()
        finally:
            connection.close()


def cards_per_template(col: Any) -> dict[str, int]:
    from flashcards.export import TEMPLATES

    counts = {name: 0 for name, _ in TEMPLATES}
    for card_id in col.find_cards(""):
        counts[col.get_card(card_id).template()["name"]] += 1
    return counts


def visible_text(html_text: str) -> str:
    """Text a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


@dataclass(frozen=True)
class DeckCheck:
    notes: int
    cards: int
    empty_cards: int
    cards_anki_would_add: int
    missing_media: int


def check_imported(col: Any) -> DeckCheck:
    """Count notes and cards, and the problems Anki's own tools would report."""
    cards = col.card_count()
    empty = sum(len(n.card_ords) for n in col.get_empty_cards().notes)
    col.after_note_updates(list(col.find_notes("")), mark_modified=False, generate_cards=True)
    added = col.card_count() - cards
    media = col.media.check()
    return DeckCheck(col.note_count(), cards, empty, added, len(media.missing))
