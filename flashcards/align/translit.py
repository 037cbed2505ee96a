"""Compare Korean loanwords and foreign or Korean names with English spellings.

A Korean word is compiled into *slots*, one per jamo (or per whole syllable for a known
surname), each with the Latin spellings that jamo plausibly stands for in a loanword or a
romanised name and a cost for each (ㅍ → p/f/ph, ㄹ → r/l, ㅓ → u/eo/o/e/a, an epenthetic ㅡ →
nothing). An English word or phrase is normalised to lowercase letters with a cost for leaving
each letter unmatched (cheap for silent e, doubled letters, post-vocalic r, the h of digraphs).
A weighted edit-distance DP then aligns slots to letters; ``similarity`` turns its cost into a
score in [0, 1].

Scores at or above ``EXACT_FLOOR`` are exact. Below it the DP stops early and returns an upper
bound of the true score (still below ``EXACT_FLOOR``), which is what keeps random pairs cheap.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final

from flashcards.align.words import remember, round_to

__all__ = [
    "DEFAULT_THRESHOLD",
    "EXACT_FLOOR",
    "Syllable",
    "best_match",
    "compare",
    "decompose",
    "latin_keys",
    "looks_like_loanword",
    "similarity",
    "sino_readings",
]

DEFAULT_THRESHOLD: Final = 0.8
"""``best_match``'s default: the precision/recall trade-off measured in tests/test_translit.py."""

EXACT_FLOOR: Final = 0.6
"""Scores below this are upper bounds computed from an early-stopped DP."""

Option = tuple[str, float]

# Costs of the alignment, in "letters". A missing or wrong consonant costs more than a letter:
# consonants carry most of a word's identity, and loanword spelling keeps them all.
_SKIP_VOWEL: Final = (
    1.0  # a Korean vowel written as nothing (ㅡ and a few others have cheaper options)
)
_SKIP_CONSONANT: Final = 1.3
_SUB_VOWEL: Final = 0.7  # a Korean vowel written as an unexpected English vowel
_SUB_CONSONANT: Final = 1.6
_SUB_OTHER: Final = 1.8
_INS_VOWEL: Final = 0.8  # an English letter no Korean jamo accounts for
_INS_CONSONANT: Final = 1.3
_INS_PLURAL: Final = 0.4  # the s of a plural or a name ending in s (Olympics, Reuters)
_SILENT_E: Final = 0.8  # extra cost for a Korean vowel that takes a silent final e (데이터 ≠ date)
_SPLIT_VOWEL: Final = 0.6  # extra cost for two Korean vowels splitting ee or oo (기업 ≠ keep)

# --- jamo ---------------------------------------------------------------------------------

_INITIALS: Final = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS: Final = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
# Clusters are split into their two consonants; each gets its own slot.
_FINALS: Final[tuple[str, ...]] = (
    "", "ㄱ", "ㄲ", "ㄱㅅ", "ㄴ", "ㄴㅈ", "ㄴㅎ", "ㄷ", "ㄹ", "ㄹㄱ", "ㄹㅁ", "ㄹㅂ", "ㄹㅅ",
    "ㄹㅌ", "ㄹㅍ", "ㄹㅎ", "ㅁ", "ㅂ", "ㅂㅅ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ",
    "ㅎ",
)  # fmt: skip

# Final, each on its own: compiled, a Final integer is a constant, where a plain global is
# looked up in the module's dict at each use.
_SYL_FIRST: Final = 0xAC00
_SYL_LAST: Final = 0xD7A3


@dataclass(frozen=True)
class Syllable:
    """A Hangul syllable as jamo (``final`` may hold two consonants), or one Latin letter/digit."""

    initial: str
    medial: str
    final: str
    latin: str = ""


def decompose(text: str) -> tuple[Syllable, ...]:
    """Split Hangul into syllables of jamo; keep Latin letters and digits; drop everything else."""
    return tuple([Syllable(j.initial, j.medial, j.final, j.latin) for j in _split(text)[1]])


class _Jamo:
    """A syllable as the compiler reads it (see ``Syllable``): a plain class, made natively
    when compiled, where a frozen dataclass's ``__init__`` runs as Python."""

    def __init__(self, initial: str, medial: str, final: str, latin: str = "") -> None:
        self.initial = initial
        self.medial = medial
        self.final = final
        self.latin = latin


def _split(text: str) -> tuple[list[int], list[_Jamo]]:
    """Return the codes of the characters ``decompose`` keeps (in NFC) and their jamo."""
    # Hangul syllables and ASCII are all NFC, and nothing composes with them: a text of only
    # those is its own NFC, and the commonest, which spares normalize() its look-ups.
    for i in range(len(text)):
        code = ord(text[i])
        if code >= 128 and not _SYL_FIRST <= code <= _SYL_LAST:
            text = unicodedata.normalize("NFC", text)
            break
    codes: list[int] = []
    syls: list[_Jamo] = []
    for i in range(len(text)):
        code = ord(text[i])
        # Each character's jamo are made once, kept by code (a list read, where a dict would
        # hash a new one-character string each time).
        if _SYL_FIRST <= code <= _SYL_LAST:
            jamo = _HANGUL[code - _SYL_FIRST]
            if jamo is None:
                offset = code - _SYL_FIRST
                jamo = _Jamo(
                    _INITIALS[offset // 588], _MEDIALS[offset % 588 // 28], _FINALS[offset % 28]
                )
                _HANGUL[offset] = jamo
        elif code < 128:
            jamo = _ASCII[code]
            if jamo is None:
                continue  # not a letter or digit
        else:
            continue
        codes.append(code)
        syls.append(jamo)
    return codes, syls


# Jamo by code: every Hangul syllable's, made when first met; ASCII letters' and digits'.
_HANGUL: Final[list[_Jamo | None]] = [None] * (_SYL_LAST - _SYL_FIRST + 1)
_ASCII: Final[list[_Jamo | None]] = [
    _Jamo("", "", "", chr(c).lower()) if chr(c).isalnum() else None for c in range(128)
]


# --- what each jamo may be written as -----------------------------------------------------
# Costs are in "letters": 0 is a standard rendering, 0.1-0.3 a common alternative, and an
# unmatched letter costs up to 1. Keep the primary rendering first: latin_keys relies on it.


def _table(spec: dict[str, str]) -> dict[str, tuple[Option, ...]]:
    """Parse "s sh:.1 -:.5" into ((s, 0), (sh, 0.1), ("", 0.5)): spellings with their costs."""
    table: dict[str, tuple[Option, ...]] = {}
    for jamo, options in spec.items():
        parsed = []
        for item in options.split():
            spelling, _, cost = item.partition(":")
            parsed.append(("" if spelling == "-" else spelling, float(cost) if cost else 0.0))
        table[jamo] = tuple(parsed)
    return table


_INITIAL_OPTIONS: Final = _table(
    {
        "ㄱ": "g k:.1 c:.2 gu:.3",
        "ㄲ": "k kk c:.1 ck:.1 g:.2",
        "ㄴ": "n m:.6",
        "ㄷ": "d t:.3 th:.3 dh:.3",
        "ㄸ": "tt t:.05 d:.2",
        "ㄹ": "r l:.2",  # refined by position in _initial_slot
        "ㅁ": "m n:.6",
        "ㅂ": "b v:.1 p:.2 w:.5",
        "ㅃ": "pp p:.05 b:.2",
        "ㅅ": "s sh:.1 c:.15 th:.2 x:.2 z:.3 ch:.3 sch:.3 ps:.3",
        "ㅆ": "ss s:.05 ts:.2 sh:.2 tz:.3 c:.2 z:.3",
        "ㅈ": "j z:.1 zh:.1 g:.2 ch:.2 dg:.2 dj:.2 dz:.2 ds:.3 tz:.3 ts:.3 th:.3 s:.5",
        # Burmese writes the sound of ㅊ and ㅉ as "ky" (Kyaw = 쩌, Kyi = 치).
        "ㅉ": "jj j:.05 tz:.1 ts:.1 zz:.1 z:.1 ch:.2 ky:.3",
        "ㅊ": "ch tch:.05 ts:.1 c:.2 q:.2 tz:.2 cz:.3 t:.3 j:.4 ky:.3",
        "ㅋ": "k c ck q:.1 kh:.1 ch:.2 cc:.1",
        "ㅌ": "t th:.1 d:.6",
        "ㅍ": "p f ph v:.3",
        # Spanish j and Portuguese r sound as ㅎ (Juan = 후안, Rodrigo = 호드리구): dear, so that a
        # short Korean word (한, 현) stays apart from a Jan or a Jun.
        "ㅎ": "h wh:.1 f:.3 kh:.3 j:.7 r:.7 -:.5",
    }
)

_MEDIAL_OPTIONS: Final = _table(
    {
        "ㅏ": "a ah:.1 o:.2 u:.3",
        "ㅐ": "ae a e:.1 ai:.2 ay:.2",
        # Spanish ll sounds as a y: Sevilla = 세비야, Guillermo = 기예르모, Murillo = 무리요.
        "ㅑ": "ya ia:.1 a:.3 ja:.3 lla:.3",
        "ㅒ": "yae ya:.1 ye:.2 a:.3",
        "ㅓ": "eo u o:.1 e:.1 a:.1 uh:.1 ou:.2 i:.3 ea:.3 eu:.3",
        "ㅔ": "e a:.1 ai:.2 ay:.2 ei:.2 ee:.3",
        "ㅕ": "yeo yu:.1 yo:.1 ye:.1 ya:.2 io:.2 ie:.2 eo:.2 u:.3 e:.3 o:.3",
        "ㅖ": "ye e:.2 ie:.2 a:.3 lle:.3",
        "ㅗ": "o oh:.05 ow:.1 oa:.1 au:.2 aw:.2 ou:.2 a:.2 oo:.3 u:.4",
        "ㅘ": "wa ua:.1 oa:.2 a:.3 wo:.3",
        "ㅙ": "wae wa:.1 we:.2 wai:.3",
        "ㅚ": "oe oi:.1 we:.2 oy:.2 wei:.3",
        "ㅛ": "yo io:.2 you:.2 o:.3 llo:.3",
        "ㅜ": "u oo ou:.1 o:.35 w:.3 ue:.2 wu:.2 ew:.3",
        "ㅝ": "wo uo:.1 we:.1 wa:.2 wu:.2 ue:.2 o:.3",
        "ㅞ": "we ue:.2 wa:.3 wai:.3",
        "ㅟ": "wi ui:.1 wee:.1 we:.2 ue:.3 yu:.3",
        "ㅠ": "yu u:.1 yoo:.1 you:.1 iu:.1 ew:.2 eu:.2 ue:.2",
        # Mostly the vowel Korean inserts after a consonant cluster (스트 = st, 드 = d).
        "ㅡ": "- eu:.1 u:.3 e:.3 o:.4 i:.4 a:.4",
        "ㅢ": "ui eui ee:.2 i:.2 ei:.2 e:.3",
        "ㅣ": "i ee:.05 y:.1 e:.1 ie:.1 ea:.2 ey:.2 ei:.2",
    }
)

_FINAL_OPTIONS: Final = _table(
    {
        "ㄱ": "k ck g:.1 c:.1 q:.3",
        "ㄲ": "k kk ck",
        "ㄴ": "n m:.5",
        "ㄷ": "t d",
        "ㄹ": "l r:.2",
        "ㅁ": "m n:.5",
        "ㅂ": "p b:.1",
        # Standard loanword spelling writes a final t as ㅅ (로봇 = robot, 인터넷 = internet).
        "ㅅ": "t s:.2 d:.2 th:.3",
        "ㅆ": "t ss s:.1",
        "ㅇ": "ng n:.5 -:.6",
        "ㅈ": "t j:.3",
        "ㅊ": "t ch:.3",
        "ㅋ": "k ck",
        "ㅌ": "t",
        "ㅍ": "p f",
        "ㅎ": "h -:.2 t:.4",
    }
)

_Y_VOWELS: Final = frozenset("ㅑㅒㅕㅖㅛㅠ")
_PALATAL: Final = frozenset("ㅅㅆㅈㅉㅊ")

# Common romanisations of Korean surnames, used when a name-like word starts with one.
_SURNAMES: Final[dict[str, tuple[Option, ...]]] = {
    syl: tuple((s, 0.0 if i == 0 else 0.05) for i, s in enumerate(spellings.split()))
    for syl, spellings in {
        "이": "lee yi rhee li i rhie ri", "김": "kim gim", "박": "park pak bak",
        "최": "choi choe chey", "정": "jung jeong chung chong jeung", "강": "kang gang",
        "조": "cho jo joe", "윤": "yoon yun youn", "장": "jang chang", "임": "lim im yim rim",
        "한": "han", "오": "oh o", "서": "seo suh so", "신": "shin sin", "권": "kwon gwon",
        "황": "hwang", "안": "ahn an", "송": "song", "류": "ryu yoo yu lyu rhyu",
        "유": "yoo yu you", "전": "jeon jun chun chon", "홍": "hong", "고": "ko go koh",
        "문": "moon mun", "양": "yang ryang", "손": "son sohn", "배": "bae pae bai",
        "백": "baek paik baik paek", "허": "heo huh hur", "남": "nam", "노": "roh noh no",
        "하": "ha", "곽": "kwak gwak", "성": "sung seong", "차": "cha", "주": "joo ju chu",
        "우": "woo wu", "구": "koo ku gu", "민": "min", "나": "na ra", "진": "jin chin",
        "지": "ji chi", "엄": "eom um uhm", "채": "chae", "원": "won weon", "천": "cheon chun",
        "방": "bang pang", "공": "kong gong", "현": "hyun hyeon", "함": "ham",
        "변": "byun byeon pyun", "염": "yeom yum", "여": "yeo yuh", "추": "choo chu",
        "도": "do doh", "석": "seok suk", "선": "sun seon", "설": "seol sul", "마": "ma",
        "길": "gil kil", "연": "yeon yun", "위": "wi wee", "표": "pyo", "명": "myung myeong",
        "기": "ki gi", "반": "ban pan", "라": "ra la", "왕": "wang", "금": "keum geum",
        "옥": "ok", "육": "yook yuk", "인": "in", "맹": "maeng", "제": "je", "모": "mo",
        "탁": "tak", "국": "kook guk", "은": "eun", "편": "pyeon pyun", "용": "yong",
        "경": "kyung gyeong", "봉": "bong", "부": "boo bu", "심": "shim sim",
    }.items()
}  # fmt: skip

# Syllables that name a kind of place or body after a transliterated name (칭화대 = Tsinghua
# University): the English may leave them out, so a match without them still counts, a little
# lower. Sino-Korean ones (and 그룹, which English names often drop): a loanword is never cut
# short (스타트업 is not "start").
_SUFFIXES: Final = (
    "대학교", "대학", "공항", "전자", "은행", "그룹", "대", "시", "주", "성", "현", "구", "사",
    "측", "씨", "가", "강", "산", "섬", "항", "만", "호", "역", "국", "족", "어",
)  # fmt: skip
_SUFFIX_FACTOR: Final = 0.92


# Each letter a spelling or an English word may use (Latin letters and digits, lowercase) as
# one bit: the letter sets the lower bound compares become integers, and a slot's spellings are
# found by the letter's index rather than by a dict lookup in the DP's inner loop.
_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
_LETTER_INDEX: Final[dict[str, int]] = {ch: i for i, ch in enumerate(_LETTERS)}


def _mask(letters: Iterable[str]) -> int:
    mask = 0
    for ch in letters:
        mask |= 1 << _LETTER_INDEX[ch]
    return mask


# Plain classes rather than frozen dataclasses: compiled, their construction and attribute reads
# are native, where a dataclass's generated ``__init__`` runs as Python.
class _Spelling:
    """One spelling of a slot, as the DP reads it (compiled, a field read is a load, where a
    tuple's items are type-checked and its floats unboxed at each unpacking)."""

    def __init__(self, text: str, cost: float) -> None:
        self.text = text
        self.cost = cost
        self.size = len(text)
        self.first = _LETTER_INDEX[text[0]]  # the index of its first letter


class _Column:
    """One English letter, as the DP reads it (see ``_Spelling``)."""

    def __init__(self, index: int, vowel: bool, extra: float, insert: float) -> None:
        self.index = index  # in _LETTERS
        self.vowel = vowel
        self.extra = extra  # added when a one-letter spelling takes the letter
        self.insert = insert  # the cost of leaving it unmatched


class _Slot:
    def __init__(
        self,
        options: tuple[Option, ...],
        skip: float,
        vowel: bool,
        by_index: tuple[tuple[_Spelling, ...], ...],
        letters: int,
        cheapest: int,
        need: tuple[int, float] | None,
    ) -> None:
        self.options = options  # non-empty spellings only
        self.skip = skip  # cost of writing nothing for this slot
        self.vowel = vowel
        # Per letter (its index in _LETTERS): the spellings ending in it.
        self.by_index = by_index
        # Facts of the slot that variants sum up (see ``_variant``), computed once per slot:
        # every name and loanword is built from the same few hundred slots.
        self.letters = letters  # every letter its spellings use, as a mask
        self.cheapest = cheapest  # letters of its cheapest spelling, 0 when nothing is free
        self.need = need  # its letters and least cost, if costly
        # How many letters back (from the letter a cell ends on) the slot may reach: its longest
        # spelling, at least 1 (a substitution). See ``_min_cost``.
        self.reach = max([len(s) for s, _ in options], default=1)


class _Variant:
    def __init__(
        self,
        slots: tuple[_Slot, ...],
        length: float,
        factor: float,
        letters: int,
        need_letters: list[int],
        need_costs: list[float],
    ) -> None:
        self.slots = slots
        self.length = length  # letters of the cheapest spelling: part of the score's denominator
        self.factor = factor  # multiplies the final score (1.0, or less for a dropped suffix)
        self.letters = letters  # every letter any slot may be spelled with, as a mask
        # Per costly slot: its letters and least cost.
        self.need_letters = need_letters
        self.need_costs = need_costs


def _make_slot(options: Iterable[Option], vowel: bool) -> _Slot:
    return _slot_of(tuple(options), vowel)


@functools.lru_cache(maxsize=4096)
def _slot_of(options: tuple[Option, ...], vowel: bool) -> _Slot:
    # Every name and loanword is built from the same few hundred jamo spellings.
    return _build_slot(options, vowel)


def _build_slot(options: tuple[Option, ...], vowel: bool) -> _Slot:
    best: dict[str, float] = {}
    for spelling, cost in options:
        if spelling not in best or cost < best[spelling]:
            best[spelling] = cost
    skip = best.pop("", _SKIP_VOWEL if vowel else _SKIP_CONSONANT)
    by_last: list[list[_Spelling]] = [[] for _ in _LETTERS]
    for spelling, cost in best.items():
        by_last[_LETTER_INDEX[spelling[-1]]].append(_Spelling(spelling, cost))
    spellings = tuple(best.items())
    cheapest = 0
    if skip > 0.0 and spellings:
        cheapest = len(min(spellings, key=lambda o: (o[1], len(o[0])))[0])
    # A slot none of whose letters occur in the English is skipped or substituted.
    floor = min(skip, _SUB_VOWEL if vowel else _SUB_CONSONANT)
    letters = _mask("".join(s for s, _ in spellings))
    return _Slot(
        options=spellings,
        skip=skip,
        vowel=vowel,
        by_index=tuple([tuple(v) for v in by_last]),
        letters=letters,
        cheapest=cheapest,
        need=(letters, floor) if floor > 0.5 else None,
    )


def _is_i_syllable(syl: _Jamo | None) -> bool:
    return syl is not None and syl.initial == "ㅇ" and syl.medial == "ㅣ"


def _initial_slot(syls: list[_Jamo], k: int) -> _Slot:
    initial = syls[k].initial
    if initial in _PALATAL and syls[k].medial in _Y_VOWELS:
        # 션 = tion, 셜 = cial, 비전 = vision: English spells the sh/zh sound with an i.
        options = (*_INITIAL_OPTIONS[initial], ("ti", 0.1), ("ci", 0.1), ("si", 0.1), ("gi", 0.2))
        return _make_slot(options, vowel=False)
    if initial == "ㅎ" and syls[k].medial in _FRONT_VOWELS:
        return _H_BEFORE_FRONT
    if initial != "ㄹ":
        return _INITIAL_SLOTS[initial]
    if k == 0:
        return _R_FIRST
    # Loanword spelling doubles ㄹ for an English l (클라우드 = cloud, 크라우드 = crowd).
    if syls[k - 1].final.endswith("ㄹ"):
        return _R_AFTER_L
    return _R_INSIDE


def _medial_options(syls: list[_Jamo], k: int) -> tuple[Option, ...]:
    """The medial's spellings: its row of _MEDIAL_OPTIONS itself if the context adds none."""
    syl = syls[k]
    row = _MEDIAL_OPTIONS[syl.medial]
    added: list[Option] = []  # to the row, by the context
    nxt = syls[k + 1] if k + 1 < len(syls) else None
    prev = syls[k - 1] if k > 0 else None
    if syl.medial in _Y_VOWELS and syl.initial in _PALATAL:
        # 샤/쇼/슈/져/쥬: the glide is part of sh/j, so "sha" and "show" need no y.
        added += [(s[1:], c + 0.05) for s, c in row if s.startswith("y") and len(s) > 1]
    if syl.medial == "ㅏ" and not syl.final and _is_i_syllable(nxt):
        # 타임 = time, 나이키 = Nike: 아이 spells the English long i.
        added += [("i", 0.05), ("y", 0.1), ("ei", 0.1), ("igh", 0.1)]
    if syl.medial == "ㅘ" and not syl.final and _is_i_syllable(nxt):
        added += [("wi", 0.05), ("wy", 0.1), ("whi", 0.1)]  # 와인 = wine, 화이트 = white
    if (
        syl.medial == "ㅏ"
        and not syl.final
        and nxt is not None
        and nxt.initial == "ㅇ"
        and nxt.medial == "ㅜ"
    ):
        added += [("o", 0.05), ("ow", 0.05)]  # 다운 = down, 클라우드 = cloud
    if (
        _is_i_syllable(syl)
        and prev is not None
        and not prev.final
        and prev.medial in ("ㅏ", "ㅐ", "ㅔ", "ㅗ", "ㅓ", "ㅘ")
    ):
        added.append(("", 0.1))  # 데이터 = data, 게임 = game: 에이 is one English vowel
    if (
        syl.medial == "ㅣ"
        and syl.initial in _PALATAL
        and not syl.final
        and k > 0
        and k == len(syls) - 1
    ):
        added.append(("", 0.2))  # 메시지 = message, 코치 = coach: ㅣ after a final sh/j/ch
    if syl.initial == "ㅇ" and syl.medial == "ㅓ" and prev is not None and not prev.final:
        added += [("r", 0.1), ("re", 0.1)]  # 헤어 = hair, 웨어 = ware, 투어 = tour
    if (
        syl.initial == "ㅇ"
        and syl.medial == "ㅜ"
        and prev is not None
        and not prev.final
        and prev.medial in ("ㅏ", "ㅗ")
    ):
        added.append(("", 0.2))
    return (*row, *added) if added else row


def _final_slots(syls: list[_Jamo], k: int) -> list[_Slot]:
    final = syls[k].final
    nxt = syls[k + 1] if k + 1 < len(syls) else None
    slots: list[_Slot] = []
    for j, jamo in enumerate(final):
        last = j == len(final) - 1
        if jamo == "ㄹ" and last and nxt is not None and nxt.initial == "ㄹ":
            slots.append(_L_DOUBLED)
        elif jamo == "ㅇ" and last and nxt is not None and nxt.initial in ("ㄱ", "ㅋ", "ㄲ"):
            slots.append(_NG_BEFORE_K)
        elif jamo == "ㅇ" and last and nxt is None and k > 0 and syls[k].medial == "ㅏ":
            slots.append(_NG_AFTER_A)
        else:
            slots.append(_FINAL_SLOTS[jamo])
    return slots


def _syllable_slots(syls: list[_Jamo], k: int) -> list[_Slot]:
    syl = syls[k]
    if syl.latin:
        return [_LATIN_SLOTS[syl.latin]]
    slots: list[_Slot] = []
    if syl.initial != "ㅇ":
        slots.append(_initial_slot(syls, k))
    options = _medial_options(syls, k)
    if options is _MEDIAL_OPTIONS[syl.medial]:
        slots.append(_MEDIAL_SLOTS[syl.medial])
    else:
        slots.append(_make_slot(options, vowel=True))
    slots.extend(_final_slots(syls, k))
    return slots


# The slots of the tables' rows as they are, which most jamo take: made once, where the cache of
# ``_slot_of`` would hash every spelling and cost of the row at each look-up.
_INITIAL_SLOTS: Final = {jamo: _build_slot(row, False) for jamo, row in _INITIAL_OPTIONS.items()}
_MEDIAL_SLOTS: Final = {jamo: _build_slot(row, True) for jamo, row in _MEDIAL_OPTIONS.items()}
_FINAL_SLOTS: Final = {jamo: _build_slot(row, False) for jamo, row in _FINAL_OPTIONS.items()}
# And the few fixed variants the context picks: ㄹ's by position (see ``_initial_slot``), ...
_R_FIRST: Final = _build_slot((("r", 0), ("l", 0)), False)
_R_AFTER_L: Final = _build_slot((("l", 0), ("r", 0.6)), False)
_R_INSIDE: Final = _build_slot((("r", 0), ("l", 0.25)), False)
# ... the first ㄹ of ㄹㄹ, the doubling of one l; ㅇ before ㄱ/ㅋ/ㄲ, which English writes n
# (뱅크 = bank) ...
_L_DOUBLED: Final = _build_slot((*_FINAL_OPTIONS["ㄹ"], ("", 0)), False)
_NG_BEFORE_K: Final = _build_slot((*_FINAL_OPTIONS["ㅇ"], ("n", 0.05)), False)
# ... a name's last ㅇ after ㅏ, the Portuguese ão English writes ao (주앙 = Joao, 세바스티앙 =
# Sebastiao; not in a word of one syllable: 강 = Kang, which a Chinese Gao would meet) ...
_NG_AFTER_A: Final = _build_slot((*_FINAL_OPTIONS["ㅇ"], ("o", 0.3)), False)
# ... ㅎ before e or i, which may be a Spanish g (Sergio = 세르히오, Germán = 헤르만) ...
_FRONT_VOWELS: Final = frozenset("ㅔㅣ")
_H_BEFORE_FRONT: Final = _build_slot((*_INITIAL_OPTIONS["ㅎ"], ("g", 0.3)), False)
# ... and a Latin letter or digit, which spells itself.
_LATIN_SLOTS: Final = {ch: _build_slot(((ch, 0),), ch in "aeiouy") for ch in _LETTERS}


class _Group:
    """The slots of one syllable (or a surname), with the facts variants add up over them."""

    def __init__(self, slots: list[_Slot]) -> None:
        self.slots = slots
        letters = 0
        length = 0
        need_letters: list[int] = []
        need_costs: list[float] = []
        for slot in slots:
            letters |= slot.letters
            length += slot.cheapest
            need = slot.need
            if need is not None:
                need_letters.append(need[0])
                need_costs.append(need[1])
        self.letters = letters
        self.length = length
        self.need_letters = need_letters
        self.need_costs = need_costs


def _variant(groups: list[_Group], factor: float = 1.0) -> _Variant:
    slots: list[_Slot] = []
    letters = 0
    length = 0  # whole letters: their sum is the same in any grouping
    need_letters: list[int] = []
    need_costs: list[float] = []
    for group in groups:
        slots += group.slots
        letters |= group.letters
        length += group.length
        need_letters += group.need_letters
        need_costs += group.need_costs
    return _Variant(tuple(slots), float(length), factor, letters, need_letters, need_costs)


def _normalise_korean(korean: str) -> str:
    # split() drops what str.isspace() calls whitespace.
    return "".join(unicodedata.normalize("NFC", korean).split())


_KOREAN: Final[dict[str, tuple[_Variant, ...]]] = {}


def _compile_korean(korean: str) -> tuple[_Variant, ...]:
    found = _KOREAN.get(korean)
    return remember(_KOREAN, korean, _korean_variants(korean)) if found is None else found


def _korean_variants(korean: str) -> tuple[_Variant, ...]:
    codes, syls = _split(korean)
    if not syls:
        return ()
    # A syllable's slots depend on it and its neighbours only (see ``_syllable_slots``): each
    # such triple is compiled once, then shared by every word it occurs in. The triple's key
    # is its three codes in one integer (each is below 2**16); a space's code (never a kept
    # character's) stands for no neighbour.
    n = len(syls)
    per_syllable: list[_Group] = []
    for k in range(n):
        before = codes[k - 1] if k > 0 else 32
        after = codes[k + 1] if k + 1 < n else 32
        key = before << 34 | codes[k] << 17 | after
        group = _GROUPS.get(key)
        if group is None:
            group = remember(_GROUPS, key, _Group(_syllable_slots(syls, k)))
        per_syllable.append(group)
    variants = [_variant(per_syllable)]

    # A Korean personal name (nearly always three syllables): surname first (이재용 = Lee
    # Jae-yong) or last (Jae-yong Lee).
    if (
        len(syls) == 3
        and unicodedata.normalize("NFC", korean.strip())[:1] in _SURNAMES
        and " " not in korean.strip()
        and not any(_non_sino(s) for s in syls)  # names are written with hanja readings
    ):
        first = unicodedata.normalize("NFC", korean.strip())[:1]
        surname = _Group([_make_slot(_SURNAMES[first], vowel=False)])
        variants.append(_variant([surname, *per_syllable[1:]]))
        variants.append(_variant([*per_syllable[1:], surname]))

    if not all(not s.latin for s in syls):
        return tuple(variants)
    # The last kept character ends a suffix whenever the word, without its spaces, does (a
    # suffix's last character is a kept one): the word is normalised only then.
    if codes[-1] in _SUFFIX_ENDS:
        text = _normalise_korean(korean)
        for suffix in _SUFFIXES:
            n = len(suffix)
            if text.endswith(suffix) and len(syls) - n >= 2:
                variants.append(_variant(per_syllable[: len(syls) - n], _SUFFIX_FACTOR))
                break
    return tuple(variants)


_GROUPS: Final[dict[int, _Group]] = {}
_SUFFIX_ENDS: Final = frozenset(ord(suffix[-1]) for suffix in _SUFFIXES)


# --- English side -------------------------------------------------------------------------

_VOWELS: Final = frozenset("aeiouy")


def _letter_bits(letters: str) -> int:
    return sum(1 << (ord(ch) - ord("a")) for ch in letters)


# The English side works on character codes (compiled, ``ord(token[i])`` is a native read, where
# a one-character string is an object to compare): a letter's class is a bit of these masks.
_VOWEL_BITS: Final = _letter_bits("aeiouy")
_DIGRAPH_H_BITS: Final = _letter_bits("cstpgkwr")


def _in(c: int, bits: int) -> bool:
    """Whether code ``c`` is a lowercase letter whose bit is set in ``bits`` (0 is none)."""
    return 97 <= c <= 122 and bits >> (c - 97) & 1 == 1


def _letter_index(c: int) -> int:
    """``_LETTER_INDEX`` of a lowercase letter's or a digit's code."""
    return c - 97 if c >= 97 else c - 48 + 26


_TOKEN_RE: Final = re.compile(r"[a-z0-9]+")
_POSSESSIVE_RE: Final = re.compile(r"['’]s\b")


# What an English token or span holds until it is costed or prepared: shared, where each
# would make lists of its own that most never replace (none of them is ever written to).
_NO_FLOATS: Final[list[float]] = []
_NO_INTS: Final[list[int]] = []
_NO_ROWS: Final[tuple[list[float], list[float]]] = (_NO_FLOATS, _NO_FLOATS)


class _Token:
    """One English token's letters and, once a comparison needs them, per letter what the lower
    bound and the DP need.
    """

    def __init__(self, letters: str) -> None:
        self.letters = letters
        # The letters' set is all the first test of a comparison reads (see ``_lower_bound``):
        # many tokens go no further, and never need their costs.
        mask = 0
        for i in range(len(letters)):
            mask |= 1 << _letter_index(ord(letters[i]))
        self.mask = mask
        self.costed = False
        # Until ``cost`` runs, the shared empty lists (never written to: made only for this).
        self.ins: list[float] = _NO_FLOATS  # cost of leaving each letter unmatched
        self.extra: list[float] = _NO_FLOATS  # added when a one-letter spelling takes the letter
        self.indexes: list[int] = _NO_INTS
        self.leasts: list[float] = _NO_FLOATS
        self.floors_at: list[float] = _NO_FLOATS
        self._columns: tuple[_Column, ...] | None = None

    def cost(self) -> None:
        """Work out the letters' costs (see ``_letter_costs``) and the token's floors."""
        letters = self.letters
        ins, extra = _letter_costs(letters)
        self.ins = ins
        self.extra = extra
        # Per letter, its index in _LETTERS and the least it costs if no slot can spell it:
        # left out or substituted.
        indexes: list[int] = []
        leasts: list[float] = []
        for i in range(len(letters)):
            c = ord(letters[i])
            sub = _SUB_VOWEL if _in(c, _VOWEL_BITS) else _SUB_CONSONANT
            indexes.append(_letter_index(c))
            leasts.append(min(ins[i], sub))
        self.indexes = indexes
        self.leasts = leasts
        # A one-token span's floors (see ``_English``) are the token's own.
        self.floors_at = _floors([0.0] * len(_LETTERS), indexes, leasts)
        self.costed = True

    def columns(self) -> tuple[_Column, ...]:
        """Per letter: its index in _LETTERS, whether it is a vowel, its extra and its cost of
        being left unmatched. Made when a DP first needs them (most tokens never reach one).
        """
        if self._columns is None:
            if not self.costed:
                self.cost()
            letters, extra, ins, indexes = self.letters, self.extra, self.ins, self.indexes
            self._columns = tuple(
                [
                    _Column(indexes[i], _in(ord(letters[i]), _VOWEL_BITS), extra[i], ins[i])
                    for i in range(len(letters))
                ]
            )
        return self._columns


def _floors(totals: list[float], indexes: list[int], leasts: list[float]) -> list[float]:
    """Add each letter's least cost to its letter's total (by index in _LETTERS), in order:
    a letter's floor is the float sum of its occurrences' least costs, left to right.
    """
    for i in range(len(indexes)):
        index = indexes[i]
        totals[index] = totals[index] + leasts[i]  # a float addition (+= on an item is generic)
    return totals


# Every float of at least 2**-5 is a whole multiple of 2**-57 (53 bits of mantissa), and every
# cost a letter adds to a floor is at least 0.05: the floors are exact integers in this unit,
# so their exact sum is an integer sum, and converting it to float rounds it correctly.
_UNIT: Final = 2.0**-57
_PER_UNIT: Final = 2.0**57


class _English:
    """An English word or span: its letters; once a lower bound needs them, their floors; once
    a DP needs them (for about a third of the spans compared), its columns.
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        if len(tokens) == 1:
            self.letters = tokens[0].letters
            self.mask = tokens[0].mask
        else:
            self.letters = "".join([t.letters for t in tokens])
            mask = 0
            for token in tokens:
                mask |= token.mask
            self.mask = mask
        # Per letter (its index in _LETTERS), the least total cost of its occurrences if no
        # slot can spell them (0.0 for a letter not there), once ``cost`` has run.
        self.costed = False
        self.floors_at: list[float] = _NO_FLOATS
        self.columns: tuple[_Column, ...] = ()  # until ``prepare`` runs
        # The DP's two working rows (see ``_min_cost``), made with the columns: every DP on the
        # span writes a cell before it reads it, so they are reused rather than made anew.
        self.rows: tuple[list[float], list[float]] = _NO_ROWS

    def cost(self) -> None:
        """Work out the floors: only a comparison the Korean side alone cannot rule out (see
        ``_lower_bound``) needs them.
        """
        tokens = self.tokens
        for token in tokens:
            if not token.costed:
                token.cost()
        if len(tokens) == 1:
            self.floors_at = tokens[0].floors_at
        elif not tokens:
            self.floors_at = [0.0] * len(_LETTERS)
        else:
            # The first token's totals, then the next tokens' letters added one by one: the
            # same additions in the same order as over the span's letters from the start.
            totals = list(tokens[0].floors_at)
            for k in range(1, len(tokens)):
                token = tokens[k]
                totals = _floors(totals, token.indexes, token.leasts)
            self.floors_at = totals
        self.costed = True

    def prepare(self) -> None:
        """Make the DP's columns and rows."""
        tokens = self.tokens
        if len(tokens) == 1:
            self.columns = tokens[0].columns()
        else:
            columns: list[_Column] = []
            for token in tokens:
                columns.extend(token.columns())
            self.columns = tuple(columns)
        width = len(self.columns) + 1
        self.rows = ([0.0] * width, [0.0] * width)


def _silent_e_at(token: str, i: int) -> bool:
    """Whether ``token[i]`` is a silent final e (make, names, used)."""
    n = len(token)
    if i >= n or ord(token[i]) != 101:  # e
        return False
    return i == n - 1 or (i == n - 2 and ord(token[n - 1]) in (115, 100) and n > 3)  # s, d


def _letter_costs(token: str) -> tuple[list[float], list[float]]:
    """Cost of leaving each letter of one token unmatched, and of matching it letter-for-letter.

    On character codes (see ``_in``); 0 stands for no letter before or after.
    """
    n = len(token)
    costs: list[float] = []
    extra = [0.0] * n
    for i in range(n):
        ch = ord(token[i])
        prev = ord(token[i - 1]) if i > 0 else 0
        nxt = ord(token[i + 1]) if i + 1 < n else 0
        after = ord(token[i + 2]) if i + 2 < n else 0
        vowel = _in(ch, _VOWEL_BITS)
        if ch == prev:
            cost = 0.05  # doubled letter
            if vowel:
                extra[i] = _SPLIT_VOWEL
        elif _silent_e_at(token, i):
            cost = 0.1  # silent final e (make, names, used)
            extra[i] = _SILENT_E
        elif ch == 115 and i == n - 1 and n > 3 and prev != 115 and prev != 117:  # s; not s, u
            cost = _INS_PLURAL
        elif ch == 104 and _in(prev, _DIGRAPH_H_BITS):  # h
            cost = 0.15
        elif ch == 104 and _in(prev, _VOWEL_BITS):
            cost = 0.2  # Ahn, Oh, Sarah
        elif (
            ch == 114  # r
            and _in(prev, _VOWEL_BITS)
            and (not _in(nxt, _VOWEL_BITS) or _silent_e_at(token, i + 1))
        ):
            cost = 0.1  # non-rhotic r: start = 스타트, computer = 컴퓨터, picture = 픽처
        elif (ch == 119 or ch == 121) and _in(prev, _VOWEL_BITS):  # w, y
            cost = 0.2  # low, new, day, boy
        elif ch == 117 and (prev == 113 or prev == 103) and _in(nxt, _VOWEL_BITS):  # u; q, g
            cost = 0.2  # quo, guitar
        elif ch == 103 and nxt == 104 and not _in(after, _VOWEL_BITS):  # g, h
            cost = 0.2  # night, Leigh
        elif i == 0 and (ch, nxt) in _SILENT_FIRST:
            cost = 0.2
        elif ch == 103 and i == n - 2 and (nxt == 109 or nxt == 110):  # g; m, n
            cost = 0.2  # campaign, design, paradigm
        elif ch == 98 and prev == 109 and i == n - 1:  # b, m
            cost = 0.2  # climb
        elif ch == 108 and (prev == 97 or prev == 111) and (nxt == 107 or nxt == 109):
            cost = 0.3  # talk, calm: l between a/o and k/m
        elif ch == 99 and nxt == 107:  # c, k
            cost = 0.1
        elif ch == 104:  # h
            cost = 0.5
        elif vowel:
            cost = _INS_VOWEL
        else:
            cost = _INS_CONSONANT
        costs.append(cost)
    return costs, extra


# The first letter of kn, wr, ps, pn, gn, pt is silent.
_SILENT_FIRST: Final = frozenset(
    (ord(pair[0]), ord(pair[1])) for pair in ("kn", "wr", "ps", "pn", "gn", "pt")
)


_ENGLISH: Final[dict[str, _English]] = {}


def _compile_english(english: str) -> _English:
    found = _ENGLISH.get(english)
    return remember(_ENGLISH, english, _english_letters(english)) if found is None else found


def _english_letters(english: str) -> _English:
    # One pass by character code: ASCII, and only ASCII letters and digits (compiled, a native
    # loop; str.isascii is a method call).
    ascii_ = True
    alnum = len(english) > 0
    for i in range(len(english)):
        c = ord(english[i])
        if c >= 128:
            ascii_ = False
            break
        if alnum and not (48 <= c <= 57 or 97 <= c | 32 <= 122):  # 0-9, A-Z or a-z
            alnum = False
    if ascii_:
        text = english.lower()  # NFKD leaves ASCII as it is, with no combining marks
        if alnum:
            # The commonest span, one plain word: its one token, without the regex.
            return _English([_compile_token(text)])
        words = text.split()
        if all(word.isalnum() for word in words):
            # Plain words apart: the regex's tokens, found for less.
            return _English([_compile_token(word) for word in words])
    else:
        text = unicodedata.normalize("NFKD", english)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    if "'" in text or "’" in text:
        text = _POSSESSIVE_RE.sub("", text)
    return _English([_compile_token(token) for token in _TOKEN_RE.findall(text)])


_TOKENS: Final[dict[str, _Token]] = {}


def _compile_token(token: str) -> _Token:
    """Compile one token (see ``_letter_costs``).

    Names recur in many spans of an article ("Kim", "Kim Jong", "Jong Un"): each token is
    compiled once.
    """
    found = _TOKENS.get(token)
    if found is None:
        # x is two sounds (ks) except at the start of a token (Xi, Xerox).
        letters = token[0] + token[1:].replace("x", "ks") if "x" in token else token
        found = remember(_TOKENS, token, _Token(letters))
    return found


def _lower_bound(variant: _Variant, eng: _English, budget: float = math.inf) -> float:
    """A cheap lower bound of ``_min_cost``: letters and slots that cannot be matched at all.

    The Korean side's part comes first, and needs only the English letters' set: when it is
    over ``budget`` alone, it is returned as it is (a lower bound still), and the English
    side's floors need not be worked out.
    """
    mask = eng.mask
    korean_only = 0.0
    costs = variant.need_costs
    for k, letters in enumerate(variant.need_letters):
        if not letters & mask:
            korean_only += costs[k]
    if korean_only > budget:
        return korean_only
    # The floors of the English letters no slot can spell, summed exactly and rounded once
    # (the same total whatever order they come in, as math.fsum gives).
    unspelled = mask & ~variant.letters
    if not unspelled:
        return korean_only  # max(0.0, korean_only)
    if not eng.costed:
        eng.cost()
    # Only the unspelled letters are visited, lowest bit first, as whole numbers of _UNIT:
    # integers add exactly, in any order, and float() rounds their sum correctly (half to
    # even), as fsum does.
    floors_at = eng.floors_at
    left = unspelled
    total = 0
    while left:
        low = left & -left
        scaled = floors_at[low.bit_length() - 1] * _PER_UNIT  # exact: a power of two
        whole = int(scaled)
        if whole != scaled:
            break  # not a whole number of units (see _UNIT): fsum below
        total += whole
        left ^= low
    if not left:
        english_only = float(total) * _UNIT
    else:
        # fsum is exact whatever the order: by index, as the floors are kept.
        english_only = math.fsum([floors_at[i] for i in range(len(_LETTERS)) if unspelled >> i & 1])
    return max(english_only, korean_only)


# --- alignment ----------------------------------------------------------------------------


def _min_cost(variant: _Variant, eng: _English, budget: float) -> float:
    """Cheapest alignment cost if at most ``budget``; else -1.0.

    Only the cells at most ``budget`` matter: costs only add up along a path, so every cell of
    a path costing at most ``budget`` is at most ``budget`` too. Each row is computed over the
    band of columns such a cell can reach from the band of the row before, whose other cells
    count as over the budget (their lists keep older rows' values: they are never read). A
    cell at most ``budget`` comes out exact, as in the whole table; the rest may come out
    higher than in the whole table, but over ``budget`` all the same.
    """
    letters = eng.letters
    if not eng.columns:
        eng.prepare()
    columns = eng.columns
    # Two rows, filled in turn: writing into rows made once is cheaper than a new list
    # appended to per slot. Only the band's cells are read, each after this DP wrote it.
    prev, cur = eng.rows
    width = len(prev)
    # The first row, the cost of leaving the first j letters out, grows at each letter: its
    # band runs from 0 to the last cell at most ``budget``, and only that much is written.
    lo = 0
    hi = 0
    prev[0] = 0.0
    total = 0.0
    while hi + 1 < width:
        total += columns[hi].insert
        if total > budget:
            break
        hi += 1
        prev[hi] = total
    spare = prev
    inf = _INF
    for slot in variant.slots:
        skip = slot.skip
        by_index = slot.by_index
        sv = slot.vowel
        sub = _SUB_VOWEL if sv else _SUB_CONSONANT
        # Past ``last``, no cell of the band before is in reach: only the cell to the left
        # feeds a cell, and once it is over the budget, so is the rest of the row.
        last = hi + slot.reach
        new_lo = -1
        new_hi = -1
        j = lo
        if j == 0:
            left = prev[0] + skip
            cur[0] = left
            if left <= budget:
                new_lo = new_hi = 0
            diag = prev[0]  # prev[j - 1]
            j = 1
        else:
            left = inf
            diag = inf  # prev[lo - 1] is outside the band
        before = columns[j - 2].index if j >= 2 else -1  # index of the letter j - 2
        while j < width:
            if j > last and left > budget:
                break
            column = columns[j - 1]
            index = column.index
            extra = column.extra
            up = prev[j] if j <= hi else inf
            best = up + skip
            v = diag + sub + extra if column.vowel == sv else diag + _SUB_OTHER
            if v < best:
                best = v
            # Every spelling listed ends in the current letter: one of two letters only needs
            # its first to be the letter before (an integer test, not a slice).
            for spelling in by_index[index]:
                size = spelling.size
                if size == 1:
                    v = diag + spelling.cost + extra
                elif size == 2:
                    if spelling.first != before or j - 2 < lo or j - 2 > hi:
                        continue
                    v = prev[j - 2] + spelling.cost
                elif lo <= j - size <= hi and letters[j - size : j] == spelling.text:
                    v = prev[j - size] + spelling.cost
                else:
                    continue
                if v < best:
                    best = v
            v = left + column.insert
            if v < best:
                best = v
            cur[j] = best
            if best <= budget:
                if new_lo < 0:
                    new_lo = j
                new_hi = j
            left = best
            diag = up
            before = index
            j += 1
        if new_lo < 0:
            return -1.0  # every cell of the row is over the budget: so is every alignment
        lo = new_lo
        hi = new_hi
        prev = cur
        cur, spare = spare, cur
    return prev[-1] if hi == width - 1 else -1.0


# Held here: compiled, ``math.inf`` would be looked up in the module at each use.
_INF: Final = math.inf


def _denominator(variant: _Variant, eng: _English) -> float:
    # Short words must not score high on one lucky letter: count at least three letters.
    # float(len): the float + int of compiled code is a generic, slower addition (same value).
    return max(3.0, (variant.length + float(len(eng.letters))) / 2)


@functools.lru_cache(maxsize=131072)
def similarity(korean: str, english: str, floor: float = EXACT_FLOOR) -> float:
    """Score in [0, 1] how well a Korean loanword or name sounds like an English word or span.

    Exact at or above ``floor`` (at least ``EXACT_FLOOR``); below it, an upper bound of the
    exact score that stays below ``floor``. A caller that only keeps scores of 0.8 or more
    passes ``floor=0.8`` and lets the comparison stop much earlier.
    """
    return compare(korean, english, floor)


def compare(korean: str, english: str, floor: float = EXACT_FLOOR) -> float:
    """Return ``similarity(korean, english, floor)``, computed afresh: no cache is asked.

    For a caller that keeps scores of its own and meets few pairs twice: most pairs are ruled
    out by ``_lower_bound`` at once, cheaper than a call through the cache.
    """
    floor = max(floor, EXACT_FLOOR)
    variants = _compile_korean(korean)
    eng = _compile_english(english)
    if not variants or not eng.letters:
        return 0.0
    best = 0.0
    for variant in variants:
        denom = _denominator(variant, eng)
        # Stop the DP once this variant cannot reach max(floor, best so far).
        target = max(floor, best) / variant.factor
        budget = max((1.0 - target) * denom, 0.0)
        cost = _lower_bound(variant, eng, budget)
        over = cost > budget
        if not over:
            cost = _min_cost(variant, eng, budget)
            if cost < 0.0:
                # Over the budget: the budget itself is a lower bound of the cost.
                over = True
                cost = budget
        score = max(0.0, 1.0 - cost / denom) * variant.factor
        if over:
            # Ruled out by the bound or the DP: ``score`` is only an upper bound, and may not
            # pass for an exact score at the floor.
            score = min(score, floor - 1e-4)
        if score > best:
            best = score
    if best < floor:
        # An upper bound, which no caller reads but to see it is under the floor: it is left
        # unrounded (most comparisons end here), and kept off the floor.
        return min(best, floor - 1e-4)
    return round_to(best, 4)


def best_match(
    korean: str, candidates: Sequence[str], threshold: float = DEFAULT_THRESHOLD
) -> tuple[int, float] | None:
    """Return the index and score of the candidate that best matches ``korean``, if any passes.

    Ties go to the earlier candidate. Scores are exact from ``similarity``'s default floor
    (0.6) up: a lower ``threshold`` compares upper bounds below it.
    """
    best: tuple[int, float] | None = None
    for i, candidate in enumerate(candidates):
        score = similarity(korean, candidate)
        if score >= threshold and (best is None or score > best[1]):
            best = (i, score)
    return best


@functools.lru_cache(maxsize=4096)
def latin_keys(hangul: str, limit: int = 4) -> tuple[str, ...]:
    """Return a few cheap Latin spellings of a Korean word, the plain reading's best first.

    For debugging and indexing: ``similarity`` does not use them. Each reading contributes its
    cheapest spelling before any reading's second best, so a personal name yields its name
    order variants too (이재용 → ijaeyong, leejaeyong, jaeyonglee, ...).
    """
    per_variant: list[list[str]] = []
    for variant in _compile_korean(hangul):
        beam: list[tuple[float, str]] = [(0.0, "")]
        for slot in variant.slots:
            choices = list(slot.options)
            if slot.skip < 0.5:
                choices.append(("", slot.skip))
            grown = [(cost + c, text + s) for cost, text in beam for s, c in choices]
            grown.sort(key=lambda item: item[0])  # stable: the primary spelling wins ties
            beam = grown[: limit * 3]
        per_variant.append([text for _, text in beam if text])
    keys: list[str] = []
    for depth in range(limit * 3):
        for texts in per_variant:
            if depth < len(texts) and texts[depth] not in keys:
                keys.append(texts[depth])
    return tuple(keys[:limit])


# --- loanword heuristic -------------------------------------------------------------------

_NON_SINO_FINALS: Final = frozenset({"ㄷ", "ㅅ", "ㅆ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ", "ㄲ"})
_NON_SINO_INITIALS: Final = frozenset({"ㄲ", "ㄸ", "ㅃ", "ㅉ", "ㅋ"})
_NON_SINO_MEDIALS: Final = frozenset({"ㅒ"})


def _non_sino(syl: _Jamo) -> bool:
    """Whether a syllable cannot be the reading of any common hanja."""
    if syl.latin:
        return True
    if syl.initial in _NON_SINO_INITIALS and syl.medial != "ㅙ":  # 쾌 (快) is the exception
        return True
    if syl.final in _NON_SINO_FINALS or len(syl.final) > 1:
        return True
    if syl.medial in _NON_SINO_MEDIALS:
        return True
    if syl.medial == "ㅡ" and not syl.final and syl.initial != "ㅇ":
        return True  # open 스, 트, 크, 드, 프: the epenthetic vowel of loanwords
    if syl.medial in _Y_VOWELS and syl.initial in _PALATAL:
        return True  # 샤, 쇼, 션, 쥬, 챠: no hanja reads so
    return (
        syl.initial == "ㅌ"
        and syl.medial in ("ㅐ", "ㅔ", "ㅣ", "ㅑ", "ㅕ", "ㅠ")
        and (syl.medial != "ㅐ" or syl.final not in ("", "ㄱ"))
    )


@functools.cache
def sino_readings() -> frozenset[str]:
    """Return the syllables that read some hanja (from the ``hanja`` package's table)."""
    from flashcards.lexicon.bridge import reading_syllables

    return reading_syllables() | {"김"}  # the table reads 金 as 금 only, not as the surname


def looks_like_loanword(korean: str, readings: AbstractSet[str] | None = None) -> bool:
    """Guess whether a Korean word is not Sino-Korean: a loanword, a foreign name or native.

    True when a syllable reads no hanja (스, 트, 뱅, 쇼, 티, 디, 버, Latin letters); ``readings``
    defaults to ``sino_readings()``. Loanwords made only of syllables that also read hanja
    (소니, 아마존) and Korean names give False, so False means "no evidence".
    Native words (바다, 하늘) also give True: telling them apart needs a dictionary.
    """
    if readings is None:
        # Asked of every term when units are joined and again when they are aligned: kept in
        # a plain dict (compiled, reading it is native; a call through lru_cache is not).
        found = _LOANWORDS.get(korean)
        if found is None:
            found = remember(_LOANWORDS, korean, _reads_as_loanword(korean, None))
        return found
    return _reads_as_loanword(korean, readings)


_LOANWORDS: Final[dict[str, bool]] = {}


def _reads_as_loanword(korean: str, readings: AbstractSet[str] | None) -> bool:
    # The kept characters hold every Hangul syllable of the word in NFC (see ``_split``).
    codes, syls = _split(korean)
    if any(_non_sino(syl) for syl in syls):
        return True
    if readings is None:
        # A frozenset: compiled, ``in`` is a native set look-up (an AbstractSet's is generic).
        sino = sino_readings()  # loaded only when needed
        return any(_SYL_FIRST <= code <= _SYL_LAST and chr(code) not in sino for code in codes)
    return any(_SYL_FIRST <= code <= _SYL_LAST and chr(code) not in readings for code in codes)
