"""Korean readings of hanja: the ``hanja`` package's table plus the readings it lacks.

The ``hanja`` package gives one reading per character (in its original form: 流 류, 女 녀). Common
characters with more than one Sino-Korean reading are listed here by hand, preferred reading first;
the bridge tries the others as lower-ranked alternatives.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from flashcards.lexicon.hangul import initial_form, read_word, starts_with_d_or_j

# Characters whose readings the hanja table lacks or ranks badly (original, pre-두음법칙 forms).
POLYPHONES: Mapping[str, tuple[str, ...]] = {
    "樂": ("락", "악", "요"),
    "金": ("금", "김"),
    "北": ("북", "배"),
    "行": ("행", "항"),
    "便": ("편", "변"),
    "說": ("설", "세", "열"),
    "説": ("설", "세", "열"),
    "度": ("도", "탁"),
    "讀": ("독", "두"),
    "率": ("률", "솔"),
    "宅": ("택", "댁"),
    "復": ("복", "부"),
    "惡": ("악", "오"),
    "易": ("역", "이"),
    "更": ("경", "갱"),
    "降": ("강", "항"),
    "車": ("차", "거"),
    "切": ("절", "체"),
    "識": ("식", "지"),
    "殺": ("살", "쇄"),
    "索": ("색", "삭"),
    "省": ("성", "생"),
    "見": ("견", "현"),
    "參": ("참", "삼"),
    "拓": ("척", "탁"),
    "暴": ("폭", "포"),
    "布": ("포", "보"),
    "茶": ("차", "다"),
    "洞": ("동", "통"),
    "則": ("칙", "즉"),
    "狀": ("상", "장"),
    "數": ("수", "삭"),
    "塞": ("색", "새"),
    "沈": ("침", "심"),
    "丹": ("단", "란"),
    "射": ("사", "야", "석"),
    "葉": ("엽", "섭"),
    "糖": ("당", "탕"),
    "畫": ("화", "획"),
    "龜": ("구", "귀", "균"),
    "契": ("계", "글"),
    "炙": ("자", "적"),
    "帥": ("수", "솔"),
    "寧": ("녕", "령"),
    "刺": ("자", "척"),
    "辰": ("진", "신"),
    "乾": ("건", "간"),
    "拾": ("습", "십"),
    "什": ("십", "집"),
    "宿": ("숙", "수"),
    "著": ("저", "착"),
    "食": ("식", "사"),
    "若": ("약", "야"),
    "賈": ("가", "고"),
    "屬": ("속", "촉"),
    "廓": ("곽", "확"),
    "徵": ("징", "치"),
    "串": ("관", "곶", "천"),
    "單": ("단", "선"),
    "奈": ("내", "나"),
}

# Whole words read irregularly (the rules above cannot produce them).
IRREGULAR_WORDS: Mapping[str, str] = {
    "六月": "유월",
    "十月": "시월",
    "木瓜": "모과",
    "菩提": "보리",
    "初八日": "초파일",
    "五六月": "오뉴월",
}

# Cap on the alternative readings generated per word: a 4-character idiom of polyphones would
# otherwise produce dozens of keys nobody searches for.
MAX_READINGS = 6


@functools.cache
def hanja_table() -> Mapping[str, str]:
    """Return the ``hanja`` package's character → reading table (loads a YAML file once)."""
    from hanja.table import hanja_table as table

    result: Mapping[str, str] = table
    return result


def char_readings(ch: str, table: Mapping[str, str]) -> tuple[str, ...]:
    """Return the readings of one character, preferred first; empty when unknown."""
    listed = POLYPHONES.get(ch)
    if listed is not None:
        return listed
    reading = table.get(ch)
    return (reading,) if reading else ()


def word_readings(word: str, table: Mapping[str, str]) -> list[tuple[str, int]]:
    """Return the Hangul readings of a hanja word as (reading, penalty), best first.

    Penalty 0 is the regular reading; each alternative character reading or compound-internal
    initial rule (신여성 新女性) costs 1. Empty when a character has no known reading.
    """
    irregular = IRREGULAR_WORDS.get(word)
    per_char: list[tuple[str, ...]] = []
    single = True
    for ch in word:
        options = POLYPHONES.get(ch)
        if options is None:
            reading = table.get(ch)
            if reading is None:
                return []
            options = (reading,)
        elif len(options) > 1:
            single = False
        per_char.append(options)

    if single and irregular is None and len(word) < 3 and "不" not in word:
        # The bulk of the index: one reading each, no compound-internal variants.
        return [(read_word([options[0] for options in per_char]), 0)]

    if single:
        combos: list[tuple[list[str], int]] = [([options[0] for options in per_char], 0)]
    else:
        # Breadth-limited product: choices ordered by total penalty.
        combos = [([], 0)]
        for options in per_char:
            combos = [
                ([*prefix, reading], cost + rank)
                for prefix, cost in combos
                for rank, reading in enumerate(options)
            ]
            combos.sort(key=lambda item: item[1])
            del combos[MAX_READINGS * 2 :]

    seen: dict[str, int] = {}
    if irregular:
        seen[irregular] = 0
    for chars, cost in combos:
        chars = _apply_bul(word, chars)
        _add(seen, read_word(chars), cost)
        if len(chars) >= 3:
            # A compound whose later element starts with ㄴ/ㄹ may keep the initial form there
            # (신여성 新女性, 해외여행 海外旅行).
            for pos in range(1, len(chars)):
                if initial_form(chars[pos]) != chars[pos]:
                    variant = read_word(chars, initial_rule_at=frozenset({0, pos}))
                    _add(seen, variant, cost + 1)
    if len(seen) == 1:
        return list(seen.items())
    ranked = sorted(seen.items(), key=lambda item: item[1])
    return ranked[:MAX_READINGS]


def _add(seen: dict[str, int], reading: str, cost: int) -> None:
    if reading not in seen or seen[reading] > cost:
        seen[reading] = cost


def _apply_bul(word: str, chars: list[str]) -> list[str]:
    # 不 reads 부 before ㄷ and ㅈ (부족 不足, 부정 不正, 부동산 不動産).
    if "不" not in word:
        return chars
    out = list(chars)
    for i, ch in enumerate(word[:-1]):
        if ch == "不" and out[i] == "불" and starts_with_d_or_j(out[i + 1]):
            out[i] = "부"
    return out
