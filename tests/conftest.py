"""Shared fixtures: real analyzers (loaded once), article builders, the ../shared folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from flashcards.models import Article, Gloss, Paragraph, Source

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder; tests needing it skip when it is absent."""
    if not (SHARED / "README.md").is_file():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def kiwi() -> Any:
    from flashcards.korean import default_kiwi

    return default_kiwi()


@pytest.fixture(scope="session")
def nlp() -> Any:
    from flashcards.english import default_nlp

    return default_nlp()


def make_article(
    korean: Sequence[str], english: Sequence[str], title: str = "Test article"
) -> Article:
    """Build an Article from paragraph lists: Korean block, blank line, English block."""
    text = ""
    ko: list[Paragraph] = []
    en: list[Paragraph] = []
    for lang, paras, out in (("ko", korean, ko), ("en", english, en)):
        for para in paras:
            if text:
                text += "\n\n"
            out.append(Paragraph(lang, len(text), len(text) + len(para), para))  # type: ignore[arg-type]
            text += para
    return Article(text=text, source=Source(title=title), korean=tuple(ko), english=tuple(en))


def fake_glossary(table: dict[tuple[str, str], list[str]]) -> Callable[..., list[Gloss]]:
    """Make a gloss lookup answering from ``table`` ((lemma, pos) → glosses), as our glossary."""

    def lookup(lemma: str, pos: str, hanja: str = "") -> list[Gloss]:
        return [Gloss(g, "glossary") for g in table.get((lemma, pos), [])]

    return lookup


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty Anki collection (official anki package), closed after the test."""
    from tests.anki_helpers import open_collection

    col = open_collection(tmp_path / "collection")
    try:
        yield col
    finally:
        col.close()


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article
