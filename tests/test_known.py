"""Known words: word lists and Anki collections made by the official ``anki`` package."""

from __future__ import annotations

import io
import json
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flashcards import known, vocab
from flashcards.cli import main
from flashcards.errors import InputError
from flashcards.known import anki_field_values, read_known_anki, read_known_list
from flashcards.models import AlignedTerm, Counterpart, Source, StudyItem, TermOccurrence

# --- helpers ------------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _anki() -> Any:
    return pytest.importorskip("anki.collection")


def new_collection(path: Path) -> Any:
    path.parent.mkdir(parents=True, exist_ok=True)
    return _anki().Collection(str(path))


def add_note_type(col: Any, name: str, fields: tuple[str, ...]) -> Any:
    models = col.models
    model = models.new(name)
    for field in fields:
        models.add_field(model, models.new_field(field))
    template = models.new_template("Card 1")
    template["qfmt"] = "{{" + fields[0] + "}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{" + fields[1] + "}}"
    models.add_template(model, template)
    models.add(model)
    return models.by_name(name)


def add_note(col: Any, model: Any, **values: str) -> None:
    note = col.new_note(model)
    for field, value in values.items():
        note[field] = value
    col.add_note(note, col.decks.id("Default"))


def export_package(col: Any, path: Path, *, legacy: bool) -> Path:
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(legacy=legacy, with_media=False)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# What the fixture collection's Korean fields hold once HTML is removed.
KOREAN_VALUES = ["도입했다", "정부를", "경제 성장", "투자", "협력", "조선소"]


@pytest.fixture
def open_collection(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """A collection still open in the anki package, with notes of three note types."""
    path = tmp_path / "profile" / "collection.anki2"
    col = new_collection(path)
    vocab_type = add_note_type(col, "Korean vocab", ("Korean", "English"))
    add_note(col, vocab_type, Korean="도입했다", English="introduced")
    add_note(col, vocab_type, Korean="<b>정부</b>를", English="the government")
    add_note(col, vocab_type, Korean="경제&nbsp;성장<br>투자", English="growth; investment")
    add_note(col, vocab_type, Korean="[sound:hyeomnyeok.mp3]<div>협력</div>", English="cooperation")
    sentence_type = add_note_type(col, "Sentences", ("KOREAN", "Meaning"))
    add_note(col, sentence_type, KOREAN="조선소", Meaning="shipyard")
    add_note(col, col.models.by_name("Basic"), Front="항구", Back="port")
    try:
        yield col, path
    finally:
        col.close()


# --- word lists ---------------------------------------------------------------------------


def test_word_list_entries_skip_comments_blanks_and_meanings(tmp_path: Path) -> None:
    listing = tmp_path / "known.txt"
    decomposed = unicodedata.normalize("NFD", "항구")
    text = f"# my words\n\n도입했다\n정부를   # the government\n{decomposed}\t port\n 인재  유출 \n"
    listing.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert known.word_list_entries(listing) == ["도입했다", "정부를", "항구", "인재 유출"]


def test_word_list_in_utf16_with_bom(tmp_path: Path) -> None:
    listing = tmp_path / "known.txt"
    listing.write_bytes("투자\r\n협력\r\n".encode("utf-16"))
    assert known.word_list_entries(listing) == ["투자", "협력"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "missing.txt", "not found"),
        (lambda d: d, "is a folder"),
        (lambda d: _write(d / "latin1.txt", "café\n".encode("latin-1")), "not UTF-8"),
        (lambda d: _write(d / "deck.apkg", b"PK\x03\x04rest"), "use --known-anki"),
    ],
)
def test_word_list_errors(tmp_path: Path, make: Any, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        known.word_list_entries(make(tmp_path))


# --- Anki collections (no Kiwi needed) ----------------------------------------------------


def test_reads_the_field_while_anki_has_the_collection_open(
    open_collection: tuple[Any, Path],
) -> None:
    col, path = open_collection
    before = snapshot(path.parent)
    assert sorted(anki_field_values(path)) == sorted(KOREAN_VALUES)
    assert snapshot(path.parent) == before  # nothing written, no -shm or journal left behind
    # A note added later, while the collection stays open, is seen on the next read.
    add_note(col, col.models.by_name("Korean vocab"), Korean="수출", English="export")
    assert "수출" in anki_field_values(path)
    assert "수출" in anki_field_values(path.parent)  # the profile folder works too


def test_note_types_and_field_choice(open_collection: tuple[Any, Path]) -> None:
    _, path = open_collection
    only_vocab = anki_field_values(path, note_types=["korean VOCAB"])
    assert sorted(only_vocab) == sorted(v for v in KOREAN_VALUES if v != "조선소")
    assert anki_field_values(path, field="korean", note_types="Sentences") == ["조선소"]
    assert anki_field_values(path, field="Front") == ["항구"]


@pytest.mark.parametrize(
    ("kwargs", "needles"),
    [
        ({"field": "Hanja"}, ["no field named 'Hanja'", "Korean", "--known-field"]),
        ({"note_types": ["Grammar"]}, ["no note type named 'Grammar'", "Korean vocab"]),
        ({"note_types": ["Basic"]}, ["no field named 'Korean' in the chosen", "Front"]),
    ],
)
def test_field_and_note_type_errors(
    open_collection: tuple[Any, Path], kwargs: dict[str, Any], needles: list[str]
) -> None:
    _, path = open_collection
    with pytest.raises(InputError) as caught:
        anki_field_values(path, **kwargs)
    for needle in needles:
        assert needle in str(caught.value)


def test_exported_packages_both_formats(open_collection: tuple[Any, Path]) -> None:
    col, path = open_collection
    legacy = export_package(col, path.parent.parent / "legacy.apkg", legacy=True)
    with zipfile.ZipFile(legacy) as package:
        assert "collection.anki21" in package.namelist()  # schema 11, note types as JSON
    assert sorted(anki_field_values(legacy)) == sorted(KOREAN_VALUES)

    current = export_package(col, path.parent.parent / "current.apkg", legacy=False)
    with zipfile.ZipFile(current) as package:
        names = package.namelist()
        compressed = package.read("collection.anki21b")
    # Beside the real collection Anki writes a stub collection.anki2 that must not be read.
    assert "collection.anki2" in names
    if known._zstd_library() is None:
        with pytest.raises(InputError, match="pip install zstandard"):
            anki_field_values(current)
        return
    assert sorted(anki_field_values(current)) == sorted(KOREAN_VALUES)
    raw = _write(path.parent.parent / "collection.anki21b", compressed)
    assert sorted(anki_field_values(raw)) == sorted(KOREAN_VALUES)


def test_compressed_package_without_a_zstd_library(
    open_collection: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    col, path = open_collection
    current = export_package(col, path.parent.parent / "current.apkg", legacy=False)
    monkeypatch.setattr(known, "_zstd_library", lambda: None)
    with pytest.raises(InputError, match=r"pip install zstandard.*Support older Anki versions"):
        anki_field_values(current)


def _study_item(lemma: str, pos: str) -> StudyItem:
    sentence = f"{lemma} 문장"
    return StudyItem(
        korean=lemma, pos=pos, english="x", glosses=(), hanja="",  # type: ignore[arg-type]
        korean_sentence=sentence, korean_highlight=(0, len(lemma)),
        english_sentence="x y", english_highlight=(0, 1),
        confidence=0.9, count=1, first_position=0,
    )  # fmt: skip


def test_our_own_deck_and_the_collection_it_was_imported_into(tmp_path: Path) -> None:
    from flashcards.export import write_deck
    from tests.anki_helpers import import_package

    lemmas = ["도입하다", "정부", "R&D"]  # & is escaped in the field: it must come back as is
    deck = tmp_path / "deck.apkg"
    write_deck([_study_item(w, "noun") for w in lemmas], Source(title="Test"), deck)
    assert sorted(anki_field_values(deck)) == sorted(lemmas)

    col = new_collection(tmp_path / "profile" / "collection.anki2")
    try:
        import_package(col, deck)
        assert sorted(anki_field_values(tmp_path / "profile")) == sorted(lemmas)
    finally:
        col.close()


def _sqlite_without_notes(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE words (word TEXT)")
    db.commit()
    db.close()
    return path


def _zip_without_collection(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("media", "{}")
    return path


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "nowhere" / "collection.anki2", "Anki collection not found"),
        (lambda d: d, "folder without collection.anki2"),
        (lambda d: _write(d / "empty.anki2", b""), "is empty"),
        (lambda d: _write(d / "notes.txt", "도입\n".encode()), "not an Anki collection"),
        (lambda d: _sqlite_without_notes(d / "other.db"), "not an Anki collection"),
        (lambda d: _zip_without_collection(d / "deck.apkg"), "without an Anki collection"),
        (lambda d: _write(d / "broken.apkg", b"PK\x03\x04" + b"\0" * 64), "damaged zip"),
        (lambda d: _write(d / "broken.anki2", b"SQLite format 3\x00" + b"\1" * 200), "readable"),
    ],
)
def test_collection_errors(tmp_path: Path, make: Any, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        anki_field_values(make(tmp_path))


def test_damaged_compressed_collection(tmp_path: Path) -> None:
    if known._zstd_library() is None:
        pytest.skip("no zstd library installed")
    broken = _write(tmp_path / "collection.anki21b", b"\x28\xb5\x2f\xfd" + b"\x07" * 100)
    with pytest.raises(InputError, match="is damaged: its collection cannot be decompressed"):
        anki_field_values(broken)


# --- vocabulary selection -----------------------------------------------------------------

FREQS = {"도입": 10**-4.5, "정부": 10**-3.5, "항구": 10**-5.2, "잘": 10**-3}


def _aligned(lemma: str, pos: str = "noun") -> AlignedTerm:
    occ = TermOccurrence(lemma, pos, 0, len(lemma), 0, lemma)  # type: ignore[arg-type]
    return AlignedTerm(lemma, pos, (occ,), Counterpart("x", 0, 1, 0, 0.9), 0.9)  # type: ignore[arg-type]


def test_is_known_matches_the_word_family() -> None:
    assert vocab.is_known("도입하다", {"도입"})
    assert vocab.is_known("도입", {"도입하다"})
    assert vocab.is_known("도입되다", {"도입하다"})
    assert vocab.is_known("인재 유출", {"인재유출"})
    assert not vocab.is_known("잘하다", {"잘"})  # one-syllable roots make other words
    assert not vocab.is_known("정부", {"도입하다", "정부군"})
    assert not vocab.is_known("하다", {"도입하다"})
    assert not vocab.is_known("도입", frozenset())


def test_decide_drops_known_terms_with_a_reason() -> None:
    terms = [_aligned("도입하다", "verb"), _aligned("정부"), _aligned("항구")]
    terms.append(_aligned("잘하다", "verb"))
    options = vocab.VocabOptions(known=frozenset({"도입", "항구", "잘"}))
    decisions = {d.term.lemma: d for d in vocab.decide(terms, options, freqs=FREQS)}
    assert {lemma for lemma, d in decisions.items() if not d.keep} == {"도입하다", "항구"}
    assert decisions["도입하다"].reasons[0] == "known (in your list)"
    plain = vocab.decide(terms, vocab.VocabOptions(), freqs=FREQS)
    assert all(d.keep for d in plain)
    everything = vocab.decide(
        terms, vocab.VocabOptions(known=options.known, include_all=True), freqs=FREQS
    )
    assert all(d.keep for d in everything)


# --- command line (errors come before any analyzer loads) ---------------------------------


def test_cli_usage_and_input_errors(tmp_path: Path) -> None:
    code, out, err = run("terms", "--sample", "--known-field", "Word")
    assert code == 2 and out == "" and "--known-anki" in err

    code, out, err = run("terms", "--sample", "--known", str(tmp_path / "missing.txt"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "known-words list not found" in err

    notes = _write(tmp_path / "notes.txt", "도입\n".encode())
    code, out, err = run("build", "--sample", "--known-anki", str(notes), "-o", "x.apkg")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not an Anki collection" in err
    assert "Traceback" not in err


# --- with Kiwi ----------------------------------------------------------------------------


@pytest.mark.slow
def test_known_forms_are_dictionary_forms(kiwi: Any, tmp_path: Path) -> None:
    forms = known.known_forms(["도입했다", "정부를", "개최됐다", "인재 유출", ""], kiwi)
    assert {"도입하다", "정부", "개최되다", "인재", "유출"} <= forms
    assert {"도입했다", "정부를", "인재 유출", "인재유출"} <= forms  # the entries as written
    assert "도입" not in forms and "" not in forms

    listing = _write(tmp_path / "known.txt", "# words\n도입했다\n정부를\n".encode())
    assert {"도입하다", "정부"} <= read_known_list(listing, kiwi=kiwi)


@pytest.mark.slow
def test_read_known_anki_normalises_the_field(kiwi: Any, open_collection: tuple[Any, Path]) -> None:
    _, path = open_collection
    words = read_known_anki(path, kiwi=kiwi)
    assert {"도입하다", "정부", "경제", "성장", "투자", "협력", "조선소"} <= words
    assert "항구" not in words  # a Basic note: no Korean field
    assert "조선소" not in read_known_anki(path, note_types=["Korean vocab"], kiwi=kiwi)


def _inflect(lemma: str, pos: str) -> str:
    """Write a term as a learner's note might: a noun with its object particle, a verb past."""
    if pos == "verb":
        return lemma[:-2] + "했다"
    has_final = (ord(lemma[-1]) - 0xAC00) % 28 != 0
    return lemma + ("을" if has_final else "를")


@pytest.mark.slow
def test_terms_skips_the_words_of_a_live_collection(tmp_path: Path) -> None:
    code, out, err = run("terms", "--sample", "--explain", "--format", "json")
    assert code == 0, err
    baseline = json.loads(out)
    kept = [r for r in baseline if r["kept"]]
    nouns = [r["korean"] for r in kept if r["pos"] == "noun" and " " not in r["korean"]][:3]
    verbs = [r["korean"] for r in kept if r["pos"] == "verb" and r["korean"].endswith("하다")][:1]
    assert len(nouns) == 3 and verbs
    chosen = [(w, "noun") for w in nouns] + [(w, "verb") for w in verbs]

    path = tmp_path / "profile" / "collection.anki2"
    col = new_collection(path)
    try:
        model = add_note_type(col, "Korean vocab", ("Korean", "English"))
        for lemma, pos in chosen:
            add_note(col, model, Korean=_inflect(lemma, pos), English="x")
        before = snapshot(path.parent)
        code, out, err = run(
            "terms", "--sample", "--explain", "--format", "json", "--known-anki", str(path)
        )
        assert code == 0, err
        assert snapshot(path.parent) == before
    finally:
        col.close()
    rows = json.loads(out)
    dropped = {r["korean"] for r in rows if "known (in your list)" in r["reasons"]}
    lemmas = {lemma for lemma, _ in chosen}
    expected = {r["korean"] for r in baseline if vocab.is_known(r["korean"], lemmas)}
    assert dropped == expected and lemmas <= dropped
    assert not any(r["kept"] for r in rows if r["korean"] in dropped)
    # Other terms take the freed places: the deck keeps its size.
    assert sum(r["kept"] for r in rows) == sum(r["kept"] for r in baseline)
