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
    made natively (a dataclass's generated ``__init__`` runs as Python); ``rank`` and
    ``candidates`` make them from the rows they keep (see ``_Row``).
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
        return _score(self.zipf, self.penalty, self.listed, bool(self.senses), self.proper, pos)


def _score(
    zipf: float, penalty: int, listed: bool, has_senses: bool, proper: bool, pos: str | None
) -> float:
    # HanjaCandidate.score, also for a row not made into a candidate: one computation, so the
    # two agree to the last bit.
    value = zipf - 1.5 * penalty + (1.5 if listed else 0.0)
    if not has_senses:
        value -= 3.0
    if proper:
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
        table = {}
        for code in range(0xF900, 0xFB00):
            target = _hanja_char(chr(code), variants)
            if target != chr(code):
                table[code] = target
        for variant, target in variants.items():
            table[ord(variant)] = target
        _TRANSLATIONS.clear()  # keep only the latest map; ids of dead maps may be reused
        _TRANSLATIONS[id(variants)] = table
    return table


def _hanja_char(char: str, variants: Mapping[str, str]) -> str:
    """Return one character in CC-CEDICT form: a variant's target, else a compatibility
    ideograph's unified form (U+F900–FAFF decompose under NFC), itself maybe a variant."""
    target = variants.get(char)
    if target is not None:
        return target
    if "\uf900" <= char <= "\ufaff":
        unified = unicodedata.normalize("NFC", char)
        if unified != char:
            return variants.get(unified, unified)
    return char


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


_VERB_ENDINGS: Final = ("시키다", "하다", "되다", "받다", "당하다")
_ADJ_ENDINGS: Final = ("스럽다", "롭다", "하다", "적이다")
_ANY_ENDINGS: Final = _VERB_ENDINGS + _ADJ_ENDINGS  # for no pos: a verb's, then an adjective's


def stems(lemma: str, pos: str | None) -> list[str]:
    """Return the Hangul keys to try for a lemma: itself, then its Sino-Korean stem.

    도입하다 → 도입, 중요하다 → 중요, 근본적 → 근본, 투명성 stays (性 is part of the word).
    """
    keys = [lemma]
    # Tests of ``pos`` against None with ``is`` (compiled, ``pos in ("verb", None)`` compares
    # None as an object), and no tuple of endings made per call.
    endings: tuple[str, ...] = ()
    if pos is None:
        endings = _ANY_ENDINGS
    elif pos == "verb":
        endings = _VERB_ENDINGS
    elif pos == "adjective":
        endings = _ADJ_ENDINGS
    for ending in endings:
        if lemma.endswith(ending) and len(lemma) > len(ending):
            keys.append(lemma[: -len(ending)])
            break
    if (pos is None or pos == "noun") and lemma.endswith("적") and len(lemma) >= 3:
        keys.append(lemma[:-1])
    return keys


# Separates the senses of a row.
_SEP: Final = " | "


class _Row:
    """One indexed spelling of a Hangul key, as ``rank`` weighs it.

    A key has up to 16 rows and ``rank`` keeps 3 at most: a row's senses are split and its
    display form made only for the rows kept (``glosses``, ``candidate``).
    """

    def __init__(self, hanja: str, penalty: int, zipf: float, flags: str, senses: str) -> None:
        self.hanja = hanja
        self.penalty = penalty
        self.zipf = zipf
        # (most rows have no flag: no search of an empty string)
        self.proper = flags != "" and "P" in flags
        self.listed = flags != "" and "L" in flags
        self.senses = senses
        # As the candidate's senses (``senses.split(_SEP)`` without empty strings) are
        # non-empty: the text is not separators alone.
        self.has_senses = senses != "" and not (
            senses.startswith(_SEP) and senses == _SEP * (len(senses) // len(_SEP))
        )
        # The candidate's score for the part of speech "proper", and for any other.
        self.score = _score(zipf, penalty, self.listed, self.has_senses, self.proper, None)
        self.proper_score = _score(
            zipf, penalty, self.listed, self.has_senses, self.proper, "proper"
        )
        self._candidate: HanjaCandidate | None = None
        # Glosses per order of the senses (``HanjaBridge.lookup``): made once, then shared.
        self._glosses: list[tuple[Gloss, ...] | None] | None = None

    def score_for(self, proper: bool) -> float:
        return self.proper_score if proper else self.score

    def candidate(self) -> HanjaCandidate:
        made = self._candidate
        if made is None:
            made = HanjaCandidate(
                hanja=self.hanja,
                display=korean_display(self.hanja),
                senses=tuple([s for s in self.senses.split(_SEP) if s]),
                zipf=self.zipf,
                penalty=self.penalty,
                proper=self.proper,
                listed=self.listed,
            )
            self._candidate = made
        return made

    def glosses(self, order: int, pos: str | None, source: str) -> tuple[Gloss, ...]:
        """Return the glosses of the spelling's first four senses in the ``order`` of ``pos``."""
        made_by_order = self._glosses
        if made_by_order is None:
            made_by_order = [None, None, None]
            self._glosses = made_by_order
        made = made_by_order[order]
        if made is None:
            # As the candidate's senses and display would give them, without making it.
            senses = _leading_senses([s for s in self.senses.split(_SEP) if s], pos)
            display = korean_display(self.hanja)
            # (compiled, a tuple of a generator over a list is made at its length, no list first)
            made = tuple(Gloss(sense, source, display) for sense in senses)
            made_by_order[order] = made
        return made


def _minus_score(row: _Row) -> float:
    return -row.score


def _minus_proper_score(row: _Row) -> float:
    return -row.proper_score


class HanjaBridge:
    """Look up hanja spellings and English senses of Hangul words in the built index."""

    source = "hanja"

    def __init__(self, rows: Mapping[str, list[str] | str], variants: Mapping[str, str]) -> None:
        # A key's rows: a list, or as the index file has them, one string joined by _RS.
        # Kept as a dict: compiled, its lookups are then native calls.
        self._rows: dict[str, list[str] | str] = rows if isinstance(rows, dict) else dict(rows)
        self._variants = variants
        self._parsed: dict[str, tuple[_Row, ...]] = {}
        self._by_hanja: dict[str, _Row] | None = None

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
        return _normalized(hanja, self._variants)

    def _rows_of(self, key: str) -> tuple[_Row, ...]:
        """Return the parsed rows of one Hangul key, in index order (best first)."""
        parsed = self._parsed.get(key)
        if parsed is None:
            found = self._rows.get(key)
            if found is None:
                return ()  # no such key (most keys asked): nothing kept for it
            tails = found.split(_RS) if isinstance(found, str) else found
            made: list[_Row] = []
            for tail in tails:
                row = _parse_row(tail)
                if row is not None:
                    made.append(row)
            parsed = tuple(made)
            self._parsed[key] = parsed
        return parsed

    def candidates(self, key: str) -> tuple[HanjaCandidate, ...]:
        """Return every indexed spelling of one Hangul key, best first (no pos adjustment)."""
        return tuple([row.candidate() for row in self._rows_of(key)])

    def _row_by_hanja(self, hanja: str) -> _Row | None:
        if self._by_hanja is None:
            table: dict[str, _Row] = {}
            for key in self._rows:
                for row in self._rows_of(key):
                    table.setdefault(row.hanja, row)
            self._by_hanja = table
        return self._by_hanja.get(self.normalize(hanja))

    def by_hanja(self, hanja: str) -> HanjaCandidate | None:
        """Return the indexed candidate spelled ``hanja`` (any reading), or None."""
        row = self._row_by_hanja(hanja)
        return row.candidate() if row is not None else None

    def rank(
        self, lemma: str, pos: str | None = None, hanja: str = "", *, limit: int = 3
    ) -> list[HanjaCandidate]:
        """Return the likeliest spellings of ``lemma`` (with senses), best first.

        When the article wrote the hanja (``hanja``) and it is a known spelling, only it is
        returned; candidates far less likely than the best (3 zipf points; 1.5 for a stem) are
        dropped, and so are Chinese proper names unless ``pos`` is "proper" or None.
        """
        return [row.candidate() for row in self._ranked(stems(lemma, pos), pos, hanja, limit)]

    def _ranked(self, keys: list[str], pos: str | None, hanja: str, limit: int) -> list[_Row]:
        """``rank`` of the lemma whose ``stems`` are ``keys``, as rows."""
        wanted = self.normalize(hanja) if hanja and has_han(hanja) else ""
        # Chinese names (surnames, places) are no evidence for a Korean common word.
        names_ok = pos is None or pos == "proper"
        proper = pos == "proper"
        for derived in range(len(keys)):
            rows = self._rows_of(keys[derived])
            if not rows:
                continue
            found = [r for r in rows if r.has_senses and (names_ok or not r.proper)]
            if wanted:
                for row in found:
                    if row.hanja == wanted:
                        return [row]
            if found:
                # Best first, as a stable sort by score does: rows are written best first by
                # the score of every pos but "proper", so a list in order is left as it is.
                for i in range(1, len(found)):
                    if found[i].score_for(proper) > found[i - 1].score_for(proper):
                        found.sort(key=_minus_proper_score if proper else _minus_score)
                        break
                # A stem (부족 of 부족하다) is more ambiguous than the word: 部族 "tribe" must not
                # ride along with 不足 "insufficient", so its margin is tighter.
                margin = 1.5 if derived else 3.0
                floor = found[0].score_for(proper) - margin
                return [r for r in found if r.score_for(proper) >= floor][:limit]
        if wanted:
            direct = self._row_by_hanja(wanted)
            if direct is not None and direct.has_senses:
                return [direct]
        return []

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        """Return English glosses of the likeliest spellings, four senses each at most."""
        glosses: list[Gloss] = []
        self.add_glosses(glosses, stems(lemma, pos), pos, hanja)
        return glosses

    def add_glosses(self, out: list[Gloss], keys: list[str], pos: str | None, hanja: str) -> None:
        """Add to ``out`` what ``lookup`` returns for the lemma whose ``stems`` are ``keys``
        (for the lexicon, which has the stems already and adds them to other sources' glosses).
        """
        order = 0 if pos == "verb" else 1 if pos == "noun" or pos == "proper" else 2
        # A spelling's glosses are made once per order of its senses (they are immutable): the
        # same spellings come back for a word's other POS, its stem and compounds.
        for row in self._ranked(keys, pos, hanja, 3):
            for gloss in row.glosses(order, pos, self.source):
                out.append(gloss)

    def hanja_for(self, lemma: str, pos: str | None = None) -> list[str]:
        """Return candidate hanja spellings (Korean display forms), likeliest first."""
        for key in stems(lemma, pos):
            found = sorted(self.candidates(key), key=lambda c: -c.score(pos))
            if found:
                return [c.display for c in found]
        return []


def _normalized(text: str, variants: Mapping[str, str]) -> str:
    """``normalize_hanja`` character by character, without its translation table: the table
    maps 512 compatibility ideographs through NFC, worth it for the index's 300,000 words,
    not for the few spellings an article writes in parentheses."""
    out: list[str] = []
    for char in text.strip():
        out.append(_hanja_char(char, variants))
    return "".join(out)


def _leading_senses(senses: list[str], pos: str | None) -> list[str]:
    """Return the first four senses, those fitting ``pos`` first: "to …" senses for verbs,
    the others for nouns and proper nouns, in their order otherwise."""
    if pos != "verb" and pos != "noun" and pos != "proper":
        return senses[:4]
    verbal_first = pos == "verb"
    out: list[str] = []
    for sense in senses:
        if sense.startswith("to ") == verbal_first:
            out.append(sense)
            if len(out) == 4:
                return out
    for sense in senses:
        if sense.startswith("to ") != verbal_first:
            out.append(sense)
            if len(out) == 4:
                break
    return out


# A row's penalty is a digit or two: read without int()'s parsing of any numeral.
_PENALTIES: Final = {str(n): n for n in range(20)}


def _parse_row(tail: str) -> _Row | None:
    # A row of a hand-damaged cache file is skipped, not a crash in the middle of an article.
    try:
        hanja, penalty_text, zipf, flags, senses = tail.split("\t")
        penalty = _PENALTIES.get(penalty_text)
        if penalty is None:
            penalty = int(penalty_text)
        return _Row(hanja, penalty, float(zipf), flags, senses)
    except ValueError:
        return None
