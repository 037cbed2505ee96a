"""Write study items as an Anki package (.apkg) and as an HTML preview of its cards.

The note type is frozen: its id, field list, template list and the ids of both are constants,
because changing a note type's fields or templates forces every user into a full sync. Which
cards a note has is therefore decided by Anki's own rule (a card exists when its front is not
empty) through four switch fields after ``Notes``: each front is wrapped in
``{{#RecognitionCard}}…`` etc., and ``TypedAnswer`` adds ``{{type:Korean}}`` to Production.
Leaving cards out of the package, or suspending them, would not last: Anki adds the missing
cards when a note is edited and drops suspension when importing without scheduling. A user
switches a card type on or off for any note by typing into, or clearing, its switch field.

This is the only module that imports genanki.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import genanki

from flashcards.errors import OutputError
from flashcards.models import Gloss, Source, StudyItem

__all__ = [
    "FIELDS",
    "GUID_NAMESPACE",
    "MODEL_ID",
    "SWITCH_FIELDS",
    "TEMPLATES",
    "DeckOptions",
    "DeckSummary",
    "deck_id_for",
    "deck_name_for",
    "guid_for",
    "note_fields",
    "note_tags",
    "render_preview",
    "slugify",
    "write_deck",
    "write_text_atomic",
]

# --- the frozen note type -----------------------------------------------------------------

MODEL_ID = 1824010364
MODEL_NAME = "flashcards: Korean news vocabulary"
# Bump (to the current Unix time) whenever a template or the CSS changes, so that Anki replaces
# the user's copy of the note type on import; tests/test_export.py guards this with a fingerprint.
MODEL_MOD = 1795671762
MODEL_FINGERPRINT = "b7f76354b8e654a0"

FIELDS: tuple[str, ...] = (
    "Korean",
    "English",
    "Glosses",
    "Hanja",
    "POS",
    "Sentence",
    "SentenceEnglish",
    "Source",
    "Audio",
    "Notes",
    # Switch fields: any text turns the card (or the typed answer) on; see the module doc.
    "RecognitionCard",
    "ProductionCard",
    "ListeningCard",
    "TypedAnswer",
)
SWITCH_FIELDS: tuple[str, ...] = FIELDS[10:]
SWITCH_ON = "on"

# Template name -> package data file stem; the order is the card ordinal and never changes.
TEMPLATES: tuple[tuple[str, str], ...] = (
    ("Recognition", "recognition"),
    ("Production", "production"),
    ("Listening", "listening"),
)

# Every term gets the same GUID in every article and every rebuild: a word met again updates
# its note. Never change this string.
GUID_NAMESPACE = "flashcards/korean-news/v1"


def _fixed_id(kind: str, name: str) -> int:
    """Derive a stable positive id below 2**53 (safe in JSON and JavaScript)."""
    digest = hashlib.sha256(f"{GUID_NAMESPACE}/{kind}/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % (1 << 53) or 1


@dataclass(frozen=True)
class DeckOptions:
    """What the deck is called and which cards each note gets.

    ``deck_name`` is a parent deck: the deck becomes ``<deck_name>::<article title>``; ``None``
    uses the title alone. ``typed_answer`` adds a box to type the Korean into on the Production
    card. ``tags`` are added to every note.
    """

    deck_name: str | None = None
    recognition: bool = True
    production: bool = True
    listening: bool = False
    typed_answer: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckSummary:
    """What ``write_deck`` wrote: ``skipped_duplicates`` counts items repeating a GUID."""

    path: Path
    notes: int
    cards: int
    deck_name: str
    cards_per_template: Mapping[str, int] = field(default_factory=dict)
    skipped_duplicates: int = 0


# --- text helpers -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
# Characters Anki would interpret inside a field: {{…}} (templates), [sound:…], [anki:tts],
# [latex], [$]. As numeric entities they display unchanged but are no longer syntax.
_ANKI_SYNTAX = str.maketrans({"{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;"})


def _clean(text: str) -> str:
    """Normalise to NFC and drop control characters (\\x1f separates Anki fields)."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text))


def _escape(text: str) -> str:
    """HTML-escape article text for a field and neutralise Anki's own markup."""
    return html.escape(_clean(text), quote=True).translate(_ANKI_SYNTAX)


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", _clean(text)).strip()


def _highlight(sentence: str, span: tuple[int, int] | None) -> str:
    """Escape ``sentence`` with ``sentence[start:end]`` in <b>; escape each part separately."""
    if span is None or not 0 <= span[0] < span[1] <= len(sentence):
        return _escape(_one_line(sentence))
    start, end = span
    before, term, after = (
        _WHITESPACE.sub(" ", part)
        for part in (sentence[:start].lstrip(), sentence[start:end], sentence[end:].rstrip())
    )
    return f"{_escape(before)}<b>{_escape(term)}</b>{_escape(after)}"


# --- notes --------------------------------------------------------------------------------


def guid_for(lemma: str, pos: str) -> str:
    """Return the note GUID of a term: the same for every article and every rebuild."""
    return str(genanki.guid_for(GUID_NAMESPACE, unicodedata.normalize("NFC", lemma.strip()), pos))


def _english_field(item: StudyItem) -> str:
    """The article's counterpart; without one, the first gloss marked as a dictionary sense."""
    if item.english and item.english.strip():
        return _escape(_one_line(item.english))
    if item.glosses:
        best = item.glosses[0]
        return (
            f'<span class="fc-dict">{_escape(_one_line(best.text))}</span>'
            f'<span class="fc-src">dictionary</span>'
        )
    return '<span class="fc-missing">no English found</span>'


def _gloss_html(gloss: Gloss) -> str:
    hanja = (
        f'<span class="fc-gloss-hanja" lang="ko">{_escape(gloss.hanja)}</span>'
        if gloss.hanja
        else ""
    )
    return (
        f"<li>{hanja}{_escape(_one_line(gloss.text))}"
        f'<span class="fc-src">{_escape(gloss.source)}</span></li>'
    )


def _glosses_field(item: StudyItem) -> str:
    """List dictionary senses with their source, minus one already shown as the English."""
    shown = (item.english or (item.glosses[0].text if item.glosses else "")).strip().casefold()
    seen: set[tuple[str, str]] = set()
    rows = []
    for gloss in item.glosses:
        key = (gloss.text.strip().casefold(), gloss.hanja)
        if not key[0] or key in seen or (key[0] == shown and not gloss.hanja):
            continue
        seen.add(key)
        rows.append(_gloss_html(gloss))
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def _link(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.removeprefix("www.")
    return f'<a href="{_escape(url.strip())}">{_escape(host)}</a>'


def _source_field(source: Source) -> str:
    parts = [_escape(_one_line(p)) for p in (source.title, source.outlet, source.date) if p.strip()]
    link = _link(source.url)
    if link:
        parts.append(link)
    return " · ".join(parts)


def note_fields(item: StudyItem, source: Source, options: DeckOptions = DeckOptions()) -> list[str]:
    """Return the note's field values (HTML), in the order of ``FIELDS``."""
    switches = (options.recognition, options.production, options.listening, options.typed_answer)
    return [
        _escape(_one_line(item.korean)),
        _english_field(item),
        _glosses_field(item),
        _escape(_one_line(item.hanja)),
        _escape(item.pos),
        _highlight(item.korean_sentence, item.korean_highlight),
        _highlight(item.english_sentence, item.english_highlight),
        _source_field(source),
        "",
        "",
        *(SWITCH_ON if on else "" for on in switches),
    ]


def _tag(text: str) -> str:
    """Make a tag: no spaces (Anki splits tags on them), no empty parts."""
    return "_".join(text.split()).strip(":")


def note_tags(item: StudyItem, source: Source, options: DeckOptions) -> list[str]:
    """Return the note's tags: flashcards, pos::, outlet::, article::, level:: and the user's."""
    tags = ["flashcards", f"pos::{item.pos}", f"article::{slugify(source.title)}"]
    if source.outlet.strip():
        tags.append(f"outlet::{slugify(source.outlet)}")
    if item.level.strip():
        tags.append(f"level::{slugify(item.level)}")
    tags.extend(_tag(t) for t in options.tags)
    return list(dict.fromkeys(t for t in tags if t))


# --- slugs and deck names -----------------------------------------------------------------

# Revised Romanization of Korean, syllable by syllable (no sound-change rules): enough for a
# readable file name.
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
             "t", "p", "h")  # fmt: skip
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
           "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def _romanise(text: str) -> str:
    out: list[str] = []
    previous_final = ""
    for char in text:
        code = ord(char)
        if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(char)
            previous_final = ""
            continue
        index = code - _HANGUL_FIRST
        initial = _INITIALS[index // 588]
        if initial == "r" and previous_final in ("", "l"):
            # Word-initial ㄹ is written r only between vowels; after ㄹ it is l (서울, 실례).
            initial = "l" if previous_final == "l" else "r"
        out.append(initial + _MEDIALS[(index % 588) // 28] + _FINALS[index % 28])
        previous_final = _FINALS[index % 28]
    return "".join(out)


def slugify(title: str, max_length: int = 60) -> str:
    """Make an ASCII file-name slug; Hangul is romanised, other scripts are dropped.

    A title with nothing left (hanja only, symbols) becomes ``article-<hash>``.
    """
    text = unicodedata.normalize("NFC", title)
    ascii_text = unicodedata.normalize("NFKD", _romanise(text))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    if slug:
        return slug
    return "article-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def _deck_part(text: str) -> str:
    # "::" separates Anki deck levels; inside a title it would create unintended subdecks.
    return _one_line(text.replace("::", ":"))


def deck_name_for(source: Source, options: DeckOptions = DeckOptions()) -> str:
    """Return ``<parent>::<title>`` (or the title alone): the deck the notes go into."""
    title = _deck_part(source.title) or "Korean article"
    if options.deck_name is None:
        return title
    parents = [_one_line(p) for p in options.deck_name.split("::")]
    return "::".join([p for p in parents if p] + [title])


def deck_id_for(deck_name: str) -> int:
    """Derive a deck id from its full name: a rebuilt deck lands in the same deck."""
    digest = hashlib.sha256(f"{GUID_NAMESPACE}/deck/{deck_name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


# --- genanki objects ----------------------------------------------------------------------


@cache
def _data_text(name: str) -> str:
    return (resources.files("flashcards") / "data" / "deck" / name).read_text(encoding="utf-8")


def css() -> str:
    """Return the note type's CSS."""
    return _data_text("style.css")


def _template_text(stem: str, side: str) -> str:
    return _data_text(f"{stem}.{side}.html").strip() + "\n"


def template_sources() -> list[tuple[str, str, str]]:
    """Return (name, front, back) for each template, in card-ordinal order."""
    return [
        (name, _template_text(stem, "front"), _template_text(stem, "back"))
        for name, stem in TEMPLATES
    ]


def model_fingerprint() -> str:
    """Hash of everything Anki stores in the note type; see ``MODEL_MOD``."""
    fields = [_field_config(name) for name in FIELDS]
    payload = json.dumps([fields, template_sources(), css()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


_FILTERED_FIELD = re.compile(r"\{\{(?!FrontSide\}\})[^#^/}][^}]*?:([^:}]+)\}\}")


class _Model(genanki.Model):  # type: ignore[misc]
    """The note type with a fixed ``mod`` and card requirements that see filtered fields."""

    @cached_property
    def _req(self) -> list[list[Any]]:
        # genanki renders fronts with chevron, which knows nothing of {{tts ko_KR:Korean}} or
        # {{type:Korean}}; Anki counts a filtered field as content, so compute on plain refs.
        plain = [{**t, "qfmt": _FILTERED_FIELD.sub(r"{{\1}}", t["qfmt"])} for t in self.templates]
        probe = genanki.Model(fields=self.fields, templates=plain)
        return list(probe._req)

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data: dict[str, Any] = super().to_json(timestamp, deck_id)
        data["mod"] = MODEL_MOD
        return data


class _Note(genanki.Note):  # type: ignore[misc]
    """A note with its own modification time.

    genanki stamps every note with the package's timestamp; ``write_to_db`` passes this note's
    ``mod`` instead (it is only used for the note's and its cards' mod columns).
    """

    def __init__(self, *, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


@cache
def _model() -> _Model:
    return _Model(
        model_id=MODEL_ID,
        name=MODEL_NAME,
        fields=[_field_config(name) for name in FIELDS],
        templates=[
            {"name": name, "qfmt": front, "afmt": back, "id": _fixed_id("template", name)}
            for name, front, back in template_sources()
        ],
        css=css(),
        sort_field_index=0,
    )


_SWITCH_HELP = {
    "RecognitionCard": "Any text here gives this note a Recognition card (Korean → English).",
    "ProductionCard": "Any text here gives this note a Production card (English → Korean).",
    "ListeningCard": "Any text here gives this note a Listening card (Korean text-to-speech).",
    "TypedAnswer": "Any text here asks you to type the Korean on the Production card.",
}


def _field_config(name: str) -> dict[str, Any]:
    config: dict[str, Any] = {"name": name, "id": _fixed_id("field", name)}
    if name in _SWITCH_HELP:
        # Anki ≥ 2.1.55 shows the description, folds the field and leaves it out of searches.
        config |= {"description": _SWITCH_HELP[name], "collapsed": True, "excludeFromSearch": True}
    return config


# --- previous package: keep modification times of unchanged notes -------------------------


def _previous_notes(path: Path) -> dict[str, tuple[str, str, int]]:
    """Read guid -> (fields, tags, mod) from an earlier package; {} if unreadable."""
    try:
        with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "collection.anki2"
            db_path.write_bytes(package.read("collection.anki2"))
            connection = sqlite3.connect(db_path)
            try:
                rows = connection.execute("SELECT guid, flds, tags, mod FROM notes").fetchall()
            finally:
                connection.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return {}
    return {str(g): (str(f), " ".join(str(t).split()), int(m)) for g, f, t, m in rows}


# --- writing ------------------------------------------------------------------------------


def _build_notes(
    items: Sequence[StudyItem],
    source: Source,
    options: DeckOptions,
    previous: Mapping[str, tuple[str, str, int]],
    now: int,
) -> tuple[list[_Note], int]:
    model = _model()
    notes: list[_Note] = []
    for guid, item in _one_per_note(items):
        fields = note_fields(item, source, options)
        tags = note_tags(item, source, options)
        mod = now
        earlier = previous.get(guid)
        if earlier is not None:
            old_fields, old_tags, old_mod = earlier
            unchanged = old_fields == "\x1f".join(fields) and old_tags == " ".join(tags)
            # A changed note must be strictly newer than the copy already in the collection.
            mod = old_mod if unchanged else max(now, old_mod + 1)
        notes.append(_Note(model=model, fields=fields, tags=tags, guid=guid, mod=mod))
    return notes, len(items) - len(notes)


def _one_per_note(items: Iterable[StudyItem]) -> Iterator[tuple[str, StudyItem]]:
    """Yield each item with its GUID, skipping later items that would be the same note."""
    seen: set[str] = set()
    for item in items:
        guid = guid_for(item.korean, item.pos)
        if guid not in seen:
            seen.add(guid)
            yield guid, item


def _write_package(deck: genanki.Deck, target: Path, timestamp: float) -> None:
    """Write the .apkg like genanki's Package.write_to_file, but compressed and without leaks."""
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(db_path)
        # A scratch database zipped right after: durability would only cost time.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        try:
            id_gen = itertools.count(int(timestamp * 1000))
            genanki.Package(deck).write_to_db(connection.cursor(), timestamp, id_gen)
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
            package.write(db_path, "collection.anki2")
            package.writestr("media", "{}")


def _check_target(path: Path, overwrite: bool) -> None:
    if path.is_dir():
        raise OutputError(f"{path} is a folder: choose a file name with -o.")
    if path.exists() and not overwrite:
        raise OutputError(f"{path} already exists: pass --force to replace it or choose -o.")


def _replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write a temporary file next to ``path`` with ``write``, then rename it over ``path``.

    Readers see the old file or the new one, never a partial one; the temporary file is removed
    on any failure.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        os.close(handle)
    except OSError as error:
        raise OutputError(
            f"Cannot write to the folder {path.parent} ({error.strerror}): choose another with -o."
        ) from error
    temp_path = Path(temp_name)
    try:
        write(temp_path)
        # mkstemp creates the file private (0600); give it the permissions a new file gets.
        umask = os.umask(0)
        os.umask(umask)
        temp_path.chmod(0o666 & ~umask)
        os.replace(temp_path, path)
    except OSError as error:
        raise OutputError(
            f"Cannot write {path} ({error.strerror}): check the disk and permissions or use -o."
        ) from error
    finally:
        temp_path.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write a UTF-8 text file (such as the preview page) atomically; like ``write_deck``."""
    path = Path(path)
    _check_target(path, overwrite)
    _replace_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"))
    return path


def write_deck(
    items: Sequence[StudyItem],
    source: Source,
    path: Path,
    options: DeckOptions = DeckOptions(),
    *,
    overwrite: bool = False,
    timestamp: float | None = None,
) -> DeckSummary:
    """Write ``items`` as an Anki package at ``path``, atomically.

    When ``path`` already holds a package (and ``overwrite`` is set), notes whose content did
    not change keep their modification time, so re-importing does not overwrite the user's own
    edits of those notes; changed and new notes get ``timestamp`` (default: now).
    """
    if not items:
        raise OutputError("No terms to put in the deck: the article gave no study items.")
    if not (options.recognition or options.production or options.listening):
        raise OutputError("No card type chosen: enable recognition, production or listening.")
    path = Path(path)
    _check_target(path, overwrite)
    now = time.time() if timestamp is None else timestamp
    previous = _previous_notes(path) if path.exists() else {}
    notes, duplicates = _build_notes(items, source, options, previous, int(now))
    deck_name = deck_name_for(source, options)
    deck = genanki.Deck(deck_id_for(deck_name), deck_name)
    deck.add_model(_model())
    for note in notes:
        deck.add_note(note)

    _replace_atomically(path, lambda temp: _write_package(deck, temp, now))

    per_template = {name: 0 for name, _ in TEMPLATES}
    for note in notes:
        for card in note.cards:
            per_template[TEMPLATES[card.ord][0]] += 1
    return DeckSummary(
        path=path,
        notes=len(notes),
        cards=sum(per_template.values()),
        deck_name=deck_name,
        cards_per_template=per_template,
        skipped_duplicates=duplicates,
    )


# --- preview ------------------------------------------------------------------------------

_TAG = re.compile(r"\{\{([#^/]?)([^}]*)\}\}")


def _render_template(template: str, fields: Mapping[str, str], side: str, front: str = "") -> str:
    """Render the Anki template subset our templates use (fields, sections, tts, type)."""
    out: list[str] = []
    # Each open section: (name, inverted, emitting-before-this-section).
    stack: list[tuple[str, bool, bool]] = []
    emitting = True
    position = 0
    for match in _TAG.finditer(template):
        if emitting:
            out.append(template[position : match.start()])
        position = match.end()
        kind, name = match.group(1), match.group(2).strip()
        if kind in ("#", "^"):
            stack.append((name, kind == "^", emitting))
            present = bool(fields.get(name, "").strip())
            emitting = emitting and (present != (kind == "^"))
        elif kind == "/":
            if stack:
                emitting = stack.pop()[2]
        elif emitting:
            out.append(_render_reference(name, fields, side, front))
    if emitting:
        out.append(template[position:])
    return "".join(out)


def _render_reference(name: str, fields: Mapping[str, str], side: str, front: str) -> str:
    if name == "FrontSide":
        return front
    *filters, field_name = name.split(":")
    value = fields.get(field_name, "")
    if not filters:
        return value
    head = filters[0]
    if head.startswith("tts"):
        spoken = html.escape(html.unescape(re.sub(r"<[^>]*>", "", value)), quote=True)
        return (
            f'<button type="button" class="fc-play" data-say="{spoken}" '
            'aria-label="Play">&#9654;</button>'
        )
    if head == "type":
        if side == "front":
            return '<input type="text" class="fc-typeans" placeholder="Type the Korean">'
        return f'<code class="fc-typeans">{value}</code>'
    return value


_PREVIEW_CSS = """
body { margin: 0; background: #d9d6cf; font-family: system-ui, sans-serif; }
body.night { background: #111; }
header { padding: 1rem; color: #333; } body.night header { color: #ddd; }
header h1 { font-size: 1.2rem; margin: 0 0 .25rem; }
header p { margin: .25rem 0; font-size: .9rem; }
.note { padding: 0 1rem 1.5rem; }
.note > h2 { font-size: 1rem; font-weight: 600; margin: .5rem 0; color: #333; }
body.night .note > h2 { color: #ddd; }
.faces { display: flex; flex-wrap: wrap; gap: 1rem; }
.face { flex: 1 1 18rem; max-width: 26rem; min-width: 0; border-radius: .75rem;
        overflow: hidden; box-shadow: 0 1px 4px rgba(0,0,0,.25);
        display: flex; flex-direction: column; }
.face > .card { flex: 1; }
.face > .label { font: 600 .72rem/1.8 system-ui, sans-serif; letter-spacing: .05em;
        text-transform: uppercase; padding: 0 .75rem; background: rgba(0,0,0,.08); }
.fc-play { font-size: 1.4rem; border: 0; border-radius: 50%; width: 3rem; height: 3rem;
        cursor: pointer; }
.fc-typeans { font-size: 1.2rem; padding: .3rem .5rem; width: 100%; max-width: 20rem; }
"""

_PREVIEW_SCRIPT = """
document.getElementById('night').addEventListener('change', function (e) {
  document.body.classList.toggle('night', e.target.checked);
  document.querySelectorAll('.card').forEach(function (c) {
    c.classList.toggle('nightMode', e.target.checked);
    c.classList.toggle('night_mode', e.target.checked);
  });
});
document.querySelectorAll('.fc-play').forEach(function (b) {
  b.addEventListener('click', function () {
    if (!window.speechSynthesis) return;
    var u = new SpeechSynthesisUtterance(b.dataset.say); u.lang = 'ko-KR';
    window.speechSynthesis.speak(u);
  });
});
"""


def render_card(fields: Mapping[str, str], template_index: int) -> tuple[str, str]:
    """Render one card's question and answer HTML from note fields, as Anki would."""
    _, front_template, back_template = template_sources()[template_index]
    front = _render_template(front_template, fields, "front")
    back = _render_template(back_template, fields, "back", front)
    return front, back


def render_preview(
    items: Sequence[StudyItem], source: Source, options: DeckOptions = DeckOptions()
) -> str:
    """Return one self-contained HTML page showing the front and back of every card."""
    deck_name = deck_name_for(source, options)
    sections: list[str] = []
    for _guid, item in _one_per_note(items):
        fields = dict(zip(FIELDS, note_fields(item, source, options), strict=True))
        faces: list[str] = []
        for ordinal, (name, _) in enumerate(TEMPLATES):
            front, back = render_card(fields, ordinal)
            if not front.strip():
                continue  # Anki does not make this card: its switch field is empty
            for side, body in (("front", front), ("back", back)):
                faces.append(
                    f'<section class="face"><div class="label">{html.escape(name)} · {side}</div>'
                    f'<div class="card card{ordinal + 1}">{body}</div></section>'
                )
        heading = f"{len(sections) + 1}. {fields['Korean']} · {fields['POS']}"
        sections.append(
            f'<article class="note" id="note-{len(sections) + 1}"><h2 lang="ko">{heading}</h2>'
            f'<div class="faces">{"".join(faces)}</div></article>'
        )
    title = html.escape(deck_name)
    count = len(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · preview</title>"
        f"<style>{css()}\n{_PREVIEW_CSS}</style></head><body>"
        f"<header><h1>{title}</h1><p>{count} notes · {_source_field(source)}</p>"
        '<p><label><input type="checkbox" id="night"> Night mode</label></p></header>'
        f"<main>{''.join(sections)}</main>"
        f"<script>{_PREVIEW_SCRIPT}</script></body></html>\n"
    )
