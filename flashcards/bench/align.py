"""Score term and sentence alignment against the development gold set.

Terms are scored per (pseudo-article, Korean term): the gold answers of a term are the union of
its annotated lines' answers (none at all: the English has no counterpart). The pipeline's
prediction for the term is the counterpart of the ``AlignedTerm`` with the same lemma (spaces
ignored on both sides, so 차별철폐 조치 and 차별 철폐 조치 are one term). A prediction is correct
when its normalised form equals one of the answers' (``normalize``: lower case, punctuation and
leading determiners/possessives dropped, each word reduced by a light stemmer).

Sentences are scored per Korean dev line: correct when every analyzer sentence of the line is
in a link whose English side overlaps a gold partner line (``PseudoArticle.partners``). Lines the
English leaves out are not counted.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from flashcards.bench.corpus import HELD_OUT_SPLITS, GoldTerm, PseudoArticle
from flashcards.models import Alignment, EnglishDoc, KoreanDoc, Pos, SentenceLink

# Dropped from the front of an English expression before comparing: "the Ministry of Justice"
# and "Ministry of Justice" are the same answer.
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"}
    | {"my", "your"}
)
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "took": "take", "taken": "take",
    "saw": "see", "seen": "see", "went": "go", "gone": "go", "held": "hold", "paid": "pay",
    "known": "know", "knew": "know", "sent": "send", "spoke": "speak", "spoken": "speak",
    "fought": "fight", "began": "begin", "begun": "begin", "made": "make", "brought": "bring",
    "won": "win", "kept": "keep", "driven": "drive", "drove": "drive", "men": "man",
    "women": "woman", "children": "child", "met": "meet", "left": "leave", "found": "find",
    "gave": "give", "given": "give", "got": "get", "led": "lead", "thought": "think",
    "felt": "feel", "sold": "sell", "bought": "buy", "lost": "lose", "struck": "strike",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad",
}  # fmt: skip
_WORD_RE = re.compile(r"[^\W_]+")


def stem(word: str) -> str:
    """Reduce an English word to a comparison key (a light stemmer, not a real lemmatiser).

    Both the gold answers and the predictions go through it, so it only has to map inflected
    forms of a word to one key: introduced/introduces/introducing → introduc.
    """
    w = word.lower()
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # stopped → stopp → stop
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # introduce / introduc(ed)
    return w


def normalize(expression: str) -> tuple[str, ...]:
    """Turn an English expression into the word keys compared by the scorer."""
    text = expression.replace("\u2019", "'").replace("'s ", " ").lower()
    text = re.sub(r"'s$", "", text)
    text = text.replace(".", "")  # U.S. = US, Sen. = Sen
    words = _WORD_RE.findall(text)
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return tuple(stem(w) for w in words)


def matches(prediction: str, answers: Iterable[str]) -> bool:
    """Return whether ``prediction`` equals one of ``answers`` after normalisation."""
    key = normalize(prediction)
    return bool(key) and any(key == normalize(a) for a in answers)


def term_key(korean: str) -> str:
    """Identify a Korean term regardless of spacing (차별철폐 조치 = 차별 철폐 조치)."""
    return "".join(korean.split())


# --- terms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntry:
    """A gold term of one pseudo-article: its answers over every annotated line."""

    article_id: str
    korean: str
    answers: tuple[str, ...]
    lines: tuple[int, ...]
    pos: Pos | None = None

    @property
    def key(self) -> str:
        return term_key(self.korean)

    @property
    def has_counterpart(self) -> bool:
        return bool(self.answers)


def gold_entries(terms: Sequence[GoldTerm], articles: Sequence[PseudoArticle]) -> list[GoldEntry]:
    """Group gold rows by (article, term); rows outside every article are ignored."""
    grouped: dict[tuple[str, str], list[GoldTerm]] = defaultdict(list)
    for term in terms:
        for pa in articles:
            if term.line in pa.lines:
                grouped[(pa.article_id, term_key(term.korean))].append(term)
                break
    entries = []
    for (article_id, _), rows in grouped.items():
        answers = tuple(dict.fromkeys(a for r in rows for a in r.answers))
        lines = tuple(sorted({r.line for r in rows}))
        entries.append(GoldEntry(article_id, rows[0].korean, answers, lines, rows[0].pos))
    return entries


@dataclass(frozen=True)
class Prediction:
    """What the pipeline said about one term: ``text`` None means "no counterpart"."""

    lemma: str
    text: str | None
    confidence: float = 0.0


def predictions_of(alignment: Alignment) -> dict[str, Prediction]:
    """Index the aligned terms by ``term_key``; of two with one key, the surer wins."""
    found: dict[str, Prediction] = {}
    for term in alignment.terms:
        cp = term.counterpart
        pred = Prediction(term.lemma, cp.text if cp is not None else None, term.confidence)
        key = term_key(term.lemma)
        old = found.get(key)
        if old is None or (old.text is None and pred.text is not None):
            found[key] = pred
    return found


@dataclass(frozen=True)
class TermOutcome:
    entry: GoldEntry
    produced: bool
    predicted: str | None
    correct: bool


@dataclass(frozen=True)
class TermScores:
    gold: int = 0
    with_counterpart: int = 0
    predicted: int = 0
    correct: int = 0
    null: int = 0
    null_empty: int = 0
    not_produced: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.with_counterpart if self.with_counterpart else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def null_empty_share(self) -> float:
        return self.null_empty / self.null if self.null else 0.0


def judge(entry: GoldEntry, predictions: Mapping[str, Prediction]) -> TermOutcome:
    pred = predictions.get(entry.key)
    text = pred.text if pred is not None else None
    correct = text is not None and matches(text, entry.answers)
    return TermOutcome(entry, pred is not None, text, correct)


def tally(outcomes: Iterable[TermOutcome]) -> TermScores:
    """Sum term outcomes into precision/recall counts (see the module docstring)."""
    gold = with_cp = predicted = correct = null = null_empty = not_produced = 0
    for o in outcomes:
        gold += 1
        not_produced += not o.produced
        predicted += o.predicted is not None
        correct += o.correct
        if o.entry.has_counterpart:
            with_cp += 1
        else:
            null += 1
            null_empty += o.predicted is None
    return TermScores(gold, with_cp, predicted, correct, null, null_empty, not_produced)


# --- sentences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceOutcome:
    article_id: str
    line: int
    partners: tuple[int, ...]
    aligned_lines: tuple[int, ...]
    correct: bool
    window: int  # English sentences linked with the line's Korean sentences


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_sentences(
    pa: PseudoArticle, ko: KoreanDoc, en: EnglishDoc, links: Sequence[SentenceLink]
) -> list[SentenceOutcome]:
    """Judge every Korean dev line that has an English partner (see the module docstring)."""
    window_of: dict[int, set[int]] = defaultdict(set)
    for link in links:
        for k in link.korean:
            window_of[k].update(link.english)
    outcomes = []
    for span in pa.korean_lines:
        partners = pa.partners(span.line)
        if not partners:
            continue
        sents = [s.index for s in ko.sentences if _overlaps(s.start, s.end, span.start, span.end)]
        partner_spans = [pa.span_of("en", p) for p in partners]
        all_ok = bool(sents)
        window: set[int] = set()
        for k in sents:
            eng = window_of.get(k, set())
            window |= eng
            hit = any(
                _overlaps(en.sentences[e].start, en.sentences[e].end, ps.start, ps.end)
                for e in eng
                for ps in partner_spans
            )
            all_ok = all_ok and hit
        aligned = {
            line
            for e in window
            for line in (pa.english_line_at(en.sentences[e].start),)
            if line is not None
        }
        outcomes.append(
            SentenceOutcome(
                pa.article_id, span.line, partners, tuple(sorted(aligned)), all_ok, len(window)
            )
        )
    return outcomes


# --- running --------------------------------------------------------------------------------


class AnalysisLike(Protocol):
    """What the benchmark needs of ``flashcards.pipeline.Analysis``."""

    @property
    def korean(self) -> KoreanDoc: ...
    @property
    def english(self) -> EnglishDoc: ...
    @property
    def alignment(self) -> Alignment: ...


Analyze = Callable[[Any], AnalysisLike]


@dataclass(frozen=True)
class ArticleTiming:
    article_id: str
    analysis: float  # Kiwi + spaCy
    alignment: float  # sentences + terms
    total: float


@dataclass(frozen=True)
class BenchResult:
    terms: tuple[TermOutcome, ...]
    sentences: tuple[SentenceOutcome, ...]
    timings: tuple[ArticleTiming, ...]
    # Held-out article → its split ("fresh", "blind"); every other article is "tune".
    held_out: Mapping[str, str] = field(default_factory=dict)

    @property
    def splits(self) -> list[str]:
        """Name the splits present, in report order: tune, then the held-out ones."""
        present = set(self.held_out.values())
        return ["tune", *(s for s in HELD_OUT_SPLITS if s in present)] if present else []

    def subset(self, which: str) -> BenchResult:
        """Keep ``all`` articles, the ``tune`` ones or one held-out split's."""
        if which == "all":
            return self

        def keep(article_id: str) -> bool:
            return self.held_out.get(article_id, "tune") == which

        return BenchResult(
            tuple(o for o in self.terms if keep(o.entry.article_id)),
            tuple(o for o in self.sentences if keep(o.article_id)),
            tuple(t for t in self.timings if keep(t.article_id)),
            self.held_out,
        )

    @property
    def term_scores(self) -> TermScores:
        return tally(self.terms)

    @property
    def sentence_accuracy(self) -> float:
        return (
            sum(o.correct for o in self.sentences) / len(self.sentences) if self.sentences else 0.0
        )


def _timing(article_id: str, analysis: AnalysisLike, elapsed: float) -> ArticleTiming:
    parts = dict(getattr(analysis, "timings", ()) or ())
    if not parts:
        return ArticleTiming(article_id, 0.0, 0.0, elapsed)
    analysis_t = parts.get("korean", 0.0) + parts.get("english", 0.0)
    align_t = parts.get("sentences", 0.0) + parts.get("terms", 0.0)
    return ArticleTiming(article_id, analysis_t, align_t, elapsed)


def run_bench(
    articles: Sequence[PseudoArticle], gold: Sequence[GoldTerm], analyze: Analyze
) -> BenchResult:
    """Analyse every pseudo-article with ``analyze`` and score it against ``gold``."""
    entries = gold_entries(gold, articles)
    by_article: dict[str, list[GoldEntry]] = defaultdict(list)
    for e in entries:
        by_article[e.article_id].append(e)
    terms: list[TermOutcome] = []
    sentences: list[SentenceOutcome] = []
    timings: list[ArticleTiming] = []
    for pa in articles:
        t0 = time.perf_counter()
        analysis = analyze(pa.article)
        elapsed = time.perf_counter() - t0
        preds = predictions_of(analysis.alignment)
        terms.extend(judge(e, preds) for e in by_article[pa.article_id])
        sentences.extend(
            score_sentences(
                pa, analysis.korean, analysis.english, analysis.alignment.sentence_links
            )
        )
        timings.append(_timing(pa.article_id, analysis, elapsed))
    held_out = {pa.article_id: pa.spec.split for pa in articles if pa.spec.held_out}
    return BenchResult(tuple(terms), tuple(sentences), tuple(timings), held_out)


# --- reporting ------------------------------------------------------------------------------


def summary(result: BenchResult) -> dict[str, Any]:
    """Return the headline figures as plain data (for --json and the text report)."""
    s = result.term_scores
    n = len(result.timings) or 1
    windows = [o.window for o in result.sentences]
    by_pos: dict[str, dict[str, int]] = {}
    for o in result.terms:
        row = by_pos.setdefault(o.entry.pos or "?", {"gold": 0, "counterpart": 0, "correct": 0})
        row["gold"] += 1
        row["counterpart"] += o.entry.has_counterpart
        row["correct"] += o.correct
    return {
        "articles": len(result.timings),
        "terms": {
            "gold": s.gold,
            "with_counterpart": s.with_counterpart,
            "no_counterpart": s.null,
            "predicted": s.predicted,
            "correct": s.correct,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "no_counterpart_left_empty": round(s.null_empty_share, 4),
            "not_produced": s.not_produced,
            "by_pos": by_pos,
        },
        "sentences": {
            "korean_lines": len(result.sentences),
            "correct": sum(o.correct for o in result.sentences),
            "accuracy": round(result.sentence_accuracy, 4),
            "mean_window": round(sum(windows) / len(windows), 3) if windows else 0.0,
        },
        "seconds_per_article": {
            "analysis": round(sum(t.analysis for t in result.timings) / n, 4),
            "alignment": round(sum(t.alignment for t in result.timings) / n, 4),
            "total": round(sum(t.total for t in result.timings) / n, 4),
        },
    }


def errors(result: BenchResult) -> dict[str, list[dict[str, Any]]]:
    """List every wrong term, missing term and misaligned line (for --verbose and --json).

    The "blind" split's errors are left out: it stays an honest estimate only while nobody
    tunes on its individual terms.
    """
    blind = {a for a, split in result.held_out.items() if split == "blind"}
    if blind:
        result = BenchResult(
            tuple(o for o in result.terms if o.entry.article_id not in blind),
            tuple(o for o in result.sentences if o.article_id not in blind),
            result.timings,
            result.held_out,
        )
    wrong = [
        {
            "article": o.entry.article_id,
            "lines": list(o.entry.lines),
            "korean": o.entry.korean,
            "predicted": o.predicted,
            "gold": list(o.entry.answers),
        }
        for o in result.terms
        if o.produced and not o.correct and not (o.predicted is None and not o.entry.answers)
    ]
    missing = [
        {"article": o.entry.article_id, "lines": list(o.entry.lines), "korean": o.entry.korean,
         "gold": list(o.entry.answers)}
        for o in result.terms
        if not o.produced
    ]  # fmt: skip
    lines = [asdict(o) for o in result.sentences if not o.correct]
    return {"wrong_terms": wrong, "not_produced": missing, "misaligned_lines": lines}


def format_report(result: BenchResult, *, verbose: bool = False) -> str:
    """Render the benchmark as text: headline figures per split, then errors if ``verbose``."""
    out: list[str] = []
    for which in ["all", *result.splits]:
        part = result.subset(which)
        if not part.timings:
            continue
        d = summary(part)
        t, s, sec = d["terms"], d["sentences"], d["seconds_per_article"]
        ids = ", ".join(x.article_id for x in part.timings)
        out.append(f"== {which} ({d['articles']} articles: {ids})")
        out.append(
            f"terms: {t['gold']} gold ({t['with_counterpart']} with a counterpart, "
            f"{t['no_counterpart']} without); {t['predicted']} predicted, {t['correct']} correct"
        )
        out.append(
            f"  precision {t['precision']:.3f}  recall {t['recall']:.3f}  F1 {t['f1']:.3f}  "
            f"no-counterpart left empty {t['no_counterpart_left_empty']:.3f}"
        )
        out.append(f"  gold terms the analyzer did not produce: {t['not_produced']}")
        pos_parts = [
            f"{pos} {r['correct']}/{r['counterpart']}" for pos, r in sorted(t["by_pos"].items())
        ]
        out.append("  recall by POS: " + ", ".join(pos_parts))
        out.append(
            f"sentences: {s['correct']}/{s['korean_lines']} Korean lines aligned to a window "
            f"holding their partner = {s['accuracy']:.3f} (mean window {s['mean_window']} "
            "English sentences)"
        )
        out.append(
            f"time per article: analysis {sec['analysis']:.3f}s, alignment "
            f"{sec['alignment']:.3f}s, total {sec['total']:.3f}s"
        )
        out.append("")
    if verbose:
        errs = errors(result)
        out.append("-- wrong terms (article, lines, korean: predicted | gold)")
        for e in errs["wrong_terms"]:
            gold = " | ".join(e["gold"]) or "-"
            lines = ",".join(map(str, e["lines"]))
            out.append(f"{e['article']} {lines} {e['korean']}: {e['predicted'] or '-'!s} | {gold}")
        out.append("-- gold terms not produced by the analyzer")
        for e in errs["not_produced"]:
            gold = " | ".join(e["gold"]) or "-"
            out.append(f"{e['article']} {','.join(map(str, e['lines']))} {e['korean']}: {gold}")
        out.append("-- misaligned Korean lines (line: partners -> aligned English lines)")
        for e in errs["misaligned_lines"]:
            out.append(f"{e['article_id']} {e['line']}: {e['partners']} -> {e['aligned_lines']}")
    return "\n".join(out).rstrip() + "\n"
