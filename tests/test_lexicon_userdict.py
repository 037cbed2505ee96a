"""User dictionaries: format readers, detection, the SQLite index and its failure modes."""

from __future__ import annotations

import gzip
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashcards.errors import DictionaryError
from flashcards.lexicon import userdict
from flashcards.lexicon.formats import (
    FORMATS,
    clean_korean,
    detect_format,
    split_top_level,
    wiktionary_item,
)
from flashcards.lexicon.userdict import UserDictionaries, default_name, parse_dictionary

FIXTURES = Path(__file__).resolve().parent / "data" / "dictionaries"
SHARED_DICTS = Path(__file__).resolve().parents[1].parent / "shared" / "dictionaries"

# file → (format, records, pairs, skipped): the counts documented in the fixtures' README.
EXPECTED = {
    "kengdic.tsv": ("kengdic", 8, 12, 1),
    "wiktionary.txt": ("wiktionary", 9, 11, 1),
    "muse.dict": ("hunalign", 8, 8, 0),
    "en-ko.tsv": ("en-ko", 6, 5, 1),
    "ko-en.tsv": ("ko-en", 5, 8, 0),
    "glossary.csv": ("csv", 5, 6, 0),
    "krdict.xml": ("krdict", 5, 6, 1),
    "kaikki.jsonl": ("kaikki", 6, 6, 2),
}


@pytest.fixture
def index(tmp_path: Path) -> Iterator[UserDictionaries]:
    db = UserDictionaries(tmp_path / "index" / "dictionaries.sqlite3")
    yield db
    db.close()


def english(index: UserDictionaries, korean: str) -> list[tuple[str, str]]:
    return [(g.text, g.source) for g in index.lookup(korean)]


# --- readers and detection ------------------------------------------------------------------


def test_every_format_has_a_fixture() -> None:
    assert {fmt for fmt, *_ in EXPECTED.values()} == set(FORMATS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_format_is_detected(name: str) -> None:
    assert detect_format(FIXTURES / name) == EXPECTED[name][0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_counts(name: str) -> None:
    fmt, records, pairs, skipped = EXPECTED[name]
    parsed = parse_dictionary(FIXTURES / name)
    assert (parsed.format, parsed.records, len(parsed.entries), parsed.skipped) == (
        fmt,
        records,
        pairs,
        skipped,
    )
    for entry in parsed.entries:
        assert entry.korean == clean_korean(entry.korean)
        assert entry.english and entry.english == entry.english.strip()


def test_kengdic_keeps_hanja_and_splits_senses() -> None:
    entries = parse_dictionary(FIXTURES / "kengdic.tsv").entries
    apology = [e for e in entries if e.hanja == "謝過"]
    assert [e.english for e in apology] == ["an apology", "saying sorry"]
    # "發展-" in the hanja column loses the trailing hyphen marking the 하다 part.
    assert {e.hanja for e in entries if e.korean == "발전하다"} == {"發展"}


def test_wiktionary_items() -> None:
    assert wiktionary_item("수판 /數板, supan/") == ("수판", "數板")
    assert wiktionary_item("투표 용지 /tupyo yongji/ (投票用紙)") == ("투표 용지", "投票用紙")
    assert wiktionary_item("볼펜 [rare, North Korea]") == ("볼펜", "")
    assert wiktionary_item("禁止") == ("", "")
    assert split_top_level("a /x, y/, b (c, d), e", ",") == ["a /x, y/", "b (c, d)", "e"]
    entries = parse_dictionary(FIXTURES / "wiktionary.txt").entries
    by_korean = {e.korean: e for e in entries}
    assert by_korean["사과"].hanja == "沙果"
    assert by_korean["하천"].hanja == "河川"
    assert by_korean["뛰다"].pos == "verb"
    assert by_korean["서울"].pos == "proper"


def test_kaikki_skips_other_languages_and_form_of_senses() -> None:
    entries = parse_dictionary(FIXTURES / "kaikki.jsonl").entries
    assert {e.korean for e in entries} == {"학교", "사과", "달리다", "서울"}
    assert ("사과", "沙果") in {(e.korean, e.hanja) for e in entries}


def test_krdict_reads_english_equivalents_only() -> None:
    entries = parse_dictionary(FIXTURES / "krdict.xml").entries
    assert [(e.korean, e.english, e.pos) for e in entries][:3] == [
        ("학교", "school", "noun"),
        ("달리다", "run", "verb"),
        ("달리다", "dash", "verb"),
    ]
    assert entries[0].hanja == "學校"


def test_gzip_and_zip_inputs(tmp_path: Path) -> None:
    import zipfile

    gz = tmp_path / "muse.dict.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "muse.dict").read_bytes()))
    assert detect_format(gz) == "hunalign"
    assert len(parse_dictionary(gz).entries) == 8
    archive = tmp_path / "krdict.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "krdict.xml", "part1.xml")
        zf.write(FIXTURES / "krdict.xml", "part2.xml")
    parsed = parse_dictionary(archive)
    assert parsed.format == "krdict" and parsed.records == 10 and len(parsed.entries) == 6


def test_default_names() -> None:
    assert default_name(Path("/x/kengdic-2011.tsv.gz")) == "kengdic-2011"
    assert default_name(Path("muse ko-en.dict")) == "muse-ko-en"
    assert default_name(Path("한국어.txt")) == "dictionary"


# --- bad files ------------------------------------------------------------------------------


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str | None, str]]:
    """name → (file, --format, text the error must contain)."""
    cases: dict[str, tuple[Path, str | None, str]] = {}

    empty = tmp / "empty.tsv"
    empty.write_text("")
    cases["empty"] = (empty, None, "empty")

    comments = tmp / "comments.txt"
    comments.write_text("# only a comment\n\n")
    cases["comments only"] = (comments, None, "empty")

    legacy = tmp / "legacy.tsv"
    legacy.write_bytes(b"school\t" + "학교".encode("cp949") + b"\n")
    cases["cp949"] = (legacy, "en-ko", f"{legacy}:1: not UTF-8 (looks like CP949)")

    broken = tmp / "broken.dict"
    text = (FIXTURES / "muse.dict").read_bytes()
    broken.write_bytes(text + b"river @ " + "강".encode()[:2])  # cut inside a character
    cases["cut mid-character"] = (broken, None, f"{broken}:9: not valid UTF-8")

    jsonl = tmp / "cut.jsonl"
    lines = (FIXTURES / "kaikki.jsonl").read_text(encoding="utf-8").splitlines()
    jsonl.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40], encoding="utf-8")
    cases["truncated jsonl"] = (jsonl, None, f"{jsonl}:4: invalid JSON")

    xml = tmp / "cut.xml"
    xml.write_text((FIXTURES / "krdict.xml").read_text(encoding="utf-8")[:1500], encoding="utf-8")
    cases["truncated xml"] = (xml, None, "malformed or truncated XML")

    kengdic = tmp / "cut-kengdic.tsv"
    kengdic.write_text(
        (FIXTURES / "kengdic.tsv").read_text(encoding="utf-8") + "109\t바다", encoding="utf-8"
    )
    cases["truncated kengdic"] = (kengdic, None, f"{kengdic}:10: expected at least 4")

    gz = tmp / "cut.tsv.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "ko-en.tsv").read_bytes())[:-12])
    cases["truncated gzip"] = (gz, None, "damaged or truncated")

    wrong = FIXTURES / "muse.dict"
    cases["wrong format given"] = (wrong, "kengdic", f"{wrong}:1: no kengdic header")
    cases["no Korean in the given format"] = (FIXTURES / "en-ko.tsv", "ko-en", "no Korean–English")
    cases["unknown format"] = (wrong, "stardict", "unknown dictionary format 'stardict'")

    prose = tmp / "notes.txt"
    prose.write_text("These are my notes\nabout Korean verbs\n", encoding="utf-8")
    cases["undetectable"] = (prose, None, "cannot tell the format")

    utf16 = tmp / "utf16.tsv"
    utf16.write_bytes("학교\tschool\n".encode("utf-16"))
    cases["utf-16"] = (utf16, None, "UTF-16")

    cases["missing"] = (tmp / "nope.tsv", None, "no such file")
    return cases


def test_bad_files_raise_and_leave_the_index_unchanged(
    index: UserDictionaries, tmp_path: Path
) -> None:
    index.add(FIXTURES / "kengdic.tsv", name="main")
    before = (index.list_dicts(), english(index, "사과"))
    for label, (path, fmt, message) in _bad_files(tmp_path).items():
        with pytest.raises(DictionaryError) as info:
            index.add(path, format=fmt, name="main")
        assert message in str(info.value), label
        assert (index.list_dicts(), english(index, "사과")) == before, label


def test_a_failing_write_rolls_back(
    index: UserDictionaries, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.add(FIXTURES / "kengdic.tsv", name="main")
    before = english(index, "사과")

    def explode(entries: object) -> object:
        yield ("사과", "half\t\t")
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(userdict, "_pack", explode)
    with pytest.raises(DictionaryError, match="nothing was changed"):
        index.add(FIXTURES / "muse.dict", name="main")
    assert english(index, "사과") == before
    assert [d.format for d in index.list_dicts()] == ["kengdic"]


def test_invalid_names(index: UserDictionaries) -> None:
    for bad in ("", "../x", "a b", "x" * 65):
        with pytest.raises(DictionaryError, match="invalid dictionary name"):
            index.add(FIXTURES / "muse.dict", name=bad)


# --- the index ------------------------------------------------------------------------------


def test_add_list_lookup_remove(index: UserDictionaries) -> None:
    assert index.list_dicts() == []
    assert index.lookup("학교") == []
    assert not index.path.exists()  # reading never creates the index

    first = index.add(FIXTURES / "kengdic.tsv")
    second = index.add(FIXTURES / "krdict.xml", name="basic")
    assert (first.name, first.format, first.entries, first.headwords) == (
        "kengdic",
        "kengdic",
        12,
        6,
    )
    assert [d.name for d in index.list_dicts()] == ["kengdic", "basic"]

    assert english(index, "학교") == [
        ("school", "user:kengdic"),
        ("a place of learning", "user:kengdic"),
        ("school", "user:basic"),
    ]
    assert [g.hanja for g in index.lookup("사과")] == ["沙果", "謝過", "謝過"]
    assert [g.text for g in index.lookup("사과", hanja="謝過")][:2] == [
        "an apology",
        "saying sorry",
    ]
    # Entries of the requested POS come before those of another POS; unknown POS counts as a match.
    assert [g.text for g in UserDictionaries(index.path).lookup("조용하다", "adjective")] == [
        "quiet",
        "silent",
    ]

    removed = index.remove("kengdic")
    assert removed == first
    assert english(index, "학교") == [("school", "user:basic")]
    assert [d.name for d in index.list_dicts()] == [second.name]
    with pytest.raises(DictionaryError, match="no dictionary named 'kengdic'"):
        index.remove("kengdic")


def test_re_adding_replaces(index: UserDictionaries, tmp_path: Path) -> None:
    index.add(FIXTURES / "muse.dict", name="mine")
    index.add(FIXTURES / "muse.dict", name="mine")
    assert len(index.list_dicts()) == 1
    assert english(index, "학교") == [("school", "user:mine"), ("schools", "user:mine")]
    # Same name, different content: the old pairs are gone.
    index.add(FIXTURES / "en-ko.tsv", name="mine")
    assert english(index, "학교") == [("school", "user:mine")]
    assert index.lookup("강") == []
    assert index.list_dicts()[0].format == "en-ko"


def test_index_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    first = UserDictionaries(path)
    first.add(FIXTURES / "kaikki.jsonl")
    first.close()
    again = UserDictionaries(path)
    assert [d.name for d in again.list_dicts()] == ["kaikki"]
    assert [g.text for g in again.lookup("서울")] == ["Seoul"]
    again.close()


def test_module_functions_use_the_data_dir_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(userdict.DATA_ENV, str(tmp_path / "data"))
    info = userdict.add(FIXTURES / "ko-en.tsv", name="g")
    assert (tmp_path / "data" / userdict.DB_NAME).is_file()
    assert userdict.list_dicts() == [info]
    assert userdict.remove("g") == info
    assert userdict.list_dicts() == []


# --- the real dictionaries (../shared) ------------------------------------------------------

REAL: dict[str, tuple[str, int, int, dict[str, str | None]]] = {
    # file → (format, records, minimum pairs, lookups: korean → an English word it must give)
    "kengdic-ezcorean6000.tsv": ("kengdic", 5665, 7000, {"정부": "government", "현장": "on site"}),
    "wiktionary-en-ko-2015.txt": (
        "wiktionary",
        13857,
        15000,
        {"전복": "abalone", "포기하다": "abandon", "대나무": "bamboo"},
    ),
    "wechsel-en-ko-2021.tsv": ("en-ko", 25777, 15000, {"여자": "woman", "인공지능": None}),
    "muse-ko-en.dict": ("hunalign", 20549, 20000, {"영화": "movie", "분류": "category"}),
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_dictionary(name: str, tmp_path: Path) -> None:
    path = SHARED_DICTS / name
    if not path.is_file():
        pytest.skip(f"../shared/dictionaries/{name} is not present")
    fmt, records, min_pairs, lookups = REAL[name]
    index = UserDictionaries(tmp_path / "d.sqlite3")
    started = time.perf_counter()
    info = index.add(path)
    seconds = time.perf_counter() - started
    assert (info.format, info.records) == (fmt, records)
    assert info.entries >= min_pairs
    assert info.skipped < info.records * 0.4
    assert seconds < 30  # generous: the benchmark, not this test, checks the speed target
    for korean, word in lookups.items():
        found = [g.text.lower() for g in index.lookup(korean)]
        assert found, korean
        if word is not None:
            assert any(word in text for text in found), (korean, found)
    index.close()
