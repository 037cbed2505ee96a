"""Term alignment: each evidence scorer on its own, then decoding on small original articles."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import english, korean
from flashcards.align import terms, words
from flashcards.models import (
    AlignedTerm,
    EnglishDoc,
    EnglishToken,
    Gloss,
    SentenceLink,
    TermOccurrence,
)
from tests.conftest import fake_glossary, make_article


def test_lexical_score_prefers_exact_then_root_then_head() -> None:
    keys = terms.make_gloss_keys(
        [Gloss("brain drain", "glossary"), Gloss("talent", "glossary")], "noun"
    )
    assert words.lexical_score(keys, words.gloss_keys("brain drain")) == 1.0
    partial = words.lexical_score(keys, words.gloss_keys("AI talent"))
    assert 0.3 < partial < 1.0
    assert words.lexical_score(keys, words.gloss_keys("weather")) == 0.0
    announce = terms.make_gloss_keys([Gloss("announcement", "glossary")], "verb")
    assert words.lexical_score(announce, words.gloss_keys("announced")) == 0.8


def test_gloss_sources_are_weighted() -> None:
    ours = terms.make_gloss_keys([Gloss("details", "glossary")], "noun")
    bridge = terms.make_gloss_keys([Gloss("details", "hanja")], "noun")
    unit = words.gloss_keys("details")
    assert words.lexical_score(ours, unit) > words.lexical_score(bridge, unit) > 0.8


def test_verb_gloss_head_is_its_first_word() -> None:
    keys = terms.make_gloss_keys([Gloss("ask questions", "glossary")], "verb")
    assert words.lexical_score(keys, words.gloss_keys("asked")) == 0.7


def test_pos_factor() -> None:
    assert terms.pos_factor("verb", {"VERB"}) == 1.0
    assert terms.pos_factor("verb", {"NOUN"}) < 1.0
    # A verb rendered as a noun (숨지다 → "deaths") or as an adjective ("deadly"): neither
    # is preferred.
    assert terms.pos_factor("verb", {"ADJ"}) == terms.pos_factor("verb", {"NOUN"})
    assert terms.pos_factor("noun", {"DET", "NOUN"}) == 1.0
    assert terms.pos_factor("adverb", {"PROPN"}) == terms.pos_factor("adverb", {"X"})
    # A verb rendered as a predicate adverb (돌아가다 → "is back") is likelier than as a noun.
    assert terms.pos_factor("verb", {"ADV"}) > terms.pos_factor("verb", {"NOUN"})
    # A noun of place rendered as a preposition (인근 → "near"): a unit of a function word
    # alone is judged by it, not by the default for a word that suits no part of speech.
    assert terms.pos_factor("noun", {"ADP"}) > terms.pos_factor("noun", {"INTJ"})
    assert terms.pos_factor("noun", {"DET", "ADP"}) == terms.pos_factor("noun", {"ADP"})


@pytest.mark.slow
def test_a_verb_takes_its_predicate_adverb_over_a_noun_of_another_gloss(
    kiwi: Any, nlp: Any
) -> None:
    art = make_article(["우리 팀이 두 골 앞섰다."], ["Our team was two goals ahead, a clear lead."])
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    glosses = {"앞서다": ["be ahead", "precede", "lead"]}

    def lookup(lemma: str, pos: str) -> list[Gloss]:
        return [Gloss(g, "test") for g in glosses.get(lemma, [])]

    aligned = {
        t.lemma: t
        for t in terms.align_terms(
            ko, en, [SentenceLink((0,), (0,))], text=art.text, glosses=lookup
        )
    }
    found = aligned["앞서다"].counterpart
    assert found is not None and found.text == "ahead"


def test_literal_score() -> None:
    occ = TermOccurrence("인공지능", "noun", 0, 4, 0, "인공지능", latin="AI")
    assert terms.literal_score(occ, "AI") == 1.0
    assert terms.literal_score(occ, "AI firms") == 0.6
    bare = TermOccurrence("오픈AI", "noun", 0, 4, 0, "오픈AI")
    assert terms.literal_score(bare, "OpenAI") == 0.6
    assert terms.literal_score(bare, "rain") == 0.0
    # A bracketed name and its abbreviation, as Kiwi hands them over, are each a spelling.
    named = TermOccurrence("부산 항만청", "proper", 0, 6, 0, "부산 항만청", latin="BusanPort,BP")
    assert terms.literal_score(named, "Busan Port") == 1.0
    assert terms.literal_score(named, "BP") == 1.0


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

    lookup = fake_glossary(table)

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


def test_a_distinctive_modifier_can_stand_for_a_two_word_gloss() -> None:
    keys = terms.make_gloss_keys([Gloss("opposition party", "glossary")], "noun")
    alone = words.lexical_score(keys, words.gloss_keys("opposition"))
    assert alone >= 0.6
    # A common word is too likely to be a chance match ("time" for "time limit").
    common = terms.make_gloss_keys([Gloss("time limit", "glossary")], "noun")
    assert words.lexical_score(common, words.gloss_keys("time")) < 0.55
    # Verbs keep their head rule: the first word of a verb gloss is its head.
    verb = terms.make_gloss_keys([Gloss("abolish quotas", "glossary")], "verb")
    assert words.lexical_score(verb, words.gloss_keys("quotas")) < 0.55


def _name_alignment(kiwi: Any, nlp: Any, ko_text: str, en_text: str) -> Any:
    art = make_article([ko_text], [en_text])
    ko = korean.analyze(art.korean, kiwi)
    ko = korean.join_spaced(
        ko, art.text, lambda a, b: a.lemma == "하야시", keep_parts=False, pos="proper"
    )
    en = english.analyze(art.english, nlp)
    sounds = {("하야시", "hayashi"), ("겐타", "kenta")}

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        return 0.95 if (k, e.lower()) in sounds else 0.0

    found = terms.align_terms(
        ko, en, [SentenceLink((0,), (0,))], text=art.text, glosses=lambda lemma, pos: [],
        translit=translit,
    )  # fmt: skip
    return {t.lemma: t for t in found}["하야시 겐타"].counterpart


@pytest.mark.slow
def test_names_match_in_either_order_and_by_one_part(kiwi: Any, nlp: Any) -> None:
    # Family name first in Korean, given name first in English.
    full = _name_alignment(
        kiwi, nlp, "배우 하야시 겐타가 무대에 올랐다.", "Actor Kenta Hayashi took the stage."
    )
    assert full is not None and full.text == "Kenta Hayashi"
    # The English names him by his family name alone.
    short = _name_alignment(
        kiwi, nlp, "배우 하야시 겐타가 무대에 올랐다.", "Then Hayashi took the stage."
    )
    assert short is not None and short.text == "Hayashi"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("korean_text", "english_text", "name", "expected"),
    [
        # Spanish j sounds as ㅎ: the whole name, not its last part alone.
        ("후안 페레스 장관이 발표했다.", "Minister Juan Perez spoke.", "후안 페레스", "Juan Perez"),
        # Burmese writes the sound of ㅉ as "ky".
        ("쩌 민 대변인이 말했다.", "Spokesman Kyaw Min spoke.", "쩌 민", "Kyaw Min"),
        # Spanish ll sounds as a y, in a family name alone too.
        ("무리요 대표가 말했다.", "Delegate Murillo spoke.", "무리요", "Murillo"),
    ],
)
def test_spanish_and_burmese_names_are_found_by_their_sounds(
    kiwi: Any, nlp: Any, korean_text: str, english_text: str, name: str, expected: str
) -> None:
    # The whole pipeline, with our glossary: it joins the parts of a name Kiwi reads apart
    # (쩌 + 민), and tells the title after them (장관, 대변인) from a part of the name.
    assert _english_of(kiwi, nlp, korean_text, english_text, name) == expected


def _english_of(kiwi: Any, nlp: Any, korean_text: str, english_text: str, lemma: str) -> str:
    """Align a one-sentence article with the whole pipeline; return ``lemma``'s English."""
    from flashcards import pipeline

    art = make_article([korean_text], [english_text])
    aligned = pipeline.analyze(art, kiwi=kiwi, nlp=nlp).alignment
    found = {t.lemma: t for t in aligned.terms}[lemma].counterpart
    return "" if found is None else found.text


@pytest.mark.parametrize(
    ("korean_text", "english_text", "title", "expected"),
    [
        (
            "박민수 해양수산부 수산자원정책관은 어민들의 의견을 듣겠다고 말했다.",
            "Park Min-su, the ministry's director for fishery resources policy, said he would"
            " listen to fishermen.",
            "수산자원정책관",
            "director for fishery resources policy",
        ),
        (
            "김지영 산업부 에너지안전정책관은 새 기준을 발표했다.",
            "Kim Ji-young, director of energy safety policy at the industry ministry, announced"
            " new standards.",
            "에너지안전정책관",
            "director of energy safety policy",
        ),
    ],
)
def test_a_title_takes_the_office_holder_english_puts_first(
    kiwi: Any, nlp: Any, korean_text: str, english_text: str, title: str, expected: str
) -> None:
    # Five English words, one more than a unit may have: the parts' words are found as a unit,
    # and the noun before "for"/"of" comes along because the last part (관) glosses it.
    assert _english_of(kiwi, nlp, korean_text, english_text, title) == expected


def test_a_verb_placed_by_its_arguments_is_no_light_english_verb(kiwi: Any, nlp: Any) -> None:
    # 도시 and 다리 hang from "has": a clause's light verb, not a rendering of 자랑하다.
    city = ("그 도시는 오래된 다리를 자랑한다.", "The city has an old bridge.")
    assert _english_of(kiwi, nlp, *city, "자랑하다") == ""
    school = ("학교는 학생에게 점심을 제공한다.", "The school gets students lunch.")
    assert _english_of(kiwi, nlp, *school, "제공하다") == ""
    # A verb of its own is still taken: 정부, 시장 and 예산 hang from "gave".
    budget = ("정부는 시장에게 예산을 넘겼다.", "The government gave the mayor the budget.")
    assert _english_of(kiwi, nlp, *budget, "넘기다") == "gave"


def test_light_verb_and_common_noun_heads_do_not_stand_alone() -> None:
    take_place = terms.make_gloss_keys([Gloss("take place", "glossary")], "verb")
    assert words.lexical_score(take_place, words.gloss_keys("taken")) < 0.55
    ask = terms.make_gloss_keys([Gloss("ask questions", "glossary")], "verb")
    assert words.lexical_score(ask, words.gloss_keys("asked")) == 0.7
    rest = terms.make_gloss_keys([Gloss("rest of one's life", "glossary")], "noun")
    assert words.lexical_score(rest, words.gloss_keys("life")) < 0.55
    # The head of "N of N" is the first noun.
    assert words.lexical_score(rest, words.gloss_keys("rest")) == 0.7


def _unit(sentence: int, first: int, last: int) -> terms.Unit:
    return terms.Unit(first, last, sentence, ("w",), frozenset({"NOUN"}))


def _cand(key: str, peak: float, *units: terms.Unit) -> terms.Candidate:
    return terms.Candidate((key,), peak, peak, units, ("lexical",))


def test_decoder_moves_a_term_to_an_equally_good_unit_to_make_room() -> None:
    info, data, processing = _unit(0, 0, 1), _unit(0, 5, 6), _unit(0, 0, 2)
    ranked = {
        # 자료 matches "information" and "data" equally well and is served first.
        ("자료", "noun"): [_cand("information", 1.0, info), _cand("data", 1.0, data)],
        # 정보처리 only matches "information processing", which overlaps "information".
        ("정보처리", "noun"): [_cand("information processing", 0.9, processing)],
    }
    chosen = terms._decode(ranked, terms.TermAlignOptions())
    assert chosen[("자료", "noun")][1] == data
    assert chosen[("정보처리", "noun")][1] == processing
    # A holder with no good alternative keeps its unit.
    ranked[("자료", "noun")] = [_cand("information", 1.0, info), _cand("data", 0.6, data)]
    chosen = terms._decode(ranked, terms.TermAlignOptions())
    assert chosen[("자료", "noun")][1] == info
    assert ("정보처리", "noun") not in chosen


def _tagged(*sentences: str) -> EnglishDoc:
    """Make a document of "word/POS" tokens, one string of them per sentence."""
    tokens = []
    for s, sentence in enumerate(sentences):
        for pair in sentence.split():
            word, pos = pair.split("/")
            i = len(tokens)
            tokens.append(EnglishToken(i, word, word, pos, pos, i, i + 1, s))
    return EnglishDoc((), tuple(tokens), ())


def test_a_lone_gloss_match_in_a_sentence_the_translator_added_is_dropped() -> None:
    # One Korean sentence (0) linked to two English ones: the first renders it (three of its
    # terms land there), the second is an aside of many content words of which only one
    # matched, by a gloss: "account" in "The company accounted for ..." (증언 "account").
    en = _tagged(
        "Experts/NOUN warn/VERB rivals/NOUN",
        "Firms/NOUN accounted/VERB for/ADP most/ADJ patents/NOUN filed/VERB last/ADJ "
        "decade/NOUN worldwide/ADV today/NOUN",
    )
    chosen = {
        ("전문가", "noun"): (_cand("expert", 1.0), _unit(0, 0, 1), 1.0),
        ("경고하다", "verb"): (_cand("warn", 1.0), _unit(0, 1, 2), 1.0),
        ("경쟁자", "noun"): (_cand("rival", 1.0), _unit(0, 2, 3), 1.0),
        ("증언", "noun"): (_cand("account", 0.8), _unit(1, 4, 5), 0.8),
    }
    by_term = {term: [TermOccurrence(term[0], term[1], 0, 1, 0, term[0])] for term in chosen}
    window = {0: (0, 1)}
    assert terms._strays(chosen, by_term, window, en) == [("증언", "noun")]
    # A short second sentence that renders a clause of the Korean keeps its term.
    short = _tagged("Experts/NOUN warn/VERB rivals/NOUN", "Firms/NOUN accounted/VERB")
    assert terms._strays(chosen, by_term, window, short) == []
    # So does a term of a Korean sentence linked to one English sentence, and a sound-alike.
    assert terms._strays(chosen, by_term, {0: (1,)}, en) == []
    chosen[("증언", "noun")] = (
        terms.Candidate(("account",), 0.8, 0.8, (), ("translit",)),
        _unit(1, 4, 5),
        0.8,
    )
    assert terms._strays(chosen, by_term, window, en) == []


def _recurring(
    en: EnglishDoc,
    windows: dict[int, tuple[int, ...]],
    *claimed: str,
    partnered: frozenset[int] = frozenset({0, 1, 2}),
) -> list[str]:
    """Run the co-occurrence search for a noun met in Korean sentences 0 and 2."""
    scorer = terms._Scorer(en, "x" * 200, lambda *a, **k: [], None, None, terms.TermAlignOptions())
    occurrences = [TermOccurrence("졸속", "noun", 0, 2, k, "졸속") for k in (0, 2)]
    taken = [[_cand(word, 1.0, _unit(0, 0, 1)) for word in claimed]]
    found = scorer.recurring(occurrences, windows, terms._CandidateRoots(taken), set(partnered))
    assert all(c.evidence == ("cooccurrence",) for c in found)
    return [" ".join(c.key) for c in found]


def test_a_noun_takes_a_rare_word_met_in_each_of_its_windows_and_nowhere_else() -> None:
    one_to_one = {0: (0,), 1: (1,), 2: (2,)}
    en = _tagged(
        "Lawmakers/NOUN criticized/VERB the/DET slapdash/ADJ bill/NOUN",
        "The/DET weather/NOUN was/AUX clear/ADJ",
        "The/DET minister/NOUN admitted/VERB slapdash/ADJ work/NOUN",
    )
    assert _recurring(en, one_to_one) == ["slapdash"]
    # An adjective scores below a noun, both just above the threshold.
    scorer = terms._Scorer(en, "x" * 200, lambda *a, **k: [], None, None, terms.TermAlignOptions())
    occurrences = [TermOccurrence("졸속", "noun", 0, 2, k, "졸속") for k in (0, 2)]
    (adjective,) = scorer.recurring(occurrences, one_to_one, terms._CandidateRoots([]), {0, 1, 2})
    assert adjective.peak < terms._RECURRING_PEAK
    # Another term's candidate holds the word: it is that term's.
    assert _recurring(en, one_to_one, "slapdash") == []
    # Windows that share a sentence prove nothing.
    assert _recurring(en, {0: (0, 1), 2: (1, 2)}) == []
    # Nor does the window of a Korean sentence with no English partner: its neighbours'.
    assert _recurring(en, one_to_one, partnered=frozenset({0, 1})) == []
    # Two such words: no telling which.
    two = _tagged(
        "Lawmakers/NOUN criticized/VERB the/DET slapdash/ADJ gerrymander/NOUN",
        "The/DET weather/NOUN was/AUX clear/ADJ",
        "The/DET minister/NOUN admitted/VERB slapdash/ADJ gerrymander/NOUN",
    )
    assert _recurring(two, one_to_one) == []
    # A common word may recur by chance: no telling either.
    common = _tagged(
        "Lawmakers/NOUN criticized/VERB the/DET new/ADJ bill/NOUN",
        "The/DET weather/NOUN was/AUX clear/ADJ",
        "The/DET minister/NOUN admitted/VERB new/ADJ work/NOUN",
    )
    assert _recurring(common, one_to_one) == []


def unit_surfaces(text: str, en: EnglishDoc, table: terms._TokenTable) -> set[str]:
    """The text of every candidate unit of the first English sentence."""
    return {text[en.tokens[a].start : en.tokens[b - 1].end] for a, b in table.spans_of(0, 4)}


@pytest.mark.slow
def test_units_end_in_a_particle_only_after_a_verb(nlp: Any) -> None:
    art = make_article([], ["Workers cleaned up the port and security forces began to leave."])
    en = english.analyze(art.english, nlp)
    surfaces = unit_surfaces(art.text, en, terms._TokenTable(en))
    assert "cleaned up" in surfaces
    assert "security forces" in surfaces
    assert not any(s.endswith((" the", " and")) for s in surfaces)


@pytest.mark.slow
def test_a_dictionary_match_next_door_is_not_taken(kiwi: Any, nlp: Any) -> None:
    art = make_article(
        ["시장은 항구를 방문했다.", "그는 새 제도를 발표했다."],
        ["The mayor announced a new system.", "He visited the port on Monday."],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    table = {("항구", "noun"): ["port"], ("제도", "noun"): ["system"]}

    lookup = fake_glossary(table)

    # A wrong sentence alignment: each Korean sentence linked to the other's translation.
    links = [SentenceLink((0,), (0,)), SentenceLink((1,), (1,))]
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    assert aligned["항구"].counterpart is None
    assert aligned["제도"].counterpart is None


def test_a_compound_and_its_part_may_share_english() -> None:
    convicted = _unit(0, 3, 4)
    ranked = {
        ("유죄", "noun"): [_cand("convicted", 1.0, convicted)],
        ("유죄 판결", "noun"): [_cand("convicted", 0.8, convicted)],
        ("판결", "noun"): [_cand("convicted", 0.8, convicted)],
    }
    chosen = terms._decode(ranked, terms.TermAlignOptions())
    assert chosen[("유죄", "noun")][1] == convicted
    assert chosen[("유죄 판결", "noun")][1] == convicted
    # Both are parts of 유죄 판결, not of each other: 판결 cannot take 유죄's word.
    assert ("판결", "noun") not in chosen


def _compound_lookup(table: dict[str, list[str]]) -> Any:
    """Answer a compound's "part + part" gloss, as the lexicon composes it, and its parts'."""

    def lookup(lemma: str, pos: str, hanja: str = "") -> list[Gloss]:
        if lemma in table:
            return [Gloss(g, "glossary") for g in table[lemma]]
        return [Gloss(g, "compound") for g in table.get(f"{lemma}+", [])]

    return lookup


@pytest.mark.slow
@pytest.mark.parametrize(
    ("english_text", "expected"),
    [
        # The English names the whole by its head: the head, as a fallback.
        (["The council began the process on Monday.", "Critics stayed away."], "process"),
        # The compound spelled out next door (sentence alignment may be off by one) is better
        # than its head alone here.
        (["The council began the process on Monday.", "It was a peace process."], "peace process"),
    ],
)
def test_a_compound_head_alone_is_a_fallback(
    kiwi: Any, nlp: Any, english_text: list[str], expected: str
) -> None:
    art = make_article(["의회는 월요일 평화과정을 시작했다.", "비판자들은 불참했다."], english_text)
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    assert any(t.lemma == "평화과정" for t in ko.terms)
    lookup = _compound_lookup(
        {"평화": ["peace"], "과정": ["process", "course"], "평화과정+": ["peace + process"]}
    )
    links = [SentenceLink((0,), (0,)), SentenceLink((1,), (1,))]
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    found = aligned["평화과정"].counterpart
    assert found is not None and found.text == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("english_text", "expected"),
    [
        # Only "Food" matches a part; the body's English name goes on after it.
        ("The Food Standards Agency announced new rules.", "Food Standards Agency"),
        # "and" between two words of the name.
        ("The Food and Hygiene Board announced new rules.", "Food and Hygiene Board"),
        # No name around the word: it stays as it is.
        ("Officials said food rules would change.", "food"),
    ],
)
def test_a_compound_glossed_by_parts_takes_the_rest_of_the_english_name(
    kiwi: Any, nlp: Any, english_text: str, expected: str
) -> None:
    table = {"식품안전청+": ["food + safety + agency"], "규정": ["rule"]}
    korean_text = "식품안전청이 새 규정을 발표했다."
    assert _compound_counterpart(kiwi, nlp, korean_text, english_text, table) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("english_text", "expected"),
    [
        # "buses" holds the last part only; the word English put before it renders the first.
        ("The late buses stopped.", "late buses"),
        # Nothing before it.
        ("Buses stopped late.", "Buses"),
        # The first part matched: the unit is whole as it is.
        ("The night buses stopped.", "night buses"),
    ],
)
def test_a_compound_glossed_by_parts_takes_the_modifier_rendering_its_first_part(
    kiwi: Any, nlp: Any, english_text: str, expected: str
) -> None:
    table = {"야간버스+": ["night + bus"], "멈추다": ["stop"]}
    assert _compound_counterpart(kiwi, nlp, "야간버스가 멈췄다.", english_text, table) == expected


def _compound_counterpart(
    kiwi: Any, nlp: Any, korean_text: str, english_text: str, table: dict[str, list[str]]
) -> str | None:
    """Align one sentence pair; return the English of the compound ``table`` has a "+" key of."""
    art = make_article([korean_text], [english_text])
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    (compound,) = [key[:-1] for key in table if key.endswith("+")]
    assert any(t.lemma == compound for t in ko.terms)
    links = [SentenceLink((0,), (0,))]
    lookup = _compound_lookup(table)
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    found = aligned[compound].counterpart
    return found.text if found is not None else None


def _aligned_pair(
    kiwi: Any,
    nlp: Any,
    korean_text: str,
    english_text: str,
    table: dict[tuple[str, str], list[str]],
    translit: terms.Translit | None = None,
) -> dict[str, AlignedTerm]:
    """Align one Korean sentence with one English sentence, glossed by ``table``."""
    art = make_article([korean_text], [english_text])
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    links = [SentenceLink((0,), (0,))]
    found = terms.align_terms(
        ko, en, links, text=art.text, glosses=fake_glossary(table), translit=translit
    )
    return {t.lemma: t for t in found}


_RESCUE = {
    "구조대원": ["rescuer"],
    "부상자": ["injured"],
    "헬기": ["helicopter"],
    "옮기다": ["move", "carry"],
    "경찰": ["police"],
    "도착하다": ["arrive"],
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("korean_text", "english_text", "expected"),
    [
        # Two arguments, the nearest among them, hang from "whisked": the verb renders 옮기다.
        (
            ["구조대원들이 부상자를 헬기로 옮겼다."],
            "Rescuers whisked the injured away by helicopter.",
            "whisked",
        ),
        # One argument is too little to go on.
        (["부상자를 옮겼다."], "They whisked the injured away.", None),
        # The English clause also holds the words of another Korean clause (경찰이 도착했다):
        # it renders more than 옮기다's clause.
        (
            ["경찰이 도착했다. 구조대원들이 부상자를 헬기로 옮겼다."],
            "Police whisked the injured away by helicopter as rescuers arrived.",
            None,
        ),
    ],
)
def test_a_verb_no_evidence_places_takes_the_verb_its_arguments_hang_from(
    kiwi: Any, nlp: Any, korean_text: list[str], english_text: str, expected: str | None
) -> None:
    art = make_article(korean_text, [english_text])
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    links = [SentenceLink((k,), (0,)) for k in range(len(ko.sentences))]
    lookup = fake_glossary(
        {(lemma, "verb" if lemma.endswith("다") else "noun"): g for lemma, g in _RESCUE.items()}
    )
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    assert aligned["부상자"].counterpart is not None
    found = aligned["옮기다"].counterpart
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.text == expected
        assert found.evidence == ("arguments",)
        assert aligned["옮기다"].confidence < aligned["부상자"].confidence


_OLD_MACHINERY = {
    ("낡다", "adjective"): ["old", "worn"],
    ("쓰다", "verb"): ["use"],
    ("공장", "noun"): ["factory", "plant"],
}


@pytest.mark.slow
def test_a_noun_no_evidence_places_is_not_read_off_its_modifier(kiwi: Any, nlp: Any) -> None:
    # 낡은 modifies 설비 and "old" modifies "machinery", yet 설비 stays empty: read that way,
    # a noun took its modifier's head on untuned text about as often wrongly as rightly
    # (최악의 선택 → "the worst thing": 선택 is no "thing").
    aligned = _aligned_pair(
        kiwi, nlp, "그 공장은 낡은 설비를 썼다.", "The plant used old machinery.", _OLD_MACHINERY
    )
    assert aligned["낡다"].counterpart is not None
    assert aligned["낡다"].counterpart.text == "old"
    assert aligned["설비"].counterpart is None


@pytest.mark.slow
def test_a_counterpart_widens_to_the_whole_hyphenated_word(nlp: Any) -> None:
    art = make_article([], ["Two co-founders joined the clean-up of the long river."])
    en = english.analyze(art.english, nlp)

    def span_of(word: str) -> str:
        i = next(t.i for t in en.tokens if t.text == word)
        first, last = terms.hyphenated_word(en, i, i + 1)
        return art.text[en.tokens[first].start : en.tokens[last - 1].end]

    assert span_of("founders") == "co-founders"
    assert span_of("clean") == "clean-up"
    assert span_of("river") == "river"


@pytest.mark.slow
def test_a_latin_gloss_wins_inside_a_name_and_a_common_word_does_not(kiwi: Any, nlp: Any) -> None:
    art = make_article(
        ["노바랩의 인공지능(AI) 모델과 제작사가 화제다."],
        ["The NovaLab AI model of Brightline Productions drew attention."],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    table = {("제작사", "noun"): ["production company", "productions"], ("모델", "noun"): ["model"]}

    lookup = fake_glossary(table)

    links = [SentenceLink((0,), (0,))]
    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    ai = aligned["인공지능"].counterpart
    assert ai is not None and ai.text == "AI"
    # "Productions" heads the name "Brightline Productions": no translation of 제작사.
    assert aligned["제작사"].counterpart is None


@pytest.mark.slow
def test_a_hyphen_inside_a_run_of_proper_nouns_is_part_of_the_name(nlp: Any) -> None:
    art = make_article([], ["Prime Minister Rami al-Sadi spoke on Sunday."])
    en = english.analyze(art.english, nlp)
    table = terms._TokenTable(en)
    i = next(t.i for t in en.tokens if t.text == "Sadi")
    assert en.tokens[i - 1].pos == "PUNCT"  # the hyphen
    assert table.inside_name(i, i + 1)
    assert not table.inside_name(i - 2, i - 1)  # "al" does not end the run


@pytest.mark.slow
def test_units_do_not_cut_a_hyphenated_word_apart(nlp: Any) -> None:
    art = make_article([], ["The co-founders ordered a follow-up study and a clean-up."])
    en = english.analyze(art.english, nlp)
    table = terms._TokenTable(en)
    surfaces = unit_surfaces(art.text, en, table)
    assert "follow-up" in surfaces and "follow" not in surfaces
    # Behind a bound prefix the word stands on its own.
    assert "founders" in surfaces and "co-founders" in surfaces
    clean = next(t.i for t in en.tokens if t.text == "clean")
    assert words.stem("cleanup") in table.unit(clean, clean + 3, 0).alt_key


@pytest.mark.slow
def test_a_word_behind_a_bound_prefix_suits_a_noun(nlp: Any) -> None:
    art = make_article([], ["Voters rejected the anti-corruption bill in the spring."])
    en = english.analyze(art.english, nlp)
    i = next(t.i for t in en.tokens if t.text == "corruption")
    unit = terms._TokenTable(en).unit(i, i + 1, 0)
    # spaCy tags the whole hyphenated word as a modifier; its part is a noun all the same.
    assert terms.pos_factor("noun", unit.poses) == 1.0


def test_sound_comparison_is_skipped_when_the_first_letters_cannot_match() -> None:
    calls: list[tuple[str, str]] = []

    def translit(k: str, e: str, floor: float = 0.6) -> float:
        calls.append((k, e))
        return 0.9

    art = make_article([], ["Deep reports."])
    from flashcards.models import EnglishDoc

    no_glosses: Any = lambda lemma, pos: []  # noqa: E731
    options = terms.TermAlignOptions()
    scorer = terms._Scorer(EnglishDoc((), (), ()), art.text, no_glosses, translit, None, options)
    assert scorer.similarity("딥시크", "DeepSeek") == 0.9
    # ㄷ never starts "Monday": no comparison is made.
    assert scorer.similarity("딥시크", "Monday") == 0.0
    assert calls == [("딥시크", "DeepSeek")]


def test_the_library_comparison_is_made_past_its_cache_with_the_same_scores() -> None:
    from flashcards.align.translit import similarity
    from flashcards.models import EnglishDoc

    no_glosses: Any = lambda lemma, pos: []  # noqa: E731
    options = terms.TermAlignOptions()
    scorer = terms._Scorer(EnglishDoc((), (), ()), "", no_glosses, similarity, None, options)
    before = similarity.cache_info()
    # ㄷ may start "Dawn", but it has none of the p, s and k of 딥시크.
    assert scorer.similarity("딥시크", "Dawn", 0.8) < 0.8
    assert scorer.similarity("딥시크", "DeepSeek", 0.8) >= 0.8
    assert scorer.similarity("딥시크", "DeepSeek") >= 0.8  # the default floor's table
    assert similarity.cache_info() == before
    for floor in (0.8, 0.6):
        assert scorer.similarity("딥시크", "DeepSeek", floor) == similarity(
            "딥시크", "DeepSeek", floor
        )


@pytest.mark.slow
def test_a_four_word_name_with_a_hyphen_is_one_unit(nlp: Any) -> None:
    art = make_article([], ["Yesterday Judge Lina Abou-Samra spoke."])
    en = english.analyze(art.english, nlp)
    table = terms._TokenTable(en)
    surfaces = unit_surfaces(art.text, en, table)
    # Five tokens, four words: the limit counts words, not the hyphen.
    assert "Judge Lina Abou-Samra" in surfaces
    assert "Yesterday Judge Lina Abou-Samra" not in surfaces


@pytest.mark.slow
def test_two_nouns_written_apart_meet_a_one_word_gloss(kiwi: Any, nlp: Any) -> None:
    art = make_article(
        ["시청은 웹사이트에 공고를 올렸다."], ["City hall posted a notice on its Web site."]
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    table = {("웹사이트", "noun"): ["website", "site"]}

    lookup = fake_glossary(table)

    found = terms.align_terms(ko, en, [SentenceLink((0,), (0,))], text=art.text, glosses=lookup)
    site = {t.lemma: t for t in found}["웹사이트"].counterpart
    assert site is not None and site.text == "Web site"
    # A native word, looked for by its dictionary gloss alone, meets the two nouns too.
    art = make_article(
        ["시청은 누리집에 공고를 올렸다."], ["City hall posted a notice on its Web site."]
    )
    ko = korean.analyze(art.korean, kiwi)
    found = terms.align_terms(
        ko,
        english.analyze(art.english, nlp),
        [SentenceLink((0,), (0,))],
        text=art.text,
        glosses=fake_glossary({("누리집", "noun"): ["website"]}),
    )
    site = {t.lemma: t for t in found}["누리집"].counterpart
    assert site is not None and site.text == "Web site"


def test_two_nouns_whose_english_stands_side_by_side_make_a_pair() -> None:
    from flashcards.models import AlignedTerm, Counterpart

    korean_text, english_text = "채팅 방을 찾았다", "found chat rooms"
    text = korean_text + "\n\n" + english_text
    en_at = len(korean_text) + 2

    def term(lemma: str, start: int, cp: str) -> AlignedTerm:
        occ = TermOccurrence(lemma, "noun", start, start + len(lemma), 0, lemma)
        at = en_at + english_text.index(cp)
        counterpart = Counterpart(cp, at, at + len(cp), 0, 0.9, ("lexical",))
        return AlignedTerm(lemma, "noun", (occ,), counterpart, 0.9)

    chat, room = term("채팅", 0, "chat"), term("방", 3, "rooms")
    (pair,) = terms.compound_pairs([chat, room], text)
    assert pair.lemma == "채팅 방" and pair.counterpart is not None
    assert pair.counterpart.text == "chat rooms"
    assert pair.counterpart.evidence == ("compound",)
    # English words apart ("chat" … "rooms" not adjacent): no pair.
    far = term("방", 3, "found")
    assert terms.compound_pairs([chat, far], text) == ()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("english_text", "expected"),
    [
        # Nothing placed 연막; the word modifying "grenade" right before it is the pair's.
        ("Police threw a smoke grenade.", "smoke grenade"),
        # A stop word says nothing of the noun.
        ("Police threw another grenade.", None),
        # A word another term holds is that term's.
        ("A police grenade was thrown.", None),
        # A modifier modified in turn is half of what renders the part ("army surplus").
        ("Police threw an army surplus grenade.", None),
    ],
)
def test_a_first_part_nothing_placed_is_read_in_the_modifier_of_its_head(
    kiwi: Any, nlp: Any, english_text: str, expected: str | None
) -> None:
    art = make_article(["경찰이 연막 수류탄을 던졌다."], [english_text])
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    lookup = fake_glossary(
        {
            ("경찰", "noun"): ["police"],
            ("수류탄", "noun"): ["grenade"],
            ("던지다", "verb"): ["throw"],
        }
    )
    found = {
        t.lemma: t
        for t in terms.align_terms(
            ko, en, [SentenceLink((0,), (0,))], text=art.text, glosses=lookup
        )
    }
    assert found["연막"].counterpart is None
    pair = found.get("연막 수류탄")
    if expected is None:
        assert pair is None
    else:
        assert pair is not None and pair.counterpart is not None
        assert pair.counterpart.text == expected
        assert pair.counterpart.evidence == ("compound",)


def test_a_name_and_the_noun_after_it_make_a_pair_but_not_a_noun_and_a_name() -> None:
    from flashcards.models import AlignedTerm, Counterpart

    korean_text, english_text = "도담 통신 기자 도담", "Dodam news agency reporter Dodam"
    text = korean_text + "\n\n" + english_text
    en_at = len(korean_text) + 2

    def term(lemma: str, pos: str, start: int, cp: str, cp_at: int) -> AlignedTerm:
        occ = TermOccurrence(lemma, pos, start, start + len(lemma), 0, lemma)
        at = en_at + cp_at
        counterpart = Counterpart(cp, at, at + len(cp), 0, 0.9, ("lexical",))
        return AlignedTerm(lemma, pos, (occ,), counterpart, 0.9)

    name = term("도담", "proper", 0, "Dodam", 0)
    agency = term("통신", "noun", 3, "news agency", 6)
    (pair,) = terms.compound_pairs([name, agency], text)
    assert pair.lemma == "도담 통신"
    assert pair.counterpart is not None and pair.counterpart.text == "Dodam news agency"
    # A common noun before a name is no name: 기자 도담 stays apart.
    reporter = term("기자", "noun", 6, "reporter", 18)
    last = term("도담", "proper", 9, "Dodam", 27)
    assert terms.compound_pairs([reporter, last], text) == ()


def test_on_a_tie_the_term_whose_gloss_is_spelled_out_takes_the_word() -> None:
    from flashcards.align.terms import Candidate, TermAlignOptions, Unit, _decode

    unit = Unit(0, 1, 0, ("engineer",), frozenset({"NOUN"}))
    cand = Candidate(("engineer",), 1.0, 1.0, (unit,), ("lexical",))
    field, person = ("공학", "noun"), ("기술자들", "noun")  # "engineering", "engineer"
    ranked = {field: [cand], person: [cand]}
    options = TermAlignOptions()
    # Without the spelling, the longer term goes first.
    assert set(_decode(ranked, options)) == {person}
    # "engineering" is 공학's gloss letter for letter; 기술자들's "engineer" only shares a stem.
    assert set(_decode(ranked, options, {field: True, person: False})) == {field}


def test_a_longer_unit_wins_over_a_sound_alike_only_with_more_words() -> None:
    from flashcards.align.terms import Candidate, TermAlignOptions, Unit, prefer_longer

    def cand(first: int, key: tuple[str, ...], evidence: str, peak: float) -> Candidate:
        unit = Unit(first, 3, 0, key, frozenset({"PROPN"}))
        return Candidate(key, peak, peak, (unit,), (evidence,))

    name = cand(2, ("narvia",), "translit", 1.0)
    with_the = cand(1, ("the", "narvia"), "lexical", 1.0)
    with_head = cand(1, ("narvia", "fair"), "lexical", 0.95)
    options = TermAlignOptions()
    # "the Narvia" adds no word of its own: the name stays first.
    assert prefer_longer([name, with_the], options)[0] is name
    # "Narvia Fair" spells out more of the term.
    assert prefer_longer([name, with_head], options)[0] is with_head
    # Nor do joining words make a unit longer: "Dorland's Narvia", "of their Narvia".
    with_possessive = cand(1, ("'s", "narvia"), "parts", 0.92)
    with_of = cand(0, ("of", "their", "narvia"), "parts", 0.92)
    assert prefer_longer([name, with_possessive], options)[0] is name
    assert prefer_longer([name, with_of], options)[0] is name


@pytest.mark.slow
def test_sound_alike_units_are_looked_for_only_under_a_plausible_first_letter(nlp: Any) -> None:
    art = make_article([], ["Moscow and Paris signed the deal in 2024."])
    en = english.analyze(art.english, nlp)
    scorer = terms._Scorer(en, art.text, lambda *a, **k: [], None, None, terms.TermAlignOptions())

    def surfaces(starts: str) -> set[str]:
        spans = scorer.relevant_units(
            [0], frozenset(), sounds=True, literal=False, parts=1, starts=starts
        )
        return {s.surface for s in spans}

    # 모스크바 can only begin with an m: "Paris" is not worth a sound comparison.
    assert "Moscow" in surfaces("m") and "Paris" not in surfaces("m")
    # Without a constraint every short noun phrase is a candidate.
    assert {"Moscow", "Paris"} <= surfaces("")


def test_on_a_tie_the_term_with_fewer_senses_takes_the_word() -> None:
    from flashcards.align.terms import Candidate, TermAlignOptions, Unit, _decode

    unit = Unit(4, 5, 0, ("nest",), frozenset({"NOUN"}))
    cand = Candidate(("nest",), 1.0, 1.0, (unit,), ("lexical",))
    nest, home = ("둥지", "noun"), ("보금자리", "noun")  # "nest"; "nest", "home", "haven"
    ranked = {nest: [cand], home: [cand]}
    options = TermAlignOptions()
    assert set(_decode(ranked, options)) == {home}  # the longer term, without sense counts
    assert set(_decode(ranked, options, None, {nest: 1, home: 3})) == {nest}


def test_a_term_met_only_inside_a_longer_one_is_served_last() -> None:
    from flashcards.align.terms import Candidate, TermAlignOptions, Unit, _decode, _enclosed

    text = "루비 프로덕션은 영화 제작사다. 프로덕션"

    def occ(lemma: str, start: int) -> TermOccurrence:
        return TermOccurrence(lemma, "noun", start, start + len(lemma), 0, lemma)

    name, part, maker = occ("루비 프로덕션", 0), occ("프로덕션", 3), occ("제작사", 11)
    by_term = {(t.lemma, t.pos): [t] for t in (name, part, maker)}
    assert _enclosed(by_term) == {("프로덕션", "noun")}
    # Met once on its own as well: no longer only a part.
    by_term[("프로덕션", "noun")].append(occ("프로덕션", text.rindex("프로덕션")))
    assert _enclosed(by_term) == set()

    produces = Unit(2, 3, 0, ("produc",), frozenset({"VERB"}))
    ranked = {
        ("프로덕션", "noun"): [Candidate(("produc",), 0.65, 0.65, (produces,), ("lexical",))],
        ("제작사", "noun"): [Candidate(("produc",), 0.6, 0.6, (produces,), ("lexical",))],
    }
    options = TermAlignOptions()
    assert set(_decode(ranked, options)) == {("프로덕션", "noun")}
    chosen = _decode(ranked, options, enclosed={("프로덕션", "noun")})
    assert set(chosen) == {("제작사", "noun")}


def _covered(o: TermOccurrence, every: list[TermOccurrence]) -> bool:
    return any(
        (p.start == o.start and p.end > o.end) or (p.start < o.start and p.end >= o.end)
        for p in every
    )


def test_enclosed_terms_are_those_whose_every_occurrence_a_longer_term_covers() -> None:
    import random

    rng = random.Random(7)
    for _ in range(200):
        by_term: dict[tuple[str, str], list[TermOccurrence]] = {}
        for k in range(rng.randint(1, 6)):
            occs = by_term[(f"말{k}", "noun")] = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 12)
                end = start + rng.randint(1, 5)
                occs.append(TermOccurrence(f"말{k}", "noun", start, end, 0, ""))
        every = [o for occs in by_term.values() for o in occs]
        expected = {t for t, occs in by_term.items() if all(_covered(o, every) for o in occs)}
        assert terms._enclosed(by_term) == expected


@pytest.mark.slow
def test_a_half_matched_noun_takes_its_english_head_and_a_negated_verb_its_do(
    kiwi: Any, nlp: Any
) -> None:
    art = make_article(
        ["극소수 업체만 중고 배터리를 판다.", "그들은 답을 몰랐다."],
        ["Only a tiny fraction of firms sell used batteries.", "They did not know the answer."],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    lookup = fake_glossary(
        {
            ("극소수", "noun"): ["tiny minority"],
            ("중고", "noun"): ["used", "second-hand"],
            ("모르다", "verb"): ["not know"],
        }
    )
    links = [SentenceLink((0,), (0,)), SentenceLink((1,), (1,))]
    aligned = terms.align_terms(ko, en, links, text=art.text, glosses=lookup)
    found = {t.lemma: t.counterpart.text for t in aligned if t.counterpart}
    # "tiny" is half of the gloss: the English head it modifies completes it.
    assert found["극소수"] == "tiny fraction"
    # "used" is a whole gloss: "batteries" is another word's business.
    assert found["중고"] == "used"
    assert found["모르다"] == "did not know"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("english_text", "expected"),
    [
        # The noun is the light verb's object: the verb comes along.
        ("The committee will make a final decision tomorrow.", "make a final decision"),
        # Not an object: the noun alone.
        ("The committee's decision comes tomorrow.", "decision"),
    ],
)
def test_a_verb_matched_to_a_noun_takes_the_light_verb_whose_object_it_is(
    kiwi: Any, nlp: Any, english_text: str, expected: str
) -> None:
    table = {("위원회", "noun"): ["committee"], ("결정하다", "verb"): ["decide", "decision"]}
    found = _aligned_pair(kiwi, nlp, "위원회가 내일 결정할 것이다.", english_text, table)
    counterpart = found["결정하다"].counterpart
    assert counterpart is not None and counterpart.text == expected


def test_units_of_a_very_long_sentence_take_memory_in_proportion() -> None:
    """A sentence of thousands of tokens (a list pasted without full stops) is enumerated with
    memory growing with its length, not its square, and every run is found once."""
    import tracemalloc

    from flashcards.models import EnglishSpan, EnglishToken, Sentence

    n = 6000
    words = ["harbour" if i % 3 else "Nuri" for i in range(n)]
    text = " ".join(words)
    tokens, start = [], 0
    for i, w in enumerate(words):
        tokens.append(EnglishToken(i, w, w.lower(), "NOUN", "NN", start, start + len(w), 0))
        start += len(w) + 1
    # A spaCy span reaching over five tokens, and a long one no unit can be.
    spans = (
        EnglishSpan(10, 15, tokens[10].start, tokens[14].end, "x", "chunk"),
        EnglishSpan(100, 400, tokens[100].start, tokens[399].end, "x", "chunk"),
    )
    en = EnglishDoc((Sentence(0, 0, 0, len(text), text),), tuple(tokens), spans)
    table = terms._TokenTable(en)
    tracemalloc.start()
    found = table.spans_of(0, 4)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(found) == len(set(found))
    # Runs of 1 to 4 nouns start at every token but the last few.
    assert len(found) == sum(min(4, n - k) for k in range(n))
    assert peak < 20_000_000  # a flag per pair of tokens would take 288 MB


def test_gloss_rank_is_the_place_of_the_first_gloss_of_those_words() -> None:
    keys = terms.make_gloss_keys(
        [Gloss("rate", "glossary"), Gloss("interest rate", "glossary"), Gloss("rate", "hanja")],
        "noun",
    )
    assert terms._gloss_rank(keys, words.gloss_keys("rates")) == 0
    assert terms._gloss_rank(keys, words.gloss_keys("interest rate")) == 1
    assert terms._gloss_rank(keys, words.gloss_keys("interest")) == len(keys)


def test_a_term_keeps_the_gloss_roots_units_are_found_by(nlp: Any) -> None:
    art = make_article([], ["City hall posted a notice on its Web site."])
    en = english.analyze(art.english, nlp)
    scorer = terms._Scorer(en, art.text, lambda *a, **k: [], None, None, terms.TermAlignOptions())
    indexed = scorer._indexed_roots()
    # The words' own roots and those of two nouns written apart ("Web site" ~ website).
    assert {words.root("notice"), words.root("website")} <= indexed
    keys = terms.make_gloss_keys(
        [Gloss("website", "glossary"), Gloss("notice board", "hanja")], "noun"
    )
    occurrence = TermOccurrence("공고", "noun", 0, 2, 0, "공고")
    term = terms._Term("공고", "noun", [occurrence], keys, False, indexed)
    assert term.roots == {words.root("website"), words.root("notice")}


@pytest.mark.slow
@pytest.mark.parametrize("elsewhere", [False, True])
def test_a_noun_takes_the_one_rare_word_recurring_in_its_windows_alone(
    kiwi: Any, nlp: Any, elsewhere: bool
) -> None:
    art = make_article(
        ["의원들은 그 법안을 졸속이라고 비판했다.", "날씨는 맑았다.", "장관도 졸속을 인정했다."],
        [
            "Lawmakers criticized the bill as slapdash.",
            "The weather was slapdash." if elsewhere else "The weather was clear.",
            "The minister also admitted it was slapdash.",
        ],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    links = [SentenceLink((k,), (k,)) for k in range(3)]
    glosses = {"법안": ["bill"], "비판하다": ["criticize"], "날씨": ["weather"]}

    def lookup(lemma: str, pos: str) -> list[Gloss]:
        return [Gloss(g, "test") for g in glosses.get(lemma, [])]

    aligned = {t.lemma: t for t in terms.align_terms(ko, en, links, text=art.text, glosses=lookup)}
    found = aligned["졸속"].counterpart
    if elsewhere:
        # Met in a sentence without the noun too: no evidence.
        assert found is None
    else:
        assert found is not None and found.text == "slapdash"
        assert found.evidence == ("cooccurrence",)


# Invented words, and characters at the edges of each test: ASCII around the letters, Hangul,
# a space, and characters outside ASCII that lower-case to a Latin letter (the Kelvin sign,
# the dotted capital I) or to another one (fullwidth A).
_LATIN_CASES = [
    "", " ", "바람개비", "바람 개비", "K팝", "e스포츠", "오픈AI", "AI", "SDI", "e-7", "AT&T",
    "U.S.", "x1", "@", "[", "`", "{", "7", "ab_c", "a b", "\u212a", "\u0130", "\uff21",
    "가\u212a", "Ω", "é",
]  # fmt: skip


def test_has_latin_tells_a_character_that_lower_cases_to_a_latin_letter() -> None:
    for word in _LATIN_CASES:
        expected = any("a" <= ch.lower() <= "z" for ch in word)
        assert terms._has_latin(word) == expected, word


def test_latin_part_is_the_latin_pattern_matching_the_whole_part() -> None:
    for part in _LATIN_CASES:
        assert terms._latin_part(part) == (terms._LATIN_RE.fullmatch(part) is not None), part


def test_single_names_are_the_last_then_the_first_of_two_letters_or_more() -> None:
    assert terms._single_names("조지 W 부시") == ("부시", "조지")
    assert terms._single_names("도쿠다 시게오") == ("시게오", "도쿠다")
    assert terms._single_names("한 가람") == ("가람",)


def test_with_roots_lists_in_order_the_units_holding_the_roots() -> None:
    en = _tagged(
        "the/DET harbour/NOUN tax/NOUN rose/VERB while/SCONJ the/DET city/NOUN "
        "harbour/NOUN board/NOUN met/VERB today/NOUN"
    )
    table = terms._TokenTable(en)
    pool = terms._Pool(table, " ".join(t.text for t in en.tokens), 0, 4)
    harbour, tax, board = table.roots[1], table.roots[2], table.roots[8]
    for roots in ({harbour}, {tax, board}, {harbour, board}, {"nothing"}):
        expected = []
        for n, (lo, hi) in enumerate(pool.ranges):
            own = {table.roots[i] for i in range(lo, hi) if table.content[i]}
            # A unit of several content words needs two of the roots; one word needs its own.
            if own & roots and (len(own) < 2 or len(own & roots) >= 2):
                expected.append(n)
        assert pool.with_roots(frozenset(roots)) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("korean_text", "english_text", "name", "expected"),
    [
        # spaCy's small model tags "Dolly" an adverb by its ending: the name still sounds alike.
        (["돌리가 멕시코만으로 향했다."], "Dolly headed for the Gulf of Mexico.", "돌리", "Dolly"),
        # A name is a word of its own before a participle's hyphen.
        (["보스턴 소재 회사가 성장했다."], "The Boston-based company grew.", "보스턴", "Boston"),
        # The English leaves out the word for a province or a prefecture.
        (["저장성에서 홍수가 났다."], "Floods hit Zhejiang.", "저장성", "Zhejiang"),
        (["이와테현 주민들이 대피했다."], "Residents of Iwate fled.", "이와테현", "Iwate"),
        # ... and the word for a germ.
        (["리스테리아균이 검출됐다."], "Listeria was found.", "리스테리아균", "Listeria"),
    ],
)
def test_a_name_is_found_by_its_sound_where_the_english_hides_it(
    kiwi: Any, nlp: Any, korean_text: list[str], english_text: str, name: str, expected: str
) -> None:
    from flashcards.align.translit import similarity

    found = _aligned_pair(kiwi, nlp, korean_text[0], english_text, {}, similarity)[name].counterpart
    assert found is not None and found.text == expected
    assert found.evidence == ("translit",)


def test_a_hyphen_that_makes_an_adjective_of_two_words_parts_them() -> None:
    assert terms._parts_of_an_adjective("Boston", "based")
    assert terms._parts_of_an_adjective("U.S.", "led")
    assert terms._parts_of_an_adjective("Seoul", "born")
    assert terms._parts_of_an_adjective("refrigerator", "sized")
    assert terms._parts_of_an_adjective("two", "page")
    assert terms._parts_of_an_adjective("10", "year")
    assert not terms._parts_of_an_adjective("co", "founded")  # a prefix
    assert not terms._parts_of_an_adjective("self", "made")  # too short to tell from a prefix
    assert not terms._parts_of_an_adjective("nuclear", "armed")  # the rendering of a phrase
    assert not terms._parts_of_an_adjective("Korea", "Japan")
    assert not terms._parts_of_an_adjective("clean", "up")
    assert not terms._parts_of_an_adjective("Samsung", "branded1")


@pytest.mark.slow
def test_a_verb_that_carries_grammar_is_not_placed_by_its_arguments(kiwi: Any, nlp: Any) -> None:
    # 있다 would take "kept", the verb 구조대원 and 부상자 hang from: the clause's, not 있다's.
    table = {(lemma, "verb" if lemma.endswith("다") else "noun"): g for lemma, g in _RESCUE.items()}
    aligned = _aligned_pair(
        kiwi,
        nlp,
        "구조대원들이 부상자와 헬기에 있었다.",
        "Rescuers kept the injured in a helicopter.",
        table,
    )
    assert aligned["부상자"].counterpart is not None
    assert aligned["있다"].counterpart is None


_UN = {("유엔", "proper"): ["UN", "United Nations"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("korean_text", "english_text", "expected"),
    [
        # A gloss without points meets the initialism with them.
        ("유엔 사찰단이 도착했다.", "U.N. inspectors arrived.", "U.N."),
        # Only a particle after a verb spells out a phrasal gloss ("cleaned up"); "to" is no
        # part of "the United Nations".
        ("그는 유엔에 갔다.", "He went to the United Nations.", "United Nations"),
    ],
)
def test_a_name_takes_the_english_as_the_article_writes_it(
    kiwi: Any, nlp: Any, korean_text: str, english_text: str, expected: str
) -> None:
    found = _aligned_pair(kiwi, nlp, korean_text, english_text, _UN)["유엔"].counterpart
    assert found is not None and found.text == expected


_SPELLED = {
    ("대장균", "noun"): ["E. coli", "colon bacillus"],
    ("선수촌", "noun"): ["athletes' village"],
    ("선수", "noun"): ["player", "athlete"],
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("korean_text", "english_text", "lemma", "expected"),
    [
        # A one-letter abbreviation keys as its letter, as the gloss reads it.
        ("강물에서 대장균이 나왔다.", "E. coli was found in the river.", "대장균", "E. coli"),
        # The apostrophe of a plural possessive is no word of the unit.
        (
            "선수들이 선수촌에 도착했다.",
            "The players reached the athletes' village.",
            "선수촌",
            "athletes' village",
        ),
    ],
)
def test_a_gloss_spelled_out_with_points_or_an_apostrophe_matches_whole(
    kiwi: Any, nlp: Any, korean_text: str, english_text: str, lemma: str, expected: str
) -> None:
    found = _aligned_pair(kiwi, nlp, korean_text, english_text, _SPELLED)[lemma].counterpart
    assert found is not None and (found.text, found.confidence) == (expected, 1.0)


@pytest.mark.slow
def test_a_noun_the_korean_writes_after_a_name_may_be_the_name_s_noun(kiwi: Any, nlp: Any) -> None:
    table = {("대사관", "noun"): ["embassy"], ("멕시코", "proper"): ["Mexico", "Mexican"]}
    korean_text = "멕시코 대사관의 대변인이 말했다."
    aligned = _aligned_pair(kiwi, nlp, korean_text, "A Mexican Embassy spokesman spoke.", table)
    found = aligned["대사관"].counterpart
    assert found is not None and found.text == "Embassy"
    # Without the name before it in the Korean, the head of an English name is not its noun.
    aligned = _aligned_pair(
        kiwi, nlp, "대사관 대변인이 말했다.", "A Mexican Embassy spokesman spoke.", table
    )
    assert aligned["대사관"].counterpart is None


@pytest.mark.slow
def test_of_two_near_synonyms_the_one_beside_the_english_neighbour_takes_it(
    kiwi: Any, nlp: Any
) -> None:
    table = {
        ("지원하다", "verb"): ["support", "back"],
        ("지지하다", "verb"): ["support", "back"],
        ("후보", "noun"): ["candidate"],
    }
    korean_text = "시장은 그 축제를 지원하면서 지난주 새 후보를 지지했다."
    english_text = "The mayor has backed the new candidate."
    aligned = _aligned_pair(kiwi, nlp, korean_text, english_text, table)
    assert aligned["후보"].counterpart is not None
    # Both verbs match "backed" alike; 지지하다's object is its object.
    found = aligned["지지하다"].counterpart
    assert found is not None and found.text == "backed"
    assert aligned["지원하다"].counterpart is None


@pytest.mark.slow
def test_a_country_takes_its_people_s_adjective(kiwi: Any, nlp: Any) -> None:
    table = {("케냐", "proper"): ["Kenya"], ("선수", "noun"): ["athlete", "player"]}
    korean_text = "케냐 선수가 마라톤에서 우승했다."
    english_text = "A Kenyan runner won the marathon."
    found = _aligned_pair(kiwi, nlp, korean_text, english_text, table)["케냐"].counterpart
    assert found is not None and found.text == "Kenyan"
    assert not terms._demonym_stem("China's") and not terms._demonym_stem("data")


@pytest.mark.slow
def test_a_noun_of_place_may_be_an_english_preposition(kiwi: Any, nlp: Any) -> None:
    table = {("인근", "noun"): ["vicinity", "near"], ("공항", "noun"): ["airport"]}
    korean_text = "경찰은 공항 인근에서 용의자를 체포했다."
    english_text = "Police arrested the suspect near the airport."
    found = _aligned_pair(kiwi, nlp, korean_text, english_text, table)["인근"].counterpart
    assert found is not None and found.text == "near"
    # Surer than a word that suits no part of speech: a weaker gloss source still places it.
    assert found.confidence > terms._OFF_POS


@pytest.mark.slow
def test_a_noun_the_korean_writes_after_a_noun_may_head_the_english_name(
    kiwi: Any, nlp: Any
) -> None:
    table = {("박물관", "noun"): ["museum"], ("해양", "noun"): ["ocean", "maritime"]}
    korean_text = "그는 해양 박물관의 관장이다."
    english_text = "He directs the Harborview Maritime Museum."
    found = _aligned_pair(kiwi, nlp, korean_text, english_text, table)["박물관"].counterpart
    assert found is not None and found.text == "Museum"
    # Less sure than a plain match: the Korean may be describing the name, not naming it.
    assert found.confidence < 0.8
    # Written alone, the noun is not taken for the name's.
    alone = _aligned_pair(kiwi, nlp, "그는 박물관의 관장이다.", english_text, table)
    assert alone["박물관"].counterpart is None
