"""Turn the bytes of a file, stdin or web page into text, or explain why they are not text.

UTF-8 is tried first. Korean pages are still often CP949/EUC-KR, so that comes next, then
charset-normalizer's best guess. Damaged UTF-8 (a file cut in the middle of a character) is
reported as such rather than guessed into some other encoding.
"""

from __future__ import annotations

import codecs

from flashcards.errors import InputError

# A saved article is a few hundred kilobytes at most; anything much larger is the wrong file.
MAX_BYTES = 5 * 1024 * 1024

_SNIFF = 8192
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document: copy the article's text into a .txt file"),
    (
        b"PK\x03\x04",
        "a ZIP archive (a Word or other office file?): save the article as .txt or .html",
    ),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x1f\x8b", "gzip-compressed data: decompress it first"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KOREAN_ENCODINGS = ("cp949", "euc_kr")
_WEAK_DECLARATIONS = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}
)


def check_size(size: int, name: str, limit: int = MAX_BYTES) -> None:
    """Raise ``InputError`` when ``size`` bytes exceed ``limit``."""
    if size > limit:
        raise InputError(
            f"{name} is too large ({_megabytes(size)}; the limit is {_megabytes(limit)}): "
            "give a single article as text or HTML"
        )


def decode(data: bytes, name: str, *, declared: str = "") -> str:
    """Decode ``data`` to text; ``declared`` is a charset named by HTTP or HTML, tried first.

    Raises ``InputError`` for empty, binary, damaged or undecodable data.
    """
    check_size(len(data), name)
    if not data.strip():
        raise InputError(f"{name} is empty: give a file with the Korean article (and its English)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name} is not valid {encoding.upper()}: {error.reason}"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is {what}")
    if b"\x00" in data[:_SNIFF]:
        raise InputError(
            f"{name} holds binary data, not text: give the article as a text or HTML file"
        )
    # A declared Latin-1 is often a server default, not the page's real encoding: it decodes any
    # bytes, so it is only believed after UTF-8 and CP949 have failed.
    weak = declared.lower().replace("_", "-") in _WEAK_DECLARATIONS
    if declared and not weak:
        text = _try(data, declared)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _damaged_utf8(data, error):
            raise InputError(_utf8_message(name, data, error)) from None
    for encoding in _KOREAN_ENCODINGS:
        text = _try(data, encoding)
        if text is not None and _plausible(text):
            return text
    if weak:
        text = _try(data, declared)
        if text is not None:
            return text
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    raise InputError(
        f"{name}: cannot tell its text encoding (not UTF-8, CP949 or EUC-KR): save it as UTF-8"
    )


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _damaged_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """Say whether ``data`` is UTF-8 with a defect, rather than another encoding."""
    if error.reason == "unexpected end of data" and error.end >= len(data) - 3:
        return True  # cut off in the middle of the last character
    # Valid multibyte UTF-8 before the first error: real UTF-8 text, damaged later on.
    head = data[: error.start].decode("utf-8")
    return sum(1 for ch in head if ord(ch) > 0x7F) >= 3


def _utf8_message(name: str, data: bytes, error: UnicodeDecodeError) -> str:
    if error.reason == "unexpected end of data":
        return (
            f"{name} is not valid UTF-8: it ends in the middle of a character (byte {error.start} "
            f"of {len(data)}); the file looks truncated, save or download it again"
        )
    line = data[: error.start].count(b"\n") + 1
    return (
        f"{name} is not valid UTF-8: bad byte 0x{data[error.start]:02x} on line {line} "
        f"(byte {error.start}); re-save the file as UTF-8"
    )


def _plausible(text: str) -> bool:
    """Most non-ASCII characters of real Korean text are Hangul syllables."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    hangul = sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3")
    return hangul >= 0.8 * len(wide)


def _guess(data: bytes) -> str | None:
    # Imported here: the detector is only needed for the rare file that is neither UTF-8 nor Korean.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # A "decoding" full of control characters means the guess is noise from binary data.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if controls > len(text) // 100 else text


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
