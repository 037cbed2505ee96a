"""Glosses for compound nouns no source lists, from the glosses of their parts.

News Korean writes compounds without spaces (기술인재, 진흥정책, 경제협력개발기구). When no source
has the whole word, it is split into known parts (words any source glosses, or one-syllable
Sino-Korean affixes from the table below) and glossed part by part: "technology + talent".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flashcards.lexicon.hangul import is_all_hangul
from flashcards.models import Gloss

SOURCE = "compound"

# One-syllable Sino-Korean affixes common in news compounds, with a learner gloss each (two
# when news uses both readings, commonest first). Written for this project.
PREFIXES: Mapping[str, str] = {
    "대": "large",
    "최": "most",
    "초": "super",
    "비": "non-",
    "재": "re-",
    "반": "anti-",
    "신": "new",
    "고": "high",
    "저": "low",
    "총": "total",
    "탈": "post-",
    "친": "pro-",
    "미": "un-",
    "무": "no",
    "전": "former",
    "현": "current",
    "부": "vice-",
    "주": "main",
    "준": "semi-",  # 준결승 semifinal
    "팝": "pop",
    "올": "this year's",  # 올여름
    "농": "farm",
    "시": "city",  # 시의회 city council
    "종": "final",
}
SUFFIXES: Mapping[str, str] = {
    "성": "-ity",
    "화": "-ization",
    "국": "country; agency",  # 회원국 member country, 안보국 security agency
    "계": "field; system; circles",  # 학계 academic field, 신경계 nervous system, 정계
    "소": "institute",
    "지": "place",
    "부": "ministry",
    "자": "person",
    "율": "rate",
    "률": "rate",
    "권": "rights",
    "력": "power",
    "형": "type",
    "가": "-ist",
    "학": "studies",
    "비": "cost",
    "층": "class",
    "업": "industry",
    "인": "person",
    "원": "member",
    "청": "agency",
    "처": "office",
    "제": "system",
    "금": "money",
    "품": "goods",
    "법": "law",
    "파": "faction",
    "대": "university",
    "시": "city",
    "도": "province",
    "급": "level",
    "용": "for use",
    "식": "style",
    "단": "group",
    "사": "company",
    "팀": "team",
    "점": "point",
    "안": "bill",
    "전": "war",
    "군": "forces",
    "범": "criminal",
    "객": "visitor",
    "측": "side",
    "실": "office",
    "관": "official; director; hall",  # 외교관 diplomat, 정책관 policy director; 기념관
    "직": "post",  # 대표직, 회장직
    "세": "tax",
    "령": "order",  # 금지령 ban, 대피령
    "술": "technique",
    "주": "week; stock",  # 지난주; 기술주 tech stocks
    "달": "month",  # 지난달
    "일": "day",  # 기념일, 투표일
    "간": "for; between",  # 사흘간 for three days, 양국간
    "상": "prize; for reasons of",  # 노벨상, 평화상; 건강상, 편의상
    "어": "language",  # 독일어, 아랍어
    "문": "text",  # 성명문 statement, 합의문
    "유": "oil",  # 식용유 cooking oil
    "통": "tank",  # 물통, 가스통
    "량": "amount",
    "본": "copy",  # 사본, 초판본
    "책": "measure",  # 대응책, 해결책
    "설": "rumor",  # 사임설, 결혼설
    "수": "number",  # 사망자수, 관객수
    "장": "chief",  # 연구소장, 경찰서장
}

MAX_PARTS = 4


@dataclass(frozen=True)
class Part:
    text: str
    glosses: tuple[Gloss, ...]

    # The constructor dataclass would generate, written out: compiled, it is native (as the
    # records of flashcards.models write theirs, which says why).
    def __init__(self, text: str, glosses: tuple[Gloss, ...]) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "glosses", glosses)


Lookup = Callable[[str], list[Gloss]]


def split_compound(word: str, lookup: Lookup, max_parts: int = MAX_PARTS) -> list[Part] | None:
    """Split ``word`` into the fewest known parts, the longest one longest; None when impossible.

    A part is known when ``lookup`` has glosses for it (two syllables or more) or it is a listed
    prefix (first part) or suffix (last part).
    """
    if len(word) < 3 or not is_all_hangul(word):
        return None
    # Module-level helpers rather than closures: a recursive closure is a reference cycle,
    # garbage only the cyclic collector frees, and the aligner runs with it paused.
    return _best(word, lookup, {}, 0, max_parts)


def _known(part: str, lookup: Lookup, first: bool, last: bool) -> Part | None:
    if len(part) >= 2:
        glosses = lookup(part)
        if glosses:
            return Part(part, tuple(glosses))
    affix = (PREFIXES.get(part) if first else None) or (SUFFIXES.get(part) if last else None)
    if affix:
        return Part(part, tuple(Gloss(a, SOURCE) for a in affix.split("; ")))
    return None


def _best(
    word: str,
    lookup: Lookup,
    memo: dict[tuple[int, int], list[Part] | None],
    start: int,
    budget: int,
) -> list[Part] | None:
    key = (start, budget)
    if key in memo:
        return memo[key]
    result: list[Part] | None = None
    rest = word[start:]
    whole = _known(rest, lookup, start == 0, True) if start > 0 else None
    if whole is not None:
        result = [whole]
    elif budget > 1:
        # Longest first part first (경제협력|개발기구 before 경|제협력…): it wins a tie.
        for end in range(len(word) - 1, start, -1):
            first = start == 0
            if end == len(word) - 1:
                # A one-syllable rest needs no lookup (a listed suffix or nothing): asked
                # first, the long first part before it is looked up only when it is known.
                tail = _best(word, lookup, memo, end, budget - 1)
                head = _known(word[start:end], lookup, first, False) if tail is not None else None
            else:
                head = _known(word[start:end], lookup, first, False)
                tail = _best(word, lookup, memo, end, budget - 1) if head is not None else None
            if head is None or tail is None:
                continue
            longest = max(len(head.text), _longest(tail))
            if result is None or _better(1 + len(tail), longest, result):
                result = [head, *tail]
                if len(result) == 2 and _longest(result) >= len(rest) - 1:
                    break  # the fewest parts, and no other split has a longer one
    memo[key] = result
    return result


def _better(parts: int, longest: int, than: list[Part]) -> bool:
    """Tell whether a split is better than ``than``: fewer parts, then a longer longest part.

    A long known word is seldom there by chance: 대|운동장 ("large" + "playground") over
    대운|동장, two rare words that happen to meet.
    """
    if parts != len(than):
        return parts < len(than)
    return longest > _longest(than)


def _longest(parts: list[Part]) -> int:
    return max([len(p.text) for p in parts])


def compound_glosses(word: str, lookup: Lookup) -> list[Gloss]:
    """Return glosses "part1 + part2" for a compound; [] when it won't split.

    The parts' first glosses, then one part at a time in its second gloss, then the head (the
    last part) in its third.
    """
    parts = split_compound(word, lookup)
    if not parts or len(parts) < 2:
        return []
    firsts = [_bare(p.glosses[0].text) for p in parts]
    options = [firsts]
    # Variants with a part's second gloss, and the head's third: more chances to meet the
    # article's wording (기술창업 → "technology startups": "startup" is 창업's third gloss).
    # Each variant is one more gloss text for the aligners to read: the head's is the one
    # English keeps most.
    for i, part in enumerate(parts):
        if len(part.glosses) > 1:
            options.append([*firsts[:i], _bare(part.glosses[1].text), *firsts[i + 1 :]])
    head = parts[-1]
    if len(head.glosses) > 2:
        options.append([*firsts[:-1], _bare(head.glosses[2].text)])
    hanja_parts = [next((g.hanja for g in p.glosses if g.hanja), "") for p in parts]
    hanja = "".join(hanja_parts) if all(hanja_parts) else ""
    # The options share source and hanja: they repeat when their texts do, and a gloss is made
    # only for a new text.
    out: dict[str, Gloss] = {}
    for option in options:
        text = " + ".join(option)
        if text not in out:
            out[text] = Gloss(text, SOURCE, hanja)
    return list(out.values())


def _bare(text: str) -> str:
    return text[3:] if text.startswith("to ") else text
