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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run inside the copy: the scorer's candidates are recorded per (article, lemma).
_PROBE = r"""
import sys
from collections import Counter, defaultdict
from pathlib import Path

from flashcards import pipeline
from flashcards.align import terms
from flashcards.bench import align
from flashcards.bench.corpus import default_gold_dir, load_pseudo_articles, read_gold_terms

shared = Path(sys.argv[1])
gold_dir = default_gold_dir()
articles = load_pseudo_articles(shared, gold_dir / "articles.tsv")
gold = read_gold_terms(gold_dir / "terms.tsv")
lookup = pipeline.default_lookup()
seen: dict[tuple[str, str], set[str]] = defaultdict(set)
current = [""]
scored = terms._Scorer.candidates


def candidates(self, lemma, pos, occurrences, glosses, window):
    found = scored(self, lemma, pos, occurrences, glosses, window)
    tokens = self._table.en.tokens
    for cand in found:
        for unit in cand.units:
            start, end = tokens[unit.first].start, tokens[unit.last - 1].end
            seen[(current[0], align.term_key(lemma))].add(self.text[start:end])
    return found


terms._Scorer.candidates = candidates
ids = {id(pa.article): pa.article_id for pa in articles}


def analyze(article):
    current[0] = ids[id(article)]
    return pipeline.analyze(article, lookup=lookup)


result = align.run_bench(articles, gold, analyze)
if not seen:
    sys.exit("no candidates were recorded: has terms._Scorer.candidates been renamed?")
split = {pa.article_id: pa.spec.split for pa in articles}
count: Counter[tuple[str, str]] = Counter()
for outcome in result.terms:
    entry = outcome.entry
    if not entry.answers:
        continue
    reachable = outcome.correct or any(
        align.matches(text, entry.answers) for text in seen[(entry.article_id, entry.key)]
    )
    names = [split[entry.article_id], "all"]
    if split[entry.article_id] != "tune":
        names.append("held-out")
    for name in names:
        count[(name, "gold")] += 1
        count[(name, "correct")] += outcome.correct
        count[(name, "reachable")] += reachable
print(f"{'split':10} {'gold':>5} {'recall':>15} {'reachable':>15}")
for name in ("tune", "fresh", "blind", "held-out", "all"):
    n = count[(name, "gold")]
    if n:
        c, r = count[(name, "correct")], count[(name, "reachable")]
        print(f"{name:10} {n:5} {c:5} = {c / n:.3f} {r:7} = {r / n:.3f}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    if not (args.shared / "parallel").is_dir():
        print(f"skipped: no parallel corpus at {args.shared / 'parallel'}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "flashcards"
        shutil.copytree(
            ROOT / "flashcards", copy, ignore=shutil.ignore_patterns("*.so", "__pycache__")
        )
        shutil.copytree(ROOT / "benchmarks" / "gold", Path(tmp) / "benchmarks" / "gold")
        # The copy first on the path, not the installed (compiled) package.
        env = {**os.environ, "PYTHONPATH": tmp}
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(args.shared.resolve())],
            cwd=tmp,
            env=env,
            check=False,
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
