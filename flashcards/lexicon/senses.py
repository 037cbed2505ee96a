"""Clean English senses from dictionaries into short learner glosses and matchable forms."""

from __future__ import annotations

import re

# CC-CEDICT senses that are cross-references or grammar notes, not translations.
_DROP_PREFIXES = (
    "cl:",
    "variant of",
    "old variant of",
    "archaic variant of",
    "japanese variant of",
    "erhua variant",
    "surname ",
    "see also",
    "see ",
    "abbr. for",
    "abbr. of",
    "also written",
    "also pr.",
    "also called",
    "used in",
    "classifier for",
    "(classifier",
    "taiwan pr.",
    "pr. ",
    "sb's ",
    "radical ",
    "kangxi radical",
    "one of the ",
    "name of ",
    "used as ",
    "translit",
    "phonetic ",
    "(phonetic",
    "component in",
    "interjection",
    "(onom.)",
    "particle",
)
_DROP = re.compile("|".join(re.escape(p) for p in _DROP_PREFIXES), re.IGNORECASE)
_VARIANT = re.compile(r"^(?:old |archaic |japanese |)variant of ([^|\[\s/]+)", re.IGNORECASE)
_LEADING_NOTE = re.compile(r"^\((?:[^()]*)\)\s*")
_TRAILING_NOTE = re.compile(r"\s*\((?:[^()]*)\)$")
_PINYIN_REF = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\[[a-z]+\d")
_SPACES = re.compile(r"\s+")
_MAX_WORDS = 6
_MAX_CHARS = 40


def variant_target(sense: str) -> str:
    """Return X when a CC-CEDICT sense reads "variant of X", else ""."""
    match = _VARIANT.match(sense.strip())
    return match.group(1) if match else ""


def clean_cedict_senses(definitions: list[str], limit: int = 6) -> list[str]:
    """Turn CC-CEDICT senses into at most ``limit`` short glosses, in dictionary order.

    Drops cross-references, classifiers and surnames, strips "(bound form)"-style notes and
    splits ";"-separated synonyms; senses longer than six words are explanations, not glosses.
    """
    out: list[str] = []
    for definition in definitions:
        for part in definition.split(";"):
            gloss = clean_sense(part)
            if gloss and gloss not in out:
                out.append(gloss)
                if len(out) >= limit:
                    return out
    return out


def clean_sense(sense: str) -> str:
    """Return one sense cleaned to a short gloss, or "" when it is not a translation."""
    text = sense.strip()
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if not text or _DROP.match(text) or _PINYIN_REF.search(text):
        return ""
    if "(" in text:
        # "(literary) to rise" → "to rise"; "(Tw)" and other trailing notes go too.
        while _LEADING_NOTE.match(text):
            text = _LEADING_NOTE.sub("", text, count=1)
        text = _TRAILING_NOTE.sub("", text)
    text = text.strip(" ,.")
    if text.lower().startswith(("lit. ", "fig. ")):
        text = text[5:].strip()
    if not text or ("(" in text and ")" not in text):
        return ""
    if len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS:
        return ""
    return text


_ARTICLE = re.compile(r"^(?:to be |to |a |an |the )", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NON_WORD = re.compile(r"[^\w' -]+")


def match_form(gloss: str) -> str:
    """Return the bare English a gloss contributes to matching ("to rise" → "rise").

    Lower-cased, without parenthesised notes, leading "to"/articles or punctuation.
    """
    text = _PARENS.sub(" ", gloss.lower())
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _ARTICLE.sub("", text).strip()
    return text


def split_gloss_list(text: str) -> list[str]:
    """Split a free-text dictionary gloss ("a tool, a utensil; device") into its senses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0 and ch in ";,/":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    out: list[str] = []
    for part in parts:
        cleaned = _SPACES.sub(" ", part).strip(" .")
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out
