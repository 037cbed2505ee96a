"""English analysis: sentences, tokens, lemmas, entities and multiword spans with offsets."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import english
from tests.conftest import make_article

pytestmark = pytest.mark.slow

PARAS = [
    "The Ministry of Oceans announced a new ferry subsidy on Monday. "
    "Busan will receive 3 billion won.",
    "Two local startups were shut down after regulators stepped in.",
]


def test_offsets_round_trip(nlp: Any) -> None:
    art = make_article(["한국어 문단."], PARAS)
    doc = english.analyze(art.english, nlp)
    assert len(doc.sentences) == 3
    for s in doc.sentences:
        assert art.text[s.start : s.end] == s.text
    for t in doc.tokens:
        assert art.text[t.start : t.end] == t.text
        assert 0 <= t.sentence < len(doc.sentences)
    for sp in doc.spans:
        assert art.text[sp.start : sp.end] == sp.text
        assert doc.tokens[sp.first].start == sp.start
        assert doc.tokens[sp.last - 1].end == sp.end
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))


def test_lemmas_pos_entities_and_phrasal_verbs(nlp: Any) -> None:
    art = make_article(["한국어 문단."], PARAS)
    doc = english.analyze(art.english, nlp)
    lemmas = {t.text: t.lemma for t in doc.tokens}
    assert lemmas["announced"] == "announce"
    assert lemmas["startups"] == "startup"
    kinds = {(sp.kind, sp.text) for sp in doc.spans}
    assert ("phrasal", "shut down") in kinds
    assert any(k == "entity" and "Ministry of Oceans" in t for k, t in kinds)
    assert {t.pos for t in doc.tokens if t.text == "ferry"} <= {"NOUN", "PROPN"}


def test_empty_input_gives_empty_doc(nlp: Any) -> None:
    doc = english.analyze((), nlp)
    assert doc.sentences == () and doc.tokens == () and doc.spans == ()


def test_hyphens_and_brackets_are_punctuation(nlp: Any) -> None:
    # The small model tags this hyphen ADJ; as a word it would count in every unit holding it.
    art = make_article(["한국어 문단."], ["Police questioned a pro-North Korean group."])
    doc = english.analyze(art.english, nlp)
    assert [t.pos for t in doc.tokens if t.text == "-"] == ["PUNCT"]
    assert english._pos("ADJ", "-") == "PUNCT"
    assert english._pos("PROPN", "—") == "PUNCT"
    assert english._pos("X", "[") == "PUNCT"
    assert english._pos("PART", "'") == "PUNCT"  # the athletes' village
    # A percent sign or an ampersand may stand for a word: its tag stays.
    assert english._pos("NOUN", "%") == "NOUN"
    assert english._pos("CCONJ", "&") == "CCONJ"
    assert english._pos("PART", "'s") == "PART"
    assert english._pos("PART", "n't") == "PART"
