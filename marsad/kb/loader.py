"""Load the knowledge base once: every entity row of ``marsad/kb/data/*.tsv[.gz]`` and
``marsad/lexicons/*_curated.tsv`` (the shared entity-row format, ``marsad.kb.COLUMNS``).

    from marsad.kb import loader
    loader.rows()            # all rows (dicts; each has a "source" key: the file it came from)
    loader.lookup("طرابلس")  # rows whose form matches, by normalised key
    loader.places("طرابلس")  # the GPE/LOC rows among them

Rows are plain dicts of strings (as in the files) so every consumer reads the same thing; numbers are
converted where they are used (``marsad.resolve.places.to_location``). Loading is cached per process.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from marsad.kb import COLUMNS

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
LEXICONS = HERE.parent / "lexicons"

_PLACE_TYPES = ("GPE", "LOC")
_WORD = __import__("regex").compile(r"[\p{L}\p{N}]+")


def entity_files() -> list[Path]:
    """Every file in the shared entity-row format, curated files last."""
    files = sorted(p for p in DATA.glob("*.tsv")) + sorted(DATA.glob("*.tsv.gz"))
    files += sorted(LEXICONS.glob("*_curated.tsv"))
    return files


def _read(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    out: list[dict] = []
    src = path.name
    with opener(path, "rt", encoding="utf-8") as fh:
        header: list[str] | None = None
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            if len(cells) < len(header):
                cells += [""] * (len(header) - len(cells))
            r = dict(zip(header, cells))
            r["source"] = src
            out.append(r)
    if header is not None and tuple(header[:len(COLUMNS)]) != COLUMNS:
        raise ValueError(f"{path}: header is not the shared entity-row format {COLUMNS}")
    return out


@lru_cache(maxsize=1)
def rows() -> tuple[dict, ...]:
    out: list[dict] = []
    for p in entity_files():
        out.extend(_read(p))
    return tuple(out)


def key(form: str) -> str:
    """The lookup key of a surface form: normalised letters and spaces."""
    from marsad.kb.corpus import norm
    return " ".join(_WORD.findall(norm(form)))


def _keys(form: str) -> list[str]:
    """Keys a form answers to: as written; and with the article too when written without it
    (قاهرة matches القاهرة; الأقصى does not match أقصى — the matcher's rule, marsad/find)."""
    k = key(form)
    if not k:
        return []
    return [k] if k.startswith("ال") else [k, "ال" + k]


@lru_cache(maxsize=1)
def index() -> dict[str, list[dict]]:
    idx: dict[str, list[dict]] = {}
    for r in rows():
        for f in r["forms"].split("|"):
            for k in _keys(f):
                lst = idx.setdefault(k, [])
                if not any(x is r for x in lst):
                    lst.append(r)
    return idx


def lookup(form: str) -> list[dict]:
    """All rows with this surface form (any type)."""
    return list(index().get(key(form), ()))


def places(form: str) -> list[dict]:
    """The place rows (GPE/LOC) with this surface form."""
    return [r for r in lookup(form) if r.get("type") in _PLACE_TYPES]


def actors(form: str) -> list[dict]:
    """The actor rows (PER/ORG) with this surface form."""
    return [r for r in lookup(form) if r.get("type") in ("PER", "ORG")]
