"""Parse a bilingual article given as plain text into an ``Article``.

The text is cut into lines, page furniture is dropped, the title is taken from the first
meaningful line, and the rest is grouped into paragraphs of one language each. Every paragraph
is a span of the text, so ``article.text[p.start:p.end] == p.text`` always holds.

Layouts handled without being told which one it is: one language block then the other (either
order), paragraph- or line-interleaved, sentences of both languages alternating inside a line,
``English chunk / 한국어 구절`` lines, and Korean only.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from flashcards.errors import InputError
from flashcards.models import Article, Lang, Paragraph, Source
from flashcards.reader import boilerplate
from flashcards.reader.script import Evidence, evidence

# Past this a "text" is not an article; the limit keeps a pasted log file from eating memory.
MAX_TEXT_CHARS = 5_000_000

Layout = Literal[
    "en-ko", "ko-en", "paragraph-interleaved", "sentence-interleaved", "chunked", "ko-only"
]

# Every character str.isspace() accepts, plus zero-width ones pasted from web pages.
_BLANK_CHARS = frozenset(
    " \t\f\v\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060"
    "\u3000\ufeff"
)
_STRIP = "".join(sorted(_BLANK_CHARS)) + "\n\r"
_LANG_MARKER = re.compile(
    r"\s*[(\[]\s*(?:KOR|ENG|KO|EN|한국어|영어|한|영)\s*[)\]]\s*$", re.IGNORECASE
)
_CHUNK_SEPARATOR = re.compile(r"\s+/{1,2}\s+|\t+")
_SENTENCE_END = re.compile(r"[.!?。…]+['\"’”)\]]*(?=\s)")
_TITLE_MAX_CHARS = 200
# A line of Korean and English sentences is split only when the minority language holds at
# least this share of its letters; below it the "other" sentence is a quotation.
_MIN_MINORITY_SHARE = 0.25


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    block: int
    text: str


@dataclass(frozen=True)
class _Segment:
    """A kept piece of a line: the whole line, or one chunk/sentence of a split line."""

    start: int
    end: int
    line: int
    evidence: Evidence
    split: Literal["", "chunk", "sentence"] = ""
    lang: Lang | None = None


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``; the only change made to the input text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Parsed:
    """What ``parse`` finds in a text: paragraphs of both languages and page metadata."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    found: Source

    def of(self, lang: Lang) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.lang == lang)


def parse(text: str, *, name: str = "the article", soft_line_breaks: bool = False) -> Parsed:
    """Split ``text`` into paragraphs of one language each and find its title, outlet and date.

    A line ending a sentence ends its paragraph too (text pasted from a browser puts each
    paragraph on one line), unless ``soft_line_breaks`` says line breaks are only ``<br>``s.
    Raises ``InputError`` only when the text is empty or too long; finding no Korean is the
    caller's business.
    """
    text = normalize_newlines(text)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name} is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}): "
            "give one article at a time"
        )
    lines = list(_lines(text))
    if not lines:
        raise InputError(f"{name} is empty: give a file with the Korean article (and its English)")
    dropped = _boilerplate_lines(lines)
    title_index = _title_line(lines, dropped)
    title = ""
    kept = dropped
    if title_index is not None:
        title = _LANG_MARKER.sub("", lines[title_index].text).strip()
        kept = _drop_title(lines, dropped, title_index, title)
    segments = _assign_languages(list(_segments(lines, kept)), lines)
    paragraphs = _paragraphs(text, segments, lines, soft_line_breaks)
    if title_index is not None and not paragraphs:
        # A lone line is the article, not its title.
        segments = _assign_languages(list(_segments(lines, dropped)), lines)
        paragraphs = _paragraphs(text, segments, lines, soft_line_breaks)
    if not title and paragraphs:
        title = _title_from(paragraphs[0].text)
    furniture = [lines[i].text for i in sorted(dropped)]
    found = Source(
        title=title,
        outlet=next((o for o in map(boilerplate.outlet_in, furniture) if o), ""),
        date=next((d for d in map(boilerplate.date_in, furniture) if d), ""),
    )
    return Parsed(text, tuple(paragraphs), found)


def read_text(
    text: str, *, source: Source | None = None, name: str = "", soft_line_breaks: bool = False
) -> Article:
    """Parse a bilingual (or Korean-only) article from text.

    ``source`` fills the record's ``Source``; its empty ``title``, ``outlet`` and ``date`` are
    filled from the text. ``name`` names the input in error messages (default: the source's
    path or URL); ``soft_line_breaks`` is for text laid out from HTML (see ``parse``). Raises
    ``InputError`` when the text is empty, too long or has no Korean.
    """
    name = name or describe(source)
    parsed = parse(text, name=name, soft_line_breaks=soft_line_breaks)
    korean, english = parsed.of("ko"), parsed.of("en")
    if not korean:
        raise no_korean(name, bool(english))
    return Article(
        text=parsed.text,
        source=merge_sources(source, parsed.found),
        korean=korean,
        english=english,
    )


def no_korean(name: str, has_english: bool) -> InputError:
    """The error for input without Korean paragraphs."""
    found = "only English text" if has_english else "no article text"
    return InputError(
        f"{name} has no Korean text (found {found}): flashcards needs the Korean article, "
        "optionally followed or preceded by its English translation"
    )


def detect_layout(article: Article) -> Layout:
    """Name the layout of ``article``'s paragraphs (for messages and tests)."""
    if not article.english:
        return "ko-only"
    ordered = sorted((*article.korean, *article.english), key=lambda p: p.start)
    runs = 1 + sum(1 for a, b in itertools.pairwise(ordered) if a.lang != b.lang)
    if runs == 2:
        return "en-ko" if ordered[0].lang == "en" else "ko-en"
    # Where the language switches, the gap says how the two are interleaved: within a line
    # (chunks or sentences), at a line break (sentence per line), or at a blank line.
    gaps = [
        article.text[a.end : b.start] for a, b in itertools.pairwise(ordered) if a.lang != b.lang
    ]
    within = [gap for gap in gaps if "\n" not in gap]
    line_breaks = sum(1 for gap in gaps if gap.count("\n") == 1)
    if len(within) * 2 >= len(gaps):
        chunked = sum(1 for gap in within if _CHUNK_SEPARATOR.search(f" {gap} "))
        return "chunked" if chunked * 2 >= len(within) else "sentence-interleaved"
    if (len(within) + line_breaks) * 2 >= len(gaps):
        return "sentence-interleaved"
    return "paragraph-interleaved"


def describe(source: Source | None) -> str:
    """Name the input in error messages: its path or URL."""
    if source is not None and source.path:
        return source.path
    if source is not None and source.url:
        return source.url
    return "the article"


def merge_sources(given: Source | None, found: Source) -> Source:
    """Fill ``given``'s empty title, outlet and date from ``found``."""
    if given is None:
        return found
    return dataclasses.replace(
        given,
        title=given.title or found.title,
        outlet=given.outlet or found.outlet,
        date=given.date or found.date,
        url=given.url or found.url,
    )


def _is_blank(line: str) -> bool:
    return all(ch in _BLANK_CHARS for ch in line)


def _lines(text: str) -> Iterator[_Line]:
    """Yield the non-blank lines with their stripped spans; blank lines separate blocks."""
    block = 0
    position = 0
    previous_blank = True
    for raw in text.split("\n"):
        if _is_blank(raw):
            if not previous_blank:
                block += 1
            previous_blank = True
        else:
            stripped = raw.strip(_STRIP)
            # The stripped prefix holds only blank characters, so the first match is the line.
            left = raw.find(stripped)
            yield _Line(position + left, position + left + len(stripped), block, stripped)
            previous_blank = False
        position += len(raw) + 1


def _boilerplate_lines(lines: Sequence[_Line]) -> frozenset[int]:
    dropped = {i for i, line in enumerate(lines) if boilerplate.is_boilerplate(line.text)}
    # Labels like "lock icon" are only furniture beside other furniture: one sweep each way
    # spreads the mark through every run of such labels touching a dropped line.
    fragments = [boilerplate.is_menu_fragment(line.text) for line in lines]
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if fragments[i] and ((i - 1 in dropped) or (i + 1 in dropped)):
                dropped.add(i)
    return frozenset(dropped)


def _title_line(lines: Sequence[_Line], dropped: frozenset[int]) -> int | None:
    """Return the index of the title line: the first kept line, when it looks like a title."""
    first = next((i for i in range(len(lines)) if i not in dropped), None)
    if first is None:
        return None
    line = lines[first].text
    if _LANG_MARKER.search(line):
        return first
    if (
        len(line) > _TITLE_MAX_CHARS
        or boilerplate.ends_sentence(line)
        or _CHUNK_SEPARATOR.search(line)
        or not any(ch.isalpha() for ch in line)
    ):
        return None
    # A title stands alone: the next kept line starts a new block.
    following = next((j for j in range(first + 1, len(lines)) if j not in dropped), None)
    if following is not None and lines[following].block == lines[first].block:
        return None
    return first


def _drop_title(
    lines: Sequence[_Line], dropped: frozenset[int], title_index: int, title: str
) -> frozenset[int]:
    """Drop the title line and its repeats (saved pages print the headline twice)."""
    repeats = {
        i
        for i, line in enumerate(lines)
        if line.text == lines[title_index].text or _LANG_MARKER.sub("", line.text).strip() == title
    }
    return dropped | repeats | {title_index}


def _segments(lines: Sequence[_Line], dropped: frozenset[int]) -> Iterator[_Segment]:
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        pieces = _split_chunks(line, i) or _split_sentences(line, i)
        if pieces:
            yield from pieces
            continue
        found = evidence(line.text)
        if found.lang is not None:
            yield _Segment(line.start, line.end, i, found)


def _split_chunks(line: _Line, index: int) -> list[_Segment]:
    """Split ``English chunk / 한국어 구절`` lines when the chunks differ in language."""
    if not _CHUNK_SEPARATOR.search(line.text):
        return []
    pieces: list[_Segment] = []
    at = 0
    for match in [*_CHUNK_SEPARATOR.finditer(line.text), None]:
        stop = match.start() if match else len(line.text)
        found = evidence(line.text[at:stop])
        if found.lang is not None:
            pieces.append(_Segment(line.start + at, line.start + stop, index, found, "chunk"))
        at = match.end() if match else stop
    return pieces if len({piece.evidence.lang for piece in pieces}) == 2 else []


def _split_sentences(line: _Line, index: int) -> list[_Segment]:
    """Split a line holding sentences of both languages, unless one side is only a quotation."""
    whole = evidence(line.text)
    if whole.ko < 2 or whole.en < 2:
        return []
    pieces: list[_Segment] = []
    at = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(line.text)] + [len(line.text)]
    for stop in ends:
        chunk = line.text[at:stop]
        offset = len(chunk) - len(chunk.lstrip())
        found = evidence(chunk)
        if found.lang is not None:
            start = line.start + at + offset
            pieces.append(_Segment(start, line.start + stop, index, found, "sentence"))
        at = stop
    langs = {piece.evidence.lang for piece in pieces}
    if len(langs) < 2 or any(piece.evidence.mixed for piece in pieces):
        return []
    korean = sum(p.evidence.letters for p in pieces if p.evidence.lang == "ko")
    english = sum(p.evidence.letters for p in pieces if p.evidence.lang == "en")
    if min(korean, english) < _MIN_MINORITY_SHARE * (korean + english):
        return []
    return _join_same_language(pieces)


def _join_same_language(pieces: list[_Segment]) -> list[_Segment]:
    joined: list[_Segment] = []
    for piece in pieces:
        if joined and joined[-1].evidence.lang == piece.evidence.lang:
            last = joined[-1]
            joined[-1] = dataclasses.replace(
                last, end=piece.end, evidence=last.evidence + piece.evidence
            )
        else:
            joined.append(piece)
    return joined


def _assign_languages(segments: list[_Segment], lines: Sequence[_Line]) -> list[_Segment]:
    """Fix each segment's language; a thinly mixed line follows its neighbours in the block."""
    assigned: list[_Segment] = []
    for k, segment in enumerate(segments):
        lang = segment.evidence.lang
        if segment.evidence.mixed and not segment.split:
            block = lines[segment.line].block
            around = segments[max(k - 1, 0) : k] + segments[k + 1 : k + 2]
            neighbours = {
                other.evidence.lang
                for other in around
                if lines[other.line].block == block and not other.evidence.mixed
            }
            if len(neighbours) == 1:
                lang = neighbours.pop()
        assigned.append(dataclasses.replace(segment, lang=lang))
    return assigned


def _paragraphs(
    text: str, segments: Sequence[_Segment], lines: Sequence[_Line], soft_line_breaks: bool
) -> list[Paragraph]:
    """Join consecutive segments of one language in one block into paragraphs."""
    headline_blocks = _headline_blocks(segments, lines)
    paragraphs: list[Paragraph] = []
    current: list[_Segment] = []

    def close() -> None:
        if current:
            start, end = current[0].start, current[-1].end
            lang = current[0].lang
            assert lang is not None
            paragraphs.append(Paragraph(lang, start, end, text[start:end]))
            current.clear()

    for segment in segments:
        if current:
            last = current[-1]
            block = lines[segment.line].block
            same = (
                block == lines[last.line].block
                and segment.lang == last.lang
                and segment.line - last.line <= 1
                and not segment.split
                and not last.split
                and block not in headline_blocks
                and (
                    soft_line_breaks
                    or segment.line == last.line
                    or not boilerplate.ends_sentence(lines[last.line].text)
                )
            )
            if not same:
                close()
        current.append(segment)
    close()
    return paragraphs


def _headline_blocks(segments: Sequence[_Segment], lines: Sequence[_Line]) -> set[int]:
    """Blocks of several lines none of which ends a sentence: a headline and its subheads."""
    by_block: dict[int, list[str]] = {}
    for segment in segments:
        by_block.setdefault(lines[segment.line].block, []).append(lines[segment.line].text)
    return {
        block
        for block, texts in by_block.items()
        if len(texts) > 1
        and not any(boilerplate.ends_sentence(t) for t in texts)
        and all(len(t) <= 100 for t in texts)
    }


def _title_from(paragraph: str, limit: int = 80) -> str:
    """Make a title from the start of the first paragraph, cut at a word boundary."""
    first_line = paragraph.split("\n", 1)[0].strip()
    sentence = _SENTENCE_END.split(first_line + " ", maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return (cut or sentence[:limit]) + "…"
