"""Bytes to clean text: binary sniffing, UTF-8 / Windows-Arabic (cp1256) detection, bidi controls.

Arabic text on the web and in archives comes as UTF-8 (most), UTF-16 with a BOM (Word exports)
or cp1256 (older Windows tools and sites). ``decode_bytes`` tries them in that order and checks
that the result actually reads as Arabic before accepting a legacy code page; anything else goes
to charset-normalizer when it is installed.
"""
from __future__ import annotations

import re

# Directional formatting characters that carry no letters: LRM, RLM, ALM, LRE…PDF, LRI…PDI, BOM.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f]")
LETTER = re.compile(r"[^\W\d_]")

# Magic numbers of common binary formats that sometimes end up in a news folder.
_MAGIC = (
    (b"%PDF", "PDF document"), (b"PK\x03\x04", "ZIP/Office document"), (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "old Office document"), (b"SQLite format 3", "SQLite database"),
    (b"BZh", "bzip2 archive"), (b"\xfd7zXZ", "xz archive"), (b"7z\xbc\xaf", "7z archive"),
    (b"PAR1", "Parquet file"),
)


def strip_bidi(text: str) -> str:
    """Remove directional controls (they are invisible and split words for every matcher)."""
    return BIDI_CONTROLS.sub("", text)


def binary_reason(head: bytes) -> str | None:
    """Why these first bytes are not text, or None."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what})"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with BOM: NULs expected
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and ctrl / len(head) > 0.05:
        return "binary file (control bytes)"
    return None


def arabic_share(text: str) -> float:
    """Arabic letters as a share of all letters (0 when there are no letters)."""
    sample = text[:20000]
    letters = len(LETTER.findall(sample))
    return len(ARABIC_LETTER.findall(sample)) / letters if letters else 0.0


_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _declared_charset(head: bytes) -> str | None:
    """The charset an HTML/XML document declares (<meta charset>, <?xml encoding?>), if any."""
    if b"<" not in head:
        return None
    m = _CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    return {"windows-1256": "cp1256", "x-cp1256": "cp1256", "iso-8859-6": "iso8859_6"}.get(name, name)


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, encoding) or (None, reason). The text has bidi controls removed."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return strip_bidi(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return strip_bidi(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            return None, "broken UTF-16 text"
    try:
        return strip_bidi(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:4096])
    if declared:
        try:
            return strip_bidi(data.decode(declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = data.decode("cp1256")
        if arabic_share(text) >= 0.5:
            return strip_bidi(text), "cp1256"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - store extras not installed
        return None, "not UTF-8 or Windows-Arabic (cp1256) text"
    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        return None, "undecodable text (no encoding fits)"
    try:
        return strip_bidi(data.decode(best.encoding)), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None, f"undecodable text (best guess {best.encoding} fails)"


def decode_line(raw: bytes) -> tuple[str | None, str]:
    """One JSONL line: UTF-8 (as JSON must be), else cp1256 when it reads as Arabic."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("cp1256", errors="replace")
        if arabic_share(text) >= 0.5 and "\ufffd" not in text:
            return text, "cp1256"
        return None, "line is not UTF-8 text"
