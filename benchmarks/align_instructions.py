"""Count the instructions alignment executes, which the machine's load does not change.

Run from the project root: ``.venv/bin/python benchmarks/align_instructions.py``. Needs valgrind
and the compiled build (``make setup``); prints figures and never fails on a missed target.

Wall-clock ratios (``benchmarks/align_speed.py``) move by a tenth on a shared machine; an
instruction count repeats exactly, so two builds compare by one run each. Kiwi and spaCy
analyse the sample and the dev pseudo-articles once, in this process; their records are written
to a temporary file, and a fresh process under callgrind reads them and aligns every article
once, in order, as ``align_speed.py`` does: the same warm-up article first, then joining
multiword units (not counted) and the counted stages, sentence alignment, names joined by sound
and term alignment (callgrind counts inside the compiled ``align_sentences``,
``join_names_by_sound`` and ``align_terms``; ``korean.unify_names``, a few hundred thousand
instructions as Python, is left out). Hash randomisation is off, so the count is the same run
after run for the same code.
"""

from __future__ import annotations

import argparse
import functools
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# The compiled functions whose calls are counted (mypyc names them CPyDef_<module>___<name>).
COUNTED = (
    "CPyDef_sentences___align_sentences",
    "CPyDef_names___join_names_by_sound",
    "CPyDef_terms___align_terms",
)


def analyse(path: Path) -> int:
    """Analyse the warm-up text and every article with Kiwi and spaCy; pickle the records."""
    from align_speed import WARM_UP, articles

    from flashcards import english, korean
    from flashcards.reader import read_text

    kiwi, nlp = korean.default_kiwi(), english.default_nlp()
    docs = []
    for name, article in [("warm-up", read_text(WARM_UP)), *articles()]:
        ko = korean.analyze(article.korean, kiwi)
        en = english.analyze(article.english, nlp)
        docs.append((name, article.text, ko, en))
    with path.open("wb") as f:
        pickle.dump(docs, f)
    return len(docs) - 1


def align_all(path: Path) -> None:
    """Align the pickled articles as ``align_speed.py`` does (run under callgrind)."""
    from flashcards import korean, pipeline
    from flashcards.align import names, terms
    from flashcards.align.glosses import EnglishOf
    from flashcards.align.sentences import align_sentences
    from flashcards.align.translit import _slot_of, looks_like_loanword, similarity
    from flashcards.align.words import common_english, distinctive

    with path.open("rb") as f:
        docs: list[Any] = pickle.load(f)  # our own file, written just before
    lookup = pipeline.default_lookup()
    translate = EnglishOf(lookup)

    def align(text: str, ko: Any, en: Any) -> None:
        ko = pipeline.join_units(ko, text, lookup, looks_like_loanword)
        with pipeline.aligning():
            links = align_sentences(ko, en, translate=translate) if en.sentences else ()
            ko = names.join_names_by_sound(ko, en, text, similarity, translate.noun)
            ko = korean.unify_names(ko, functools.partial(pipeline.has_glosses, lookup))
            terms.align_terms(
                ko, en, links, text=text, glosses=lookup,
                translit=similarity, is_loanword=looks_like_loanword,
            )  # fmt: skip

    (_, text, ko, en), *rest = docs
    align(text, ko, en)  # the warm-up article, as align_speed's warm-up
    similarity.cache_clear()
    _slot_of.cache_clear()
    distinctive("9/11")
    common_english()
    for _, text, ko, en in rest:
        align(text, ko, en)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--align", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep", type=Path, metavar="FILE",
        help="keep callgrind's output there, for callgrind_annotate --inclusive=yes",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.align:
        align_all(args.align)
        return
    from flashcards.native import compiled_modules

    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing counted")
        return
    if "align.terms" not in compiled_modules():
        print("the aligner is not compiled (make setup): nothing counted")
        return
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs.pickle"
        n = analyse(docs)
        toggles = [f"--toggle-collect={name}" for name in COUNTED]
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", *toggles,
             f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
             sys.executable, __file__, "--align", str(docs)],
            capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        if args.keep and out.returncode == 0:
            shutil.copyfile(Path(tmp) / "callgrind.out", args.keep)
    found = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if out.returncode != 0 or found is None:
        print(f"callgrind failed ({out.returncode}): {out.stderr.strip()[-300:]}")
        return
    total = int(found.group(1))
    print(f"alignment: {total:,} instructions for {n} articles aligned once")
    print(f"           {total / n / 1e6:.1f} million instructions per article")


if __name__ == "__main__":
    main()
