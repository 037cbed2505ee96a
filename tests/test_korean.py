"""Korean analysis: dictionary forms, compounds, bracket glosses, offsets."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import korean
from tests.conftest import make_article

pytestmark = pytest.mark.slow

TEXT = (
    "부산시는 작년 해양 관광 스타트업 지원 제도를 도입했다. "
    "시는 인공지능(AI) 번역 서비스도 곧 선보일 예정이다.\n"
    "전문가들은 이 같은 정책이 근본적으로 옳다고 평가하면서도 규제가 가혹하다고 지적했다. "
    "관광객은 꾸준히 늘었고 항구는 깨끗해졌다. 도약(跳躍)의 시기다."
)


def _doc(kiwi: Any) -> tuple[str, korean.KoreanDoc]:
    art = make_article(TEXT.split("\n"), [])
    return art.text, korean.analyze(art.korean, kiwi)


def test_offsets_round_trip(kiwi: Any) -> None:
    text, doc = _doc(kiwi)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    for t in doc.terms:
        assert text[t.start : t.end] == t.surface
        assert doc.sentences[t.sentence].start <= t.start < doc.sentences[t.sentence].end
    assert len(doc.sentences) == 5


def test_dictionary_forms(kiwi: Any) -> None:
    _, doc = _doc(kiwi)
    by_lemma = {t.lemma: t for t in doc.terms}
    assert by_lemma["도입하다"].pos == "verb"
    assert by_lemma["도입하다"].surface.startswith("도입")
    assert by_lemma["가혹하다"].pos == "adjective"
    assert by_lemma["깨끗하다"].pos == "adjective"
    assert by_lemma["늘다"].pos == "verb"
    assert by_lemma["꾸준히"].pos == "adverb"
    assert "근본적" in by_lemma
    assert by_lemma["부산시"].pos == "proper"


def test_no_particles_endings_or_numbers(kiwi: Any) -> None:
    _, doc = _doc(kiwi)
    lemmas = {t.lemma for t in doc.terms}
    assert not lemmas & {"는", "을", "를", "다", "었", "하", "이"}
    assert all(t.surface.strip() for t in doc.terms)


def test_compound_and_bracket_glosses(kiwi: Any) -> None:
    _, doc = _doc(kiwi)
    by_lemma = {t.lemma: t for t in doc.terms}
    ai = by_lemma["인공지능"]
    assert ai.latin == "AI"
    assert ai.parts == ("인공", "지능")
    assert by_lemma["도약"].hanja == "跳躍"
    # The Latin gloss in brackets is evidence for 인공지능, not a term of its own.
    assert "AI" not in by_lemma


def test_derivations_and_passives(kiwi: Any) -> None:
    art = make_article(
        ["정부는 암호화 규정의 유연성을 높였고, 기자는 납치당했다가 풀려났다. 결과는 분명하다."], []
    )
    doc = korean.analyze(art.korean, kiwi)
    found = {(t.lemma, t.pos) for t in doc.terms}
    assert {("암호화", "noun"), ("유연성", "noun"), ("납치당하다", "verb")} <= found
    assert ("분명하다", "adjective") in found
    art = make_article(["그 소식은 널리 알려졌다."], [])
    doc = korean.analyze(art.korean, kiwi)
    assert ("알려지다", "verb") in {(t.lemma, t.pos) for t in doc.terms}


def test_latin_abbreviation_is_a_term(kiwi: Any) -> None:
    art = make_article(["정부는 AI 산업을 키운다."], [])
    doc = korean.analyze(art.korean, kiwi)
    assert ("AI", "foreign") in {(t.lemma, t.pos) for t in doc.terms}


def test_lemma_helper_keeps_first_appearance_order(kiwi: Any) -> None:
    _, doc = _doc(kiwi)
    order = korean.lemmas(doc.terms)
    assert order[0] == "부산시"
    assert len(order) == len(set(order))


def test_hyphenated_foreign_name_stays_one_term(kiwi: Any) -> None:
    art = make_article(["하킴 알-라시드 장관은 회의에 참석했다."], [])
    doc = korean.analyze(art.korean, kiwi)
    names = [t for t in doc.terms if "-" in t.lemma]
    assert [(t.lemma, t.pos) for t in names] == [("알-라시드", "proper")]
    assert names[0].surface == "알-라시드"
