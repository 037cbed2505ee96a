"""Korean analysis: dictionary forms, compounds, bracket glosses, offsets."""

from __future__ import annotations

from typing import Any

import pytest

from flashcards import korean
from flashcards.models import KoreanDoc, Paragraph, Pos, TermOccurrence
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


def assert_surfaces_index(text: str, doc: KoreanDoc) -> None:
    """Every term's offsets give back its surface in ``text``."""
    for t in doc.terms:
        assert text[t.start : t.end] == t.surface


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


# --- names Kiwi misreads as grammar -----------------------------------------------------------


def _tok(form: str, tag: str, start: int) -> tuple[str, str, str, int, int]:
    return (form, tag, form, start, len(form))


def test_unknown_names_finds_words_read_as_endings_alone() -> None:
    # "마리 야지시 대변인": Kiwi reading 야지시 as copula + endings (이+야+지+시).
    text = "마리 야지시 대변인"
    tokens = [
        _tok("마리", "NNP", 0), ("이", "VCP", "이", 3, 0), _tok("야", "EC", 3),
        _tok("지", "VX", 4), _tok("시", "EP", 5), _tok("대변인", "NNG", 7),
    ]  # fmt: skip
    assert korean.unknown_names(tokens, text) == [(3, 6)]


def test_unknown_names_finds_a_verb_glued_to_a_name_before_a_particle() -> None:
    # "케빈 죤슨은": 죤 + 슬(VV) + ㄴ + 은 instead of the name 죤슨 + 은.
    text = "케빈 죤슨은 웃었다"
    tokens = [
        _tok("케빈", "NNP", 0), _tok("죤", "NNP", 3), _tok("슬", "VV", 4),
        ("ᆫ", "ETM", "ᆫ", 4, 1), _tok("은", "JX", 5), _tok("웃", "VV", 7),
        _tok("었", "EP", 8), _tok("다", "EF", 9),
    ]  # fmt: skip
    assert korean.unknown_names(tokens, text) == [(3, 5)]


def test_unknown_names_leaves_real_copulas_and_quotes_alone() -> None:
    text = "그는 학생이다"
    tokens = [
        _tok("그", "NP", 0), _tok("는", "JX", 1), _tok("학생", "NNG", 3),
        _tok("이", "VCP", 5), _tok("다", "EF", 6),
    ]  # fmt: skip
    assert korean.unknown_names(tokens, text) == []
    quoted = '"좋다" 라고'
    tokens = [
        _tok('"', "SSO", 0), _tok("좋", "VA", 1), _tok("다", "EF", 2), _tok('"', "SSC", 3),
        ("이", "VCP", "이", 5, 0), _tok("라고", "EC", 5),
    ]  # fmt: skip
    assert korean.unknown_names(tokens, quoted) == []


class _Token:
    def __init__(self, form: str, tag: str, start: int) -> None:
        self.form, self.tag, self.start, self.len, self.lemma = form, tag, start, len(form), form


class _Sent:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.start, self.end, self.tokens = 0, len(text), tokens


class _MisreadingKiwi:
    """Read 야지시 as grammar unless told it is a name (as Kiwi does in some contexts)."""

    def __init__(self) -> None:
        self.pretokenized: list[Any] = []

    def split_into_sents(self, text: str, return_tokens: bool = True) -> list[_Sent]:
        toks = [_Token("마리", "NNP", 0), _Token("이", "VCP", 3), _Token("야", "EC", 3)]
        toks += [_Token("지", "VX", 4), _Token("시", "EP", 5), _Token("대변인", "NNG", 7)]
        toks[1].len = 0
        return [_Sent(text, toks)]

    def tokenize(self, text: str, pretokenized: Any = None) -> list[_Token]:
        self.pretokenized = list(pretokenized or [])
        return [_Token("마리", "NNP", 0), _Token("야지시", "NNP", 3), _Token("대변인", "NNG", 7)]


def test_analyze_rereads_a_sentence_with_a_misread_name() -> None:
    text = "마리 야지시 대변인"
    fake = _MisreadingKiwi()
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], fake)
    assert fake.pretokenized == [(3, 6, "NNP")]
    lemmas = [(t.lemma, t.pos) for t in doc.terms]
    assert ("야지시", "proper") in lemmas
    for m in doc.morphs:
        assert text[m.start : m.end] == m.form


@pytest.mark.slow
def test_a_latin_initial_inside_a_name_is_kept(kiwi: Any) -> None:
    text = "해리 S 트루먼 대통령이 연설했다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)

    def name(a: korean.TermOccurrence, b: korean.TermOccurrence) -> bool:
        return b.lemma != "대통령"

    joined = korean.join_spaced(doc, text, name, keep_parts=False, pos="proper", initials=True)
    assert "해리 S 트루먼" in {t.lemma for t in joined.terms}
    plain = korean.join_spaced(doc, text, name, keep_parts=False, pos="proper")
    assert "해리 S 트루먼" not in {t.lemma for t in plain.terms}


@pytest.mark.slow
def test_adjectives_in_seureopda_and_ropda_keep_their_suffix(kiwi: Any) -> None:
    text = "행사는 자연스럽게 끝났고 마을은 평화로운 모습이었다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    lemmas = {(t.lemma, t.pos) for t in doc.terms}
    assert ("자연스럽다", "adjective") in lemmas
    assert ("평화롭다", "adjective") in lemmas


@pytest.mark.slow
def test_a_compound_verb_written_apart_is_joined_when_known(kiwi: Any) -> None:
    text = "인질은 사흘 만에 풀려 났다. 그는 짐을 내다 버렸다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    known = {"풀려나다", "내다버리다"}
    joined = korean.join_verbs(doc, text, known.__contains__)
    lemmas = [t.lemma for t in joined.terms if t.pos == "verb"]
    assert "풀려나다" in lemmas and "내다버리다" in lemmas
    assert "풀리다" in lemmas and "나다" not in lemmas and "버리다" not in lemmas
    assert_surfaces_index(text, joined)
    # Unknown combinations stay apart (먹어 보다 "try eating" is no dictionary word).
    other = "밥을 먹어 보았다."
    doc = korean.analyze([Paragraph("ko", 0, len(other), other)], kiwi)
    assert korean.join_verbs(doc, other, known.__contains__) == doc


def test_a_finished_sentence_before_a_quotation_is_cut_there() -> None:
    # (form, tag, lemma, start, length) as Kiwi's tokens of `꿈꾼다. "좋다"고 했다.` would be.
    tokens = [
        ("꿈꾸", "VV", "꿈꾸다", 0, 2), ("ᆫ다", "EF", "ᆫ다", 1, 2), (".", "SF", ".", 3, 1),
        ('"', "SSO", '"', 5, 1), ("좋", "VA", "좋다", 6, 1), ("다", "EF", "다", 7, 1),
        ('"', "SSC", '"', 8, 1), ("고", "JKQ", "고", 9, 1), ("하", "VV", "하다", 11, 1),
        ("었", "EP", "었", 11, 1), ("다", "EF", "다", 12, 1), (".", "SF", ".", 13, 1),
    ]  # fmt: skip
    pieces = korean.split_before_quotes(0, 14, tokens)
    assert [(a, b, len(t)) for a, b, t in pieces] == [(0, 4, 3), (5, 14, 9)]
    # A quotation glued to the full stop, or a sentence without one, stays whole.
    glued = [*tokens[:3], ('"', "SSO", '"', 4, 1)]
    assert len(korean.split_before_quotes(0, 5, glued)) == 1
    assert korean.split_before_quotes(0, 14, tokens[3:]) == [(0, 14, tokens[3:])]


def test_kiwi_sentences_are_cut_before_a_quotation(kiwi: Any) -> None:
    text = "곰이 마을에 왔다. “정말 컸다”고 주민이 말했다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    assert [s.text for s in doc.sentences] == ["곰이 마을에 왔다.", "“정말 컸다”고 주민이 말했다."]
    assert_surfaces_index(text, doc)
    for t in doc.terms:
        sentence = doc.sentences[t.sentence]
        assert sentence.start <= t.start < t.end <= sentence.end


def test_three_adverbs_in_a_row_join_only_once() -> None:
    from flashcards.models import Morph, Sentence

    text = "또다시금 왔다"
    morphs = (
        Morph("또", "MAG", "또", 0, 1, 0),
        Morph("다시", "MAG", "다시", 1, 3, 0),
        Morph("금", "MAG", "금", 3, 4, 0),
    )
    terms = (TermOccurrence("다시", "adverb", 1, 3, 0, "다시"),)
    doc = KoreanDoc((Sentence(0, 0, 0, len(text), text),), morphs, terms)
    joined = korean.join_adverbs(doc, text, {"또다시", "다시금"}.__contains__)
    # 다시 is taken by 또다시; 다시금 would overlap it.
    assert [(t.lemma, t.start, t.end) for t in joined.terms] == [("또다시", 0, 3)]


def test_a_word_tagged_as_a_name_once_is_a_name_everywhere_unless_a_dictionary_knows_it() -> None:
    text = "누리봇 출시. 누리봇 쇼크. 재사용 확대. 재사용 쇼크."

    def occ(lemma: str, pos: Pos, sentence: int) -> TermOccurrence:
        start = text.index(lemma, sum(len(s) + 1 for s in text.split(". ")[:sentence]))
        return TermOccurrence(lemma, pos, start, start + len(lemma), sentence, lemma)

    terms = (
        occ("누리봇", "proper", 0),
        occ("누리봇", "noun", 1),
        occ("재사용", "proper", 2),
        occ("재사용", "noun", 3),
        # The same words joined twice (by sound, as a compound) are one occurrence.
        occ("누리봇 쇼크", "proper", 1),
        occ("누리봇 쇼크", "noun", 1),
    )
    doc = KoreanDoc((), (), terms)
    unified = korean.unify_names(doc, {"재사용"}.__contains__)
    found = [(t.lemma, t.pos, t.sentence) for t in unified.terms]
    assert found == [
        ("누리봇", "proper", 0),
        ("누리봇", "proper", 1),
        ("재사용", "proper", 2),
        ("재사용", "noun", 3),
        ("누리봇 쇼크", "proper", 1),
    ]
    # Nothing to unify: the same document comes back.
    plain = KoreanDoc((), (), terms[2:4])
    assert korean.unify_names(plain, {"재사용"}.__contains__) is plain


@pytest.mark.slow
def test_curly_quotes_are_read_like_straight_ones_and_offsets_stay(kiwi: Any) -> None:
    curly = "그는 ‘좋다’며 “퇴직하고 할 일이 없었다”고 말했다."
    straight = curly.translate(str.maketrans("“”‘’", "\"\"''"))
    doc = korean.analyze([Paragraph("ko", 0, len(curly), curly)], kiwi)
    plain = korean.analyze([Paragraph("ko", 0, len(straight), straight)], kiwi)
    # Inside curly quotes Kiwi 0.24 alone reads 퇴직하고 as a noun and the particle 하고.
    assert [(t.lemma, t.pos) for t in doc.terms] == [(t.lemma, t.pos) for t in plain.terms]
    assert ("퇴직하다", "verb") in {(t.lemma, t.pos) for t in doc.terms}
    assert doc.sentences[0].text == curly
    assert_surfaces_index(curly, doc)


@pytest.mark.slow
def test_two_adverbs_written_as_one_word_join_only_when_known(kiwi: Any) -> None:
    text = "곰은 또다시 나타났다. 그는 아주잘 웃었다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    joined = korean.join_adverbs(doc, text, {"또다시"}.__contains__)
    adverbs = [t.lemma for t in joined.terms if t.pos == "adverb"]
    assert "또다시" in adverbs and "다시" not in adverbs
    assert_surfaces_index(text, joined)
    assert [t.start for t in joined.terms] == sorted(t.start for t in joined.terms)
    # A spacing slip is no dictionary word: its parts stay as they were.
    assert "아주잘" not in adverbs
    assert korean.join_adverbs(doc, text, set[str]().__contains__) == doc


@pytest.mark.slow
def test_a_bound_noun_glued_to_a_name_makes_one_word(kiwi: Any) -> None:
    text = "회담에서 일본측은 제안을 거부했다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    assert "일본측" in {t.lemma for t in doc.terms}


def test_an_adverb_making_a_verb_with_ha_is_one_verb(kiwi: Any) -> None:
    text = "벌레가 꿈틀하고 움직였다. 그는 공부를 잘했다."
    art = make_article([text], [])
    lemmas = {(t.lemma, t.pos) for t in korean.analyze(art.korean, kiwi).terms}
    # 꿈틀+하다 is the learner's word, not the adverb 꿈틀 beside a bare 하다.
    assert ("꿈틀하다", "verb") in lemmas
    assert ("꿈틀", "adverb") not in lemmas and ("하다", "verb") not in lemmas
    # A one-syllable adverb stays out: 잘하다 is a word of its own, not 잘 + 하다.
    assert ("잘하다", "verb") not in lemmas


def test_a_verb_suffix_written_apart_still_makes_the_verb(kiwi: Any) -> None:
    # News copy slips a space into 제기했다; Kiwi still reads 하 as the suffix.
    art = make_article(["시민들이 문제를 제기 했다."], [])
    doc = korean.analyze(art.korean, kiwi)
    verb = next(t for t in doc.terms if t.pos == "verb")
    assert verb.lemma == "제기하다"
    assert art.text[verb.start : verb.end] == verb.surface == "제기 했"
    assert "제기" not in {t.lemma for t in doc.terms}


@pytest.mark.slow
def test_a_determiner_and_a_one_syllable_noun_join_only_when_known(kiwi: Any) -> None:
    text = "양 측은 합의했다. 양측 대표가 한 번 만났다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    joined = korean.join_determiners(doc, text, {"양측"}.__contains__)
    both = [(t.surface, t.start) for t in joined.terms if t.lemma == "양측"]
    # Written apart or together, one word; 한 번 is no dictionary word and stays a count.
    assert both == [("양 측", 0), ("양측", text.index("양측"))]
    assert not any(t.lemma == "한번" for t in joined.terms)
    assert_surfaces_index(text, joined)
    assert [t.start for t in joined.terms] == sorted(t.start for t in joined.terms)
    assert korean.join_determiners(doc, text, set[str]().__contains__) == doc


def _nouns(text: str, *spec: tuple[str, Pos, str]) -> KoreanDoc:
    """Make a document of the given (lemma, POS, bracketed Latin) terms, found in ``text``."""
    terms = []
    at = 0
    for lemma, pos, latin in spec:
        start = text.index(lemma, at)
        at = start + len(lemma)
        terms.append(TermOccurrence(lemma, pos, start, at, 0, lemma, latin=latin))
    return KoreanDoc((), (), tuple(terms))


def test_a_bracketed_name_joins_the_nouns_written_apart_before_it() -> None:
    text = "부산 항만 관리청(Busan Port Authority, BPA)이 발표했다."
    latin = "BusanPortAuthority,BPA"  # as Kiwi hands it over
    doc = _nouns(text, ("부산", "proper", ""), ("항만", "noun", ""), ("관리청", "noun", latin))
    joined = korean.join_named(doc, text)
    lemmas = [(t.lemma, t.latin) for t in joined.terms]
    # The parts stay terms, the last one without the name, which goes to the whole run.
    assert lemmas == [("부산", ""), ("항만", ""), ("관리청", ""), ("부산 항만 관리청", latin)]
    assert joined.terms[-1].pos == "proper"
    assert joined.terms[-1].parts == ("부산", "항만", "관리청")
    # A name of two words joins two nouns at most.
    doc = _nouns(
        text, ("부산", "proper", ""), ("항만", "noun", ""), ("관리청", "noun", "PortAuthority")
    )
    assert [t.lemma for t in korean.join_named(doc, text).terms][-1] == "항만 관리청"
    # A particle ends the run; an abbreviation or a one-word name joins nothing.
    text = "부산의 항만 관리청(Busan Port Authority)"
    doc = _nouns(text, ("부산", "proper", ""), ("항만", "noun", ""), ("관리청", "noun", latin))
    assert [t.lemma for t in korean.join_named(doc, text).terms][-1] == "항만 관리청"
    text = "부산 항만 관리청(BPA)"
    doc = _nouns(text, ("부산", "proper", ""), ("항만", "noun", ""), ("관리청", "noun", "BPA"))
    assert korean.join_named(doc, text) is doc
