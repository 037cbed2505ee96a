"""Readers for the dictionary formats users download, and format auto-detection.

Every reader turns a file into ``DictRecord``s: one per source record (a line, a JSON object, an
XML entry), each holding the Korean–English pairs it contributed (none when the record has no
usable Korean headword or English sense: such records are counted as skipped, not errors). A line
that does not fit the format at all raises ``FormatProblem`` with its line number; the importer
turns that into a ``DictionaryError`` naming the file.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from flashcards.lexicon.hangul import has_han, has_hangul, is_han
from flashcards.lexicon.senses import split_gloss_list


@dataclass(frozen=True)
class DictEntry:
    """One Korean–English pair; ``pos`` is one of our coarse POS names or "" when unknown."""

    korean: str
    english: str
    pos: str = ""
    hanja: str = ""


@dataclass(frozen=True)
class DictRecord:
    line: int
    entries: tuple[DictEntry, ...]


class FormatProblem(Exception):
    """A line that does not fit the format; ``line`` is 1-based (0: the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class UnknownFormat(FormatProblem):
    """The file reads fine but matches none of the formats."""


Lines = Iterable[tuple[int, str]]


# --- reading files --------------------------------------------------------------------------


def open_binary(path: Path) -> IO[bytes]:
    """Open ``path`` for reading bytes, transparently decompressing ``.gz``."""
    if path.suffix == ".gz":
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) decoded as UTF-8 (BOM allowed), without line endings.

    Raises FormatProblem at the first line that is not UTF-8 or when the file is binary, UTF-16
    or a truncated archive.
    """
    try:
        with open_binary(path) as handle:
            for number, raw in enumerate(handle, start=1):
                if number == 1:
                    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                        raise FormatProblem(1, "the file is UTF-16; convert it to UTF-8")
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if b"\x00" in raw:
                    raise FormatProblem(number, "binary data (NUL bytes): not a text dictionary")
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise FormatProblem(number, _encoding_hint(raw, exc)) from None
                yield number, text.rstrip("\r\n")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise FormatProblem(0, f"the compressed file is damaged or truncated ({exc})") from None


def _encoding_hint(raw: bytes, exc: UnicodeDecodeError) -> str:
    for legacy in ("cp949", "euc-kr"):
        try:
            if has_hangul(raw.decode(legacy)):
                return (
                    f"not UTF-8 (looks like {legacy.upper()}); convert it with "
                    f"`iconv -f {legacy} -t utf-8`"
                )
        except UnicodeDecodeError:
            continue
    return f"not valid UTF-8 at byte {exc.start} of the line (wrong encoding or a truncated file)"


def content_lines(lines: Lines) -> Iterator[tuple[int, str]]:
    """Skip blank lines and ``#`` comments."""
    for number, text in lines:
        if text.strip() and not text.lstrip().startswith("#"):
            yield number, text


# --- text normalisation ---------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_ESCAPED_QUOTE = re.compile(r"\\+(['\"])")
_KOREAN_TRIM = " \t~-–—.,;:!?·…\"'“”‘’()[]{}^*"


def clean_korean(text: str) -> str:
    """Normalise a Korean headword: NFC, single spaces, no decoration (~하다 → 하다)."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = _SPACES.sub(" ", text).strip(_KOREAN_TRIM)
    # Homonym numbers some exports append (사과1, 사과²) are not part of the word.
    text = re.sub(r"(?<=[가-힣])[0-9¹²³⁴⁵⁶⁷⁸⁹]+$", "", text)
    return text


def clean_english(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = _ESCAPED_QUOTE.sub(r"\1", text)  # SQL-dump escaping: verb\\'s → verb's
    return _SPACES.sub(" ", text).strip(" \t.;,")


def han_only(text: str) -> str:
    """Return the leading run of hanja in ``text`` (發達- → 發達; 斷念하다 → 斷念)."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text.strip():
        if is_han(ch):
            out.append(ch)
        elif out:
            break
    return "".join(out)


def usable(korean: str, english: str) -> bool:
    """Tell whether a pair has a Hangul headword and a Latin-script English side."""
    return (
        has_hangul(korean)
        and bool(english)
        and not has_hangul(english)
        and any("a" <= ch.lower() <= "z" for ch in english)
    )


# Longer "senses" are explanations (kengdic: "Region surrounding seoul ..."), not translations.
_MAX_ENGLISH = 80


def _pairs(korean: str, senses: Iterable[str], pos: str = "", hanja: str = "") -> list[DictEntry]:
    korean = clean_korean(korean)
    out: list[DictEntry] = []
    seen: set[str] = set()
    for sense in senses:
        english = clean_english(sense)
        if english not in seen and len(english) <= _MAX_ENGLISH and usable(korean, english):
            seen.add(english)
            out.append(DictEntry(korean, english, pos, hanja))
    return out


# --- POS mapping ----------------------------------------------------------------------------

_ENGLISH_POS = {
    "n": "noun",
    "noun": "noun",
    "prop": "proper",
    "proper": "proper",
    "name": "proper",
    "proper noun": "proper",
    "v": "verb",
    "verb": "verb",
    "adj": "adjective",
    "adjective": "adjective",
    "adv": "adverb",
    "adverb": "adverb",
}
_KOREAN_POS = {
    "명사": "noun",
    "의존 명사": "noun",
    "고유 명사": "proper",
    "동사": "verb",
    "보조 동사": "verb",
    "형용사": "adjective",
    "보조 형용사": "adjective",
    "부사": "adverb",
}


def map_pos(label: str) -> str:
    label = label.strip().lower()
    return _ENGLISH_POS.get(label) or _KOREAN_POS.get(label, "")


# --- line formats ---------------------------------------------------------------------------


def parse_kengdic(lines: Lines) -> Iterator[DictRecord]:
    """Read kengdic TSV: a header naming ``surface``, ``hanja`` and ``gloss`` columns."""
    columns: dict[str, int] | None = None
    for number, text in content_lines(lines):
        fields = text.split("\t")
        if columns is None:
            names = [f.strip().lower() for f in fields]
            if "surface" in names and "gloss" in names:
                columns = {name: i for i, name in enumerate(names)}
                continue
            if len(fields) >= 4 and fields[0].strip().isdigit():
                columns = {"surface": 1, "hanja": 2, "gloss": 3}  # headerless export
            else:
                raise FormatProblem(number, "no kengdic header (id, surface, hanja, gloss, …)")
        need = max(columns["surface"], columns["gloss"]) + 1
        if len(fields) < need:
            raise FormatProblem(
                number, f"expected at least {need} tab-separated columns, found {len(fields)}"
            )
        hanja_col = columns.get("hanja")
        hanja = (
            han_only(fields[hanja_col]) if hanja_col is not None and hanja_col < len(fields) else ""
        )
        gloss = fields[columns["gloss"]]
        yield DictRecord(
            number, tuple(_pairs(fields[columns["surface"]], split_gloss_list(gloss), "", hanja))
        )
    if columns is None:
        raise FormatProblem(0, "no entries")


_WIKT_POS = re.compile(r"\{([^}]*)\}")


def parse_wiktionary(lines: Lines) -> Iterator[DictRecord]:
    """Read an English-to-Korean Wiktionary extract.

    Lines read ``english {pos} (sense) :: 한국어 /rom/ (漢字), …``.
    """
    for number, text in content_lines(lines):
        head, sep, korean_side = text.partition(" :: ")
        if not sep or not korean_side.strip():
            raise FormatProblem(number, "expected `english {pos} (sense) :: korean, …`")
        english = head.split(" {", 1)[0]
        english = re.sub(r"\s*\([^()]*\)\s*$", "", english).strip()
        pos_labels = _WIKT_POS.findall(head)
        pos = next((map_pos(p) for p in pos_labels if map_pos(p)), "")
        entries: list[DictEntry] = []
        for item in split_top_level(korean_side, ","):
            korean, hanja = wiktionary_item(item)
            if korean:
                entries.extend(_pairs(korean, [english], pos, hanja))
        yield DictRecord(number, tuple(entries))


def split_top_level(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside (), [] and /…/ groups."""
    parts: list[str] = []
    depth = 0
    in_slash = False
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == "/":
            in_slash = not in_slash
        if ch == separator and depth == 0 and not in_slash:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def wiktionary_item(item: str) -> tuple[str, str]:
    """Split one Korean item into (word, hanja): ``수판 /數板, supan/`` → (수판, 數板)."""
    item = re.sub(r"\[[^\]]*\]?", " ", item)  # qualifiers: [rare], [South Korea]
    item = item.replace("Hangul:", " ")
    item = item.split(";")[0]  # "Hangul: 경청자; Romaja: …"
    hanja = ""
    for group in re.findall(r"/([^/]*)/?|\(([^()]*)\)?", item):
        for part in group:
            found = han_only(part)
            if found and not hanja:
                hanja = found
    word = re.sub(r"/[^/]*/?|\([^()]*\)?", " ", item)
    word = _SPACES.sub(" ", word).strip(" ^")
    if not has_hangul(word):
        return "", ""
    return word, hanja


def parse_hunalign(lines: Lines) -> Iterator[DictRecord]:
    """Read a hunalign dictionary (MUSE ko–en): ``english @ 한국어`` per line."""
    for number, text in content_lines(lines):
        english, sep, korean = text.partition(" @ ")
        if not sep or not english.strip() or not korean.strip():
            raise FormatProblem(number, "expected `english @ korean`")
        yield DictRecord(number, tuple(_pairs(korean, [english])))


def _tsv_fields(number: int, text: str, minimum: int = 2) -> list[str]:
    fields = text.split("\t")
    if len(fields) < minimum:
        raise FormatProblem(
            number, f"expected {minimum} tab-separated columns, found {len(fields)}"
        )
    return fields


def parse_en_ko(lines: Lines) -> Iterator[DictRecord]:
    """Read ``english<TAB>korean`` pairs; pairs whose Korean side has no Hangul are skipped."""
    for number, text in content_lines(lines):
        fields = _tsv_fields(number, text)
        yield DictRecord(number, tuple(_pairs(fields[1], [fields[0]])))


def parse_ko_en(lines: Lines) -> Iterator[DictRecord]:
    """Read ``korean<TAB>english`` (or our ``lemma<TAB>pos<TAB>glosses``) glossaries.

    The English column may list several senses separated by ";" or ",".
    """
    first = True
    for number, text in content_lines(lines):
        fields = _tsv_fields(number, text)
        if first and not has_hangul(fields[0]):
            first = False
            continue  # a header row
        first = False
        yield _ko_en_record(number, fields)


def _ko_en_record(number: int, fields: list[str]) -> DictRecord:
    pos = map_pos(fields[1]) if len(fields) >= 3 else ""
    english = fields[2] if pos else fields[1]
    hanja = ""
    if not pos and len(fields) >= 3 and han_only(fields[2]) == fields[2].strip():
        hanja = fields[2].strip()  # korean, english, hanja
    return DictRecord(number, tuple(_pairs(fields[0], split_gloss_list(english), pos, hanja)))


def parse_csv(lines: Lines) -> Iterator[DictRecord]:
    """Read a ``korean,english`` CSV glossary (quoted fields allowed, optional header row)."""
    numbered = list(content_lines(lines))
    if not numbered:
        return
    reader = csv.reader(io.StringIO("\n".join(text for _, text in numbered)))
    first = True
    try:
        for (number, _), fields in zip(numbered, reader, strict=False):
            if len(fields) < 2:
                raise FormatProblem(
                    number, f"expected 2 comma-separated columns, found {len(fields)}"
                )
            if first and not has_hangul(fields[0]):
                first = False
                continue
            first = False
            yield _ko_en_record(number, fields)
    except csv.Error as exc:
        raise FormatProblem(reader.line_num, f"malformed CSV ({exc})") from None


# --- JSON lines (kaikki.org / wiktextract) --------------------------------------------------


def parse_kaikki(lines: Lines) -> Iterator[DictRecord]:
    """Read kaikki.org / wiktextract JSONL; only Korean entries (lang_code "ko") count.

    Each object's ``senses[].glosses`` are English; form-of and alternative-form senses are
    skipped; a form tagged "hanja" gives the hanja spelling.
    """
    for number, text in content_lines(lines):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatProblem(number, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict) or "word" not in obj:
            raise FormatProblem(number, "expected a wiktextract entry object with a `word`")
        if obj.get("lang_code", "ko") != "ko" and obj.get("lang") != "Korean":
            yield DictRecord(number, ())
            continue
        word = str(obj.get("word", ""))
        pos = map_pos(str(obj.get("pos", "")))
        hanja = ""
        for form in obj.get("forms", None) or ():
            if isinstance(form, dict) and "hanja" in (form.get("tags") or ()):
                hanja = han_only(str(form.get("form", "")))
                if hanja:
                    break
        senses: list[str] = []
        for sense in obj.get("senses", None) or ():
            if not isinstance(sense, dict) or sense.get("form_of") or sense.get("alt_of"):
                continue
            glosses = sense.get("glosses") or ()
            if glosses:
                # Nested glosses repeat the parent first; the last one is the specific sense.
                senses.extend(split_gloss_list(str(glosses[-1])))
        yield DictRecord(number, tuple(_pairs(word, senses, pos, hanja)))


# --- XML (NIKL 한국어기초사전 / krdict LMF export) ---------------------------------------------

# XML 1.0 forbids most C0 controls; krdict exports occasionally contain one inside a gloss.
_XML_ILLEGAL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))


class _CleanXmlStream(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._raw.read(len(buffer))
        chunk = chunk.translate(None, _XML_ILLEGAL)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _feats(element: ElementTree.Element) -> dict[str, str]:
    return {f.get("att", ""): html.unescape(f.get("val", "")) for f in element.findall("feat")}


def parse_krdict_stream(raw: IO[bytes]) -> Iterator[DictRecord]:
    """Read one krdict LMF XML stream: LexicalEntry → Lemma/writtenForm, Sense/Equivalent(영어)."""
    parser = ElementTree.iterparse(io.BufferedReader(_CleanXmlStream(raw)), events=("end",))
    count = 0
    try:
        for _event, element in parser:
            if element.tag != "LexicalEntry":
                continue
            count += 1
            feats = _feats(element)
            lemma = element.find("Lemma")
            word = _feats(lemma).get("writtenForm", "") if lemma is not None else ""
            pos = map_pos(feats.get("partOfSpeech", ""))
            hanja = han_only(feats.get("origin", ""))
            senses: list[str] = []
            for sense in element.findall("Sense"):
                for equivalent in sense.findall("Equivalent"):
                    eq = _feats(equivalent)
                    if eq.get("language") in ("영어", "English", "en"):
                        senses.extend(split_gloss_list(eq.get("lemma", "")))
            # ElementTree does not report element lines; records are numbered instead.
            yield DictRecord(count, tuple(_pairs(word, senses, pos, hanja)))
            element.clear()
    except ElementTree.ParseError as exc:
        raise FormatProblem(exc.position[0], f"malformed or truncated XML ({exc})") from None
    if not count:
        raise FormatProblem(0, "no <LexicalEntry> elements: not a krdict (LMF) XML export")


def parse_krdict(path: Path) -> Iterator[DictRecord]:
    """Read a krdict XML export, or a .zip of its volumes."""
    if path.suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = sorted(n for n in archive.namelist() if n.endswith(".xml"))
                if not names:
                    raise FormatProblem(0, "the zip archive holds no .xml files")
                for name in names:
                    with archive.open(name) as member:
                        yield from parse_krdict_stream(member)
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise FormatProblem(0, f"damaged or truncated zip archive ({exc})") from None
        return
    try:
        with open_binary(path) as handle:
            yield from parse_krdict_stream(handle)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise FormatProblem(0, f"the compressed file is damaged or truncated ({exc})") from None


# --- registry and detection -----------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    read: Callable[[Path], Iterator[DictRecord]]


def _line_format(
    parser: Callable[[Lines], Iterator[DictRecord]],
) -> Callable[[Path], Iterator[DictRecord]]:
    def read(path: Path) -> Iterator[DictRecord]:
        return parser(read_lines(path))

    return read


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "kengdic", "kengdic TSV (id, surface, hanja, gloss, …)", _line_format(parse_kengdic)
        ),
        Format(
            "wiktionary",
            "Wiktionary extract, English to Korean (english {pos} (sense) :: 한국어 /rom/ (漢字))",
            _line_format(parse_wiktionary),
        ),
        Format(
            "hunalign", "hunalign/MUSE dictionary (english @ 한국어)", _line_format(parse_hunalign)
        ),
        Format("en-ko", "english<TAB>korean pairs", _line_format(parse_en_ko)),
        Format(
            "ko-en",
            "korean<TAB>english glossary (optionally korean<TAB>pos<TAB>english)",
            _line_format(parse_ko_en),
        ),
        Format("csv", "korean,english CSV glossary", _line_format(parse_csv)),
        Format(
            "krdict", "NIKL 한국어기초사전 (krdict) LMF XML export (.xml or .zip)", parse_krdict
        ),
        Format(
            "kaikki",
            "kaikki.org / wiktextract JSON lines (Korean entries)",
            _line_format(parse_kaikki),
        ),
    )
}
ALIASES = {
    "muse": "hunalign",
    "tsv": "ko-en",
    "xml": "krdict",
    "jsonl": "kaikki",
    "wiktextract": "kaikki",
}


def format_names() -> list[str]:
    return list(FORMATS)


def resolve_format(name: str) -> Format | None:
    key = name.strip().lower()
    return FORMATS.get(ALIASES.get(key, key))


_SAMPLE_LINES = 500


def _latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text) and not has_hangul(text)


def detect_format(path: Path) -> str:
    """Guess a file's format from its first lines; raise FormatProblem when unsure."""
    if path.suffix == ".zip":
        return "krdict"
    sample: list[tuple[int, str]] = []
    for number, text in content_lines(read_lines(path)):
        sample.append((number, text))
        if len(sample) >= _SAMPLE_LINES:
            break
    if not sample:
        raise FormatProblem(0, "the file is empty (no entries)")
    first = sample[0][1].lstrip()
    if first.startswith("<"):
        return "krdict"
    if first.startswith("{"):
        return "kaikki"
    header = [f.strip().lower() for f in sample[0][1].split("\t")]
    if "surface" in header and "gloss" in header:
        return "kengdic"

    def share(test: Callable[[str], bool]) -> float:
        return sum(1 for _, text in sample if test(text)) / len(sample)

    if share(lambda t: " :: " in t) >= 0.8:
        return "wiktionary"
    if share(lambda t: " @ " in t and "\t" not in t) >= 0.8:
        return "hunalign"
    tabbed = [t.split("\t") for _, t in sample if "\t" in t]
    if len(tabbed) >= 0.8 * len(sample):
        if all(len(f) >= 7 and f[0].strip().isdigit() for f in tabbed[:20]):
            return "kengdic"
        korean_first = sum(1 for f in tabbed if has_hangul(f[0]) and _latin(f[1]))
        # Word lists scraped from Wiktionary put bare hanja on the "Korean" side too (dog 犬).
        korean_second = sum(
            1 for f in tabbed if (has_hangul(f[1]) or has_han(f[1])) and _latin(f[0])
        )
        if korean_first > korean_second and korean_first >= 0.3 * len(tabbed):
            return "ko-en"
        if korean_second >= 0.3 * len(tabbed):
            return "en-ko"
    if share(lambda t: "," in t) >= 0.8 and share(lambda t: has_hangul(t.split(",")[0])) >= 0.5:
        return "csv"
    raise UnknownFormat(sample[0][0], f"cannot tell the format from {first[:60]!r}")
