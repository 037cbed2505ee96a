"""Sentence alignment: number and Latin anchors, bead shapes, windows, and real-analyzer runs.

Unit tests use hand-made KoreanDoc/EnglishDoc records (original sentences written for these
tests); the tests marked ``slow`` load Kiwi and spaCy, and the ``shared`` one reads the dev
corpus in ../shared through the benchmark's pseudo-articles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.align import sentences as sa
from flashcards.align.sentences import (
    SentenceAlignOptions,
    align_sentences,
    english_numbers,
    korean_numbers,
    latin_tokens,
    window_for,
)
from flashcards.align.words import gloss_reading
from flashcards.models import (
    EnglishDoc,
    EnglishToken,
    KoreanDoc,
    Pos,
    Sentence,
    SentenceLink,
    TermOccurrence,
)
from tests.conftest import make_article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NO_NAMES = SentenceAlignOptions(use_translit=False)

# --- hand-made records ------------------------------------------------------------------------

_STOPWORDS = frozenset(("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "is"))


def _sentences(texts: Sequence[str], paragraphs: Sequence[int] | None) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for i, text in enumerate(texts):
        para = paragraphs[i] if paragraphs is not None else i
        out.append(Sentence(i, para, pos, pos + len(text), text))
        pos += len(text) + 1
    return tuple(out)


def ko_doc(
    texts: Sequence[str],
    terms: dict[int, Sequence[tuple[str, Pos]]] | None = None,
    paragraphs: Sequence[int] | None = None,
) -> KoreanDoc:
    """Korean sentences; ``terms`` gives each sentence's (lemma, pos) terms."""
    sents = _sentences(texts, paragraphs)
    occs = [
        TermOccurrence(lemma, pos, sents[i].start, sents[i].start + 1, i, lemma)
        for i, items in (terms or {}).items()
        for lemma, pos in items
    ]
    return KoreanDoc(sents, (), tuple(occs))


def en_doc(
    texts: Sequence[str],
    names: frozenset[str] = frozenset(),
    paragraphs: Sequence[int] | None = None,
) -> EnglishDoc:
    """English sentences tokenised on words; words in ``names`` are proper nouns."""
    sents = _sentences(texts, paragraphs)
    tokens: list[EnglishToken] = []
    for s in sents:
        for m in re.finditer(r"\w+|[^\w\s]", s.text):
            word = m.group()
            pos = "PROPN" if word in names else ("PUNCT" if not word[0].isalnum() else "NOUN")
            tokens.append(
                EnglishToken(
                    i=len(tokens),
                    text=word,
                    lemma=word.lower(),
                    pos=pos,
                    tag="",
                    start=s.start + m.start(),
                    end=s.start + m.end(),
                    sentence=s.index,
                    is_stop=word.lower() in _STOPWORDS,
                )
            )
    return EnglishDoc(sents, tuple(tokens), ())


def pairs(links: Sequence[SentenceLink]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.korean, link.english) for link in links]


def check_cover(links: Sequence[SentenceLink], n: int, m: int, max_bead: int = 4) -> None:
    """Every sentence exactly once, in order; bead shapes within the allowed set."""
    ko = [k for link in links for k in link.korean]
    en = [e for link in links for e in link.english]
    assert ko == list(range(n))
    assert en == list(range(m))
    for link in links:
        a, b = len(link.korean), len(link.english)
        assert (a, b) in ((1, 0), (0, 1)) or (1 <= a <= max_bead and 1 <= b <= max_bead)


# --- numbers and Latin tokens -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("예산은 4,700억 원이다", [4.7e11]),
        ("1억2천만 달러짜리 건물", [1.2e8]),
        ("초당 34조5천억 번", [3.45e13]),
        ("연간 150만 명이 찾는다", [1.5e6]),
        ("2천300명이 모였다", [2300.0]),
        ("2019년 매출이 12% 늘었다", [2019.0, 12.0]),
        ("3억 권의 책", [3e8]),
        ("지난 10월 3일", [10.0, 3.0]),
        ("1.8배 빠르다", [1.8]),
    ],
)
def test_korean_numbers(text: str, values: list[float]) -> None:
    assert korean_numbers(text) == pytest.approx(values)


@pytest.mark.parametrize(
    "text", ["천안에서 만났다", "억울한 조사", "백화점 앞", "G7 회의", "대통령은 말했다"]
)
def test_korean_units_without_digits_are_not_numbers(text: str) -> None:
    assert korean_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a budget of $470 billion", [4.7e11]),
        ("a $120 million building", [1.2e8]),
        ("34.5 trillion operations", [3.45e13]),
        ("1.5 million visitors a year", [1.5e6]),
        ("sales rose 12 percent in 2019", [12.0, 2019.0]),
        ("2,300 people gathered", [2300.0]),
        ("seven ministers and a million fans", [7.0, 1e6]),
        ("on October 3", [3.0, 10.0]),
        ("they may be late", []),
    ],
)
def test_english_numbers(text: str, values: list[float]) -> None:
    assert english_numbers(text) == pytest.approx(values)


def test_english_number_words_in_odd_letters_do_not_crash() -> None:
    # The case-insensitive match lets the long s of old print through ("ſix"), and the
    # Kelvin sign; neither lower-cases to the number word.
    assert english_numbers("ſix ships and ſeven hundred men") == pytest.approx([6.0, 700.0])
    assert english_numbers("one Kelvin") == pytest.approx([1.0])


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("4700개", "4,700"),
        ("150만", "1.5 million"),
        ("3억", "300 million"),
        ("2조", "2 trillion"),
        ("70%", "70 percent"),
        ("2014년", "2014"),
        ("9월", "September"),
    ],
)
def test_numbers_meet_across_languages(korean: str, english: str) -> None:
    assert korean_numbers(korean) == pytest.approx(english_numbers(english))


def test_latin_tokens_fold_case_but_keep_single_letters() -> None:
    assert latin_tokens("오픈AI와 OECD, E-7-S 비자, 조지 W. 부시") == ["AI", "OECD", "E-7-S", "W"]
    assert latin_tokens("Open AI Oecd e-7-s") == ["OPEN", "AI", "OECD", "E-7-S"]


# --- bead shapes ------------------------------------------------------------------------------

KO_ANCHORED = [
    "지난해 수출은 6,820억 달러로 역대 최대를 기록했다.",
    "반도체가 전체 수출의 19%를 차지했다.",
    "정부는 2030년까지 AI 인재 12만 명을 키우겠다고 밝혔다.",
    "OECD는 한국의 성장률을 2.1%로 내다봤다.",
]
EN_ANCHORED = [
    "Exports hit a record $682 billion last year.",
    "Semiconductors made up 19 percent of all exports.",
    "The government said it would train 120,000 AI specialists by 2030.",
    "The OECD expects Korea to grow 2.1 percent.",
]


def test_anchored_sentences_align_one_to_one() -> None:
    links = align_sentences(ko_doc(KO_ANCHORED), en_doc(EN_ANCHORED), options=NO_NAMES)
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert all(link.score > 0 for link in links)


@pytest.mark.parametrize("kept", [0, 1, 2])
def test_numbers_decide_which_sentence_the_english_kept(kept: int) -> None:
    ko = [
        "올해 국세 수입은 367조 원으로 예상된다.",
        "법인세 수입은 81조 원으로 줄어든다.",
        "소득세 수입은 125조 원으로 늘어난다.",
    ]
    en = [
        [
            "National tax revenue will reach 367 trillion won.",
            "Corporate tax revenue will shrink to 81 trillion won.",
            "Income tax revenue will grow to 125 trillion won.",
        ][kept]
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert [link.korean for link in links if link.english] == [(kept,)]


def test_one_korean_sentence_split_into_two_english() -> None:
    ko = [
        "서울시는 올해 공공자전거 3만 대를 추가로 배치하고, 대여소 1,200곳을 새로 만들기로 했다.",
        "이용 요금은 그대로 유지된다.",
    ]
    en = [
        "Seoul will add 30,000 public bicycles this year.",
        "It will also open 1,200 new rental stations.",
        "Fares will stay the same.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert pairs(links) == [((0,), (0, 1)), ((1,), (2,))]


def test_two_korean_sentences_merged_into_one_english() -> None:
    ko = [
        "회사는 2분기에 4조 원의 영업이익을 냈다.",
        "이는 전년 같은 기간보다 35% 늘어난 것이다.",
        "주가는 이날 3% 올랐다.",
    ]
    en = [
        "The company posted an operating profit of 4 trillion won in the second quarter, "
        "up 35 percent from a year earlier.",
        "Its shares rose 3 percent on the day.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert pairs(links) == [((0, 1), (0,)), ((2,), (1,))]


def test_sentence_the_english_drops_gets_no_partner() -> None:
    ko = [
        "시는 2025년부터 도심 주차 요금을 40% 올린다.",
        "많은 시민들이 이 결정에 불만을 나타냈다.",
        "대신 버스 노선 18개가 새로 생긴다.",
    ]
    en = [
        "The city will raise downtown parking fees by 40 percent from 2025.",
        "In return, 18 new bus routes will be added.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert pairs(links) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert links[1].score == -NO_NAMES.skip_penalty
    # The term aligner still gets somewhere to look: the neighbours' English.
    assert window_for(links, 1) == (0, 1)


def test_english_sentence_without_korean_partner() -> None:
    ko = ["공장은 1987년에 문을 열었다.", "현재 직원은 2,400명이다."]
    en = [
        "The plant opened in 1987.",
        "It sits on the edge of a small river town surrounded by rice fields and low hills.",
        "It now employs 2,400 people.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert pairs(links) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_recurring_token_does_not_pull_sentences_together() -> None:
    # "AI" in every sentence on both sides must not make one big bead look better.
    ko = [
        "AI 반도체 시장이 빠르게 커지고 있다.",
        "국내 기업들도 AI 칩 개발에 뛰어들었다.",
        "정부는 AI 연구에 예산을 더 배정할 계획이다.",
        "전문가들은 AI 인재가 부족하다고 지적한다.",
    ]
    en = [
        "The market for AI chips is growing fast.",
        "Korean companies have also jumped into AI chip development.",
        "The government plans to set aside more money for AI research.",
        "Experts point to a shortage of AI talent.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    assert pairs(links) == [((i,), (i,)) for i in range(4)]


def test_paragraph_breaks_are_only_weak_evidence() -> None:
    # Paragraphs grouped differently on the two sides must not stop a clear 1-1 alignment.
    links = align_sentences(
        ko_doc(KO_ANCHORED, paragraphs=[0, 0, 1, 1]),
        en_doc(EN_ANCHORED, paragraphs=[0, 1, 1, 2]),
        options=NO_NAMES,
    )
    assert pairs(links) == [((i,), (i,)) for i in range(4)]


# --- lexical and name evidence ----------------------------------------------------------------

KO_LEXICAL = [
    "정부는 내년 예산안을 680조 원으로 확정했다.",
    "농민들은 쌀값 하락에 항의하며 거리로 나섰다.",
    "한편 항구 도시에서는 어선 화재가 잇따랐다.",
]
EN_LEXICAL = [
    "The government set next year's budget at 680 trillion won.",
    "Meanwhile, fires broke out on fishing boats in a port city.",
]
LEXICON = {
    ("농민", "noun"): ["farmer"],
    ("쌀값", "noun"): ["rice price"],
    ("항의하다", "verb"): ["to protest"],
    ("항구", "noun"): ["port", "harbor"],
    ("도시", "noun"): ["city"],
    ("어선", "noun"): ["fishing boat"],
    ("화재", "noun"): ["fire"],
}
KO_LEXICAL_TERMS: dict[int, Sequence[tuple[str, Pos]]] = {
    1: [("농민", "noun"), ("쌀값", "noun"), ("항의하다", "verb")],
    2: [("항구", "noun"), ("도시", "noun"), ("어선", "noun"), ("화재", "noun")],
}


def _translate(lemma: str, pos: str) -> list[str]:
    return LEXICON.get((lemma, pos), [])


def test_lexical_matches_pick_the_translated_sentence() -> None:
    ko, en = ko_doc(KO_LEXICAL, KO_LEXICAL_TERMS), en_doc(EN_LEXICAL)
    links = align_sentences(ko, en, translate=_translate, options=NO_NAMES)
    assert pairs(links) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_lexical_evidence_raises_the_bead_score() -> None:
    ko, en = ko_doc(KO_LEXICAL, KO_LEXICAL_TERMS), en_doc(EN_LEXICAL)
    with_lexicon = align_sentences(ko, en, translate=_translate, options=NO_NAMES)
    without = align_sentences(ko, en, options=NO_NAMES)
    link_with = next(link for link in with_lexicon if 2 in link.korean)
    link_without = next(link for link in without if 2 in link.korean)
    assert link_with.score > link_without.score + 1.0


def test_glosses_match_inflected_english_words() -> None:
    ko = ko_doc(["시장은 새 요금제를 도입했다.", "반대 의견도 있었다."],
                {0: [("도입하다", "verb"), ("요금제", "noun")], 1: [("반대", "noun")]})  # fmt: skip
    en = en_doc(["The mayor introduced a new fare system.", "Some people objected."])
    lexicon = {("도입하다", "verb"): ["to introduce"], ("요금제", "noun"): ["fare system"]}
    matches = sa._lexical_matches(
        ko, en, lambda lemma, pos: lexicon.get((lemma, pos), []), NO_NAMES
    )
    assert ("도입하다", {0}, {0}) in matches
    assert ("요금제", {0}, {0}) in matches


# Invented glosses: plain words, capitals, brackets, hyphens, digits, "+", apostrophes, accents,
# sb/sth, stop words only, more than three words, odd spacing.
GLOSSES = [
    "fare", "Fare", "to introduce", "The Brain Drain", "to introduce (sth)", "(formal) fee",
    "sit-in", "9/11 attacks", "stone + bridge", "state + -ity", "one's own", "women's rights",
    "rock 'n' roll", "café", "café au lait", "to give sb a lift", "something new", "the", "sb",
    "(of a ship) to sink", "at the very last minute", "step by step", "long  term\tplan",
    "x_sb y", "sth-like", "[lit.] a bridge", "", "  ",
]  # fmt: skip


@pytest.mark.parametrize("gloss", GLOSSES)
def test_a_gloss_read_with_the_term_aligner_gives_the_words_read_alone(gloss: str) -> None:
    # The words of its own reading (the one that remains for the glosses the other reads
    # otherwise), at most three.
    alone = sa._other_gloss_words(gloss.lower())
    expected = tuple(sa._stem(w) for w in alone) if 0 < len(alone) <= 3 else None
    assert sa._gloss_words_of(gloss, gloss_reading(gloss).word_runs()) == expected
    # Made, then read back from the gloss's reading (made again for a text without words).
    assert sa._gloss_words(gloss) == expected
    assert sa._gloss_words(gloss) == expected


@pytest.mark.parametrize(
    ("max_glosses", "found"), [(1, {0}), (2, {0, 1}), (3, {0, 1, 2}), (-1, {0, 1}), (-3, set())]
)
def test_a_sense_listed_twice_counts_once_towards_max_glosses(
    max_glosses: int, found: set[int]
) -> None:
    ko = ko_doc(["요금이 또 올랐다."], {0: [("요금", "noun")]})
    en = en_doc(["The fare rose.", "A toll was added.", "Tickets sold out."])
    senses = ["fare", "fare", "toll", "fare", "ticket"]
    options = SentenceAlignOptions(use_translit=False, max_glosses=max_glosses)
    matches = sa._lexical_matches(ko, en, lambda lemma, pos: senses, options)
    assert matches == ([("요금", {0}, found)] if found else [])


KO_NAMES = [
    "국방부는 이날 새 훈련 계획을 공개했다.",
    "고든 장관은 기자들에게 계획을 설명했다.",
    "배리스 차관은 기자들과 따로 만나 훈련 일정을 오래 논의했다.",
]
EN_NAMES = ["Minister Gordon explained the plan to reporters himself."]
NAME_TERMS: dict[int, Sequence[tuple[str, Pos]]] = {
    1: [("고든", "proper"), ("장관", "noun")],
    2: [("배리스", "proper"), ("차관", "noun")],
}


def _fake_similarity(korean: str, english: str) -> float:
    return 0.95 if (korean, english) == ("고든", "Gordon") else 0.1


def test_names_found_by_transliteration_anchor_their_sentence() -> None:
    ko, en = ko_doc(KO_NAMES, NAME_TERMS), en_doc(EN_NAMES, names=frozenset({"Gordon"}))
    # By length alone the third sentence fits the English better...
    without = align_sentences(ko, en, options=NO_NAMES)
    assert [link.korean for link in without if link.english] == [(2,)]
    # ...but the name says the second one is its translation.
    links = align_sentences(ko, en, similarity=_fake_similarity)
    assert [link.korean for link in links if link.english] == [(1,)]


def test_aligns_without_translit_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # A missing translit module (None in sys.modules makes the import fail) only drops names.
    if not str(sa.__file__).endswith(".py"):
        # Compiled, both are one library (setup.py), whose imports do not go through
        # sys.modules: translit cannot be missing, nor hidden.
        pytest.skip("the sentence aligner is compiled together with translit")
    # Imported first, so that the patch below puts the module back afterwards instead of
    # leaving no entry at all (later imports of it would then fail).
    import flashcards.align.translit

    sa._default_similarity.cache_clear()
    monkeypatch.setitem(sys.modules, "flashcards.align.translit", None)
    # ``from flashcards.align import translit`` finds an already imported submodule as an
    # attribute of the package, whatever sys.modules says: hide that too.
    import flashcards.align

    monkeypatch.delattr(flashcards.align, "translit", raising=False)
    try:
        assert sa._default_similarity() is None
        links = align_sentences(ko_doc(KO_ANCHORED), en_doc(EN_ANCHORED))
    finally:
        sa._default_similarity.cache_clear()
    assert pairs(links) == [((i,), (i,)) for i in range(4)]


# --- structure ----------------------------------------------------------------------------------


def test_one_side_much_longer() -> None:
    # The English covers only the last three of 30 Korean sentences: far from the diagonal.
    ko = [f"{i}번째 문단에는 특별한 내용이 없다." for i in range(100, 127)] + [
        "올해 관광객은 1,830만 명이었다.",
        "호텔 객실은 4만6천 개로 늘었다.",
        "항공편은 주당 2,150편이다.",
    ]
    en = [
        "Tourist arrivals reached 18.3 million this year.",
        "Hotel rooms increased to 46,000.",
        "There are 2,150 flights a week.",
    ]
    links = align_sentences(ko_doc(ko), en_doc(en), options=NO_NAMES)
    check_cover(links, len(ko), len(en))
    assert [window_for(links, k) for k in (27, 28, 29)] == [(0,), (1,), (2,)]
    assert all(not link.english for link in links if link.korean and link.korean[0] < 26)


def test_empty_sides() -> None:
    ko = ko_doc(["첫 문장이다.", "둘째 문장이다."])
    assert pairs(align_sentences(ko, en_doc([]))) == [((0,), ()), ((1,), ())]
    assert pairs(align_sentences(ko_doc([]), en_doc(["One."]))) == [((), (0,))]
    assert align_sentences(ko_doc([]), en_doc([])) == ()


def test_smaller_beads_when_max_bead_is_lower() -> None:
    ko = ["가" * 20] * 2
    en = ["word " * 60]
    links = align_sentences(ko_doc(ko), en_doc(en), options=SentenceAlignOptions(max_bead=1))
    check_cover(links, 2, 1, max_bead=1)
    assert all(len(link.korean) <= 1 and len(link.english) <= 1 for link in links)


_KO_WORDS = ["정부", "시장", "회사", "기업", "학생", "도시", "주민", "의원"]
_EN_WORDS = ["government", "market", "company", "firm", "student", "city", "resident", "lawmaker"]


@st.composite
def _docs(draw: st.DrawFn) -> tuple[KoreanDoc, EnglishDoc]:
    n = draw(st.integers(0, 9))
    m = draw(st.integers(0, 9))
    numbers = st.integers(1, 3000)
    ko = [
        " ".join(draw(st.lists(st.sampled_from(_KO_WORDS), min_size=1, max_size=12)))
        + f" {draw(numbers)}명."
        for _ in range(n)
    ]
    en = [
        " ".join(draw(st.lists(st.sampled_from(_EN_WORDS), min_size=1, max_size=25)))
        + f" {draw(numbers)}."
        for _ in range(m)
    ]
    return ko_doc(ko), en_doc(en)


@settings(max_examples=60, deadline=None)
@given(_docs(), st.integers(1, 4))
def test_every_sentence_once_in_order(docs: tuple[KoreanDoc, EnglishDoc], max_bead: int) -> None:
    ko, en = docs
    options = SentenceAlignOptions(max_bead=max_bead, use_translit=False)
    links = align_sentences(ko, en, options=options)
    check_cover(links, len(ko.sentences), len(en.sentences), max_bead)


# --- windows ----------------------------------------------------------------------------------


def test_window_for() -> None:
    links = [
        SentenceLink((0,), (0, 1)),
        SentenceLink((1,), ()),
        SentenceLink((2,), ()),
        SentenceLink((), (2,)),
        SentenceLink((3, 4), (3,)),
    ]
    assert window_for(links, 0) == (0, 1)
    assert window_for(links, 1) == (0, 1, 2)  # nearest English on each side
    assert window_for(links, 2) == (0, 1, 2)
    assert window_for(links, 4) == (3,)
    assert window_for(links, 9) == ()
    assert window_for([SentenceLink((0,), ())], 0) == ()


# --- real analyzers -----------------------------------------------------------------------------


@pytest.mark.slow
def test_small_article_with_real_analyzers(kiwi: Any, nlp: Any) -> None:
    from flashcards import english, korean

    art = make_article(
        [
            "부산시는 지난해 외국인 관광객이 310만 명으로 집계됐다고 밝혔다. "
            "이는 2019년보다 12% 많은 수치다.",
            "시는 내년까지 크루즈 터미널을 넓힐 계획이다. 공사비는 1,900억 원이다.",
            "에어비앤비 등 숙박 공유 업체도 영업을 늘리고 있다.",
        ],
        [
            "Busan said it welcomed 3.1 million foreign tourists last year, 12 percent more "
            "than in 2019.",
            "The city plans to expand its cruise terminal by next year.",
            "The work will cost 190 billion won. Home-sharing firms such as Airbnb are also "
            "growing their business.",
        ],
    )
    ko = korean.analyze(art.korean, kiwi)
    en = english.analyze(art.english, nlp)
    assert len(ko.sentences) == 5 and len(en.sentences) == 4
    links = align_sentences(ko, en)
    assert pairs(links) == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,)), ((4,), (3,))]


def _pseudo_articles() -> Iterator[Any]:
    from flashcards.bench.corpus import load_pseudo_articles

    if not (SHARED / "parallel" / "kpc-news-dev.ko").is_file():
        pytest.skip("../shared/parallel is not present")
    yield from load_pseudo_articles(SHARED)


def _window_accuracy(
    translate: Callable[[str, str], Sequence[str]] | None, kiwi: Any, nlp: Any
) -> float:
    from flashcards import english, korean

    hits = total = 0
    for pa in _pseudo_articles():
        ko = korean.analyze(pa.article.korean, kiwi)
        en = english.analyze(pa.article.english, nlp)
        links = align_sentences(ko, en, translate=translate)
        for s in ko.sentences:
            line = pa.korean_line_at(s.start)
            partners = pa.partners(line) if line is not None else ()
            if not partners:
                continue
            total += 1
            window_lines = {
                pa.english_line_at(en.sentences[e].start) for e in window_for(links, s.index)
            }
            hits += bool(window_lines & set(partners))
    return hits / total


def _lexicon_translate() -> Callable[[str, str], Sequence[str]]:
    lookup = pytest.importorskip("flashcards.lexicon").default_lexicon().lookup
    return lambda lemma, pos: [g.text for g in lookup(lemma, pos)]


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("with_lexicon", [False, True])
def test_dev_pseudo_articles_meet_the_window_target(
    with_lexicon: bool, kiwi: Any, nlp: Any
) -> None:
    # The bar: >= 0.95 of Korean sentences aligned to a window holding their partner.
    translate = _lexicon_translate() if with_lexicon else None
    assert _window_accuracy(translate, kiwi, nlp) >= 0.95


def test_could_start_rules_out_only_letters_a_transliteration_cannot_begin_with() -> None:
    from flashcards.align.sentences import could_start, first_letters

    starts = first_letters("모스크바")
    assert could_start("Moscow", starts) and not could_start("Paris", starts)
    # No constraint, or nothing to test: never ruled out.
    assert could_start("Paris", "") and could_start("3M", starts) and could_start("", starts)


def test_first_letters_let_through_every_cheap_spelling_of_an_initial() -> None:
    from flashcards.align.sentences import _FIRST_LETTERS
    from flashcards.align.translit import _INITIAL_OPTIONS

    # The filter stands in front of the transliteration: a spelling it rules out is never
    # scored. Only the dearest (ㄴ as m, ㅁ as n, at 0.6) may be left out.
    for jamo, options in _INITIAL_OPTIONS.items():
        for spelling, cost in options:
            if spelling and cost < 0.6:
                assert spelling[0] in _FIRST_LETTERS[jamo], (jamo, spelling)


def test_could_start_reads_ascii_initials_as_letters_whatever_their_case() -> None:
    from flashcards.align.sentences import could_start

    # ASCII initials are answered from their code; every other initial as str does.
    assert could_start("moscow", "m") and could_start("MOSCOW", "m")
    assert not could_start("Zurich", "m") and not could_start("zurich", "m")
    assert could_start("'s-Hertogenbosch", "m") and could_start("-al", "m")
    assert not could_start("Élysée", "e") and could_start("Élysée", "é")
    assert not could_start("Øresund", "m") and not could_start("中国", "m")
    assert could_start("№5", "m")  # not a letter: nothing to rule out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["One", "TWO", "a", "An", "Hundred", "MILLION", "1,000", "3.5", "May", "Sept",
             "twenty-one", "ſix", "Dozen", "x.5", ",7", " ", "-", ", ", "é", "٣"]
        ),
        max_size=8,
    )
)  # fmt: skip
def test_english_numbers_read_ascii_text_as_any_text(words: list[str]) -> None:
    # ASCII text is matched in lower case by a case-sensitive copy of the pattern: the numbers
    # must be those the case-insensitive pattern reads (a non-ASCII tail forces that path).
    text = " ".join(words)
    values = english_numbers(text)
    assert english_numbers(text + " ü") == values
    assert english_numbers(text.upper()) == english_numbers(text.upper() + " ü")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["AI", "ai", "A", "a", "K", "U.S.", "U.S", "E-7-S", "3-D", "x3D", "AT&T", "O'Neil",
             "OECD's", "-", ".", " ", "  ", "(", "ai-based", "G20", "b", "é", "’"]
        ),
        max_size=10,
    ),
    st.lists(st.sampled_from(["AI", "A", "a", "K", "U.S", "E-7-S", "D", "3-D", "AT&T",
                              "O'NEIL", "OECD'S", "G20", "AI-BASED", "B", "b"]), max_size=4),
)  # fmt: skip
def test_keys_held_are_the_keys_of_the_text_tokens(words: list[str], keys: list[str]) -> None:
    # Reading an ASCII text only where a key occurs finds the keys its tokens have.
    for glue in ("", " "):
        text = glue.join(words)
        table: dict[str, set[int]] = {key: {0} for key in keys}
        expected = {token for token in latin_tokens(text) if token in table}
        assert set(sa._keys_held(text, table)) == expected, text


def test_text_without_number_pieces_is_not_read_for_numbers() -> None:
    # ASCII text holding no digit, number word nor multiplier is not matched: every number
    # word, every multiplier after "a", and digits, are pieces the filter looks for.
    words = [w for w in sa._EN_WORD_VALUES if w not in ("a", "an")]
    phrases = words + [f"a {mult}" for mult in sa._EN_MULTIPLIERS] + ["7", "(1,5)", "x 0.5"]
    for phrase in phrases:
        text = f"They said {phrase} at noon."
        assert sa._may_hold_number(text.lower()), phrase
        assert english_numbers(text) == english_numbers(text + " ü"), phrase
    quiet = "A senator and an aide met the officials on Tuesday."
    assert not sa._may_hold_number(quiet.lower())
    assert english_numbers(quiet) == english_numbers(quiet + " ü") == []


def test_library_names_are_scored_at_the_threshold_as_at_the_default_floor() -> None:
    # Told the threshold, the library's scorer gives every score at or above it exactly as
    # with its default floor, and only scores below it otherwise.
    from flashcards.align.translit import similarity

    threshold = SentenceAlignOptions().name_threshold
    compare = sa._at_least(similarity, threshold)
    pairs = [
        ("고든", "Gordon"), ("모스크바", "Moscow"), ("에르도간", "Erdogan"), ("딥시크", "DeepSeek"),
        ("고든", "Golden"), ("서울", "Paris"), ("마리아", "Maria"),
    ]  # fmt: skip
    kept = 0
    for korean, english in pairs:
        score = similarity(korean, english)
        if score >= threshold:
            kept += 1
            assert compare(korean, english) == score
        else:
            assert compare(korean, english) < threshold
    assert 0 < kept < len(pairs)


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ([1], [0, 2]),  # one Korean sentence: every smaller count is 1
        ([0, 1], [1, 2]),  # both sides hold it twice in a block: the count 2 is met
        ([0, 2], [0, 1, 2]),  # blocks holding it twice and three times
    ],
)
def test_bead_evidence_joins_every_block_holding_an_item(
    korean: list[int], english: list[int]
) -> None:
    # An item held by the given sentences: every block holding it on both sides earns its
    # weight times the smaller count, cells laid out as _shape_gains' gain[a - 1, b - 1, i0, j0].
    n, m, size = 3, 3, 3
    feature = sa._Feature(korean, english, 0.7)
    evidence = sa._bead_evidence([feature], n, m, size, size).reshape(size, size, n, m)
    for a in range(1, size + 1):
        for b in range(1, size + 1):
            for i0 in range(n):
                for j0 in range(m):
                    k = sum(i0 <= i < i0 + a for i in korean) if i0 + a <= n else 0
                    e = sum(j0 <= j < j0 + b for j in english) if j0 + b <= m else 0
                    expected = 0.7 * min(k, e)
                    assert evidence[a - 1, b - 1, i0, j0] == expected, (a, b, i0, j0)


def test_ranges_concatenates_ranges_in_order() -> None:
    import numpy as np

    starts, lengths = np.array([5, 0, 9]), np.array([2, 3, 1])
    offsets = lengths.cumsum() - lengths
    assert sa._ranges(starts, lengths, offsets, 6).tolist() == [5, 6, 0, 1, 2, 9]


def _decode_by_loops(
    gain: Any, skip: float
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    # The DP cell by cell, as it was written before numpy scored a row at once: the first
    # of equal scores wins, 0-1 beads chain along a row when better by more than rounding.
    shapes_a, shapes_b, n, m = gain.shape
    score = [[-skip * float(j) for j in range(m + 1)]]
    back: list[list[tuple[int, int]]] = [[(0, 0)] + [(0, 1)] * m]
    for i in range(1, n + 1):
        row, moves = [], []
        for j in range(m + 1):
            best, move = score[i - 1][j] - skip, (1, 0)
            for a in range(1, min(shapes_a, i) + 1):
                for b in range(1, min(shapes_b, j) + 1):
                    value = score[i - a][j - b] + float(gain[a - 1, b - 1, i - a, j - b])
                    if value > best:
                        best, move = value, (a, b)
            row.append(best)
            moves.append(move)
        top = -float("inf")
        for j in range(m + 1):
            top = max(top, row[j] + skip * float(j))
            if top - skip * float(j) > row[j] + 1e-9:
                row[j], moves[j] = top - skip * float(j), (0, 1)
        score.append(row)
        back.append(moves)
    links = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = back[i][j]
        won = float(gain[a - 1, b - 1, i - a, j - b]) if a and b else -skip
        links.append((tuple(range(i - a, i)), tuple(range(j - b, j)), round(won, 4)))
        i, j = i - a, j - b
    return links[::-1]


def test_decode_picks_what_the_cell_by_cell_loops_pick() -> None:
    # Random gain tables, many of them full of ties (gains on a coarse grid), every shape
    # count: the row-at-once DP links exactly as the loops over cells.
    import random

    import numpy as np

    rng = random.Random(7)
    for _ in range(400):
        n, m = rng.randint(1, 7), rng.randint(1, 7)
        shapes_a, shapes_b = min(rng.randint(1, 4), n), min(rng.randint(1, 4), m)
        shape = (shapes_a, shapes_b, n, m)
        if rng.random() < 0.5:
            gain = np.array(
                [rng.choice((-2.0, -1.0, -0.5, 0.0, 0.5, 1.5)) for _ in range(np.prod(shape))]
            )
        else:
            gain = np.array([rng.uniform(-4.0, 3.0) for _ in range(np.prod(shape))])
        gain = gain.reshape(shape)
        skip = rng.choice((0.5, 1.0, 2.0))
        got = [(link.korean, link.english, link.score) for link in sa._decode(gain, skip)]
        assert got == _decode_by_loops(gain, skip), (shape, skip)
