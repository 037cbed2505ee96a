"""Names put back together by sound (flashcards.align.names)."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import english
from flashcards.align import names
from flashcards.models import TermOccurrence
from tests.conftest import make_article


@pytest.mark.slow
def test_words_written_apart_join_into_the_name_they_sound_like(nlp: Any) -> None:
    from flashcards.models import KoreanDoc, Sentence

    korean_text = "레온 타입 카르잔 대표가 왔다."
    art = make_article([korean_text], ["Leon Tayip Karzan, the chairman, came."])
    base = art.korean[0].start
    words = [
        ("레온", "noun", 0), ("타입", "noun", 3), ("카르잔", "proper", 6), ("대표", "noun", 10)
    ]  # fmt: skip
    occs = tuple(
        TermOccurrence(w, pos, base + at, base + at + len(w), 0, w)  # type: ignore[arg-type]
        for w, pos, at in words
    )
    sentence = Sentence(0, 0, base, base + len(korean_text), korean_text)
    ko = KoreanDoc((sentence,), (), occs)
    en = english.analyze(art.english, nlp)

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.9 if (k, e) == ("레온 타입 카르잔", "Leon Tayip Karzan") else 0.0

    joined = names.join_names_by_sound(ko, en, art.text, translit)
    assert [t.lemma for t in joined.terms] == ["레온 타입 카르잔", "대표"]
    name = joined.terms[0]
    assert name.pos == "proper" and art.text[name.start : name.end] == "레온 타입 카르잔"
    # Nothing sounds alike: the terms stay as they were.
    assert names.join_names_by_sound(ko, en, art.text, lambda k, e, f=0.6: 0.0) == ko
