"""Term alignment: each evidence scorer on its own, then decoding on small original articles."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import english, korean
from flashcards.align import terms
from flashcards.models import Gloss, SentenceLink, TermOccurrence
from tests.conftest import make_article


def test_stem_maps_inflections_together() -> None:
    assert terms.stem("introduced") == terms.stem("introduce") == terms.stem("introduces")
    assert terms.stem("policies") == terms.stem("policy")
    assert terms.stem("startups") == terms.stem("startup")
    assert terms.stem("bus") == "bus"
    assert terms.stem("uses") == terms.stem("use")
    assert terms.root("announcement") == terms.root("announced")
    assert terms.root("responsibility") == terms.root("responsible")
    assert terms.root("decision") != terms.root("division")


def test_gloss_keys_drop_noise() -> None:
    assert terms.gloss_keys("to introduce (sth)") == (terms.stem("introduce"),)
    assert terms.gloss_keys("the brain drain") == ("brain", terms.stem("drain"))
    assert terms.gloss_keys("(formal)") == ()
    assert terms.gloss_keys("long-term") == ("long", "term")


def test_lexical_score_prefers_exact_then_root_then_head() -> None:
    keys = terms.make_gloss_keys(
        [Gloss("brain drain", "glossary"), Gloss("talent", "glossary")], "noun"
    )
    assert terms.lexical_score(keys, terms.gloss_keys("brain drain")) == 1.0
    partial = terms.lexical_score(keys, terms.gloss_keys("AI talent"))
    assert 0.3 < partial < 1.0
    assert terms.lexical_score(keys, terms.gloss_keys("weather")) == 0.0
    announce = terms.make_gloss_keys([Gloss("announcement", "glossary")], "verb")
    assert terms.lexical_score(announce, terms.gloss_keys("announced")) == 0.8


def test_gloss_sources_are_weighted() -> None:
    ours = terms.make_gloss_keys([Gloss("details", "glossary")], "noun")
    bridge = terms.make_gloss_keys([Gloss("details", "hanja")], "noun")
    unit = terms.gloss_keys("details")
    assert terms.lexical_score(ours, unit) > terms.lexical_score(bridge, unit) > 0.8


def test_verb_gloss_head_is_its_first_word() -> None:
    keys = terms.make_gloss_keys([Gloss("ask questions", "glossary")], "verb")
    assert terms.lexical_score(keys, terms.gloss_keys("asked")) == 0.7


def test_pos_factor() -> None:
    assert terms.pos_factor("verb", {"VERB"}) == 1.0
    assert terms.pos_factor("verb", {"NOUN"}) < 1.0
    assert terms.pos_factor("noun", {"DET", "NOUN"}) == 1.0
    assert terms.pos_factor("adverb", {"PROPN"}) == terms.pos_factor("adverb", {"X"})


def test_literal_score() -> None:
    occ = TermOccurrence("인공지능", "noun", 0, 4, 0, "인공지능", latin="AI")
    assert terms.literal_score(occ, "AI") == 1.0
    assert terms.literal_score(occ, "AI firms") == 0.6
    bare = TermOccurrence("오픈AI", "noun", 0, 4, 0, "오픈AI")
    assert terms.literal_score(bare, "OpenAI") == 0.6
    assert terms.literal_score(bare, "rain") == 0.0


def test_sentence_windows_fall_back_to_neighbours() -> None:
    links = [SentenceLink((0,), (0, 1)), SentenceLink((1,), ()), SentenceLink((2,), (2,))]
    win = terms.sentence_windows(links, 4)
    assert win[0] == (0, 1)
    assert win[1] == (0, 1, 2)
    assert win[3] == ()


GLOSSES = {
    ("항구", "noun"): ["port", "harbor"],
    ("도입하다", "verb"): ["introduce", "adopt"],
    ("관광객", "noun"): ["tourist", "visitor"],
    ("어제", "noun"): ["yesterday"],
    ("요금", "noun"): ["fare", "fee"],
}


def _lookup(lemma: str, pos: str) -> list[Gloss]:
    return [Gloss(g, "test") for g in GLOSSES.get((lemma, pos), [])]


@pytest.mark.slow
def test_align_terms_on_a_small_article(kiwi: Any, nlp: Any) -> None:
    art = make_article(
        [
            "어제 부산 항구는 새 요금 제도를 도입했다.",
            "관광객이 많이 늘었다. 에어비앤비도 관심을 보였다.",
        ],
        [
            "On Monday, the port of Busan introduced a new fee system.",
            "Tourist numbers rose sharply, and Airbnb showed interest too.",
        ],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    links = [SentenceLink((0,), (0,)), SentenceLink((1, 2), (1,))]

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.9 if (k, e.lower()) in {("에어비앤비", "airbnb"), ("부산", "busan")} else 0.0

    aligned = {
        t.lemma: t
        for t in terms.align_terms(ko, en, links, text=art.text, glosses=_lookup, translit=translit)
    }
    assert aligned["항구"].counterpart is not None
    assert aligned["항구"].counterpart.text == "port"
    assert aligned["도입하다"].counterpart is not None
    assert aligned["도입하다"].counterpart.text == "introduced"
    assert aligned["요금"].counterpart is not None
    assert aligned["요금"].counterpart.text == "fee"
    assert aligned["관광객"].counterpart is not None
    assert aligned["관광객"].counterpart.text == "Tourist"
    assert aligned["에어비앤비"].counterpart is not None
    assert aligned["에어비앤비"].counterpart.text == "Airbnb"
    # "On Monday" is not a translation of 어제: no counterpart rather than a wrong one.
    assert aligned["어제"].counterpart is None
    for t in aligned.values():
        if t.counterpart is not None:
            assert art.text[t.counterpart.start : t.counterpart.end] == t.counterpart.text
            assert 0.0 <= t.confidence <= 1.0


@pytest.mark.slow
def test_set_phrase_of_a_multiword_unit_is_found_outside_its_window(kiwi: Any, nlp: Any) -> None:
    from flashcards.pipeline import join_units

    art = make_article(
        ["지방 도시의 청년 유출 문제", "젊은이들이 지방 도시를 떠나고 있다."],
        ["Young people are leaving provincial cities.", "Experts call it a youth exodus."],
    )
    table = {
        ("청년 유출", "noun"): ["youth exodus"],
        ("도시", "noun"): ["city"],
        ("청년", "noun"): ["youth"],
        ("유출", "noun"): ["outflow"],
        ("문제", "noun"): ["problem"],
        ("지방", "noun"): ["province"],
        ("젊은이", "noun"): ["young person"],
    }

    def lookup(lemma: str, pos: str, hanja: str = "") -> list[Gloss]:
        return [Gloss(g, "glossary") for g in table.get((lemma, pos), [])]

    ko = join_units(korean.analyze(art.korean, kiwi), art.text, lookup, lambda w: False)
    assert "청년 유출" in {t.lemma for t in ko.terms}
    en = english.analyze(art.english, nlp)
    # The headline has no English partner; the body sentence is the lede's translation.
    links = [SentenceLink((0,), ()), SentenceLink((1,), (0,)), SentenceLink((), (1,))]
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    assert aligned["청년 유출"].counterpart is not None
    assert aligned["청년 유출"].counterpart.text == "youth exodus"
    # Single words do not get this licence: 도시 → "cities" comes from its own window.
    assert aligned["도시"].counterpart is not None
    assert aligned["도시"].counterpart.sentence == 0
