"""Measure how much recall the term aligner's candidates allow: its ceiling, split by split.

Run from the project root: ``.venv/bin/python benchmarks/align_ceiling.py [--shared DIR]``.
For every gold term with a counterpart, the benchmark's own judge (``bench.align.matches``)
is asked whether any English unit the scorer proposed for the term, at any score, is an
accepted answer. A term placed right counts as reachable too (verbs placed by their arguments
and words recurring with a noun are found after the scorer). So "reachable" is the recall a
perfect decoder would reach with the scorer's candidates: when it is under the target, no
threshold, tie-break or decoding rule over them reaches the target; new evidence must (or a
mechanism after decoding, such as the verbs placed by their arguments, placing more right).
Blind articles are reported as totals only, as in the benchmark.

The compiled modules cannot be watched from Python, so this copies the package's sources
(``*.py`` and data, not the compiled extensions) to a temporary folder and runs from there;
it is slower than the benchmark. Prints figures, never fails; without ``../shared`` it says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("tune", "fresh", "blind", "held-out", "all")


def probe(shared: Path) -> int:
    """Run the benchmark with the scorer's candidates recorded; print the table (in the copy)."""
    import flashcards
    from flashcards import pipeline
    from flashcards.align import terms
    from flashcards.bench import align
    from flashcards.bench.corpus import default_gold_dir, load_pseudo_articles, read_gold_terms
    from flashcards.models import Article

    if not flashcards.__file__ or Path(flashcards.__file__).is_relative_to(ROOT):
        return _fail("the probe must run on the copy of the sources, not the installed package")
    gold_dir = default_gold_dir()
    articles = load_pseudo_articles(shared, gold_dir / "articles.tsv")
    gold = read_gold_terms(gold_dir / "terms.tsv")
    lookup = pipeline.default_lookup()
    # The English units proposed for each (article, term key), at any score.
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    current = [""]
    scored = terms._Scorer.candidates

    def candidates(self: Any, lemma: str, *rest: Any) -> Any:
        found = scored(self, lemma, *rest)
        tokens = self._table.en.tokens
        for cand in found:
            for unit in cand.units:
                start, end = tokens[unit.first].start, tokens[unit.last - 1].end
                seen[(current[0], align.term_key(lemma))].add(self.text[start:end])
        return found

    terms._Scorer.candidates = candidates  # type: ignore[method-assign,assignment]
    ids = {id(pa.article): pa.article_id for pa in articles}

    def analyze(article: Article) -> Any:
        current[0] = ids[id(article)]
        return pipeline.analyze(article, lookup=lookup)

    result = align.run_bench(articles, gold, analyze)
    if not seen:
        return _fail("no candidates were recorded: has terms._Scorer.candidates been renamed?")
    count: Counter[tuple[str, str]] = Counter()
    for outcome in result.terms:
        entry = outcome.entry
        if not entry.answers:
            continue
        reachable = outcome.correct or any(
            align.matches(text, entry.answers) for text in seen[(entry.article_id, entry.key)]
        )
        # The benchmark's own splits: an article not held out is tuned on.
        split = result.held_out.get(entry.article_id, "tune")
        for name in (split, "all") if split == "tune" else (split, "held-out", "all"):
            count[(name, "gold")] += 1
            count[(name, "correct")] += outcome.correct
            count[(name, "reachable")] += reachable
    print(f"{'split':10} {'gold':>5} {'recall':>15} {'reachable':>15}")
    for name in SPLITS:
        n = count[(name, "gold")]
        if n:
            c, r = count[(name, "correct")], count[(name, "reachable")]
            print(f"{name:10} {n:5} {c:5} = {c / n:.3f} {r:7} = {r / n:.3f}")
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        return probe(args.shared)
    if not (args.shared / "parallel").is_dir():
        print(f"skipped: no parallel corpus at {args.shared / 'parallel'}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "flashcards"
        shutil.copytree(
            ROOT / "flashcards", copy, ignore=shutil.ignore_patterns("*.so", "__pycache__")
        )
        shutil.copytree(ROOT / "benchmarks" / "gold", Path(tmp) / "benchmarks" / "gold")
        # This script again, with the copy first on the path, not the installed (compiled)
        # package.
        env = {**os.environ, "PYTHONPATH": tmp}
        run = [sys.executable, __file__, "--probe", "--shared", str(args.shared.resolve())]
        done = subprocess.run(run, cwd=tmp, env=env, check=False)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
