"""Hangul syllable arithmetic and the Sino-Korean sound rules (두음법칙 and friends)."""

from __future__ import annotations

import functools
import re
from typing import Final

_BASE: Final = 0xAC00
_LAST: Final = 0xD7A3

# Jamo indices in the composed-syllable formula (initial * 21 + medial) * 28 + final.
_G, _N, _R, _O = 0, 2, 5, 11  # ㄱ ㄴ ㄹ ㅇ (initials)
_D, _J = 3, 12  # ㄷ ㅈ (initials)
_FINAL_NONE, _FINAL_N = 0, 4  # no final, final ㄴ

# Medials, by index: ㅏ0 ㅐ1 ㅑ2 ㅒ3 ㅓ4 ㅔ5 ㅕ6 ㅖ7 ㅗ8 ㅘ9 ㅙ10 ㅚ11
# ㅛ12 ㅜ13 ㅝ14 ㅞ15 ㅟ16 ㅠ17 ㅡ18 ㅢ19 ㅣ20.
# Before these "i/y" vowels an initial ㄴ or ㄹ drops entirely (녀→여, 려→여, 리→이); before any
# other vowel ㄹ becomes ㄴ (라→나, 로→노, 뢰→뇌, 르→느).
_Y_MEDIALS = frozenset({2, 3, 6, 7, 12, 17, 20})


def is_syllable(ch: str) -> bool:
    """Tell whether ``ch`` is one precomposed Hangul syllable (가–힣)."""
    return len(ch) == 1 and _BASE <= ord(ch) <= _LAST


_SYLLABLE_RE = re.compile("[\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    # A regular expression: the glossary loader asks this of every one of ~40,000 fields.
    return _SYLLABLE_RE.search(text) is not None


def is_all_hangul(text: str) -> bool:
    # By code point (compiled, iterating over the characters makes a string of each).
    for i in range(len(text)):
        code = ord(text[i])
        if code < _BASE or code > _LAST:
            return False
    return text != ""


def is_han(ch: str) -> bool:
    """Tell whether ``ch`` is a CJK ideograph (unified, extension A or compatibility block)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def split_syllable(ch: str) -> tuple[int, int, int]:
    """Return the (initial, medial, final) jamo indices of one Hangul syllable."""
    code = ord(ch) - _BASE
    return code // 588, (code // 28) % 21, code % 28


def join_syllable(initial: int, medial: int, final: int) -> str:
    return chr(_BASE + (initial * 21 + medial) * 28 + final)


@functools.cache
def initial_form(syllable: str) -> str:
    """Apply the word-initial sound rule (두음법칙) to a reading: 녀→여, 력→역, 로→노."""
    if not is_syllable(syllable):
        return syllable
    ini, med, fin = split_syllable(syllable)
    if ini == _N and med in _Y_MEDIALS and med != 2 and med != 3:
        # ㄴ drops only before ㅕ ㅖ ㅛ ㅠ ㅣ (냐 stays 냐).
        return join_syllable(_O, med, fin)
    if ini == _R:
        return join_syllable(_O if med in _Y_MEDIALS else _N, med, fin)
    return syllable


def medial_form(previous: str, syllable: str) -> str:
    """Apply the non-initial rule: 렬/률 after a vowel or final ㄴ become 열/율 (비율, 나열)."""
    if syllable not in ("렬", "률") or not (is_syllable(previous) and is_syllable(syllable)):
        return syllable
    ini, med, fin = split_syllable(syllable)
    if ini == _R and med in (6, 17) and fin == 8:  # 렬 / 률 (final ㄹ is index 8)
        prev_final = split_syllable(previous)[2]
        if prev_final in (_FINAL_NONE, _FINAL_N):
            return join_syllable(_O, med, fin)
    return syllable


def starts_with_d_or_j(syllable: str) -> bool:
    """Tell whether a syllable starts with ㄷ or ㅈ (不 reads 부 before them: 부족, 부동산)."""
    return is_syllable(syllable) and split_syllable(syllable)[0] in (_D, _J)


def read_word(readings: list[str], *, initial_rule_at: frozenset[int] = frozenset({0})) -> str:
    """Join per-character readings into a word, applying the sound rules.

    ``initial_rule_at`` lists the positions that start a word element: 0 always, plus the start of
    the second element of a compound written with the initial form (신여성, 해외여행).
    """
    out: list[str] = []
    for i, reading in enumerate(readings):
        if i in initial_rule_at:
            out.append(initial_form(reading))
        else:
            out.append(medial_form(out[-1], reading))
    return "".join(out)
