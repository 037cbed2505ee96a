"""Names Kiwi splits into common words, put back together by how they sound in the English."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from flashcards.align.sentences import first_letters
from flashcards.align.terms import Translit
from flashcards.align.words import count_letters, gloss_keys, root, starts_upper, stem
from flashcards.models import EnglishDoc, EnglishToken, KoreanDoc, TermOccurrence

# A Korean noun's dictionary glosses.
NounGlosses = Callable[[str], Sequence[str]]


def join_names_by_sound(
    ko: KoreanDoc,
    en: EnglishDoc,
    text: str,
    translit: Translit | None,
    noun_glosses: NounGlosses | None = None,
) -> KoreanDoc:
    """Join Korean words written apart into one name when together they sound like one.

    Kiwi reads some parts of foreign names as common words (레젭 타입 에르도간: 타입 is "type");
    when the run, read whole, sounds like a run of capitalised English words of the article
    ("Recep Tayyip Erdogan"), it is one name, and replaces its parts. A name ending in a
    common noun that ``noun_glosses`` translates by the English name's last word (베이징
    올림픽 → "Beijing Olympics", 미시시피 강 → "Mississippi River") is a name of a place or an
    event made of words of their own: its parts stay terms too.
    """
    if translit is None:
        return ko
    found = _english_names(en, text)
    if not found:
        return ko
    # Each name's letters and lowercase first letter, found once: every run of Korean words is
    # tested against them all.
    names = [(name, count, count_letters(name), name[0].lower()) for name, count in found]
    terms = ko.terms
    out: list[TermOccurrence] = []
    changed = False
    i = 0
    while i < len(terms):
        joined = _sounded_run(terms, i, text, names, translit)
        if joined is None:
            out.append(terms[i])
            i += 1
        else:
            occ, used, name = joined
            last = terms[i + used - 1]
            if noun_glosses is not None and _common_head(last, name, noun_glosses):
                out.extend(terms[i : i + used])
            out.append(occ)
            changed = True
            i += used
    return KoreanDoc(ko.sentences, ko.morphs, tuple(out)) if changed else ko


def _english_names(en: EnglishDoc, text: str) -> list[tuple[str, int]]:
    """List the runs of two or more capitalised words, and their tails, with their word counts."""
    found: dict[str, int] = {}
    run: list[EnglishToken] = []

    def flush() -> None:
        # The run and every tail of it: a title often stands before the name ("Prime Minister
        # Recep Tayyip Erdogan"), which the Korean writes apart or not at all.
        for first in range(len(run)):
            words = [t for t in run[first:] if t.text != "-"]
            if len(words) >= 2 and run[first].text != "-":
                found.setdefault(text[run[first].start : run[-1].end], len(words))
        run.clear()

    for t in en.tokens:
        # The part of speech first: it is a native comparison, isupper a method call.
        capital = t.pos in ("PROPN", "NOUN", "ADJ", "X") and starts_upper(t.text)
        inside = bool(run) and (
            t.text == "-" or run[-1].text == "-" or t.text.lower() in _NAME_PARTICLES
        )
        if (capital or inside) and (not run or run[-1].sentence == t.sentence):
            run.append(t)
        else:
            if run:  # flush() has nothing to do without a run
                flush()
            if capital:
                run.append(t)
    flush()
    return list(found.items())


def _sounded_run(
    terms: tuple[TermOccurrence, ...],
    i: int,
    text: str,
    names: Sequence[tuple[str, int, int, str]],
    translit: Translit,
) -> tuple[TermOccurrence, int, str] | None:
    """Return the longest run of terms from ``i`` sounding like one English name, if any.

    ``names``: the English names with their words, letters and lowercase first letter.
    """
    last = terms[i]
    if last.pos != "noun" and last.pos != "proper":
        return None  # no run starts here (see the loop's test), for no list
    run = [last]
    while len(run) < 4 and i + len(run) < len(terms):
        t = terms[i + len(run)]
        if not (
            t.sentence == last.sentence
            # One space between them: text[last.end : t.start] == " ", without the slice.
            and min(t.start, len(text)) == last.end + 1
            and text[last.end] == " "
            and t.pos in ("noun", "proper")  # as the run's first (tested above)
        ):
            break
        run.append(t)
        last = t
    if len(run) < 2 or not any(t.pos == "proper" for t in run):
        return None
    for size in range(len(run), 1, -1):
        part = run[:size]
        if not all(_is_hangul_name(t.lemma) for t in part):
            continue
        lemma = " ".join(t.lemma for t in part)
        words = len(lemma.split())
        syllables = sum(len(t.lemma.replace("-", "")) for t in part)
        starts = first_letters(lemma)
        for name, count, letters, initial in names:
            # Cheap tests before the sound comparison: as many words (give or take one), one
            # to four letters a syllable, a first letter the first syllable can sound like.
            if (
                -1 <= count - words <= 1
                and syllables <= letters <= 4.5 * syllables
                and initial in starts
                and translit(lemma, name, 0.85) >= 0.85
            ):
                first, last = part[0], part[-1]
                occ = TermOccurrence(
                    lemma, "proper", first.start, last.end, first.sentence,
                    text[first.start : last.end], last.hanja, last.latin,
                    tuple(w for t in part for w in t.lemma.split()),
                )  # fmt: skip
                return occ, size, name
    return None


def _common_head(last: TermOccurrence, name: str, noun_glosses: NounGlosses) -> bool:
    """Tell whether a name's last Korean word is a common noun translated by its last word."""
    if last.pos != "noun":
        return False
    head = root(stem(name.split()[-1].lower()))
    return any(
        words and root(words[-1]) == head for words in map(gloss_keys, noun_glosses(last.lemma))
    )


# Lower-case words inside names: "Nuri al-Maliki", "Ludwig van Beethoven".
_NAME_PARTICLES: Final = frozenset(
    {"al", "el", "bin", "ibn", "de", "da", "du", "van", "von", "la", "le"}
)


def _is_hangul_name(word: str) -> bool:
    # By code point, as comparing one-character strings does (compiled, natively), and by
    # index (a generator over a string makes a one-character string per character).
    for i in range(len(word)):
        c = ord(word[i])
        if not (0xAC00 <= c <= 0xD7A3 or c == 32 or c == 45):  # a syllable, space or hyphen
            return False
    return True
