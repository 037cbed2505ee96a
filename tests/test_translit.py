"""Tests for flashcards.align.translit: Korean loanwords and names against English spellings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.align import translit
from flashcards.align.translit import (
    DEFAULT_THRESHOLD,
    EXACT_FLOOR,
    best_match,
    compare,
    decompose,
    latin_keys,
    looks_like_loanword,
    similarity,
)

PAIRS_FILE = Path(__file__).parent / "data" / "translit_pairs.tsv"


@dataclass(frozen=True)
class Pair:
    korean: str
    english: str
    same: bool
    split: str
    note: str


def load_pairs() -> list[Pair]:
    pairs = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        korean, english, label, split, *note = line.split("\t")
        pairs.append(Pair(korean, english, label == "1", split, note[0] if note else ""))
    return pairs


def precision_recall(pairs: list[Pair], threshold: float) -> tuple[float, float]:
    predicted = [similarity(p.korean, p.english) >= threshold for p in pairs]
    tp = sum(1 for p, hit in zip(pairs, predicted, strict=True) if hit and p.same)
    fp = sum(1 for p, hit in zip(pairs, predicted, strict=True) if hit and not p.same)
    positives = sum(1 for p in pairs if p.same)
    return tp / max(1, tp + fp), tp / positives


# --- the pairs the aligner must find --------------------------------------------------------

REQUIRED = [
    ("스타트업", "startup"),
    ("딥시크", "DeepSeek"),
    ("우버", "Uber"),
    ("량원펑", "Liang Wenfeng"),
    ("소프트뱅크", "SoftBank"),
    ("오픈AI", "OpenAI"),
    ("카카오", "Kakao"),
    ("타다", "TADA"),
    ("스탠퍼드", "Stanford"),
    ("시카고", "Chicago"),
    ("칭화대", "Tsinghua"),
    ("모빌리티", "mobility"),
    ("플랫폼", "platform"),
    ("배터리", "battery"),
    ("마사요시 손", "Masayoshi Son"),
    ("샘 올트먼", "Sam Altman"),
    ("이재용", "Lee Jae-yong"),
    ("서울", "Seoul"),
    ("부산", "Busan"),
]


@pytest.mark.parametrize(("korean", "english"), REQUIRED)
def test_required_pairs_pass_the_threshold(korean: str, english: str) -> None:
    assert similarity(korean, english) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("스타트업", "strategy"),
        ("딥시크", "deep"),
        ("딥시크", "DeepMind"),
        ("량원펑", "Liang"),
        ("이재용", "Lee"),
        ("이재용", "Lee Kun-hee"),
        ("정부", "government"),
        ("반도체", "semiconductor"),
        ("사람", "Sam"),
    ],
)
def test_unrelated_or_partial_pairs_stay_below(korean: str, english: str) -> None:
    assert similarity(korean, english) < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("korean", "right", "wrong"),
    [
        ("우버", "Uber", "over"),  # 우버 and "over" are close: only the ranking separates them
        ("클라우드", "cloud", "crowd"),  # ㄹㄹ spells an English l
        ("데이터", "data", "date"),
        ("컴퓨터", "computer", "compete"),
        ("김정은", "Kim Jong-un", "Kim Jong-il"),
        ("박정희", "Park Chung-hee", "Park Geun-hye"),
        ("타다", "TADA", "data"),
    ],
)
def test_the_right_spelling_outranks_a_near_miss(korean: str, right: str, wrong: str) -> None:
    assert similarity(korean, right) > similarity(korean, wrong)


def test_wa_before_i_spells_an_english_w_and_long_i() -> None:
    # 와이 is "wi" as 아이 is "i" (타임 = time): 와인 = wine, 와이오밍 = Wyoming, 화이트 = White.
    for korean, english in [("와인", "wine"), ("와이오밍", "Wyoming"), ("화이트", "White")]:
        assert similarity(korean, english) >= DEFAULT_THRESHOLD, (korean, english)
    assert similarity("와인하우스", "Winehouse") >= DEFAULT_THRESHOLD
    assert similarity("와인", "Vienna") < DEFAULT_THRESHOLD


def test_ji_spells_a_slavic_dz() -> None:
    # Serbian and Croatian names write 지 as "dzi" and 치 as a final "c": Karadzic, Djokovic.
    assert similarity("카라지치", "Karadzic") >= DEFAULT_THRESHOLD
    assert similarity("조코비치", "Djokovic") >= DEFAULT_THRESHOLD


def test_spanish_j_and_ll_portuguese_r_and_burmese_ky_spell_their_korean_sounds() -> None:
    for korean, english in [
        ("후안 페레스", "Juan Perez"),
        ("하비에르", "Javier"),
        ("호베르투", "Roberto"),
        ("쩌 민", "Kyaw Min"),
        # Spanish ll sounds as a y.
        ("세비야", "Sevilla"),
        ("기예르모", "Guillermo"),
        ("무리요", "Murillo"),
        # Spanish g before e or i sounds as ㅎ; Portuguese ão ends in ㅇ.
        ("세르히오", "Sergio"),
        ("헤르만", "German"),
        ("주앙", "Joao"),
        ("세바스티앙", "Sebastiao"),
    ]:
        assert similarity(korean, english) >= DEFAULT_THRESHOLD, (korean, english)
    # The costs keep a short Korean word apart from an English j or r word.
    for korean, english in [
        ("현", "Jun"),
        ("한", "Jan"),
        ("한", "Ron"),
        ("호", "Joe"),
        ("강", "Gao"),
        ("헤", "Ge"),
    ]:
        assert similarity(korean, english) < DEFAULT_THRESHOLD, (korean, english)


def test_korean_names_match_in_either_order_and_with_common_spellings() -> None:
    assert similarity("이재용", "Jae-yong Lee") >= DEFAULT_THRESHOLD
    for korean, english in [
        ("박정희", "Park Chung-hee"),
        ("최태원", "Chey Tae-won"),
        ("윤석열", "Yoon Suk-yeol"),
        ("신동빈", "Shin Dong-bin"),
        ("정의선", "Chung Eui-sun"),
    ]:
        assert similarity(korean, english) >= DEFAULT_THRESHOLD, (korean, english)


def test_the_korean_reading_of_a_japanese_name_is_not_a_transliteration() -> None:
    # 손정의 reads 孫正義 in Korean; "Masayoshi Son" needs a dictionary, not this module.
    assert similarity("마사요시 손", "Masayoshi Son") >= DEFAULT_THRESHOLD
    assert similarity("손정의", "Masayoshi Son") < DEFAULT_THRESHOLD


def test_a_sino_korean_suffix_may_be_left_out_at_a_small_cost() -> None:
    with_suffix = similarity("칭화대", "Tsinghua")
    assert DEFAULT_THRESHOLD <= with_suffix < similarity("칭화", "Tsinghua")
    # A loanword is never cut short: 업 is not a suffix.
    assert similarity("스타트업", "start") < DEFAULT_THRESHOLD


def test_english_is_normalised() -> None:
    assert similarity("테슬라", "Tesla's") == similarity("테슬라", "tesla")
    assert similarity("테슬라", "TESLA") == similarity("테슬라", "Tesla")
    assert similarity("튀르키예", "Türkiye") == similarity("튀르키예", "Turkiye")
    assert similarity("이재용", "Lee Jae-yong") == similarity("이재용", "Lee Jae yong")
    assert similarity("스타트업", "startups") >= DEFAULT_THRESHOLD  # plural s is cheap


def test_korean_spaces_do_not_matter() -> None:
    assert similarity("샘 올트먼", "Sam Altman") == similarity("샘올트먼", "Sam Altman")


def test_latin_letters_in_the_korean_match_literally() -> None:
    assert similarity("AI", "AI") == 1.0
    assert similarity("5G", "5G") == 1.0
    assert similarity("오픈AI", "OpenAI") > similarity("오픈AI", "OpenText")


def test_empty_inputs_score_zero() -> None:
    assert similarity("", "startup") == 0.0
    assert similarity("스타트업", "") == 0.0
    assert similarity("스타트업", "—") == 0.0


@settings(max_examples=200, deadline=None)
@given(
    korean=st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=6),
    english=st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'", max_size=20),
)
def test_scores_are_within_zero_and_one(korean: str, english: str) -> None:
    assert 0.0 <= similarity(korean, english) <= 1.0


def exact_similarity(korean: str, english: str) -> float:
    """The score without early stopping or bounds: every variant's full DP."""
    eng = translit._compile_english(english)
    best = 0.0
    for variant in translit._compile_korean(korean):
        cost = translit._min_cost(variant, eng, float("inf"))
        denom = translit._denominator(variant, eng)
        best = max(best, max(0.0, 1.0 - cost / denom) * variant.factor)
    return best


def test_pruned_scores_are_exact_above_the_floor_and_upper_bounds_below() -> None:
    pairs = load_pairs()
    koreans = sorted({p.korean for p in pairs})[::3]
    englishes = sorted({p.english for p in pairs})[::3]
    above = 0
    for korean in koreans:
        for english in englishes:
            fast = similarity(korean, english)
            exact = exact_similarity(korean, english)
            if exact >= EXACT_FLOOR:
                above += 1
                assert fast == pytest.approx(exact, abs=1e-4), (korean, english)
            else:
                assert exact - 1e-4 <= fast < EXACT_FLOOR, (korean, english)
    assert above > 0  # the sample exercised the exact branch


# --- measured precision and recall ----------------------------------------------------------


def test_pair_lists_are_big_enough() -> None:
    pairs = load_pairs()
    assert sum(p.same for p in pairs) >= 60
    assert sum(not p.same for p in pairs) >= 60
    assert {p.split for p in pairs} == {"dev", "held-out"}


def test_precision_and_recall_on_the_development_pairs() -> None:
    dev = [p for p in load_pairs() if p.split == "dev"]
    precision, recall = precision_recall(dev, DEFAULT_THRESHOLD)
    # Measured 0.963 / 0.985; the floors leave room for small cost changes, not for regressions.
    assert precision >= 0.94
    assert recall >= 0.96


def test_precision_and_recall_on_the_held_out_pairs() -> None:
    held_out = [p for p in load_pairs() if p.split == "held-out"]
    precision, recall = precision_recall(held_out, DEFAULT_THRESHOLD)
    # Measured 0.845 / 0.952: the held-out negatives include near-homophones (패션/passion,
    # 드론/drawn, 스포츠/spots) that sound alike in Korean; only context separates them.
    assert precision >= 0.8
    assert recall >= 0.9


def test_best_match_ranks_the_right_spelling_first_among_all_english() -> None:
    pairs = load_pairs()
    candidates = sorted({p.english for p in pairs})
    gold: dict[str, set[str]] = {}
    for p in pairs:
        if p.same:
            gold.setdefault(p.korean, set()).add(p.english)
    right = 0
    for korean, answers in gold.items():
        match = best_match(korean, candidates)
        if match is not None and candidates[match[0]] in answers:
            right += 1
    # Measured 186 of 194; misses are near-homophones and clipped loanwords (아파트, 에어컨).
    assert right / len(gold) >= 0.93


# --- best_match, latin_keys, looks_like_loanword, decompose ---------------------------------


def test_best_match_returns_index_and_score_or_none() -> None:
    assert best_match("우버", ["over", "Uber", "taxi"]) == (1, similarity("우버", "Uber"))
    assert best_match("딥시크", ["deep", "DeepMind", "Chinese"]) is None
    assert best_match("딥시크", []) is None
    assert best_match("우버", ["over"], threshold=0.5) == (0, similarity("우버", "over"))


def test_best_match_prefers_the_earlier_of_equal_candidates() -> None:
    assert best_match("카카오", ["Kakao", "KAKAO"]) == (0, 1.0)


def test_latin_keys_give_plain_and_name_readings() -> None:
    assert latin_keys("서울")[0] == "seoul"
    assert "statup" in latin_keys("스타트업")
    keys = latin_keys("이재용")
    assert "leejaeyong" in keys
    assert "jaeyonglee" in keys
    assert len(latin_keys("이재용", limit=2)) == 2
    assert latin_keys("") == ()


def test_looks_like_loanword_uses_syllables_no_hanja_reads() -> None:
    for word in ["스타트업", "소프트뱅크", "딥시크", "플랫폼", "오픈AI", "카카오", "우버"]:
        assert looks_like_loanword(word), word
    for word in ["정부", "반도체", "경제", "이재용", "서울"]:
        assert not looks_like_loanword(word), word


def test_looks_like_loanword_accepts_a_reading_table() -> None:
    # The structural rules (open 스/트, ㅋ onsets) decide without the table.
    assert looks_like_loanword("스타", readings=frozenset())
    # Otherwise the table decides.
    assert looks_like_loanword("소니", readings=frozenset({"소"}))
    assert not looks_like_loanword("소니", readings=frozenset({"소", "니"}))


def test_decompose_splits_syllables_clusters_and_keeps_latin() -> None:
    syls = decompose("닭 AI-2")
    assert [(s.initial, s.medial, s.final, s.latin) for s in syls] == [
        ("ㄷ", "ㅏ", "ㄹㄱ", ""),
        ("", "", "", "a"),
        ("", "", "", "i"),
        ("", "", "", "2"),
    ]
    # Jamo written as separate letters are composed first.
    assert decompose("\u1112\u1161\u11ab") == decompose("한")


def test_floor_keeps_scores_at_or_above_it_exact_and_the_rest_below_it() -> None:
    from flashcards.align.translit import similarity

    words = ["컴퓨터", "인터넷", "스타트업", "딥시크", "우버", "카카오", "서울"]
    english = ["computer", "hotel", "marketing", "internet", "iPhone", "startup", "DeepSeek",
               "Uber", "over", "Kakao", "Seoul", "soul", "event"]  # fmt: skip
    for k in words:
        for e in english:
            exact = similarity(k, e)
            fast = similarity(k, e, 0.8)
            assert (exact >= 0.8) == (fast >= 0.8), (k, e, exact, fast)
            if exact >= 0.8:
                assert fast == exact


@pytest.mark.parametrize(
    "english", ["Samsung", "Kim Jong Un", "Xi  Jinping", "O'Neill's", "al-Maliki", "3M", ""]
)
def test_plain_words_are_tokenised_as_by_the_regex(english: str) -> None:
    # Plain ASCII words skip the tokenising regex: they must come out as its tokens.
    tokens = translit._TOKEN_RE.findall(translit._POSSESSIVE_RE.sub("", english.lower()))
    compiled = translit._english_letters(english)
    assert [t.letters for t in compiled.tokens] == [
        translit._compile_token(t).letters for t in tokens
    ]


@given(
    st.text(alphabet="가나다라마바사아자차카타파하스트크", min_size=1, max_size=4),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=16),
)
@settings(max_examples=200, deadline=None)
def test_lower_bound_sums_the_unspelled_floors_exactly(korean: str, english: str) -> None:
    # The bound visits only the unspelled letters, by bit: it must be fsum of their floors.
    import math

    eng = translit._compile_english(english)
    eng.cost()  # the floors are worked out when a bound first needs them
    for variant in translit._compile_korean(korean):
        unspelled = eng.mask & ~variant.letters
        english_only = math.fsum(
            [eng.floors_at[i] for i in range(len(translit._LETTERS)) if unspelled >> i & 1]
        )
        costs = variant.need_costs
        korean_only = sum(
            costs[k] for k, letters in enumerate(variant.need_letters) if not letters & eng.mask
        )
        assert translit._lower_bound(variant, eng) == max(english_only, korean_only)
        # Given a budget the Korean side alone exceeds, the bound stops at the Korean side.
        if korean_only > 0.0:
            assert translit._lower_bound(variant, eng, korean_only / 2) == korean_only


@given(
    st.text(alphabet="가나다라마바사아자차카타파하스트크이김", min_size=1, max_size=5),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=16),
    st.floats(min_value=0.0, max_value=6.0),
)
@settings(max_examples=300, deadline=None)
def test_banded_dp_is_exact_within_the_budget(korean: str, english: str, budget: float) -> None:
    # The DP computes only the cells within the budget: an alignment within it comes out as the
    # whole table's, one over it as -1.0.
    eng = translit._compile_english(english)
    if not eng.letters:
        return
    for variant in translit._compile_korean(korean):
        full = translit._min_cost(variant, eng, float("inf"))
        banded = translit._min_cost(variant, eng, budget)
        assert banded == (full if full <= budget else -1.0), (korean, english, budget)


@given(
    st.text(alphabet="가나다라마바사아자차카타파하스트크이김", max_size=5),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz '", max_size=16),
    st.sampled_from([0.0, EXACT_FLOOR, 0.8, 0.8 / 0.9, 0.95]),
)
@settings(max_examples=300, deadline=None)
def test_compare_is_similarity_without_its_cache(korean: str, english: str, floor: float) -> None:
    assert compare(korean, english, floor) == similarity(korean, english, floor)


def test_compare_scores_sound_alikes_and_rules_out_the_rest() -> None:
    assert compare("딥시크", "DeepSeek", 0.8) >= 0.8
    assert compare("딥시크", "Dawn", 0.8) < 0.8  # no p, s nor k
    assert compare("딥시크", "", 0.8) == 0.0
