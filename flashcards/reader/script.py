"""Tell Korean from English text by script, robust to mixed sentences.

A Korean sentence often carries Latin words (``OpenAI의 ChatGPT를 도입했다``) and an English
sentence may quote a Korean name (``said Park Ji-won (박지원)``), so counting characters is not
enough. We weigh word tokens instead: Hangul-bearing words, Korean particles and sentence endings
speak for Korean; Latin words, doubled for English function words, speak for English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashcards.models import Lang

_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")

# Common particles a Korean noun carries (은/는/이/가 ...); a token ending in one of them after a
# stem of at least one syllable is grammar, not a quoted name.
_PARTICLE = re.compile(
    r"[\uac00-\ud7a3](은|는|이|가|을|를|의|에|에서|로|으로|와|과|도|만|까지|부터)$"
)
# Predicate endings that close a Korean sentence (했다, 합니다, 한다고요 ...).
_ENDING = re.compile(r"(다|요|까|죠|음|함|됨|임)$")

_FUNCTION_WORDS = frozenset(
    (
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into",
        "about", "as", "and", "or", "but", "not", "no", "is", "are", "was", "were", "be", "been",
        "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
        "should", "may", "might", "must", "it", "its", "this", "that", "these", "those", "which",
        "who", "whom", "whose", "what", "when", "where", "while", "he", "she", "they", "we",
        "you", "i", "his", "her", "their", "our", "your", "said", "says", "than", "then", "so",
        "if", "also", "more", "most",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """Weighted votes for each language; ``letters`` counts Hangul and Latin letters."""

    ko: int = 0
    en: int = 0
    hangul: int = 0
    latin: int = 0
    function_words: int = 0

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(
            self.ko + other.ko,
            self.en + other.en,
            self.hangul + other.hangul,
            self.latin + other.latin,
            self.function_words + other.function_words,
        )

    @property
    def lang(self) -> Lang | None:
        """The winning language; ``None`` when the text has no Hangul or Latin word."""
        if self.ko == 0 and self.en == 0:
            return None
        # Ties go to Korean: a Korean sentence listing English names can tie; English rarely does.
        return "ko" if self.ko >= self.en else "en"

    @property
    def mixed(self) -> bool:
        """Both scripts vote and neither clearly wins, so neighbouring lines should decide.

        Latin words without a single English function word ("Google, Microsoft, Meta 등") are
        names inside Korean as often as not.
        """
        if self.ko == 0 or self.en == 0:
            return False
        return self.function_words == 0 or max(self.ko, self.en) < 3 * min(self.ko, self.en)

    @property
    def letters(self) -> int:
        return self.hangul + self.latin


def evidence(text: str) -> Evidence:
    """Count the votes for Korean and English in ``text``."""
    ko = en = function_words = 0
    last_hangul_word = ""
    last_word = ""
    for match in _WORD.finditer(text):
        word = match.group()
        last_word = word
        has_hangul = _HANGUL.search(word) is not None
        if has_hangul:
            ko += 1
            last_hangul_word = word
            if _LATIN.search(word) or _DIGIT.search(word):
                # OpenAI의, 120억: a Hangul suffix glued to a foreign word or number is grammar.
                ko += 1
            elif _PARTICLE.search(word):
                ko += 1
        elif _LATIN.search(word):
            function = word.lower() in _FUNCTION_WORDS
            function_words += function
            en += 2 if function else 1
    if last_word and last_word == last_hangul_word and _ENDING.search(last_word):
        ko += 2
    return Evidence(ko, en, len(_HANGUL.findall(text)), len(_LATIN.findall(text)), function_words)


def language(text: str) -> Lang | None:
    """Return "ko" or "en" for ``text``, or ``None`` when it has no Hangul or Latin word."""
    return evidence(text).lang


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def has_letters(text: str) -> bool:
    return _HANGUL.search(text) is not None or _LATIN.search(text) is not None
