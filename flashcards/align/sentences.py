"""Sentence alignment: pair Korean sentences with the English sentences that translate them.

A monotonic dynamic program over the two sentence sequences, Gale–Church style, where a *bead*
joins 1–4 Korean sentences with 1–4 English sentences (or leaves one sentence without a partner:
1-0, 0-1) and every sentence belongs to exactly one bead, in order. A bead's score adds:

- a length term: log(English chars / Korean chars), whitespace excluded, against the ratio
  measured on the Korean–English news dev pairs (mean ratio about 2.15; the spread of the log
  ratio hardly depends on length, and its tails are heavier than a normal's, so Student-t);
- evidence the two sides share: numbers normalised across the languages (150만 = 1.5 million,
  12조3천억 = 12.3 trillion, 2014년 = 2014, 70% = 70 percent, 9월 = September), Latin tokens
  written in the Korean (AI, OECD, E-7-S), names matched by transliteration
  (flashcards.align.translit, when present) and lexical matches (the lexicon's translations of
  a Korean term among the English sentence's words); an item found in many sentences weighs
  less, and a bead earns an item at most min(Korean, English sentences holding it) times, so
  merging sentences never collects more evidence than the 1-1 beads would;
- penalties for a sentence without a partner, for each sentence beyond 1-1 in a bead and,
  weakly, for a bead straddling a paragraph break (the two sides group paragraphs differently).

Every feature is extracted once per sentence; numpy then scores every bead shape at every
position at once, and the DP visits every cell (exact, no band), numpy scoring every bead that
ends in a row at once: well under a millisecond for a 20-sentence article.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from flashcards.align import cyclic_gc_paused
from flashcards.align.words import gloss_reading, remember
from flashcards.models import EnglishDoc, KoreanDoc, SentenceLink

__all__ = [
    "SentenceAlignOptions",
    "align_sentences",
    "english_numbers",
    "korean_numbers",
    "latin_tokens",
    "window_for",
]

Translate = Callable[[str, str], Sequence[str]]
Similarity = Callable[[str, str], float]
# translit.similarity: exact at or above the floor (the third argument), below it lower.
FlooredSimilarity = Callable[[str, str, float], float]


@dataclass(frozen=True)
class SentenceAlignOptions:
    """Knobs of the sentence aligner; the defaults are tuned on Korean–English news pairs.

    Scores are in log-odds-like units: a 1-1 bead of typical length costs about 0.5; a sentence
    left without a partner costs ``skip_penalty``.
    """

    max_bead: int = 4
    # Mean and spread of log(English chars / Korean chars), whitespace excluded.
    length_mean: float = 0.77
    length_sd: float = 0.32
    length_weight: float = 0.5
    length_tail: float = 4.0  # Student-t degrees of freedom of the length model
    skip_penalty: float = 2.0
    merge_penalty: float = 1.6  # per sentence beyond the first on each side of a bead
    number_weight: float = 2.0
    small_number_weight: float = 0.6  # integers below 13: months, counts, "one", "six"
    latin_weight: float = 2.0
    name_weight: float = 2.0
    lexical_weight: float = 1.0
    max_glosses: int = 6  # senses of a term tried against the English
    name_threshold: float = 0.78
    name_reach: float = 0.25  # share of the article a name's partner may be away from its place
    paragraph_penalty: float = 0.2
    recurrence_power: float = 1.0  # an item in k Korean and e English sentences weighs 1/(ke)^(p/2)
    use_translit: bool = True


# --- numbers --------------------------------------------------------------------------------

_KO_ATOM_RE: Final = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)|([십백천만억조])")
_DIGIT_RE: Final = re.compile(r"\d")
_SMALL_UNITS: Final = {"십": 10.0, "백": 100.0, "천": 1000.0}
_BIG_UNITS: Final = {"만": 1e4, "억": 1e8, "조": 1e12}

_EN_UNITS: Final = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
_EN_WORD_VALUES: Final = {word: float(value) for value, word in enumerate(_EN_UNITS)} | {
    "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
    "eighty": 80.0, "ninety": 90.0, "dozen": 12.0, "a": 1.0, "an": 1.0,
}  # fmt: skip
_EN_MULTIPLIERS: Final = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                   "trillion": 1e12}  # fmt: skip


def _by_first_letter(words: Sequence[str]) -> str:
    """Join words into one alternation grouped by first letter (sixty|six → s(?:ixty|ix)).

    It matches what the plain alternation matches, but the regex engine tries one branch per
    letter instead of one per word at every word of a text.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# A number word is followed by \b, so it always matches a whole word: which branch of the
# alternation finds it does not change the match.
_EN_NUM_DIGITS: Final = r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
_EN_NUM_WORDS: Final = (
    "(" + _by_first_letter(sorted(_EN_WORD_VALUES, key=len, reverse=True)) + r")\b"
)
_EN_NUM_MULTIPLIER: Final = r"(?:[\s-]+(hundred|thousand|million|billion|trillion)\b)?"
_EN_NUM_RE: Final = re.compile(
    rf"(?<![\w.,])(?:{_EN_NUM_DIGITS}|\b{_EN_NUM_WORDS}){_EN_NUM_MULTIPLIER}", re.IGNORECASE
)
# _EN_NUM_RE for ASCII text in lower case, behind one space. On ASCII characters IGNORECASE
# only equates a letter with its other case (its extra foldings, ſ = s or K = k, pair ASCII
# letters with non-ASCII ones), and lower case keeps digits, word characters and spaces what
# they were: so this finds the same numbers in " " + text.lower() as _EN_NUM_RE in text, each
# word in lower case, which english_numbers folds anyway. The engine would try a pattern
# opening with a lookbehind at every position; this one reads the character before the
# number instead (not [\w.,]: the space in front stands for the start of the text), a set
# of characters the engine scans for, mostly spaces, and a lookahead drops those not followed
# by a digit or a number word's first letter. After a non-word character, \b before a word
# holds. A number ends in a word character, so the character read before the next one never
# belongs to it. Case-sensitive matching is the cheaper too.
_EN_NUM_FIRST: Final = "".join(sorted({word[0] for word in _EN_WORD_VALUES}))
_EN_NUM_LOWER_RE: Final = re.compile(
    rf"[^0-9A-Z_a-z.,](?=[0-9{_EN_NUM_FIRST}])"
    rf"(?:{_EN_NUM_DIGITS}|{_EN_NUM_WORDS}){_EN_NUM_MULTIPLIER}"
)
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
# Grouped by first letter like the number words (Jan, January, June, July … as whole words).
# Each branch opens with its capital letter, so the regex engine skips ahead to the next
# J/F/M/A/S/O/N/D instead of trying the pattern at every character; the word boundary before
# the capital is checked just after it: (?<!\wJ) at the J's end holds exactly when no word
# character precedes the J, as \b before it would (the J itself is one).
_EN_MONTH_RE: Final = re.compile(
    r"(?:J(?<!\wJ)(?:an(?:uary)?|une?|uly?)|F(?<!\wF)eb(?:ruary)?|M(?<!\wM)(?:arch|ay)|"
    r"A(?<!\wA)(?:pr(?:il)?|ug(?:ust)?)|S(?<!\wS)ept?(?:ember)?|O(?<!\wO)ct(?:ober)?|"
    r"N(?<!\wN)ov(?:ember)?|D(?<!\wD)ec(?:ember)?)\b"
)


def korean_numbers(text: str) -> list[float]:
    """Read the numbers of Korean text, with 십/백/천 and 만/억/조 units applied.

    ``1억1천만`` → 110000000, ``12조3천억`` → 1.23e13, ``150만`` → 1500000, ``8,192개`` → 8192.
    A unit only counts when it follows a digit directly (천안 or 만나다 are not numbers).
    """
    values: list[float] = []
    # A chain starts with digits: the units before the first digit are no number.
    first = _DIGIT_RE.search(text)
    if first is None:
        return values
    chain: list[tuple[str, str]] = []
    last_end = -1
    for m in _KO_ATOM_RE.finditer(text, first.start()):
        digits, unit = m.group(1), m.group(2)
        if digits is not None and m.start() > 0 and _glued_to_word(text[m.start() - 1]):
            digits = None  # part of a Latin token (G20, E-7-S handled as Latin) or a decimal
        adjacent = chain and m.start() == last_end
        if digits is not None:
            if chain and not adjacent:
                values.append(_korean_value(chain))
                chain = []
            chain.append(("d", digits))
            last_end = m.end()
        elif unit is not None and adjacent:
            chain.append(("u", unit))
            last_end = m.end()
        elif chain:
            values.append(_korean_value(chain))
            chain = []
    if chain:
        values.append(_korean_value(chain))
    return values


def _glued_to_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch in ".,")


def _korean_value(chain: Sequence[tuple[str, str]]) -> float:
    total = section = 0.0
    current: float | None = None
    for kind, tok in chain:
        if kind == "d":
            if current is not None:  # 2천500: digits after a small unit add to the section
                section += current
            current = float(tok.replace(",", ""))
        elif tok in _SMALL_UNITS:
            section += (current if current is not None else 1.0) * _SMALL_UNITS[tok]
            current = None
        else:
            section += current if current is not None else 0.0
            total += (section or 1.0) * _BIG_UNITS[tok]
            section, current = 0.0, None
    return total + section + (current or 0.0)


def english_numbers(text: str) -> list[float]:
    """Read the numbers of English text: digits, number words, multipliers and month names.

    ``$110 million`` → 1.1e8, ``4,700`` → 4700, ``six`` → 6, ``September`` → 9. "a"/"an" count
    only before a multiplier (``a million``).
    """
    values: list[float] = []
    if text.isascii():
        lowered = text.lower()
        if _may_hold_number(lowered):
            _read_numbers(_EN_NUM_LOWER_RE.finditer(" " + lowered), values)
    else:
        _read_numbers(_EN_NUM_RE.finditer(text), values)
    for m in _EN_MONTH_RE.finditer(text):
        values.append(float(_MONTHS.index(m.group()[:3].lower()) + 1))
    return values


def _read_numbers(found: Iterator[re.Match[str]], values: list[float]) -> None:
    """Add the values of the numbers ``_EN_NUM_RE`` (or its lower-case copy) found."""
    for m in found:
        digits, decimals, word, mult = m.groups()
        if digits is not None:
            value = float(digits.replace(",", "") + (decimals or ""))
        else:
            if word.lower() in ("a", "an") and mult is None:
                continue
            known = _folded_get(_EN_WORD_VALUES, word)
            if known is None:
                continue
            value = known
        if mult is not None:
            factor = _folded_get(_EN_MULTIPLIERS, mult)
            if factor is None:
                continue
            value *= factor
        values.append(value)


# Every number the pattern reads holds one of these: a digit, a number word ("four" is in
# "fourteen", "thirt" in "thirteen" and "thirty") or the multiplier "a" and "an" need ("illion"
# is in "million", "billion" and "trillion").
_EN_NUM_PARTS: Final = (
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirt", "fift", "forty",
    "twenty", "zero", "dozen", "hundred", "thousand", "illion",
)  # fmt: skip


def _may_hold_number(lowered: str) -> bool:
    """Tell whether ASCII text in lower case may hold a number (False: it holds none).

    Most sentences hold none, and the pattern tries every word that starts as a number word
    may (a, the, to, of, on, said ...): looking for the pieces is cheaper.
    """
    return any(part in lowered for part in _EN_NUM_PARTS)


def _folded_get(table: dict[str, float], word: str) -> float | None:
    """Look a number word up whatever its case (``None``: no number word).

    The regex matches regardless of case, which lets "ſix" (long s) through too: its case
    folding, not its lower case, is the word.
    """
    found = table.get(word.lower())
    return table.get(word.casefold()) if found is None else found


def _number_key(value: float) -> str:
    return f"{value:.6g}"


# --- Latin tokens and words -----------------------------------------------------------------

_LATIN_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&.'][A-Za-z0-9]+)*")


def latin_tokens(text: str) -> list[str]:
    """List the Latin-script tokens of a text as comparison keys (case-folded unless 1 letter)."""
    return [t if len(t) == 1 else t.upper() for t in _LATIN_RE.findall(text)]


_STOP: Final = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "and",
    "or", "but", "be", "is", "are", "was", "were", "been", "being", "it", "its", "this", "that",
    "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our",
    "your", "one's", "oneself", "someone", "something", "sb", "sth", "do", "does", "did",
    "have", "has", "had", "not", "no",
))  # fmt: skip
_GLOSS_NOISE_RE: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD_RE: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


_STEMS: Final[dict[str, str]] = {}


def _stem(word: str) -> str:
    """Crudely stem an English word; symmetric, so "introduced" and "introduce" meet."""
    found = _STEMS.get(word)
    return remember(_STEMS, word, _stem_of(word)) if found is None else found


def _stem_of(word: str) -> str:
    w = word.lower()
    if len(w) <= 4:
        return w
    # The first of -ies → y, -ied → y, -ing, -ed, -es, -s that leaves 3 letters, picked by the
    # last letter.
    last = w[-1]
    if last == "s":
        if w.endswith("ies") and len(w) >= 6:
            w = w[:-3] + "y"
        elif w.endswith("es"):
            w = w[:-2]
        else:
            w = w[:-1]
    elif last == "d":
        if w.endswith("ied") and len(w) >= 6:
            w = w[:-3] + "y"
        elif w.endswith("ed"):
            w = w[:-2]
    elif last == "g" and w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def _gloss_words(gloss: str) -> tuple[str, ...] | None:
    """Stem the content words of a gloss ("to introduce (sth)" → introduc); None if unusable.

    A word may come twice ("step by step"): callers only test that every word is present.
    The words are kept in the gloss's reading, which the term aligner keys later.
    """
    reading = gloss_reading(gloss)
    if reading.sentence_read:
        return reading.sentence_words
    found = _gloss_words_of(gloss, reading.word_runs())
    # The reading without words is shared by every text without them: not this text's own.
    if reading.words:
        reading.sentence_words = found
        reading.sentence_read = True
    return found


def _gloss_words_of(
    gloss: str, runs: list[str] | None, max_words: int = 3
) -> tuple[str, ...] | None:
    # The term aligner reads every gloss too: its words (``runs``, its reading's word_runs)
    # are these, but for the stop words it keeps, when each is a run of a-z and 0-9 (as
    # _WORD_RE finds them: no apostrophe).
    if runs is None:
        words = _other_gloss_words(gloss.lower())
    elif len(runs) == 1:  # the common case: one word
        return None if runs[0] in _STOP else (_stem(runs[0]),)
    else:
        words = [w for w in runs if w not in _STOP]
    if not words or len(words) > max_words:
        return None
    return tuple([_stem(w) for w in words])


def _other_gloss_words(text: str) -> list[str]:
    """List the words of a lower-case gloss, stop words aside (see ``_gloss_words_of``)."""
    if text.isalpha():  # one word of other letters ("café")
        return [] if text in _STOP else [text]
    words: list[str] = []
    # ASCII words between spaces ("to wage war") are what _WORD_RE would find.
    plain = text.isascii()
    if plain:
        for w in text.split():
            if not w.isalpha():
                plain = False
                break
            if w not in _STOP:
                words.append(w)
    if not plain:
        if "(" in text or "[" in text:
            text = _GLOSS_NOISE_RE.sub(" ", text)
        words = [w for w in _WORD_RE.findall(text) if w not in _STOP]
    return words


# --- evidence -------------------------------------------------------------------------------


class _Feature:
    """An item found on both sides: the sentences holding it (ascending) and its weight."""

    def __init__(self, korean: list[int], english: list[int], weight: float) -> None:
        self.korean = korean
        self.english = english
        self.weight = weight


def _feature(korean: list[int], english: list[int], base: float, power: float) -> _Feature | None:
    """Weigh an item held by ``korean`` and ``english`` sentences (ascending, distinct)."""
    if not korean or not english or base <= 0.0:
        return None
    # An item recurring in many sentences says less about which of them pair up.
    return _Feature(korean, english, base / (len(korean) * len(english)) ** (power / 2))


def _features(
    ko: KoreanDoc,
    en: EnglishDoc,
    translate: Translate | None,
    similarity: Similarity | None,
    options: SentenceAlignOptions,
) -> list[_Feature]:
    """Collect the evidence items shared by the two sides, each with its sentences."""
    power = options.recurrence_power
    found: list[_Feature | None] = []

    ko_nums: dict[str, set[int]] = {}
    for s in ko.sentences:
        for v in korean_numbers(s.text):
            _add_sentence(ko_nums, _number_key(v), s.index)
    en_nums: dict[str, set[int]] = {}
    for s in en.sentences:
        for v in english_numbers(s.text):
            _add_sentence(en_nums, _number_key(v), s.index)
    for key, ko_sents in ko_nums.items():
        en_sents = en_nums.get(key)
        if en_sents is not None:
            value = float(key)
            small = value < 13 and value == int(value)
            base = options.small_number_weight if small else options.number_weight
            found.append(_feature(sorted(ko_sents), sorted(en_sents), base, power))

    ko_latin: dict[str, set[int]] = {}
    for s in ko.sentences:
        for t in latin_tokens(s.text):
            _add_sentence(ko_latin, t, s.index)
    if ko_latin:
        en_latin: dict[str, set[int]] = {}
        for s in en.sentences:
            for key in _keys_held(s.text, ko_latin):
                _add_sentence(en_latin, key, s.index)
        for key, ko_sents in ko_latin.items():
            en_sents = en_latin.get(key)
            if en_sents is not None:
                found.append(
                    _feature(sorted(ko_sents), sorted(en_sents), options.latin_weight, power)
                )

    matched: set[str] = set()
    if translate is not None:
        for lemma, ko_sents, en_mask in _lexical_masks(ko, en, translate, options):
            matched.add(lemma)
            en_list = _bit_list(en_mask)
            found.append(_feature(sorted(ko_sents), en_list, options.lexical_weight, power))
    if similarity is not None:
        # A name the lexicon already matched needs no transliteration (the costly check).
        for ko_sents, en_sents, score in _name_matches(ko, en, similarity, options, matched):
            weight = options.name_weight * score
            found.append(_feature(sorted(ko_sents), sorted(en_sents), weight, power))
    return [f for f in found if f is not None]


def _keys_held(text: str, keys: dict[str, set[int]]) -> list[str]:
    """List the keys in ``keys`` of Latin tokens of ``text`` (as ``latin_tokens`` keys them).

    The pattern costs about 1,500 instructions a token of English (its repeated group), and
    few of the tokens are keys: ASCII text is read only where a key occurs, upper-cased unless
    it is one letter (``_token_at``). Other text may upper-case into more characters: all its
    tokens are read, if it may hold a key at all.
    """
    if not text.isascii():
        if not _may_hold(text, keys):
            return []
        return [t for t in latin_tokens(text) if t in keys]
    upper = text.upper()
    held: list[str] = []
    for key in keys:
        where = text if len(key) == 1 else upper
        at = where.find(key)
        while at >= 0 and not _token_at(text, at, key):
            at = where.find(key, at + 1)
        if at >= 0:
            held.append(key)
    return held


def _token_at(text: str, at: int, key: str) -> bool:
    """Tell whether a Latin token of ``text`` keyed ``key`` starts at ``at``.

    The tokens are read from the space before ``at``: a space is never part of a token, so
    the pattern finds there the tokens it finds reading the whole text.
    """
    for m in _LATIN_RE.finditer(text, text.rfind(" ", 0, at) + 1):
        if m.start() >= at:
            token = m.group()
            return m.start() == at and (token if len(token) == 1 else token.upper()) == key
    return False


def _may_hold(text: str, keys: dict[str, set[int]]) -> bool:
    """Tell whether ``text`` may hold a Latin token keyed in ``keys`` (False: it cannot).

    A token of ``text`` keyed as its upper case is a piece of ``text``, so its key is a piece of
    ``text.upper()``; a one-letter token is its own key.
    """
    upper = text.upper()
    return any(key in upper if len(key) > 1 else key in text for key in keys)


def _add_sentence(table: dict[str, set[int]], key: str, sentence: int) -> None:
    held = table.get(key)
    if held is None:
        table[key] = {sentence}
    else:
        held.add(sentence)


_NAME_POS: Final = "PROPN"  # one tag: compared as a string, not hashed into a set
_NOT_WORDS: Final = frozenset({"PUNCT", "SPACE", "SYM", "NUM"})
_HANGUL_RE: Final = re.compile(r"[\uac00-\ud7a3]")
# Plausible first Latin letters of a word whose first Hangul syllable starts with this jamo:
# a cheap filter in front of the transliteration DP.
_FIRST_LETTERS: Final = {
    "ㄱ": "gkcq", "ㄲ": "kcg", "ㄴ": "n", "ㄷ": "dt", "ㄸ": "td", "ㄹ": "rl", "ㅁ": "m",
    "ㅂ": "bvpw", "ㅃ": "pb", "ㅅ": "sctxzp", "ㅆ": "sctz", "ㅇ": "aeiouywhlr",
    "ㅈ": "jzgcdts", "ㅉ": "jztck", "ㅊ": "ctqjzk", "ㅋ": "kcq", "ㅌ": "td", "ㅍ": "pfv",
    "ㅎ": "hwfkjr",
}  # fmt: skip
_INITIAL_JAMO: Final = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


_FIRST: Final[dict[str, str]] = {}


def first_letters(korean: str) -> str:
    """Return the Latin letters a transliteration of ``korean`` plausibly starts with.

    "" when ``korean`` does not start with a Hangul syllable: nothing to rule out.
    """
    found = _FIRST.get(korean)
    return remember(_FIRST, korean, _first_letters(korean)) if found is None else found


def _first_letters(korean: str) -> str:
    if not korean:
        return ""
    code = ord(korean[0]) - 0xAC00
    if not 0 <= code <= 0xD7A3 - 0xAC00:
        return ""
    return _FIRST_LETTERS[_INITIAL_JAMO[code // 588]]


_ASCII_LOWER: Final = "abcdefghijklmnopqrstuvwxyz"


def could_start(english: str, starts: str) -> bool:
    """Tell whether ``english`` may sound like a word whose transliteration begins with ``starts``.

    ``starts`` is ``first_letters`` of the Korean word ("" rules nothing out); English starting
    with anything but a letter ("3M", "al-") is never ruled out either.
    """
    if not starts or not english:
        return True
    # The term aligner asks tens of thousands of times an article: an ASCII letter (nearly
    # every English word) is answered from its code, without str methods.
    code = ord(english[0])
    if 97 <= code <= 122:  # a-z
        return english[0] in starts
    if 65 <= code <= 90:  # A-Z
        return _ASCII_LOWER[code - 65] in starts
    initial = english[0]
    return not initial.isalpha() or initial.lower() in starts


def _name_matches(
    ko: KoreanDoc,
    en: EnglishDoc,
    similarity: Similarity,
    options: SentenceAlignOptions,
    skip: Container[str] = (),
) -> list[tuple[set[int], set[int], float]]:
    """Pair Korean proper nouns with English proper-noun tokens that sound alike.

    Transliteration is the costly check, so a name is only compared with candidates that start
    with a plausible letter, have a plausible length and sit in English sentences whose
    relative position is within ``options.name_reach`` of the name's sentence.
    """
    # Plain dicts, not defaultdicts: compiled, a defaultdict's items are read through the
    # generic mapping protocol.
    names: dict[str, set[int]] = {}
    for t in ko.terms:
        if t.pos == "proper" and len(t.lemma) >= 2 and _HANGUL_RE.match(t.lemma):
            _add_sentence(names, t.lemma, t.sentence)
    if not names:
        return []
    n, m = len(ko.sentences), len(en.sentences)
    reach = max(4.0, options.name_reach * max(n, m))
    candidates: dict[str, set[int]] = {}
    for tok in en.tokens:
        if tok.pos == _NAME_POS and tok.text[:1].isalpha() and 0 <= tok.sentence < m:
            _add_sentence(candidates, tok.text, tok.sentence)
    by_letter: dict[str, list[str]] = {}
    for cand in candidates:
        initial = cand[0].lower()
        group = by_letter.get(initial)
        if group is None:
            by_letter[initial] = [cand]
        else:
            group.append(cand)
    out: list[tuple[set[int], set[int], float]] = []
    for name, ko_sents in names.items():
        if name in skip:
            continue
        syllables = len(name)
        centres = [i * m / n for i in ko_sents]
        en_sents: set[int] = set()
        best = 0.0
        for letter in first_letters(name):
            for cand in by_letter.get(letter, ()):
                if not syllables <= len(cand) <= 4 * syllables + 2:
                    continue
                near = {j for j in candidates[cand] if any(abs(j - c) <= reach for c in centres)}
                if not near:
                    continue
                score = similarity(name, cand)
                if score >= options.name_threshold:
                    best = max(best, score)
                    en_sents |= near
        if en_sents:
            out.append((ko_sents, en_sents, best))
    return out


def _lexical_matches(
    ko: KoreanDoc, en: EnglishDoc, translate: Translate, options: SentenceAlignOptions
) -> list[tuple[str, set[int], set[int]]]:
    """Find, for each Korean term, the English sentences holding one of its translations."""
    return [
        (lemma, ko_sents, set(_bit_list(mask)))
        for lemma, ko_sents, mask in _lexical_masks(ko, en, translate, options)
    ]


def _lexical_masks(
    ko: KoreanDoc, en: EnglishDoc, translate: Translate, options: SentenceAlignOptions
) -> list[tuple[str, set[int], int]]:
    """``_lexical_matches`` with the English sentences as a bitmask."""
    masks: dict[str, int] = {}  # word stem -> bitmask of English sentences
    m = len(en.sentences)
    for tok in en.tokens:
        sentence = tok.sentence
        if tok.is_stop or tok.pos in _NOT_WORDS or not 0 <= sentence < m:
            continue
        bit = 1 << sentence
        lemma = tok.lemma
        stem = _stem(lemma)
        masks[stem] = masks.get(stem, 0) | bit
        text = tok.text
        if text != lemma:  # a form the crude stem may map elsewhere ("data" vs "datum")
            stem = _stem(text)
            masks[stem] = masks.get(stem, 0) | bit
    terms: dict[tuple[str, str], set[int]] = {}
    for t in ko.terms:
        term_pos = t.pos
        if term_pos != "foreign":  # Latin terms are matched literally
            key = (t.lemma, term_pos)
            held = terms.get(key)
            if held is None:
                terms[key] = {t.sentence}
            else:
                held.add(t.sentence)
    max_glosses = options.max_glosses
    out: list[tuple[str, set[int], int]] = []
    for (lemma, pos), ko_sents in terms.items():
        mask = 0
        # The lexicon lists its likelier senses first; the tail is mostly homographs' senses.
        # A sense listed twice is tried once, and counts once towards max_glosses: once
        # ``limit`` are tried, nothing follows but repeats and the sense that would stop the
        # loop, so it stops there; before, adding a sense tells by the size whether it is new
        # (one set operation a sense, not a lookup and an insertion).
        glosses = translate(lemma, pos)
        limit = max_glosses if max_glosses >= 0 else len(set(glosses)) + max_glosses
        tried: set[str] = set()
        for gloss in glosses:
            distinct = len(tried)
            if distinct >= limit:
                break
            tried.add(gloss)
            if len(tried) == distinct:  # listed before
                continue
            words = _gloss_words(gloss)
            if words is None:
                continue
            hit = -1
            for w in words:
                hit &= masks.get(w, 0)
                if not hit:
                    break
            if hit > 0:
                mask |= hit
        if mask:
            out.append((lemma, ko_sents, mask))
    return out


def _bit_list(mask: int) -> list[int]:
    """List the set bits of ``mask``, lowest first."""
    out: list[int] = []
    j = 0
    while mask:
        if mask & 1:
            out.append(j)
        mask >>= 1
        j += 1
    return out


@functools.cache
def _default_similarity() -> FlooredSimilarity | None:
    """The transliteration scorer, when flashcards.align.translit is installed."""
    try:
        from flashcards.align import translit
    except ImportError:
        return None
    sim = getattr(translit, "similarity", None)
    return sim if callable(sim) else None


def _at_least(library: FlooredSimilarity, floor: float) -> Similarity:
    """Compare by the library's scorer told the least score a name keeps (``name_threshold``).

    Its scores are exact from ``floor`` on, and under ``floor`` otherwise: only those of at
    least ``floor`` count, and the scorer gives up on a pair as soon as it cannot reach it.
    """

    def compare(korean: str, english: str) -> float:
        return library(korean, english, floor)

    return compare


# --- the dynamic program --------------------------------------------------------------------


def _log_blocks(lengths: list[int], size: int) -> NDArray[np.float64]:
    """``log_len[k - 1, start]``: log of the sum of lengths[start:start+k]; padding logs 1.

    The sums are whole numbers, exact as floats, so adding them here gives what cumulative
    sums in numpy gave; one ``np.log`` call then takes every block size at once.
    """
    n = len(lengths)
    sums = [1.0] * (size * n)
    for k in range(1, size + 1):
        for start in range(n - k + 1):
            total = 0
            for i in range(start, start + k):
                total += lengths[i]
            sums[(k - 1) * n + start] = float(total)
    blocks: NDArray[np.float64] = np.array(sums, dtype=np.float64).reshape(size, n)
    return np.log(blocks)


def _crossings(paragraphs: list[int], size: int) -> NDArray[np.float64]:
    """``cross[k - 1, start]``: 1.0 where sentences start..start+k-1 span a paragraph break."""
    n = len(paragraphs)
    out = [0.0] * (size * n)
    for k in range(1, size + 1):
        for start in range(n - k + 1):
            if paragraphs[start + k - 1] != paragraphs[start]:
                out[(k - 1) * n + start] = 1.0
    return np.array(out, dtype=np.float64).reshape(size, n)


def _shape_gains(
    ko: KoreanDoc,
    en: EnglishDoc,
    features: Sequence[_Feature],
    options: SentenceAlignOptions,
) -> NDArray[np.float64]:
    """Score every a-b bead (a, b >= 1) at every position: lengths, merges, paragraphs, evidence.

    ``gain[a - 1, b - 1, i0, j0]`` scores the bead of Korean sentences i0..i0+a-1 and English
    j0..j0+b-1 (cells past the end are padding). All shapes are scored at once on arrays padded
    to every sentence, one numpy operation per step of the formula: the same operations,
    element by element, as scoring each shape apart.
    """
    n, m = len(ko.sentences), len(en.sentences)
    size = max(1, options.max_bead)
    shapes_a, shapes_b = min(size, n), min(size, m)
    k_log = _log_blocks([_char_length(s.text) for s in ko.sentences], shapes_a)
    e_log = _log_blocks([_char_length(s.text) for s in en.sentences], shapes_b)
    k_cross = _crossings([s.paragraph for s in ko.sentences], shapes_a)
    e_cross = _crossings([s.paragraph for s in en.sentences], shapes_b)
    diff = e_log[None, :, None, :] - k_log[:, None, :, None]
    z = (diff - options.length_mean) / options.length_sd
    # Student-t log-density: length differences have heavier tails than a normal's.
    nu = options.length_tail
    gain = -options.length_weight * (nu + 1) / 2 * np.log1p(z * z / nu)
    merges = [
        [options.merge_penalty * (a + b - 2) for b in range(1, shapes_b + 1)]
        for a in range(1, shapes_a + 1)
    ]
    gain -= np.array(merges)[:, :, None, None]
    gain -= options.paragraph_penalty * (k_cross[:, None, :, None] + e_cross[None, :, None, :])
    if features:
        gain += _bead_evidence(features, n, m, shapes_a, shapes_b).reshape(gain.shape)
    return gain


def _bead_evidence(
    features: Sequence[_Feature], n: int, m: int, shapes_a: int, shapes_b: int
) -> NDArray[np.float64]:
    """Evidence of every bead shape at every position, laid out as ``_shape_gains`` cells.

    A bead joining Korean sentences i0..i0+a-1 with English j0..j0+b-1 earns, per item, its
    weight times min(Korean sentences holding it, English sentences holding it) within the
    bead, so a larger bead never earns more from an item than the 1-1 beads it could be split
    into. Items are sparse, so every block holding an item on one side is joined with those
    holding it on the other, all shapes at once (no dense products: BLAS threads are slow on
    busy machines); a cell adds its items in order, from 0.0. Array methods (``a.repeat``,
    ``a.take``) rather than numpy's functions: the functions are Python wrappers around them.
    """
    nm = n * m
    # A Korean block's cell is where its row of cells starts, an English one's its column.
    k_feat, k_cells, k_counts = _block_cells(
        [f.korean for f in features], n, shapes_a, shapes_b * nm, m
    )
    e_feat, e_cells, e_counts = _block_cells([f.english for f in features], m, shapes_b, nm, 1)
    # Pair every Korean block of an item with every English one of the same item: the
    # English blocks of item f are e_first[f] .. e_first[f] + e_per_feat[f] - 1.
    e_per_feat = np.bincount(e_feat, minlength=len(features))
    e_ends: NDArray[np.int64] = e_per_feat.cumsum()
    reps = e_per_feat.take(k_feat)
    ends: NDArray[np.int64] = reps.cumsum()
    firsts = ends - reps  # where each Korean block's pairs start
    e_idx = _ranges((e_ends - e_per_feat).take(k_feat), reps, firsts, int(ends[-1]))
    flat = k_cells.repeat(reps) + e_cells.take(e_idx)
    # The smaller count is 1 unless both blocks hold the item twice or more: most pairs earn
    # the item's weight as it is, and only the pairs of a Korean block holding it twice or
    # more take the product with their smaller count (weight * 1 is the weight itself).
    weights = np.array([f.weight for f in features])
    value = weights.take(k_feat).repeat(reps)
    multi = (k_counts > 1).nonzero()[0]
    if len(multi):
        multi_reps = reps.take(multi)
        multi_ends: NDArray[np.int64] = multi_reps.cumsum()
        pairs = _ranges(
            firsts.take(multi), multi_reps, multi_ends - multi_reps, int(multi_ends[-1])
        )
        least = np.minimum(
            k_counts.take(multi).repeat(multi_reps), e_counts.take(e_idx.take(pairs))
        )
        value[pairs] = value.take(pairs) * least
    total = np.bincount(flat, weights=value, minlength=shapes_a * shapes_b * nm)
    return total.astype(np.float64, copy=False)


def _ranges(
    starts: NDArray[np.int64], lengths: NDArray[np.int64], offsets: NDArray[np.int64], size: int
) -> NDArray[np.int64]:
    """Concatenate the ranges starts[r] .. starts[r] + lengths[r] - 1, in order.

    ``offsets[r]`` is where range r begins in the result (the sum of the lengths before it),
    ``size`` the sum of them all: one arange shifted range by range.
    """
    out: NDArray[np.int64] = np.arange(size, dtype=np.int64) + (starts - offsets).repeat(lengths)
    return out


def _block_cells(
    holders: Sequence[list[int]], n: int, size: int, shape_step: int, pos_step: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """List every block of 1..size of n sentences holding some of an item's ``holders``.

    Returns each block's item, cell and count: its cell is ``(k - 1) * shape_step + start *
    pos_step`` for the block of k sentences from ``start``, its count the sentences of the item
    it holds. Ordered by item, size, start, so an item's are contiguous.
    """
    items = len(holders)
    # pre[f, i]: how many sentences below i hold item f (each is listed once), for i up to n
    # (all of them); past n, a negative number, so a block running past the end counts none.
    # The holders are marked in bytes numpy reads as they are: a list of integers it would
    # convert one by one, at a few hundred instructions each.
    width = n + size
    marks = bytearray(items * width)
    for f, sentences in enumerate(holders):
        row = f * width + 1
        for s in sentences:
            marks[row + s] = 1
    pre = np.frombuffer(marks, np.uint8).reshape(items, width).cumsum(axis=1, dtype=np.int64)
    pre[:, n + 1 :] = -width
    # counts[f, k - 1, start] = pre[f, start + k] - pre[f, start]: the first term is a view
    # of pre stepping one place per size and per start (one subtraction for every size).
    item = pre.itemsize
    ahead: NDArray[np.int64] = np.ndarray(
        (items, size, n), pre.dtype, pre, item, (width * item, item, item)
    )
    counts = (ahead - pre[:, None, :n]).ravel()
    # The flat array's nonzero, in (item, size, start) order: numpy walks a 3-d array with its
    # slow general iterator.
    found = (counts > 0).nonzero()[0]
    per_item = size * n
    feat = found // per_item
    cells = (np.arange(size)[:, None] * shape_step + np.arange(n) * pos_step).reshape(-1)
    return feat, cells.take(found - feat * per_item), counts.take(found)


def _char_length(text: str) -> int:
    return max(1, len(text) - text.count(" ") - text.count("\n") - text.count("\t"))


def align_sentences(
    ko: KoreanDoc,
    en: EnglishDoc,
    *,
    translate: Translate | None = None,
    options: SentenceAlignOptions = SentenceAlignOptions(),
    similarity: Similarity | None = None,
) -> tuple[SentenceLink, ...]:
    """Align the Korean and English sentences in order; every sentence is in exactly one link.

    ``translate(lemma, pos)`` gives English words or phrases for a Korean term (lexical
    evidence; None: numbers, Latin tokens, names and lengths only). ``similarity`` compares a
    Korean name with an English word (default: flashcards.align.translit when present and
    ``options.use_translit``). A link's ``score`` is its bead's contribution to the total:
    higher is surer; a sentence without a partner scores ``-options.skip_penalty``.

    The cyclic garbage collector is paused meanwhile (see ``cyclic_gc_paused``): the features
    and the lexicon's first lookups make thousands of short-lived containers.
    """
    with cyclic_gc_paused():
        return _align_sentences(ko, en, translate, options, similarity)


def _align_sentences(
    ko: KoreanDoc,
    en: EnglishDoc,
    translate: Translate | None,
    options: SentenceAlignOptions,
    similarity: Similarity | None,
) -> tuple[SentenceLink, ...]:
    n, m = len(ko.sentences), len(en.sentences)
    if n == 0 or m == 0:
        return tuple(SentenceLink((i,), (), 0.0) for i in range(n)) + tuple(
            SentenceLink((), (j,), 0.0) for j in range(m)
        )
    if similarity is None and options.use_translit:
        library = _default_similarity()
        if library is not None:
            similarity = _at_least(library, options.name_threshold)
    features = _features(ko, en, translate, similarity, options)
    return _decode(_shape_gains(ko, en, features, options), options.skip_penalty)


def _decode(gain: NDArray[np.float64], skip: float) -> tuple[SentenceLink, ...]:
    """Find the best monotonic bead sequence, given every a-b bead's gain (``_shape_gains``).

    The score of cell (i, j) is the best score of aligning Korean sentences [0, i) with
    English [0, j) (``rows[shapes_a + i][j]`` below: the array is padded before the start).
    A row depends on the rows above it only, so numpy scores every bead ending in the row at
    once (a per-cell loop read two boxed floats a bead; numpy also spares the list of every
    gain). Each cell takes the best bead ending there: 1-0 (code 0), a-b (code (a - 1) *
    (shapes_b + 1) + b, the first of equal scores winning, as ``argmax`` picks), or, after the
    row is filled, a chain of 0-1 beads from an earlier cell of the row (code ``chain``) when
    that is better by more than rounding. The sums and comparisons are those of a cell-by-cell
    DP (``_decode_by_loops`` in tests/test_align_sentences.py checks it).
    """
    shapes_a: int = gain.shape[0]
    shapes_b: int = gain.shape[1]
    n: int = gain.shape[2]
    m: int = gain.shape[3]
    kinds = shapes_b + 1  # b = 0 (the 1-0 bead when a = 1) .. shapes_b
    chain = shapes_a * kinds
    item = np.dtype(np.float64).itemsize  # of the score and candidate arrays made below
    # Each bead's gain at the cell it ends in: ending[i, a - 1, b, j] = gain[a - 1, b - 1,
    # i - a, j - b], a view of the gains padded with -inf before each side (a bead reaching
    # past the start never wins); b = 0 holds the 1-0 bead's -skip (a = 1) or -inf.
    padded = np.full((shapes_a, kinds, shapes_a + n, shapes_b + m + 1), -math.inf)
    padded[:, 1:, shapes_a:, shapes_b : shapes_b + m] = gain
    padded[0, 0] = -skip
    along_a, along_b, along_i, along_j = padded.strides
    ending: NDArray[np.float64] = np.ndarray(
        (n + 1, shapes_a, kinds, m + 1),
        padded.dtype,
        padded,
        (shapes_a - 1) * along_i + shapes_b * along_j,
        (along_i, along_a - along_i, along_b - along_j, along_j),
    )
    # The scores, padded with -inf rows and columns before the start too; sources[i, a - 1,
    # b, j] is the score of the cell (i - a, j - b) a bead ending at (i, j) starts from.
    width = shapes_b + m + 1
    score = np.full((shapes_a + n + 1, width), -math.inf)
    rows = score[:, shapes_b:]
    rows[shapes_a] = [-skip * float(j) for j in range(m + 1)]
    sources: NDArray[np.float64] = np.ndarray(
        (n + 1, shapes_a, kinds, m + 1),
        score.dtype,
        score,
        ((shapes_a - 1) * width + shapes_b) * item,
        (width * item, -width * item, -item, item),
    )
    # The beads ending in one row, a row of candidates per cell: cand[j, code].
    cand = np.empty((m + 1, chain))
    beads: NDArray[np.float64] = np.ndarray(
        (shapes_a, kinds, m + 1), cand.dtype, cand, 0, (kinds * item, item, chain * item)
    )
    flat = cand.reshape(-1)
    starts = np.arange(0, (m + 1) * chain, chain)
    skips = [skip * float(j) for j in range(m + 1)]
    back: list[list[int]] = [[-1] + [chain] * m]
    for i in range(1, n + 1):
        np.add(sources[i], ending[i], out=beads)
        picked = cand.argmax(axis=1)
        best = rows[shapes_a + i]
        flat.take(picked + starts, out=best)
        codes: list[int] = picked.tolist()
        row: list[float] = best.tolist()
        # 0-1 beads chain within the row: a running maximum of row[j] + skip * j (row[j] is
        # not read again once passed, so only the score array takes the chained score).
        top = -math.inf
        for j in range(m + 1):
            lifted = row[j] + skips[j]
            if lifted > top:
                top = lifted
            chained = top - skips[j]
            if chained > row[j] + 1e-9:  # the running maximum's own rounding is not a gain
                best[j] = chained
                codes[j] = chain
        back.append(codes)
    links: list[SentenceLink] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = back[i][j]
        if code == chain:
            a, b = 0, 1
        else:
            a, b = code // kinds + 1, code % kinds
        won = float(gain[a - 1, b - 1, i - a, j - b]) if a and b else -skip
        links.append(SentenceLink(tuple(range(i - a, i)), tuple(range(j - b, j)), round(won, 4)))
        i, j = i - a, j - b
    links.reverse()
    return tuple(links)


def window_for(links: Sequence[SentenceLink], ko_sentence: int) -> tuple[int, ...]:
    """Return the English sentences aligned with a Korean sentence.

    When its link has no English partner, return the English of the neighbouring links instead
    (the nearest link with English on each side), where the translation most likely hides.
    """
    for idx, link in enumerate(links):
        if ko_sentence not in link.korean:
            continue
        if link.english:
            return link.english
        near: set[int] = set()
        for step in (-1, 1):
            k = idx + step
            while 0 <= k < len(links) and not links[k].english:
                k += step
            if 0 <= k < len(links):
                near.update(links[k].english)
        return tuple(sorted(near))
    return ()
