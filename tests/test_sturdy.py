"""Sturdiness: atomic decks, batches that survive bad articles, escaped card HTML, input limits.

Every article here was written for these tests (original text).
"""

from __future__ import annotations

import errno
import io
import itertools
import random
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flashcards import export, pipeline
from flashcards.cli import main
from flashcards.errors import InputError
from flashcards.models import Article, Paragraph, Source
from flashcards.reader import MAX_BYTES
from tests.anki_helpers import import_package, open_collection, package_rows, visible_text

SUWON = """Suwon opens a free bicycle repair shop

Suwon opened a free bicycle repair shop near its main train station on Friday.

Residents can bring broken bicycles and get simple repairs from trained volunteers.

The city plans to open three more shops by the end of the year.

수원시는 금요일 수원역 근처에 무료 자전거 수리점을 열었다.

주민들은 고장 난 자전거를 가져와 교육받은 자원봉사자에게 간단한 수리를 받을 수 있다.

시는 연말까지 수리점 세 곳을 더 열 계획이다.
"""

ULSAN = """Ulsan expands its whale watching tours

Ulsan will expand its whale watching tours this summer as more tourists visit the coast.

The city added a second boat and extended the tour season until October.

Officials expect the number of visitors to double compared with last year.

울산시는 해안을 찾는 관광객이 늘면서 올여름 고래 관광을 확대한다.

시는 두 번째 배를 추가하고 관광 기간을 10월까지 연장했다.

관계자들은 방문객 수가 지난해보다 두 배로 늘 것으로 예상한다.
"""

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{Korean}}"
SOUND = "[sound:evil.mp3]"
PAYLOADS = (SCRIPT, IMG, TEMPLATE, SOUND)

HOSTILE = f"""City hall finds {SCRIPT} on its website {TEMPLATE} {SOUND}

The city government said on Monday that it had discovered the code {SCRIPT} hidden in the \
comment board of its official website.

Security experts warned that an image tag such as {IMG} can steal the personal information of \
visitors.

Investigators also found template text like {TEMPLATE} and an audio marker {SOUND} that the \
attacker had inserted.

The city plans to strengthen its monitoring system and to train public officials by next month.

시청은 월요일 공식 홈페이지의 댓글 게시판에서 {SCRIPT} 코드가 숨겨진 것을 발견했다고 밝혔다.

보안 전문가들은 {IMG} 같은 이미지 태그가 방문자의 개인 정보를 빼낼 수 있다고 경고했다.

조사 과정에서 공격자가 삽입한 {TEMPLATE} 같은 템플릿 문구와 {SOUND} 같은 음성 표시도 발견됐다.

시는 다음 달까지 감시 체계를 강화하고 공무원 교육을 실시할 계획이다.
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def notes_of(deck: Path) -> list[tuple[Any, ...]]:
    return package_rows(deck, "SELECT guid, flds, tags FROM notes ORDER BY guid")


def assert_valid_package(deck: Path) -> None:
    with zipfile.ZipFile(deck) as package:
        assert package.testzip() is None
    assert notes_of(deck)


# --- atomic output --------------------------------------------------------------------------


class _Failure:
    """Stands in for the package writer: writes half a package, then fails like ``error``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
        self.calls = 0
        self.error = error
        self.real = export._write_package
        monkeypatch.setattr(export, "_write_package", self)

    def __call__(self, deck: Any, target: Path, timestamp: float) -> None:
        self.calls += 1
        self.real(deck, target, timestamp)
        with target.open("r+b") as handle:
            handle.truncate(target.stat().st_size // 2)
        raise self.error


@pytest.mark.slow
@pytest.mark.parametrize(
    ("error", "code", "needle"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 1, "No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["disk-full", "ctrl-c"],
)
def test_a_failing_write_leaves_no_partial_deck_and_keeps_the_old_one(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
    needle: str,
) -> None:
    deck = tmp_path / "deck.apkg"
    assert run("build", "--sample", "-o", str(deck), "--max", "5")[0] == 0
    before = deck.read_bytes()
    failure = _Failure(monkeypatch, error)

    # Replacing the deck (--force) fails half-way: the old deck is intact, nothing else is left.
    got, out, err = run("build", "--sample", "-o", str(deck), "--max", "8", "--force")
    assert (got, out) == (code, "")
    assert needle in err and "Traceback" not in err
    assert failure.calls == 1
    assert deck.read_bytes() == before
    assert_valid_package(deck)

    # A new deck that fails half-way does not appear at all, not even truncated.
    fresh = tmp_path / "fresh.apkg"
    got, _, err = run("build", "--sample", "-o", str(fresh), "--max", "5")
    assert got == code and needle in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


@pytest.mark.slow
def test_an_existing_deck_is_never_replaced_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"the user's own deck")
    failure = _Failure(monkeypatch, AssertionError("must not write"))
    code, out, err = run("build", "--sample", "-o", str(deck), "--max", "5")
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and "--force" in err
    assert failure.calls == 0
    assert deck.read_bytes() == b"the user's own deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


# --- batches --------------------------------------------------------------------------------


def _batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write(folder, "1-suwon.txt", SUWON)
    write(folder, "2-english-only.txt", "Only English here, and not a word of Korean anywhere.\n")
    write(folder, "3-ulsan.txt", ULSAN)
    write(folder, "4-empty.txt", "")
    return folder


@pytest.mark.slow
def test_a_batch_skips_bad_articles_builds_the_rest_and_exits_1(tmp_path: Path) -> None:
    folder = _batch_folder(tmp_path)
    decks: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"decks-{jobs}"
        code, out, err = run("build", str(folder), "--out-dir", str(out_dir), "--jobs", jobs)
        assert code == 1, err
        errors = [line for line in err.splitlines() if line.startswith("flashcards: error:")]
        assert len(errors) == 2
        assert "2-english-only.txt" in errors[0] and "no Korean" in errors[0]
        assert "4-empty.txt" in errors[1] and "empty" in errors[1]
        assert "2 of 4 articles failed" in err
        # The good articles' summaries, in input order, on stdout only.
        lines = out.splitlines()
        assert len(lines) == 2
        assert "suwon" in lines[0] and "ulsan" in lines[1]
        built = sorted(out_dir.iterdir())
        assert [p.suffix for p in built] == [".apkg", ".apkg"]  # no temporary files left
        for deck in built:
            assert_valid_package(deck)
        decks[jobs] = {p.name: notes_of(p) for p in built}
    # Workers build exactly what one process builds.
    assert decks["1"] == decks["2"]


@pytest.mark.slow
def test_a_batch_keeps_existing_decks_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder, "suwon.txt", SUWON)
    write(folder, "ulsan.txt", ULSAN)
    out_dir = tmp_path / "decks"
    code, out, _ = run("build", str(folder / "suwon.txt"), "--out-dir", str(out_dir))
    assert code == 0
    (existing,) = out_dir.iterdir()
    existing.write_bytes(b"studied for weeks")

    code, out, err = run("build", str(folder), "--out-dir", str(out_dir), "--jobs", "1")
    assert code == 1
    assert "suwon.txt" in err and "--force" in err
    assert existing.read_bytes() == b"studied for weeks"
    assert len(out.splitlines()) == 1 and "ulsan" in out

    code, out, err = run("build", str(folder), "--out-dir", str(out_dir), "--force", "-j1")
    assert code == 0, err
    assert_valid_package(existing)


@pytest.mark.slow
def test_two_articles_of_a_batch_never_share_a_deck(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder, "a.txt", SUWON)
    write(folder, "b.txt", SUWON.replace("three more shops", "two more shops"))
    out_dir = tmp_path / "decks"
    for force in ((), ("--force",)):
        code, out, err = run("build", str(folder), "--out-dir", str(out_dir), "-j", "1", *force)
        assert code == 1
        assert "b.txt" in err and "--merge" in err
        # Only a.txt's deck is written; with --force it is rebuilt, never replaced by b.txt's.
        assert len(out.splitlines()) == 1 and "suwon" in out
        (deck,) = out_dir.iterdir()
        fields = " ".join(str(row[1]) for row in notes_of(deck))
        assert "three more shops" in fields and "two more shops" not in fields
    code, out, err = run("build", str(folder), "-o", str(tmp_path / "one.apkg"), "--merge", "-j1")
    assert code == 0, err
    assert "(+1 more)" in out
    assert_valid_package(tmp_path / "one.apkg")


@pytest.mark.slow
def test_progress_goes_to_stderr_only(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder, "suwon.txt", SUWON)
    write(folder, "ulsan.txt", ULSAN)
    code, out, err = run(
        "build", str(folder), "--out-dir", str(tmp_path / "d"), "--jobs", "1", "--progress"
    )
    assert code == 0, err
    assert "2/2" in err and "building" in err
    assert len(out.splitlines()) == 2 and all(line.endswith("'") for line in out.splitlines())
    # Not on a terminal and not asked for: no bar at all.
    code, _, err = run("build", str(folder), "--out-dir", str(tmp_path / "e"), "--jobs", "1")
    assert code == 0 and err == ""


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    code, out, err = run("build", "--sample", "--jobs", "0", "-o", str(tmp_path / "d.apkg"))
    assert (code, out) == (2, "")
    assert "--jobs" in err
    assert not list(tmp_path.iterdir())


# --- security -------------------------------------------------------------------------------

_ELEMENT = re.compile(r"<\s*(script|img|iframe|object|embed|audio|video)\b", re.IGNORECASE)


@pytest.mark.slow
def test_hostile_article_text_reaches_cards_only_as_text(tmp_path: Path) -> None:
    from anki.sound import SoundOrVideoTag

    article = write(tmp_path, "hostile.txt", HOSTILE)
    deck = tmp_path / "hostile.apkg"
    code, _, err = run(
        "build", str(article), "-o", str(deck), "--max", "100",
        "--cards", "recognition,production,listening", "--typed",
    )  # fmt: skip
    assert code == 0, err
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, deck)
        shown: dict[str, str] = {}
        card_ids = col.find_cards("")
        assert len(card_ids) > 20
        for card_id in card_ids:
            card = col.get_card(card_id)
            note = card.note()
            output = card.render_output()
            for side, html_text, tags in (
                ("question", output.question_text, output.question_av_tags),
                ("answer", output.answer_text, output.answer_av_tags),
            ):
                assert not _ELEMENT.search(html_text), (side, html_text)
                assert not re.search(r"<[^>]*\bon\w+\s*=", html_text), (side, html_text)
                assert "[sound:" not in html_text
                # Only our own text-to-speech tag (Listening cards), never a sound file.
                assert not [t for t in tags if isinstance(t, SoundOrVideoTag)]
                visible = visible_text(html_text)
                for payload in PAYLOADS:
                    if payload in visible:
                        shown.setdefault(payload, f"{note['Korean']}: {side}")
            for field in ("Sentence", "SentenceEnglish"):
                # {{Korean}} stays literal: it was not replaced by the term.
                assert "{{" not in note[field] and "[sound" not in note[field]
        # Every payload really reached a card, as readable text.
        assert set(shown) == set(PAYLOADS), shown
        sentences = {
            field: " ".join(visible_text(col.get_note(n)[field]) for n in col.find_notes(""))
            for field in ("Sentence", "SentenceEnglish")
        }
        for payload in PAYLOADS:
            assert payload in sentences["Sentence"], payload  # from the Korean text
            assert payload in sentences["SentenceEnglish"], payload  # from the English text
    finally:
        col.close()


# --- limits ---------------------------------------------------------------------------------


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk space
    code, out, err = run("build", str(big), "-o", str(tmp_path / "deck.apkg"))
    assert (code, out) == (1, "")
    (line,) = err.strip().splitlines()
    assert "too large" in line and "the limit is 5.0 MB" in line
    assert "single article" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_oversized_standard_input_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = io.BytesIO(("가" * (MAX_BYTES // 3 + 10)).encode())

    monkeypatch.setattr(sys, "stdin", Stdin())
    code, _, err = run("build", "-", "-o", str(tmp_path / "deck.apkg"))
    assert code == 1
    assert "standard input is too large" in err and "5.0 MB" in err
    assert not list(tmp_path.iterdir())


class _NoEnglish:
    """An English pipeline that must not be reached."""

    def pipe(self, texts: Any) -> Any:
        raise AssertionError("the English analysis ran on a text over the term limit")


def _pseudo_words(count: int) -> list[str]:
    """Distinct three-syllable nonsense nouns: Kiwi takes each for its own term."""
    syllables = (
        "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호"
    )
    words = ["".join(p) for p in itertools.product(syllables, repeat=3)]
    random.Random(8).shuffle(words)
    return words[:count]


@pytest.mark.slow
def test_an_article_with_too_many_terms_is_refused_before_the_slow_stages(kiwi: Any) -> None:
    words = _pseudo_words(7_000)
    text = ""
    paragraphs: list[Paragraph] = []
    for i in range(0, len(words), 10):
        para = " ".join(f"{w}는" for w in words[i : i + 10]) + " 있다."
        text += ("\n\n" if text else "") + para
        paragraphs.append(Paragraph("ko", len(text) - len(para), len(text), para))
    english = "This paragraph is never analysed."
    text += "\n\n" + english
    article = Article(
        text=text,
        source=Source(title="Nonsense", path="nonsense.txt"),
        korean=tuple(paragraphs),
        english=(Paragraph("en", len(text) - len(english), len(text), english),),
    )
    with pytest.raises(InputError) as caught:
        pipeline.analyze(article, kiwi=kiwi, nlp=_NoEnglish())
    message = str(caught.value)
    assert message.startswith("nonsense.txt has ")
    found = re.search(r"has ([\d,]+) different", message)
    assert found is not None
    assert int(found.group(1).replace(",", "")) > pipeline.MAX_DISTINCT_TERMS
    assert f"the limit is {pipeline.MAX_DISTINCT_TERMS:,}" in message
    assert "split it into single articles" in message


@pytest.mark.slow
def test_a_long_article_stays_under_the_term_limits(
    kiwi: Any, nlp: Any, article_factory: Callable[..., Article]
) -> None:
    # Ten copies of two articles (longer than a long feature): analysed, not refused.
    korean = [p.strip() for text in (SUWON, ULSAN) for p in text.split("\n\n")[4:]] * 10
    english = [p.strip() for text in (SUWON, ULSAN) for p in text.split("\n\n")[1:4]] * 10
    analysis = pipeline.analyze(article_factory(korean, english), kiwi=kiwi, nlp=nlp)
    assert len(analysis.korean.terms) > 300
