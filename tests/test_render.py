"""Render every card template in headless Chromium at phone size, light and night.

Cards come from a deck imported with the official ``anki`` package (``card.render_output()``
plus the note type's CSS). Screenshots go to tests/artifacts/ (git-ignored). Skips when
Chromium is not installed (Debian: ``apt-get install -y chromium fonts-noto-cjk``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flashcards.export import render_preview, slugify, write_deck
from tests.test_export import ALL_CARDS, SOURCE, import_package, make_item, study_items

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WIDTH, HEIGHT = 390, 844
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# What Anki's reviewers put in place of the markers render_output() leaves in the HTML.
PLAY_BUTTON = (
    '<a class="replay-button soundLink" href="#"><svg class="playImage" viewBox="0 0 64 64">'
    '<circle cx="32" cy="32" r="29"/><path d="M56.5,32.3l-37.5,20.1l0.3,-40.8l37.2,20.7Z"/>'
    "</svg></a>"
)
TYPE_BOX = (
    '<center><input type="text" id="typeans" placeholder="" '
    'style="font-family: Arial; font-size: 20px;"></center>'
)
TYPE_RESULT = '<div style="font-family: Arial; font-size: 20px"><code id="typeans">{}</code></div>'
# Anki desktop's own rules for the play button (the note type's CSS may enlarge it).
REVIEWER_CSS = """
.replay-button { display: inline-block; text-decoration: none; }
.replay-button svg { width: 40px; height: 40px; }
.replay-button svg circle { fill: #fff; stroke: #414141; }
.replay-button svg path { fill: #414141; }
.nightMode .replay-button svg circle { fill: #414141; stroke: #fff; }
.nightMode .replay-button svg path { fill: #fff; }
"""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Page:
    name: str
    html: str


def page_html(body: str, css: str, card_ord: int, night: bool) -> str:
    classes = f"card card{card_ord + 1}" + (" nightMode night_mode" if night else "")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{REVIEWER_CSS}\n{css}</style></head>"
        f'<body class="{classes}"><div id="qa">{body}</div></body></html>'
    )


def reviewer_html(text: str, korean: str, side: str) -> str:
    """Replace render_output()'s [anki:play] and [[type:]] markers as Anki's reviewer does."""
    text = re.sub(r"\[anki:play:[qa]:\d+\]", PLAY_BUTTON, text)
    typed = TYPE_BOX if side == "front" else TYPE_RESULT.format(html.escape(korean))
    return text.replace("[[type:Korean]]", typed)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    return path


LONG = make_item(
    "불확실성",
    "noun",
    "uncertainty",
    "전문가들은 글로벌공급망재편과지정학적긴장이장기화되면서 불확실성이 커지고 있다며 "
    "https://www.example.com/very/long/path/without/any/break/points/at/all 를 참고하라고 했다.",
    "불확실성",
    "Experts said uncertainty was growing as supercalifragilisticexpialidociouslylongword "
    "supply-chain reshuffling dragged on.",
    "uncertainty",
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[Page, Page]]]:
    """(light, night) page pairs for both sides of every card of the deck."""
    from anki.collection import Collection

    tmp = tmp_path_factory.mktemp("render")
    summary = write_deck([*study_items(), LONG], SOURCE, tmp / "deck.apkg", ALL_CARDS)
    (tmp / "col").mkdir()
    col: Any = Collection(str(tmp / "col" / "collection.anki2"))
    try:
        import_package(col, summary.path)
        result: list[tuple[Page, Page]] = []
        for card_id in sorted(col.find_cards("")):
            card = col.get_card(card_id)
            output = card.render_output()
            korean = html.unescape(card.note()["Korean"])
            slug = f"{card.template()['name'].lower()}-{slugify(korean)}"
            for side, text in (("front", output.question_text), ("back", output.answer_text)):
                body = reviewer_html(text, korean, side)
                name = f"{slug}-{side}"
                light = Page(f"{name}-light", page_html(body, output.css, card.ord, False))
                night = Page(f"{name}-night", page_html(body, output.css, card.ord, True))
                result.append((light, night))
        yield result
    finally:
        col.close()


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


HARNESS_SCRIPT = """
window.addEventListener('load', function () {
  var out = [];
  document.querySelectorAll('iframe').forEach(function (f) {
    var root = f.contentDocument.documentElement;
    out.push({name: f.dataset.name, width: f.clientWidth, scroll: root.scrollWidth,
              body: f.contentDocument.body.scrollWidth});
  });
  document.getElementById('result').textContent = JSON.stringify(out);
});
"""


def test_no_horizontal_overflow_at_phone_widths(
    chromium: str, pages: list[tuple[Page, Page]], tmp_path: Path
) -> None:
    # A control page that does overflow proves the measurement works; the preview page a user
    # opens on a phone must not overflow either.
    control = Page("control", page_html('<div style="width:600px">wide</div>', "", 0, False))
    preview = Page("preview", render_preview([*study_items(), LONG], SOURCE, ALL_CARDS))
    frames = []
    for pair in [*pages, (control, preview)]:
        for page in pair:
            for width in (360, WIDTH):
                frames.append(
                    f'<iframe data-name="{page.name}@{width}" width="{width}" height="{HEIGHT}" '
                    f'style="border:0" srcdoc="{html.escape(page.html, quote=True)}"></iframe>'
                )
    harness = tmp_path / "harness.html"
    harness.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f'<pre id="result">pending</pre>{"".join(frames)}<script>{HARNESS_SCRIPT}</script>'
        "</body></html>",
        encoding="utf-8",
    )
    done = run_chromium(
        chromium,
        tmp_path / "profile",
        "--virtual-time-budget=10000",
        "--dump-dom",
        harness.as_uri(),
    )
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert match and match.group(1) != "pending", done.stderr[-2000:]
    results = json.loads(html.unescape(match.group(1)))
    assert len(results) == len(pages) * 4 + 4
    overflowing = [r["name"] for r in results if max(r["scroll"], r["body"]) > r["width"]]
    assert overflowing == ["control@360", f"control@{WIDTH}"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# Notes screenshotted: every template for the richest note, the Recognition back for a note
# without an English counterpart and for one with very long sentences.
SCREENSHOTS = ("-doiphada-", "recognition-ingongjineung-back", "recognition-bulhwaksilseong-back")


def test_screenshots_light_and_night(chromium: str, pages: list[tuple[Page, Page]]) -> None:
    """Screenshot the chosen cards at 390×844 in light and night mode, for review."""
    ARTIFACTS.mkdir(exist_ok=True)
    profile = ARTIFACTS / ".profile"
    shots = [page for pair in pages for page in pair if any(s in page.name for s in SCREENSHOTS)]
    assert len(shots) == 3 * 2 * 2 + 2 * 2
    try:
        for page in shots:
            source = ARTIFACTS / f"{page.name}.html"
            source.write_text(page.html, encoding="utf-8")
            target = ARTIFACTS / f"{page.name}.png"
            target.unlink(missing_ok=True)
            done = run_chromium(
                chromium,
                profile,
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={target}",
                source.as_uri(),
            )
            assert target.is_file(), done.stderr[-2000:]
            assert png_size(target) == (WIDTH, HEIGHT)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
