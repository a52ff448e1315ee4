"""Read articles from .txt files, JSONL (optionally gzip-compressed) and stdin.

Each reader yields ``Article`` records or ``ReadError`` records; a bad file or line never stops the
batch, it is reported by the caller and skipped.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marsad.records import Article

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


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
    m = _ISO_DATE.match(str(value))
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
    if not _ARABIC.search(str(text)):
        return "no Arabic text"
    return None


def _article_from_record(rec: dict, where: str, warnings: list[str]) -> Article | ReadError:
    if not isinstance(rec, dict):
        return ReadError(where, "line is JSON but not an object")
    text = rec.get("text")
    why = validate_text(text)
    if why:
        return ReadError(where + (f" (id {rec.get('id')})" if rec.get("id") else ""), why)
    published, warn = _check_published(rec.get("published"), where + (f" (id {rec.get('id')})" if rec.get("id") else ""))
    if warn:
        warnings.append(warn)
    return Article(text=str(text), id=str(rec["id"]) if rec.get("id") is not None else where,
                   published=published, source=rec.get("source"), url=rec.get("url"), title=rec.get("title"))


def read_jsonl_lines(lines: Iterable[str], name: str, warnings: list[str]) -> Iterator[Article | ReadError]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _article_from_record(rec, where, warnings)


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="strict")
    return open(path, encoding="utf-8", errors="strict")


def read_path(path: str, published: str | None = None, warnings: list[str] | None = None) -> Iterator[Article | ReadError]:
    """Articles from one path: ``-`` (stdin), ``.txt`` (one article) or ``.jsonl``/``.jsonl.gz``."""
    warnings = warnings if warnings is not None else []
    if path == "-":
        data = sys.stdin.read()
        if data.lstrip().startswith("{"):
            yield from read_jsonl_lines(data.splitlines(), "<stdin>", warnings)
        else:
            yield from _single_text(data, "<stdin>", "stdin", published, warnings)
        return
    p = Path(path)
    if not p.exists():
        yield ReadError(path, "no such file")
        return
    if p.is_dir():
        yield ReadError(path, "is a directory")
        return
    name = p.name
    is_jsonl = name.endswith((".jsonl", ".jsonl.gz", ".json.gz", ".ndjson"))
    try:
        if is_jsonl:
            with _open_text(p) as fh:
                try:
                    yield from read_jsonl_lines(fh, path, warnings)
                except (UnicodeDecodeError, EOFError, OSError, gzip.BadGzipFile) as exc:
                    yield ReadError(path, f"unreadable after some lines ({type(exc).__name__}: {exc})")
            return
        with _open_text(p) as fh:
            data = fh.read()
    except UnicodeDecodeError:
        yield ReadError(path, "not UTF-8 text")
        return
    except (OSError, EOFError) as exc:
        yield ReadError(path, f"unreadable ({exc})")
        return
    yield from _single_text(data, path, p.stem, published, warnings)


def _single_text(data: str, where: str, art_id: str, published: str | None, warnings: list[str]):
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
