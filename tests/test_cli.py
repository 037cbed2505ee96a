"""The command line, in process (fast) and once as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.cli import main

TERM_KEYS = {
    "korean", "pos", "english", "korean_sentence", "english_sentence", "glosses",
    "confidence", "count",
}  # fmt: skip


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_help_and_version() -> None:
    code, _, _ = run("--version")
    assert code == 0
    assert run("--help")[0] == 0
    assert run()[0] == 2


def test_help_imports_no_analyzer() -> None:
    script = (
        "import sys, flashcards, flashcards.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('kiwipiepy', 'spacy', 'genanki') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ("build",),
        ("terms", "--sample", "--max", "0"),
        ("build", "--sample", "--cards", "recognition,flashy"),
        ("terms", "--ko", "only-korean.txt"),
        ("terms", "--sample", "--format", "yaml"),
    ],
)
def test_usage_errors_exit_2(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err.strip()


@pytest.mark.slow
class TestWithAnalyzers:
    def test_terms_json_has_the_documented_fields(self) -> None:
        code, out, err = run("terms", "--sample", "--format", "json")
        assert code == 0, err
        rows = json.loads(out)
        assert len(rows) == 40
        for row in rows:
            assert set(row) >= TERM_KEYS
            assert isinstance(row["glosses"], list)
            assert 0.0 <= row["confidence"] <= 1.0
            assert row["count"] >= 1
            if row["english"] is not None:
                assert row["english"] in row["english_sentence"]
            assert row["korean_sentence"]
        assert sum(1 for r in rows if r["english"]) >= 30

    def test_terms_all_lists_every_candidate_with_reasons(self) -> None:
        _, default, _ = run("terms", "--sample", "--format", "json")
        code, every, _ = run("terms", "--sample", "--format", "json", "--all")
        assert code == 0
        rows = json.loads(every)
        assert len(rows) > len(json.loads(default))
        assert all("reasons" in r for r in rows)

    def test_terms_csv_and_table(self) -> None:
        code, out, _ = run("terms", "--sample", "--format", "csv", "--max", "5")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 5 and set(rows[0]) >= TERM_KEYS
        code, out, _ = run("terms", "--sample", "--max", "5")
        assert code == 0
        assert rows[0]["korean"] in out

    def test_build_writes_a_deck_and_refuses_to_overwrite(self, tmp_path: Path) -> None:
        deck = tmp_path / "sample.apkg"
        code, out, err = run("build", "--sample", "-o", str(deck))
        assert code == 0, err
        assert deck.is_file() and "40 notes" in out
        before = deck.read_bytes()
        code, out, err = run("build", "--sample", "-o", str(deck))
        assert code == 1
        assert len(err.strip().splitlines()) == 1 and "--force" in err
        assert deck.read_bytes() == before
        code, _, _ = run("build", "--sample", "-o", str(deck), "--force")
        assert code == 0

    def test_build_default_path_is_the_title_slug(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        code, _, err = run("build", "--sample")
        assert code == 0, err
        (deck,) = (tmp_path / "decks").glob("*.apkg")
        assert deck.name.startswith("daejeon-")

    def test_preview_page(self, tmp_path: Path) -> None:
        page = tmp_path / "preview.html"
        code, _, err = run("preview", "--sample", "-o", str(page), "--max", "3")
        assert code == 0, err
        assert "<html" in page.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        ("", "empty"),
        ("Only English here. Nothing else at all, I am afraid.\n", "no Korean"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_no_deck(
    tmp_path: Path, content: str | None, needle: str
) -> None:
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_text(content, encoding="utf-8")
    deck = tmp_path / "out.apkg"
    code, out, err = run("build", str(article), "-o", str(deck))
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in err
    assert not deck.exists()
    assert list(tmp_path.iterdir()) == ([article] if content is not None else [])


@pytest.mark.slow
def test_console_script_runs_for_real(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("flashcards")
    if not script.exists():
        pytest.skip("the flashcards console script is not installed in this environment")
    deck = tmp_path / "deck.apkg"
    done = subprocess.run(
        [str(script), "build", "--sample", "-o", str(deck), "--max", "10"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert deck.is_file()
    assert "10 notes" in done.stdout
    missing = subprocess.run(
        [str(script), "terms", str(tmp_path / "nope.txt")], capture_output=True, text=True
    )
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
