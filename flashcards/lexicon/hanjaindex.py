"""The Sino-Korean bridge's lookups: Hangul word → ranked hanja spellings → English senses.

Split from ``flashcards.lexicon.bridge`` (which builds and caches the index, and re-exports all
of this) so that it can be compiled with the aligner: the aligner looks up every new term here.
The building half stays Python, where its tests replace the functions it calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from flashcards.lexicon.hangul import has_han
from flashcards.models import Gloss

# Traditional (CC-CEDICT) → the form Korean writes, for display only. Matching goes the other way
# through ``normalize_hanja``.
KOREAN_FORMS: Mapping[str, str] = {
    "產": "産",
    "研": "硏",
    "教": "敎",
    "青": "靑",
    "值": "値",
    "真": "眞",
    "為": "爲",
    "既": "旣",
    "即": "卽",
    "郎": "郞",
    "清": "淸",
    "情": "情",
    "黃": "黃",
    "說": "說",
    "吳": "吳",
    "稅": "稅",
    "銳": "銳",
    "閱": "閱",
    "脫": "脫",
    "兌": "兌",
    "內": "內",
    "錄": "錄",
    "綠": "綠",
    "晴": "晴",
    "靜": "靜",
    "精": "精",
}


class HanjaCandidate:
    """One hanja spelling of a Hangul word (treat as immutable).

    ``hanja`` is the CC-CEDICT traditional form; ``display`` the form Korean texts write.
    ``penalty`` counts irregular readings used, plus one for a colloquial Chinese word;
    ``listed`` means libhangul lists the spelling as a Korean word; ``senses`` is empty for
    spellings CC-CEDICT lacks.

    A plain class that compares, hashes and prints as a frozen dataclass would: compiled, it is
    made natively (a dataclass's generated ``__init__`` runs as Python), and every looked-up key
    makes up to 16.
    """

    def __init__(
        self,
        hanja: str,
        display: str,
        senses: tuple[str, ...],
        zipf: float,
        penalty: int,
        proper: bool,
        listed: bool,
    ) -> None:
        self.hanja = hanja
        self.display = display
        self.senses = senses
        self.zipf = zipf
        self.penalty = penalty
        self.proper = proper
        self.listed = listed

    def _fields(self) -> tuple[str, str, tuple[str, ...], float, int, bool, bool]:
        return (
            self.hanja, self.display, self.senses, self.zipf, self.penalty, self.proper,
            self.listed,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HanjaCandidate):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"HanjaCandidate(hanja={self.hanja!r}, display={self.display!r}, "
            f"senses={self.senses!r}, zipf={self.zipf!r}, penalty={self.penalty!r}, "
            f"proper={self.proper!r}, listed={self.listed!r})"
        )

    def score(self, pos: str | None = None) -> float:
        value = self.zipf - 1.5 * self.penalty + (1.5 if self.listed else 0.0)
        if not self.senses:
            value -= 3.0
        if self.proper:
            value += 1.0 if pos == "proper" else -2.5
        return value


def normalize_hanja(text: str, variants: Mapping[str, str]) -> str:
    """Return ``text`` with compatibility ideographs and variant characters in CC-CEDICT form."""
    return text.strip().translate(_translation(variants))


# Translation tables are built once per variant map (the build normalises ~300,000 words).
_TRANSLATIONS: dict[int, dict[int, str]] = {}


def _translation(variants: Mapping[str, str]) -> dict[int, str]:
    table = _TRANSLATIONS.get(id(variants))
    if table is None:
        # Compatibility ideographs (U+F900–FAFF) decompose to unified ones under NFC.
        table = {}
        for code in range(0xF900, 0xFB00):
            unified = unicodedata.normalize("NFC", chr(code))
            if unified != chr(code):
                table[code] = variants.get(unified, unified)
        for variant, target in variants.items():
            table[ord(variant)] = target
        _TRANSLATIONS.clear()  # keep only the latest map; ids of dead maps may be reused
        _TRANSLATIONS[id(variants)] = table
    return table


# KOREAN_FORMS as a translation table: every indexed spelling read is displayed. (Final:
# compiled, a constant, not a look-up in the module's globals for each character.)
_DISPLAY: Final = str.maketrans(dict(KOREAN_FORMS))
_TRADITIONAL: Final = frozenset(KOREAN_FORMS)


def korean_display(hanja: str) -> str:
    # Most spellings have no character to change: ``str.translate`` would still look each one
    # up in the table, a KeyError raised and caught for every character it leaves alone.
    for char in hanja:
        if char in _TRADITIONAL:
            return hanja.translate(_DISPLAY)
    return hanja


# Separates a key's rows on its line of the index file (never part of a sense).
_RS = "\x1e"
_ROWS_LINE = re.compile(r"^([^\t\n#=][^\t\n]*)\t([^\n]+)$", re.MULTILINE)
_VARIANT_LINE = re.compile(r"^=\t([^\t\n]+)\t([^\t\n]+)$", re.MULTILINE)


_VERB_ENDINGS = ("시키다", "하다", "되다", "받다", "당하다")
_ADJ_ENDINGS = ("스럽다", "롭다", "하다", "적이다")


def stems(lemma: str, pos: str | None) -> list[str]:
    """Return the Hangul keys to try for a lemma: itself, then its Sino-Korean stem.

    도입하다 → 도입, 중요하다 → 중요, 근본적 → 근본, 투명성 stays (性 is part of the word).
    """
    keys = [lemma]
    endings: tuple[str, ...] = ()
    if pos in ("verb", None):
        endings += _VERB_ENDINGS
    if pos in ("adjective", None):
        endings += _ADJ_ENDINGS
    for ending in endings:
        if lemma.endswith(ending) and len(lemma) > len(ending):
            keys.append(lemma[: -len(ending)])
            break
    if pos in ("noun", None) and lemma.endswith("적") and len(lemma) >= 3:
        keys.append(lemma[:-1])
    return keys


class HanjaBridge:
    """Look up hanja spellings and English senses of Hangul words in the built index."""

    source = "hanja"

    def __init__(self, rows: Mapping[str, list[str] | str], variants: Mapping[str, str]) -> None:
        # A key's rows: a list, or as the index file has them, one string joined by _RS.
        # Kept as a dict: compiled, its lookups are then native calls.
        self._rows: dict[str, list[str] | str] = rows if isinstance(rows, dict) else dict(rows)
        self._variants = variants
        self._parsed: dict[str, tuple[HanjaCandidate, ...]] = {}
        self._by_hanja: dict[str, HanjaCandidate] | None = None
        self._glosses: dict[tuple[str, tuple[str, ...], int], tuple[Gloss, ...]] = {}

    @classmethod
    def from_file(cls, path: Path) -> HanjaBridge:
        # One line a key, matched by a regular expression: no Python loop over the 90,000
        # lines, which start-up would otherwise pay for every run.
        text = path.read_text(encoding="utf-8")
        variants = dict(_VARIANT_LINE.findall(text))
        return cls(dict(_ROWS_LINE.findall(text)), variants)

    def __len__(self) -> int:
        return len(self._rows)

    def normalize(self, hanja: str) -> str:
        return normalize_hanja(hanja, self._variants)

    def candidates(self, key: str) -> tuple[HanjaCandidate, ...]:
        """Return every indexed spelling of one Hangul key, best first (no pos adjustment)."""
        parsed = self._parsed.get(key)
        if parsed is None:
            found = self._rows.get(key)
            if found is None:
                parsed = ()
            else:
                tails = found.split(_RS) if isinstance(found, str) else found
                made: list[HanjaCandidate] = []
                for tail in tails:
                    candidate = _parse_row(tail)
                    if candidate is not None:
                        made.append(candidate)
                parsed = tuple(made)
            self._parsed[key] = parsed
        return parsed

    def by_hanja(self, hanja: str) -> HanjaCandidate | None:
        """Return the indexed candidate spelled ``hanja`` (any reading), or None."""
        if self._by_hanja is None:
            table: dict[str, HanjaCandidate] = {}
            for key in self._rows:
                for candidate in self.candidates(key):
                    table.setdefault(candidate.hanja, candidate)
            self._by_hanja = table
        return self._by_hanja.get(self.normalize(hanja))

    def rank(
        self, lemma: str, pos: str | None = None, hanja: str = "", *, limit: int = 3
    ) -> list[HanjaCandidate]:
        """Return the likeliest spellings of ``lemma`` (with senses), best first.

        When the article wrote the hanja (``hanja``) and it is a known spelling, only it is
        returned; candidates far less likely than the best (3 zipf points; 1.5 for a stem) are
        dropped, and so are Chinese proper names unless ``pos`` is "proper" or None.
        """
        wanted = self.normalize(hanja) if hanja and has_han(hanja) else ""
        # Chinese names (surnames, places) are no evidence for a Korean common word.
        names_ok = pos in (None, "proper")
        for derived, key in enumerate(stems(lemma, pos)):
            found = [c for c in self.candidates(key) if c.senses and (names_ok or not c.proper)]
            if wanted:
                exact = [c for c in found if c.hanja == wanted]
                if exact:
                    return exact[:1]
            if found:
                found.sort(key=lambda c: -c.score(pos))
                best = found[0].score(pos)
                # A stem (부족 of 부족하다) is more ambiguous than the word: 部族 "tribe" must not
                # ride along with 不足 "insufficient", so its margin is tighter.
                margin = 1.5 if derived else 3.0
                return [c for c in found if c.score(pos) >= best - margin][:limit]
        if wanted:
            direct = self.by_hanja(wanted)
            if direct is not None and direct.senses:
                return [direct]
        return []

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        """Return English glosses of the likeliest spellings, four senses each at most."""
        glosses: list[Gloss] = []
        order = 0 if pos == "verb" else 1 if pos in ("noun", "proper") else 2
        for candidate in self.rank(lemma, pos, hanja):
            # A spelling's glosses are made once per order of its senses (they are immutable):
            # the same spellings come back for a word's other POS, its stem and compounds.
            key = (candidate.display, candidate.senses, order)
            made = self._glosses.get(key)
            if made is None:
                senses = order_senses(candidate.senses, pos)[:4]
                made = tuple([Gloss(sense, self.source, candidate.display) for sense in senses])
                self._glosses[key] = made
            glosses.extend(made)
        return glosses

    def hanja_for(self, lemma: str, pos: str | None = None) -> list[str]:
        """Return candidate hanja spellings (Korean display forms), likeliest first."""
        for key in stems(lemma, pos):
            found = sorted(self.candidates(key), key=lambda c: -c.score(pos))
            if found:
                return [c.display for c in found]
        return []


def order_senses(senses: tuple[str, ...], pos: str | None) -> list[str]:
    """Put the senses fitting ``pos`` first: "to …" senses for verbs, the others for nouns."""
    if pos not in ("verb", "noun", "proper"):
        return list(senses)
    verbal = [s for s in senses if s.startswith("to ")]
    other = [s for s in senses if not s.startswith("to ")]
    return verbal + other if pos == "verb" else other + verbal


def _parse_row(tail: str) -> HanjaCandidate | None:
    # A row of a hand-damaged cache file is skipped, not a crash in the middle of an article.
    try:
        hanja, penalty, zipf, flags, senses = tail.split("\t")
        return _candidate(hanja, int(penalty), float(zipf), flags, senses)
    except ValueError:
        return None


def _candidate(hanja: str, penalty: int, zipf: float, flags: str, senses: str) -> HanjaCandidate:
    return HanjaCandidate(
        hanja=hanja,
        display=korean_display(hanja),
        senses=tuple([s for s in senses.split(" | ") if s]),
        zipf=zipf,
        penalty=penalty,
        proper="P" in flags,
        listed="L" in flags,
    )
