"""Records passed between the pipeline's stages.

Every record is a frozen dataclass. Positions are character offsets into ``Article.text`` (the
decoded source text), so any span can be traced back to the article: ``text[start:end]``.
No stage passes raw Kiwi or spaCy objects on.

The records the aligner and the lexicon make by the thousand (glosses, occurrences, sentence
links, counterparts, aligned terms) write their own ``__init__``, the one ``dataclass`` would
generate (it keeps one a class defines), with ``object.__setattr__`` as a frozen record must.
Compiled (setup.py), that is a native constructor (mypyc makes ``object.__setattr__`` of a
record's own field a plain store, past the frozen ``__setattr__``): 100-250
instructions a record, where the generated ``__init__`` runs as Python (about 2,800 for a Gloss,
11,000 for an AlignedTerm made with keywords). Everything else stays generated: equality,
hashing, repr, ``fields``, ``replace``, and assignment raising FrozenInstanceError.
tests/test_models.py checks each such ``__init__`` against its fields.
"""

from __future__ import annotations

import copyreg
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

Lang = Literal["ko", "en"]

# Coarse parts of speech shared by both languages' records and the lexicon.
# Korean terms use: noun, proper, verb, adjective, adverb, foreign (Latin letters such as "AI").
# English tokens keep spaCy's universal tags (NOUN, PROPN, VERB, ...) in ``EnglishToken.pos``.
Pos = Literal["noun", "proper", "verb", "adjective", "adverb", "foreign"]
POS_VALUES: tuple[Pos, ...] = ("noun", "proper", "verb", "adjective", "adverb", "foreign")


# --- reader -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where an article came from, for the card's ``Source`` field."""

    title: str
    outlet: str = ""
    date: str = ""
    url: str = ""
    path: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of one language: ``text == Article.text[start:end]``."""

    lang: Lang
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """A bilingual article: the source text and its paragraphs, split by language.

    ``english`` may be empty (a Korean-only article); ``korean`` is never empty.
    """

    text: str
    source: Source
    korean: tuple[Paragraph, ...]
    english: tuple[Paragraph, ...]

    @property
    def title(self) -> str:
        return self.source.title


# --- analysis (korean / english) ----------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of one language; ``paragraph`` indexes ``Article.korean`` or ``.english``."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Morph:
    """One Kiwi morpheme, copied into our own record. ``lemma`` is the dictionary form."""

    form: str
    tag: str
    lemma: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class TermOccurrence:
    """One occurrence of a Korean content term in the text.

    ``lemma`` is the dictionary form a learner looks up (도입하다, 근본적, 인공지능, AI).
    ``start``/``end`` cover the term's surface in the text (for 도입했다: 도입했); ``hanja`` and
    ``latin`` hold a parenthesised gloss written right after it in the article (굴기(崛起),
    인공지능(AI)); ``parts`` lists the component lemmas of a compound (인재 유출 → 인재, 유출).
    """

    lemma: str
    pos: Pos
    start: int
    end: int
    sentence: int
    surface: str
    hanja: str = ""
    latin: str = ""
    parts: tuple[str, ...] = ()

    def __init__(
        self,
        lemma: str,
        pos: Pos,
        start: int,
        end: int,
        sentence: int,
        surface: str,
        hanja: str = "",
        latin: str = "",
        parts: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "lemma", lemma)
        object.__setattr__(self, "pos", pos)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "surface", surface)
        object.__setattr__(self, "hanja", hanja)
        object.__setattr__(self, "latin", latin)
        object.__setattr__(self, "parts", parts)


@dataclass(frozen=True)
class KoreanDoc:
    sentences: tuple[Sentence, ...]
    morphs: tuple[Morph, ...]
    terms: tuple[TermOccurrence, ...]


@dataclass(frozen=True)
class EnglishToken:
    """One spaCy token, copied into our own record. ``i`` is its index in the document."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    start: int
    end: int
    sentence: int
    ent_type: str = ""
    is_stop: bool = False
    dep: str = ""
    head: int = -1


@dataclass(frozen=True)
class EnglishSpan:
    """A multiword unit: ``tokens`` is the half-open token range [first, last).

    ``kind`` is "entity" (with ``label`` such as ORG), "chunk" (a noun chunk) or "phrasal" (a
    phrasal verb such as "shut down").
    """

    first: int
    last: int
    start: int
    end: int
    text: str
    kind: Literal["entity", "chunk", "phrasal"]
    label: str = ""


@dataclass(frozen=True)
class EnglishDoc:
    sentences: tuple[Sentence, ...]
    tokens: tuple[EnglishToken, ...]
    spans: tuple[EnglishSpan, ...]


# --- lexicon ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gloss:
    """One English sense of a Korean lemma; ``source`` names where it came from.

    Sources: "glossary" (ours), "hanja" (the Sino-Korean bridge, with ``hanja`` set),
    "user:<name>" (a dictionary the user added), "compound" (a compound no source knows,
    glossed part by part: "technology + talent").
    """

    text: str
    source: str
    hanja: str = ""

    def __init__(self, text: str, source: str, hanja: str = "") -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "hanja", hanja)


# --- align --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceLink:
    """Korean sentences aligned with English sentences (either side may be empty: no partner)."""

    korean: tuple[int, ...]
    english: tuple[int, ...]
    score: float = 0.0

    def __init__(
        self, korean: tuple[int, ...], english: tuple[int, ...], score: float = 0.0
    ) -> None:
        object.__setattr__(self, "korean", korean)
        object.__setattr__(self, "english", english)
        object.__setattr__(self, "score", score)


@dataclass(frozen=True)
class Counterpart:
    """The English expression the article used for a Korean term.

    ``text == Article.text[start:end]``; ``sentence`` indexes ``EnglishDoc.sentences``.
    """

    text: str
    start: int
    end: int
    sentence: int
    confidence: float
    evidence: tuple[str, ...] = ()

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        sentence: int,
        confidence: float,
        evidence: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "evidence", evidence)


@dataclass(frozen=True)
class AlignedTerm:
    """A Korean term with all its occurrences and its English counterpart (or ``None``)."""

    lemma: str
    pos: Pos
    occurrences: tuple[TermOccurrence, ...]
    counterpart: Counterpart | None
    confidence: float
    glosses: tuple[Gloss, ...] = ()
    hanja: str = ""

    def __init__(
        self,
        lemma: str,
        pos: Pos,
        occurrences: tuple[TermOccurrence, ...],
        counterpart: Counterpart | None,
        confidence: float,
        glosses: tuple[Gloss, ...] = (),
        hanja: str = "",
    ) -> None:
        object.__setattr__(self, "lemma", lemma)
        object.__setattr__(self, "pos", pos)
        object.__setattr__(self, "occurrences", occurrences)
        object.__setattr__(self, "counterpart", counterpart)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "glosses", glosses)
        object.__setattr__(self, "hanja", hanja)


@dataclass(frozen=True)
class Alignment:
    sentence_links: tuple[SentenceLink, ...]
    terms: tuple[AlignedTerm, ...]


# --- vocab / export -----------------------------------------------------------------------


@dataclass(frozen=True)
class StudyItem:
    """One term chosen for study: everything a card shows, as plain (unescaped) text.

    Highlights are offsets *within* the sentence strings. The exporter HTML-escapes every field.
    """

    korean: str
    pos: Pos
    english: str | None
    glosses: tuple[Gloss, ...]
    hanja: str
    korean_sentence: str
    korean_highlight: tuple[int, int]
    english_sentence: str
    english_highlight: tuple[int, int] | None
    confidence: float
    count: int
    first_position: int
    level: str = ""
    zipf: float = 0.0
    reasons: tuple[str, ...] = field(default=())


def _by_fields(record: Any) -> tuple[type, tuple[object, ...]]:
    return (type(record), tuple(getattr(record, f.name) for f in fields(record)))


# Batch workers send records between processes. Compiled (setup.py), a frozen record cannot be
# unpickled attribute by attribute, as a compiled class is by default; its constructor can.
for _record in [
    value
    for value in list(globals().values())
    if isinstance(value, type) and is_dataclass(value) and value.__module__ == __name__
]:
    copyreg.pickle(_record, _by_fields)
