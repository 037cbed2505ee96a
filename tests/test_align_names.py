"""Names put back together by sound (flashcards.align.names)."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import english
from flashcards.align import names
from flashcards.models import Article, KoreanDoc, Sentence, TermOccurrence
from tests.conftest import make_article


def _korean_doc(art: Article, words: list[tuple[str, str, int]]) -> KoreanDoc:
    """Make the one-sentence analysis of ``art``'s Korean: (word, pos, offset in it) terms."""
    para = art.korean[0]
    occs = tuple(
        TermOccurrence(w, pos, para.start + at, para.start + at + len(w), 0, w)  # type: ignore[arg-type]
        for w, pos, at in words
    )
    return KoreanDoc((Sentence(0, 0, para.start, para.end, para.text),), (), occs)


@pytest.mark.slow
def test_words_written_apart_join_into_the_name_they_sound_like(nlp: Any) -> None:
    art = make_article(
        ["레온 타입 카르잔 대표가 왔다."], ["Leon Tayip Karzan, the chairman, came."]
    )
    ko = _korean_doc(
        art,
        [("레온", "noun", 0), ("타입", "noun", 3), ("카르잔", "proper", 6), ("대표", "noun", 10)],
    )
    en = english.analyze(art.english, nlp)

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.9 if (k, e) == ("레온 타입 카르잔", "Leon Tayip Karzan") else 0.0

    joined = names.join_names_by_sound(ko, en, art.text, translit)
    assert [t.lemma for t in joined.terms] == ["레온 타입 카르잔", "대표"]
    name = joined.terms[0]
    assert name.pos == "proper" and art.text[name.start : name.end] == "레온 타입 카르잔"
    # Nothing sounds alike: the terms stay as they were.
    assert names.join_names_by_sound(ko, en, art.text, lambda k, e, f=0.6: 0.0) == ko


@pytest.mark.slow
def test_a_name_ending_in_a_common_noun_keeps_its_parts(nlp: Any) -> None:
    art = make_article(["나르비아 박람회가 열렸다."], ["The Narvia Fair opened."])
    ko = _korean_doc(art, [("나르비아", "proper", 0), ("박람회", "noun", 5)])
    en = english.analyze(art.english, nlp)

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.9 if (k, e) == ("나르비아 박람회", "Narvia Fair") else 0.0

    def glosses(lemma: str) -> list[str]:
        return {"박람회": ["exhibition", "trade fair"]}.get(lemma, [])

    # 박람회 means "fair", the English name's last word: a place's event, not one person's
    # name, so 나르비아 and 박람회 stay terms beside the whole.
    kept = names.join_names_by_sound(ko, en, art.text, translit, glosses)
    assert [t.lemma for t in kept.terms] == ["나르비아", "박람회", "나르비아 박람회"]
    # Without a gloss to say so, the name replaces its parts as before.
    joined = names.join_names_by_sound(ko, en, art.text, translit, lambda lemma: [])
    assert [t.lemma for t in joined.terms] == ["나르비아 박람회"]


@pytest.mark.slow
def test_a_name_is_found_behind_a_title(nlp: Any) -> None:
    art = make_article([], ["Prime Minister Tarik Bayrol Esendal spoke on Monday."])
    en = english.analyze(art.english, nlp)
    found = dict(names._english_names(en, art.text))
    # The whole run and its tails: the Korean may leave the title out or write it apart.
    assert found["Prime Minister Tarik Bayrol Esendal"] == 5
    assert found["Tarik Bayrol Esendal"] == 3
    assert found["Bayrol Esendal"] == 2


@pytest.mark.slow
def test_names_kept_with_parts_and_names_replacing_them_both_survive(nlp: Any) -> None:
    art = make_article(
        ["나르비아 박람회에 레온 카르잔이 왔다."], ["Leon Karzan came to the Narvia Fair."]
    )
    words = [("나르비아", "proper", 0), ("박람회", "noun", 5), ("레온", "noun", 10),
             ("카르잔", "proper", 13)]  # fmt: skip
    ko = _korean_doc(art, words)
    en = english.analyze(art.english, nlp)
    sounds = {("나르비아 박람회", "Narvia Fair"), ("레온 카르잔", "Leon Karzan")}

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.9 if (k, e) in sounds else 0.0

    # One join adds a term (parts kept), the other removes one: both must still happen.
    joined = names.join_names_by_sound(
        ko, en, art.text, translit, lambda lemma: ["fair"] if lemma == "박람회" else []
    )
    assert [t.lemma for t in joined.terms] == [
        "나르비아",
        "박람회",
        "나르비아 박람회",
        "레온 카르잔",
    ]
