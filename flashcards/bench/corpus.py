"""Pseudo-articles and gold annotations built from the parallel dev corpus in ``../shared``.

``benchmarks/gold/articles.tsv`` lists runs of consecutive lines of
``../shared/parallel/kpc-news-dev.{ko,en}`` (line N of one file translates line N of the other).
Each run becomes an ``Article`` laid out like a real bilingual article: the Korean paragraphs,
then the English paragraphs, separated by blank lines. A paragraph joins its lines with one
space, and the two sides are grouped into paragraphs differently, so paragraph boundaries do not
give the sentence alignment away.

API (everything a benchmark or a test needs)::

    arts = load_pseudo_articles(shared)          # list[PseudoArticle]; BenchDataError if absent
    pa = arts[0]
    pa.article                                   # flashcards.models.Article
    pa.korean_lines / pa.english_lines           # LineSpan(line, start, end) in Article.text
    pa.partner(ko_line)                          # the corpus pairing: the same line number N
    pa.partners(ko_line)                         # gold: English line(s) that really translate it
                                                 # (partners.tsv corrects the few wrong pairs;
                                                 # () when the English leaves the sentence out)
    pa.korean_line_at(offset) / english_line_at  # dev line holding an offset, or None
    pa.line_of(term_occurrence)                  # dev line of a Korean TermOccurrence
    read_gold_terms(path)                        # list[GoldTerm] from benchmarks/gold/terms.tsv

Line numbers are 1-based, as in ``articles.tsv`` and ``terms.tsv``.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from flashcards.errors import FlashcardsError
from flashcards.models import Article, Lang, Paragraph, Pos, Source, TermOccurrence

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_KO = Path("parallel") / "kpc-news-dev.ko"
DEV_EN = Path("parallel") / "kpc-news-dev.en"
NO_COUNTERPART = "-"


class BenchDataError(FlashcardsError):
    """The benchmark's data (../shared corpus or the gold files) is missing or malformed."""


def default_shared() -> Path:
    """Return ``../shared`` next to the project root."""
    return PROJECT_ROOT.parent / "shared"


def default_gold_dir() -> Path:
    return PROJECT_ROOT / "benchmarks" / "gold"


# Held-out splits, reported apart from the articles we tune on: "fresh" ones are looked at now
# and then to check that a change carries over; "blind" ones only ever as totals.
HELD_OUT_SPLITS = ("fresh", "blind")


@dataclass(frozen=True)
class ArticleSpec:
    """One row of ``articles.tsv``: a run of dev lines and its paragraph groupings."""

    article_id: str
    first_line: int
    last_line: int
    ko_groups: tuple[int, ...]
    en_groups: tuple[int, ...]
    # "tune", or the held-out split named by a ``# fresh:`` / ``# blind:`` comment.
    split: str = "tune"

    @property
    def held_out(self) -> bool:
        """Tell whether the article is held out from tuning (``fresh`` or ``blind``)."""
        return self.split != "tune"

    @property
    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


@dataclass(frozen=True)
class LineSpan:
    """Where dev line ``line`` of one language sits in ``Article.text``."""

    line: int
    lang: Lang
    start: int
    end: int


@dataclass(frozen=True)
class PseudoArticle:
    spec: ArticleSpec
    article: Article
    korean_lines: tuple[LineSpan, ...]
    english_lines: tuple[LineSpan, ...]
    overrides: tuple[tuple[int, tuple[int, ...]], ...] = ()

    @property
    def article_id(self) -> str:
        return self.spec.article_id

    @property
    def lines(self) -> range:
        return self.spec.lines

    def partner(self, ko_line: int) -> int:
        """Return the English line translating Korean line ``ko_line`` (the corpus pairs N ↔ N)."""
        if ko_line not in self.spec.lines:
            raise ValueError(f"line {ko_line} is not in {self.article_id}")
        return ko_line

    def partners(self, ko_line: int) -> tuple[int, ...]:
        """Return the English lines that translate Korean line ``ko_line`` (gold, corrected)."""
        for line, english in self.overrides:
            if line == ko_line:
                return english
        return (self.partner(ko_line),)

    def korean_line_at(self, offset: int) -> int | None:
        return _line_at(self.korean_lines, offset)

    def english_line_at(self, offset: int) -> int | None:
        return _line_at(self.english_lines, offset)

    def line_of(self, occurrence: TermOccurrence) -> int | None:
        """Return the dev line a Korean term occurrence belongs to (by its start offset)."""
        return self.korean_line_at(occurrence.start)

    def span_of(self, lang: Lang, line: int) -> LineSpan:
        spans = self.korean_lines if lang == "ko" else self.english_lines
        return spans[line - self.spec.first_line]


def _line_at(spans: Sequence[LineSpan], offset: int) -> int | None:
    i = bisect.bisect_right([s.start for s in spans], offset) - 1
    if i >= 0 and spans[i].start <= offset < spans[i].end:
        return spans[i].line
    return None


@dataclass(frozen=True)
class GoldTerm:
    """One row of ``terms.tsv``: a Korean term on a dev line and the English it was rendered as.

    ``answers`` is empty when the English line has no counterpart (``-`` in the file).
    """

    line: int
    korean: str
    answers: tuple[str, ...]
    pos: Pos | None = None


# --- reading --------------------------------------------------------------------------------


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BenchDataError(f"cannot read {path}: {exc.strerror}") from exc
    rows = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append((number, raw.rstrip("\n").split("\t")))
    return rows


def _groups(field: str, where: str) -> tuple[int, ...]:
    try:
        groups = tuple(int(g) for g in field.split(","))
    except ValueError as exc:
        raise BenchDataError(f"{where}: groups must be comma-separated integers") from exc
    if any(g <= 0 for g in groups):
        raise BenchDataError(f"{where}: groups must be positive")
    return groups


def boundaries(groups: Sequence[int]) -> frozenset[int]:
    """Return the interior paragraph boundaries (lines before each break) of a grouping."""
    total, cuts = 0, set()
    for g in groups[:-1]:
        total += g
        cuts.add(total)
    return frozenset(cuts)


def read_specs(path: Path) -> list[ArticleSpec]:
    """Read and check ``articles.tsv`` (group sums, differing groupings, no overlaps)."""
    split_of: dict[str, str] = {}
    try:
        for raw in path.read_text(encoding="utf-8").splitlines():
            for split in HELD_OUT_SPLITS:
                if raw.startswith(f"# {split}:"):
                    for article_id in raw.removeprefix(f"# {split}:").split():
                        if article_id in split_of:
                            raise BenchDataError(
                                f"{path.name}: {article_id} is named in two held-out comments"
                            )
                        split_of[article_id] = split
    except OSError as exc:
        raise BenchDataError(f"cannot read {path}: {exc.strerror}") from exc
    specs: list[ArticleSpec] = []
    for number, cols in _rows(path):
        if cols[0] == "article_id":
            continue
        where = f"{path.name}:{number}"
        if len(cols) != 5:
            raise BenchDataError(f"{where}: expected 5 tab-separated columns, got {len(cols)}")
        try:
            first, last = int(cols[1]), int(cols[2])
        except ValueError as exc:
            raise BenchDataError(f"{where}: first_line and last_line must be integers") from exc
        ko, en = _groups(cols[3], where), _groups(cols[4], where)
        count = last - first + 1
        if first < 1 or count < 1 or sum(ko) != count or sum(en) != count:
            raise BenchDataError(f"{where}: groups must each sum to the {count} lines")
        if ko == en:
            raise BenchDataError(f"{where}: Korean and English must be grouped differently")
        specs.append(ArticleSpec(cols[0], first, last, ko, en, split_of.get(cols[0], "tune")))
    # A misspelt id would silently make a blind article a tuning one.
    unknown = sorted(set(split_of) - {s.article_id for s in specs})
    if unknown:
        raise BenchDataError(f"{path.name}: held-out articles not in the table: {unknown}")
    ranges = sorted((s.first_line, s.last_line) for s in specs)
    for (_, a_last), (b_first, _) in itertools.pairwise(ranges):
        if b_first <= a_last:
            raise BenchDataError(f"{path.name}: pseudo-articles overlap")
    return specs


def read_partners(path: Path) -> dict[int, tuple[int, ...]]:
    """Read ``partners.tsv``: Korean lines whose English partner is not the same line number."""
    partners: dict[int, tuple[int, ...]] = {}
    for number, cols in _rows(path):
        if cols[0] == "korean_line":
            continue
        where = f"{path.name}:{number}"
        if len(cols) != 2:
            raise BenchDataError(f"{where}: expected 2 tab-separated columns")
        try:
            english = (
                ()
                if cols[1].strip() == NO_COUNTERPART
                else tuple(int(x) for x in cols[1].split(","))
            )
            partners[int(cols[0])] = english
        except ValueError as exc:
            raise BenchDataError(f"{where}: line numbers must be integers") from exc
    return partners


def read_parallel(shared: Path) -> tuple[list[str], list[str]]:
    """Read the dev corpus as two equally long lists of stripped lines (index 0 = line 1)."""
    ko_path, en_path = shared / DEV_KO, shared / DEV_EN
    if not ko_path.is_file() or not en_path.is_file():
        raise BenchDataError(
            f"the parallel dev corpus is not at {shared / 'parallel'}: the benchmark reads it "
            "from ../shared (next to the project root); pass --shared DIR if it lives elsewhere"
        )
    ko = [line.strip() for line in ko_path.read_text(encoding="utf-8").splitlines()]
    en = [line.strip() for line in en_path.read_text(encoding="utf-8").splitlines()]
    if len(ko) != len(en):
        raise BenchDataError(f"{ko_path.name} and {en_path.name} differ in length")
    return ko, en


def read_gold_terms(path: Path) -> list[GoldTerm]:
    """Read ``terms.tsv``: ``line<TAB>korean<TAB>answers[<TAB>pos]``; answers ``|``-separated."""
    terms: list[GoldTerm] = []
    for number, cols in _rows(path):
        if cols[0] == "line":
            continue
        where = f"{path.name}:{number}"
        if len(cols) not in (3, 4):
            raise BenchDataError(f"{where}: expected 3 or 4 tab-separated columns")
        try:
            line = int(cols[0])
        except ValueError as exc:
            raise BenchDataError(f"{where}: line must be an integer") from exc
        korean = cols[1].strip()
        field = cols[2].strip()
        if not korean or not field:
            raise BenchDataError(f"{where}: empty Korean term or answers (use - for none)")
        answers = () if field == NO_COUNTERPART else tuple(a.strip() for a in field.split("|"))
        if any(not a for a in answers):
            raise BenchDataError(f"{where}: empty answer between | separators")
        pos: Pos | None = None
        if len(cols) == 4 and cols[3].strip():
            pos = _pos(cols[3].strip(), where)
        terms.append(GoldTerm(line, korean, answers, pos))
    return terms


def _pos(value: str, where: str) -> Pos:
    for p in ("noun", "proper", "verb", "adjective", "adverb", "foreign"):
        if value == p:
            return p
    raise BenchDataError(f"{where}: unknown part of speech {value!r}")


# --- building -------------------------------------------------------------------------------


def build_pseudo_article(
    spec: ArticleSpec,
    ko_lines: Sequence[str],
    en_lines: Sequence[str],
    partners: Mapping[int, tuple[int, ...]] | None = None,
) -> PseudoArticle:
    """Lay out one pseudo-article from the whole corpus (``ko_lines[0]`` is line 1)."""
    if spec.last_line > len(ko_lines):
        raise BenchDataError(f"{spec.article_id}: line {spec.last_line} is past the corpus end")
    pieces: list[str] = []
    pos = 0
    paragraphs: dict[Lang, list[Paragraph]] = {"ko": [], "en": []}
    spans: dict[Lang, list[LineSpan]] = {"ko": [], "en": []}
    sides: tuple[tuple[Lang, Sequence[str], tuple[int, ...]], ...] = (
        ("ko", ko_lines, spec.ko_groups),
        ("en", en_lines, spec.en_groups),
    )
    for lang, lines, groups in sides:
        line = spec.first_line
        for size in groups:
            if pieces:
                pieces.append("\n\n")
                pos += 2
            start = pos
            for k in range(size):
                if k:
                    pieces.append(" ")
                    pos += 1
                sentence = lines[line - 1]
                spans[lang].append(LineSpan(line, lang, pos, pos + len(sentence)))
                pieces.append(sentence)
                pos += len(sentence)
                line += 1
            paragraphs[lang].append(Paragraph(lang, start, pos, ""))
    text = "".join(pieces)

    def finished(lang: Lang) -> tuple[Paragraph, ...]:
        return tuple(
            Paragraph(lang, p.start, p.end, text[p.start : p.end]) for p in paragraphs[lang]
        )

    source = Source(title=spec.article_id, outlet="kpc-news dev", path=str(DEV_KO))
    article = Article(
        text=text,
        source=source,
        korean=finished("ko"),
        english=finished("en"),
    )
    overrides = tuple(
        (line, english) for line, english in sorted((partners or {}).items()) if line in spec.lines
    )
    return PseudoArticle(spec, article, tuple(spans["ko"]), tuple(spans["en"]), overrides)


def load_pseudo_articles(shared: Path, articles_tsv: Path | None = None) -> list[PseudoArticle]:
    """Build every pseudo-article of ``articles.tsv`` from the dev corpus under ``shared``.

    ``partners.tsv`` next to ``articles.tsv`` (when present) corrects the gold sentence pairs.
    Raises ``BenchDataError`` (with what to do) when ``shared`` or the corpus is absent.
    """
    articles_tsv = articles_tsv or default_gold_dir() / "articles.tsv"
    specs = read_specs(articles_tsv)
    partners_tsv = articles_tsv.with_name("partners.tsv")
    partners = read_partners(partners_tsv) if partners_tsv.is_file() else {}
    ko, en = read_parallel(shared)
    return [build_pseudo_article(spec, ko, en, partners) for spec in specs]


def read_term_list(path: Path) -> frozenset[str]:
    """Read Korean terms separated by whitespace; ``#`` starts a comment line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BenchDataError(f"cannot read {path}: {exc}") from exc
    words: set[str] = set()
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            words.update(line.split())
    return frozenset(words)


def exclude_terms(terms: Sequence[GoldTerm], excluded: Iterable[str]) -> list[GoldTerm]:
    """Drop the gold rows whose term is listed (spaces ignored, as the scorer compares)."""
    keys = {w.replace(" ", "") for w in excluded}
    return [t for t in terms if t.korean.replace(" ", "") not in keys]
