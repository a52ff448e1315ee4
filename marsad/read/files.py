"""Read articles from files, folders and stdin: .txt, JSONL (.jsonl/.ndjson, gzip too), HTML pages,
RSS/Atom feeds.

Each reader yields ``Article`` records or ``ReadError`` records; a bad file or line never stops the
batch, it is reported by the caller (with its name and the reason) and skipped:

* binary files (PDF, images, archives, NUL bytes), empty files, text that is not Arabic;
* a truncated or corrupt gzip (the lines before the damage are still read);
* a single-article file larger than ``MAX_FILE_BYTES`` (20 MB; no news article is that long);
* a JSONL line that is not JSON, not an object, has no text, or is not UTF-8/cp1256;
* an HTML page with no article text; an XML file that is not a feed.

Text is decoded as UTF-8 (BOM or not), UTF-16 with BOM, or Windows-Arabic cp1256 (see
``decode.py``), and directional controls (LRM/RLM/…) are removed.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marsad.read.decode import binary_reason, decode_bytes, decode_line, strip_bidi
from marsad.records import Article

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

MAX_FILE_BYTES = 20 * 1024 * 1024      # one article / page / feed file
MAX_ARTICLE_CHARS = 2_000_000          # one article's text (a JSONL line's "text")
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES


@dataclass
class ReadError:
    where: str   # "file.jsonl:12" or "file.txt"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def _check_published(value, where: str) -> tuple[str | None, str | None]:
    """Return (iso_date or None, warning or None)."""
    if value in (None, ""):
        return None, f"{where}: no publication date; relative dates stay unresolved"
    m = _ISO_DATE.match(str(value).strip())
    if not m:
        return None, f"{where}: publication date {value!r} is not YYYY-MM-DD; relative dates stay unresolved"
    try:
        date.fromisoformat(m.group(0))
    except ValueError:
        return None, f"{where}: publication date {value!r} is not a real date"
    return m.group(0), None


def validate_text(text: str | None) -> str | None:
    """Why this text cannot be coded, or None where it can."""
    if text is None or not str(text).strip():
        return "empty text"
    if len(str(text)) > MAX_ARTICLE_CHARS:
        return f"text too long ({len(str(text)):,} characters > {MAX_ARTICLE_CHARS:,})"
    if not _ARABIC.search(str(text)):
        return "no Arabic text"
    return None


def _opt(v) -> str | None:
    return None if v in (None, "") else str(v)


def _article_from_record(rec: dict, where: str, warnings: list[str]) -> Article | ReadError:
    if not isinstance(rec, dict):
        return ReadError(where, "line is JSON but not an object")
    tag = where + (f" (id {rec.get('id')})" if rec.get("id") else "")
    text = rec.get("text")
    if text is not None and not isinstance(text, str):
        return ReadError(tag, "text is not a string")
    why = validate_text(text)
    if why:
        return ReadError(tag, why)
    published, warn = _check_published(rec.get("published"), tag)
    if warn:
        warnings.append(warn)
    title = _opt(rec.get("title"))
    return Article(text=strip_bidi(str(text)), id=str(rec["id"]) if rec.get("id") is not None else where,
                   published=published, source=_opt(rec.get("source")), url=_opt(rec.get("url")),
                   title=strip_bidi(title) if title else None)


def read_jsonl_lines(lines: Iterable[str | bytes], name: str, warnings: list[str]) -> Iterator[Article | ReadError]:
    """JSONL records (str lines, or bytes lines decoded as UTF-8, else cp1256)."""
    for n, line in enumerate(lines, 1):
        where = f"{name}:{n}"
        if isinstance(line, bytes):
            if len(line) > MAX_FILE_BYTES:
                yield ReadError(where, f"line too long ({len(line) / 1e6:.1f} MB)")
                continue
            if not line.strip():
                continue
            text, how = decode_line(line)
            if text is None:
                yield ReadError(where, how)
                continue
            line = text
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _article_from_record(rec, where, warnings)


# ------------------------------------------------------------------------------------------------


def _kind(name: str, head_text: str) -> str:
    """'jsonl' | 'html' | 'feed' | 'txt' from the name, or the content when the name says nothing."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(FEED_SUFFIXES):
        return "feed"
    if low.endswith(TEXT_SUFFIXES):
        return "txt"
    h = head_text.lstrip()[:2000].lower()
    if h.startswith("{"):
        return "jsonl"
    if h.startswith("<"):
        from marsad.read.feeds import is_feed
        if is_feed(h):
            return "feed"
        if "<html" in h or "<!doctype html" in h or "<body" in h or "<p" in h:
            return "html"
    return "txt"


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _gzip_error(exc: Exception, n_lines: int | None = None) -> str:
    after = f" after {n_lines} line(s)" if n_lines is not None else ""
    if isinstance(exc, EOFError):
        return f"truncated gzip{after} (compressed file ended early)"
    return f"corrupt gzip{after} ({type(exc).__name__}: {exc})"


def _read_jsonl_file(path: Path, where: str, gz: bool, warnings: list[str]) -> Iterator[Article | ReadError]:
    opener = gzip.open if gz else open
    n = 0

    def lines(fh):
        nonlocal n
        for line in fh:
            n += 1
            yield line.removeprefix(b"\xef\xbb\xbf") if n == 1 else line

    try:
        with opener(path, "rb") as fh:
            head = fh.read(4096)
            if not head.strip():
                yield ReadError(where, "empty file")
                return
            why = binary_reason(head.removeprefix(b"\xef\xbb\xbf"))
            if why:
                yield ReadError(where, why)
                return
            fh.seek(0)
            yield from read_jsonl_lines(lines(fh), where, warnings)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield ReadError(where, _gzip_error(exc, n))
    except OSError as exc:
        yield ReadError(where, f"unreadable after {n} line(s) ({exc})")


def _first_byte(path: Path, gz: bool) -> bytes:
    try:
        with (gzip.open if gz else open)(path, "rb") as fh:
            return fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    except (OSError, EOFError, zlib.error):
        return b""


def _read_json_array(path: Path, where: str, gz: bool, warnings: list[str]) -> Iterator[Article | ReadError]:
    """A .json file holding one array of article objects."""
    data = _read_bytes(path, gz)
    if isinstance(data, str):
        yield ReadError(where, data)
        return
    text, how = decode_bytes(data)
    if text is None:
        yield ReadError(where, how)
        return
    try:
        recs = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(where, f"malformed JSON ({exc.msg} at line {exc.lineno})")
        return
    for n, rec in enumerate(recs, 1):
        yield _article_from_record(rec, f"{where}[{n}]", warnings)


def _read_bytes(path: Path, gz: bool) -> bytes | str:
    """The file's bytes (gunzipped), or a reason string."""
    if not gz and path.stat().st_size > MAX_FILE_BYTES:
        return f"file too large ({path.stat().st_size / 1e6:.1f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB for one document)"
    try:
        if gz:
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                return f"file too large (over {MAX_FILE_BYTES / 1e6:.0f} MB uncompressed for one document)"
            return data
        return path.read_bytes()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return _gzip_error(exc)
    except OSError as exc:
        return f"unreadable ({exc})"


def _document(data: bytes, where: str, stem: str, name: str, published: str | None,
              warnings: list[str]) -> Iterator[Article | ReadError]:
    """One document's bytes (txt, html or feed) → articles."""
    if not data.strip():
        yield ReadError(where, "empty file")
        return
    why = binary_reason(data[:8192])
    if why:
        yield ReadError(where, why)
        return
    text, enc = decode_bytes(data)
    if text is None:
        yield ReadError(where, enc)
        return
    kind = _kind(name, text)
    if kind == "jsonl":
        yield from read_jsonl_lines(text.splitlines(), where, warnings)
    elif kind == "html":
        from marsad.read.html import extract_html
        page = extract_html(text)
        body = strip_bidi(page.get("text") or "")
        if not body.strip() or not _ARABIC.search(body):
            yield ReadError(where, "HTML page with no article text" if not body.strip()
                            else "HTML page with no Arabic article text")
            return
        why = validate_text(body)
        if why:
            yield ReadError(where, why)
            return
        pub, warn = _check_published(page.get("date") or published, where)
        if warn:
            warnings.append(warn)
        yield Article(text=body, id=stem, published=pub, source=None, url=page.get("url"),
                      title=strip_bidi(page["title"]) if page.get("title") else None)
    elif kind == "feed":
        from marsad.read.feeds import feed_records
        items = feed_records(text)
        if isinstance(items, str):
            yield ReadError(where, items)
            return
        n = 0
        for n, it in enumerate(items, 1):
            iw = f"{where}#item{n}"
            why = validate_text(it["text"])
            if why:
                yield ReadError(iw + (f" ({it['title']})" if it.get("title") else ""), why)
                continue
            pub, warn = _check_published(it.get("published") or published, iw)
            if warn:
                warnings.append(warn)
            yield Article(text=it["text"], id=it.get("id") or it.get("url") or f"{stem}#{n}", published=pub,
                          source=it.get("source"), url=it.get("url"), title=it.get("title"))
        if n == 0:
            yield ReadError(where, "feed with no items")
    else:
        yield from _single_text(text, where, stem, published, warnings)


def read_path(path: str, published: str | None = None, warnings: list[str] | None = None) -> Iterator[Article | ReadError]:
    """Articles from one path: ``-`` (stdin), a file (.txt, .jsonl[.gz], .html, .rss/.atom/.xml,
    or sniffed from its content) or a folder (its known files, recursively, in name order)."""
    warnings = warnings if warnings is not None else []
    if path == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                yield ReadError("<stdin>", _gzip_error(exc))
                return
        if data.lstrip().startswith(b"{"):
            yield from read_jsonl_lines(io.BytesIO(data), "<stdin>", warnings)
        else:
            yield from _document(data, "<stdin>", "stdin", "", published, warnings)
        return
    p = Path(path)
    if not p.exists():
        yield ReadError(path, "no such file")
        return
    if p.is_dir():
        children = sorted(c for c in p.rglob("*") if c.is_file() and not c.name.startswith(".")
                          and c.name.lower().removesuffix(".gz").endswith(KNOWN_SUFFIXES))
        if not children:
            yield ReadError(path, "folder with no readable files (.txt, .jsonl, .html, .rss …)")
        for c in children:
            yield from read_path(str(c), published=published, warnings=warnings)
        return
    try:
        gz = _is_gzip(p)
    except OSError as exc:
        yield ReadError(path, f"unreadable ({exc})")
        return
    name = p.name
    base = name[:-3] if name.lower().endswith(".gz") else name
    if base.lower().endswith(".json") and _first_byte(p, gz) == b"[":
        yield from _read_json_array(p, path, gz, warnings)
        return
    if base.lower().endswith(JSONL_SUFFIXES):
        yield from _read_jsonl_file(p, path, gz, warnings)
        return
    data = _read_bytes(p, gz)
    if isinstance(data, str):
        yield ReadError(path, data)
        return
    stem = Path(base).stem
    if not base.lower().endswith(KNOWN_SUFFIXES) and data.lstrip()[:1] == b"{":
        yield from read_jsonl_lines(io.BytesIO(data), path, warnings)
        return
    yield from _document(data, path, stem, base, published, warnings)


def _single_text(data: str, where: str, art_id: str, published: str | None, warnings: list[str]):
    data = strip_bidi(data)
    why = validate_text(data)
    if why:
        yield ReadError(where, why)
        return
    pub, warn = _check_published(published, where)
    if warn:
        warnings.append(warn)
    yield Article(text=data, id=art_id, published=pub, source=None)


def read_paths(paths: Iterable[str], published: str | None = None, warnings: list[str] | None = None) -> Iterator[Article | ReadError]:
    for path in paths:
        yield from read_path(path, published=published, warnings=warnings)
