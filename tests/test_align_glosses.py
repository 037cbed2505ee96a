"""The lexicon's glosses as the aligners ask for them."""

from __future__ import annotations

from flashcards.align.glosses import EnglishOf
from flashcards.models import Gloss


def fake_lookup(lemma: str, pos: str | None = None) -> list[Gloss]:
    table = {
        ("다리", "noun"): [Gloss("bridge", "glossary"), Gloss("leg", "glossary")],
        ("건너다", "verb"): [Gloss("cross", "glossary")],
    }
    return table.get((lemma, pos or ""), [])


def test_english_of_gives_the_gloss_texts_in_order() -> None:
    translate = EnglishOf(fake_lookup)
    assert translate("다리", "noun") == ["bridge", "leg"]
    assert translate("건너다", "verb") == ["cross"]
    assert translate("건너다", "noun") == []


def test_english_of_a_noun_asks_for_the_noun() -> None:
    assert EnglishOf(fake_lookup).noun("다리") == ["bridge", "leg"]
    assert EnglishOf(fake_lookup).noun("건너다") == []
