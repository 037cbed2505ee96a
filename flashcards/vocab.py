"""Vocabulary selection: which aligned terms become cards, and what each card shows."""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from flashcards.align.words import gloss_words, root
from flashcards.models import (
    AlignedTerm,
    Counterpart,
    EnglishDoc,
    Gloss,
    KoreanDoc,
    Sentence,
    SentenceLink,
    StudyItem,
    TermOccurrence,
)

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

# Bound and function-like nouns, counters and time words: too vague to learn from one article.
FUNCTION_NOUNS = frozenset(
    {
        "것", "수", "등", "때", "중", "데", "뿐", "바", "측", "쪽", "번", "개", "명", "년", "월",
        "일", "원", "곳", "점", "분", "초", "시", "이상", "이하", "이번", "이날", "당시", "오늘",
        "어제", "내일", "그동안", "가운데", "관련", "대해", "통해", "위해", "따라", "경우",
        "정도", "때문", "자신", "우리", "이후", "이전", "최근", "전", "후", "내", "외", "간",
        "여", "만", "억", "조", "씨", "측면", "부분", "모두",
    }
)  # fmt: skip
# Verbs that carry grammar rather than vocabulary in news prose.
LIGHT_VERBS = frozenset(
    {
        "하다", "되다", "있다", "없다", "않다", "이다", "아니다", "말다", "싶다", "보다", "주다",
        "같다",
    }
)  # fmt: skip
# Organisation-like endings: names with these are vocabulary (법무부 = Ministry of Justice).
ORGANISATION_SUFFIXES = (
    "부",
    "처",
    "청",
    "원",
    "위원회",
    "기구",
    "은행",
    "대학",
    "대학교",
    "공사",
    "협회",
    "재단",
    "연구소",
    "회의",
    "그룹",
    "전자",
    "정부",
    "국회",
    "법원",
    "당",
    "실",  # 총리실, 비서실: an office
    "측",  # 미국측: a side in talks
)


@dataclass(frozen=True)
class VocabOptions:
    """What to study: size, ordering and filters."""

    max_terms: int = 40
    names: bool = False
    order: Literal["appearance", "frequency"] = "appearance"
    min_level: Level | None = None
    include_all: bool = False
    # Words the learner knows (flashcards.known: dictionary forms and entries as written).
    known: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """A term with the reasons it was kept or dropped (for ``terms --explain``)."""

    term: AlignedTerm
    keep: bool
    reasons: tuple[str, ...]
    score: float
    level: Level
    zipf: float


@functools.cache
def _korean_frequencies() -> Mapping[str, float]:
    # wordfreq's own Korean lookup tokenises with MeCab, which we do not ship; its raw word list
    # needs no tokeniser and covers the nouns and stems we look up.
    import wordfreq

    freqs: Mapping[str, float] = wordfreq.get_frequency_dict("ko")
    return freqs


def zipf(lemma: str, freqs: Mapping[str, float] | None = None) -> float:
    """Estimate a lemma's Zipf frequency (log10 per billion words) from wordfreq's Korean list."""
    freqs = _korean_frequencies() if freqs is None else freqs
    forms = [lemma]
    if lemma.endswith("하다") and len(lemma) > 2:
        forms.append(lemma[:-2])
    if lemma.endswith("다") and len(lemma) > 1:
        forms.append(lemma[:-1])
    best = max((freqs.get(f, 0.0) for f in forms), default=0.0)
    return round(math.log10(best) + 9, 2) if best > 0 else 0.0


def level_of(z: float) -> Level:
    """Band a Zipf frequency: common words are beginner vocabulary, rare ones advanced."""
    if z >= 4.8:
        return "beginner"
    if z >= 3.8:
        return "intermediate"
    return "advanced"


def is_name(term: AlignedTerm) -> bool:
    return term.pos in ("proper", "foreign")


# Suffixes that make a verb or adjective of a noun without making a new word to learn.
DERIVING_SUFFIXES = ("하다", "되다", "시키다")


def is_known(lemma: str, known: Collection[str]) -> bool:
    """Tell whether a term's lemma, or its word family, is among the known words.

    A noun and its 하다/되다/시키다 verbs are one family: knowing 도입 or 도입하다 covers 도입,
    도입하다, 도입되다 and 도입시키다. Only roots of two or more syllables count, since one-syllable
    roots often make a different word (잘 → 잘하다, 못 → 못하다). Spaces are ignored (인재 유출).
    """
    if not known:
        return False
    forms = {lemma, lemma.replace(" ", "")}
    root = next(
        (lemma[: -len(s)] for s in DERIVING_SUFFIXES if lemma.endswith(s)),
        lemma,
    ).replace(" ", "")
    if len(root) >= 2 and all("가" <= ch <= "힣" for ch in root):
        forms.add(root)
        forms.update(root + s for s in DERIVING_SUFFIXES)
    return not forms.isdisjoint(known)


def carries_vocabulary(lemma: str) -> bool:
    """Tell whether a name is also a word worth learning (ministries, companies, agencies)."""
    return len(lemma) >= 3 and lemma.endswith(ORGANISATION_SUFFIXES)


def decide(
    terms: Sequence[AlignedTerm],
    options: VocabOptions = VocabOptions(),
    *,
    title: str = "",
    freqs: Mapping[str, float] | None = None,
    english: EnglishDoc | None = None,
) -> list[Decision]:
    """Decide for every term whether it is worth a card, with reasons; keep order of appearance.

    With the ``english`` analysis, terms whose English is only part of a name, or is a name
    itself, are recognised.
    """
    decisions: list[Decision] = []
    for term in terms:
        z = zipf(term.lemma, freqs)
        level = level_of(z)
        drop: list[str] = []
        why: list[str] = []
        if is_known(term.lemma, options.known):
            drop.append("known (in your list)")
        if term.pos == "foreign":
            drop.append("Latin-script term (nothing Korean to learn)")
        elif term.pos == "noun" and term.lemma in FUNCTION_NOUNS:
            drop.append("function-like noun")
        elif term.pos in ("verb", "adjective") and term.lemma in LIGHT_VERBS:
            drop.append("grammatical verb")
        elif (
            term.pos == "proper" or (english is not None and _english_is_a_name(term, english))
        ) and not (options.names or carries_vocabulary(term.lemma)):
            drop.append("name (use --names to keep)")
        cp = term.counterpart
        if cp is not None and english is not None and term.pos != "proper":
            if _inside_a_name(cp, english):
                # "Tracker" of "Global AI Talent Tracker" is no translation of 추적.
                drop.append(f"English only as part of a name ({cp.text!r})")
            elif any(ch.isdigit() for ch in cp.text):
                drop.append(f"English is a code or number ({cp.text!r})")
        if any(ch.isdigit() for ch in term.lemma):
            drop.append("number")
        if term.counterpart is None and not term.glosses:
            drop.append("no English counterpart or gloss")
        elif term.counterpart is None and " " in term.lemma and term.pos == "noun":
            # 인재 유출 is a unit worth learning when the English kept it together; otherwise
            # its parts carry the cards.
            drop.append("multiword unit without its own English")
        elif term.counterpart is not None and term.counterpart.evidence == ("compound",):
            # 채팅 방 → "chat rooms": the English is its parts' English, the parts carry it.
            drop.append("its English is its parts' English")
        if options.min_level is not None and LEVELS.index(level) < LEVELS.index(options.min_level):
            drop.append(f"below level {options.min_level}")
        count = len(term.occurrences)
        score = 0.0
        if term.counterpart is not None:
            # How sure the article's English is matters most: a doubtful card teaches wrong.
            score += 1.0 + 2.0 * term.confidence
            why.append(f"article counterpart ({term.confidence:.2f})")
        else:
            why.append("dictionary gloss only")
        if (
            term.counterpart is not None
            and " " in term.lemma
            and term.pos == "noun"
            and term.counterpart.evidence != ("compound",)
        ):
            # A set phrase the English kept whole (인재 유출 → brain drain) is what a
            # dictionary of single words cannot teach.
            score += 0.5
            why.append("set phrase")
        score += 0.6 * math.log2(1 + count)
        if count > 1:
            why.append(f"{count} occurrences")
        if title and term.lemma in title:
            score += 0.5
            why.append("in the title")
        # Mid-frequency words are what an article teaches best; the most common ones the
        # learner likely knows, the rarest may be one-offs.
        score += {"beginner": 0.0, "intermediate": 0.6, "advanced": 0.4}[level]
        why.append(f"{level} (zipf {z:.1f})")
        decisions.append(Decision(term, not drop, tuple(drop) or tuple(why), score, level, z))
    if options.include_all:
        return [replace(d, keep=True) for d in decisions]
    kept = sorted((d for d in decisions if d.keep), key=lambda d: -d.score)
    over = {id(d) for d in kept[options.max_terms :]}
    return [
        replace(d, keep=False, reasons=(*d.reasons, f"beyond --max {options.max_terms}"))
        if id(d) in over
        else d
        for d in decisions
    ]


# Entity labels that name something; their words are not translations of common nouns.
_NAME_LABELS = frozenset(
    {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC", "GPE", "LOC", "NORP"}
)


def _inside_a_name(cp: Counterpart, english: EnglishDoc) -> bool:
    """Tell whether the counterpart is a strict part of a longer named entity."""
    for span in english.spans:
        if span.kind != "entity" or span.label not in _NAME_LABELS:
            continue
        if span.start <= cp.start and cp.end <= span.end:
            extra = [
                t
                for t in english.tokens[span.first : span.last]
                if (t.end <= cp.start or t.start >= cp.end)
                and t.pos not in ("DET", "PUNCT", "PART")
            ]
            if extra:
                return True
    return False


def _english_is_a_name(term: AlignedTerm, english: EnglishDoc) -> bool:
    """Tell whether a noun no dictionary knows came out as a proper name (오픈AI → OpenAI)."""
    cp = term.counterpart
    if cp is None or term.pos != "noun":
        return False
    if any(g.source == "glossary" or g.source.startswith("user:") for g in term.glosses):
        return False
    # Punctuation aside: the hyphen of "al-Maliki" is no word of the name.
    tokens = [
        t for t in english.tokens if cp.start <= t.start and t.end <= cp.end and t.pos != "PUNCT"
    ]
    return bool(tokens) and all(t.pos == "PROPN" for t in tokens)


def study_items(
    decisions: Sequence[Decision],
    korean: KoreanDoc,
    english: EnglishDoc,
    links: Sequence[SentenceLink],
    options: VocabOptions = VocabOptions(),
) -> list[StudyItem]:
    """Turn the kept decisions into study items, ordered as asked."""
    items = [
        make_item(d, korean, english, links) for d in decisions if d.keep or options.include_all
    ]
    if options.order == "frequency":
        items.sort(key=lambda it: (-it.count, it.first_position))
    else:
        items.sort(key=lambda it: it.first_position)
    return items


def make_item(
    decision: Decision, korean: KoreanDoc, english: EnglishDoc, links: Sequence[SentenceLink]
) -> StudyItem:
    """Pick the example sentences and highlights for one term."""
    term = decision.term
    cp = term.counterpart
    occ = _example_occurrence(term, links)
    ko_sent = korean.sentences[occ.sentence]
    en_text, en_hl = "", None
    if cp is not None:
        en_sent = english.sentences[cp.sentence]
        en_text = en_sent.text
        en_hl = (cp.start - en_sent.start, cp.end - en_sent.start)
    else:
        window = _english_of(occ.sentence, links)
        en_text = " ".join(english.sentences[i].text for i in window)
    return StudyItem(
        korean=term.lemma,
        pos=term.pos,
        english=cp.text if cp is not None else None,
        glosses=display_glosses(term.glosses, english=cp.text if cp is not None else ""),
        hanja=term.hanja,
        korean_sentence=ko_sent.text,
        korean_highlight=_relative(occ, ko_sent),
        english_sentence=en_text,
        english_highlight=en_hl,
        confidence=term.confidence,
        count=len(term.occurrences),
        first_position=term.occurrences[0].start,
        level=decision.level,
        zipf=decision.zipf,
        reasons=decision.reasons,
    )


def display_glosses(
    glosses: Sequence[Gloss], limit: int = 4, english: str = ""
) -> tuple[Gloss, ...]:
    """Choose the dictionary senses worth showing a learner, most trusted first.

    Part-by-part compound glosses ("technology + talent") are evidence for the aligner, not
    definitions; the hanja bridge's guesses are shown only when no checked source has any.
    Senses sharing a word with the article's ``english`` come first: a card reading "attract"
    should not list the homograph's "childish" before it (유치하다).
    """
    trusted = [g for g in glosses if g.source == "glossary" or g.source.startswith("user:")]
    # The bridge lists a Chinese word's senses, of which Korean often uses only the first
    # (人才: "talent", but not "good looks").
    shown = trusted or [g for g in glosses if g.source == "hanja"][:2]
    if english:
        roots = _content_roots(english)
        shown = sorted(shown, key=lambda g: roots.isdisjoint(_content_roots(g.text)))
    seen: set[str] = set()
    out: list[Gloss] = []
    for g in shown:
        key = g.text.lower().removeprefix("to ").strip()
        if key and key not in seen:
            seen.add(key)
            out.append(g)
    return tuple(out[:limit])


def _content_roots(text: str) -> set[str]:
    # "of" in "Ministry of Justice" says nothing about which sense was meant.
    return {root(w) for w in gloss_words(text) if w not in _FUNCTION}


_FUNCTION = frozenset(
    {"of", "and", "or", "for", "in", "on", "at", "by", "with", "from", "the", "a", "an", "to"}
)


def _example_occurrence(term: AlignedTerm, links: Sequence[SentenceLink]) -> TermOccurrence:
    """Prefer the occurrence whose aligned English sentence holds the counterpart."""
    cp = term.counterpart
    if cp is not None:
        for occ in term.occurrences:
            if cp.sentence in _english_of(occ.sentence, links):
                return occ
    return term.occurrences[0]


def _english_of(ko_sentence: int, links: Sequence[SentenceLink]) -> tuple[int, ...]:
    for link in links:
        if ko_sentence in link.korean:
            return link.english
    return ()


def _relative(occ: TermOccurrence, sent: Sentence) -> tuple[int, int]:
    return (occ.start - sent.start, occ.end - sent.start)
