"""Filters shared by ``marsad export`` and the HTTP API: one definition, one SQL translation.

    >>> f = Filters.from_params({"type": "ASSAULT,PROTEST", "country": "YEM", "since": "2015-07-25"})
    >>> rows = list(select(conn, f, level="dataset", limit=100))

Two levels can be queried:

* ``dataset``: merged happenings (table ``dataset_events``, alias ``d``); written by ``marsad merge``.
* ``article``: what each article reports (table ``events`` alias ``e`` joined to ``articles`` alias ``a``).

Every filter is optional; several values in one filter are OR-ed, different filters are AND-ed.

==========  ==========================================================================
type        PLOVER types (``ASSAULT``; list or comma-separated)
country     ISO3 code of the place (``YEM``); list or comma-separated
since       events on/after this date (YYYY-MM-DD, inclusive)
until       events on/before this date (YYYY-MM-DD, inclusive)
actor       actor or recipient: a code (``ISIS``, ``SAU``) or part of an English/Arabic name
bbox        ``min_lon,min_lat,max_lon,max_lat`` (GeoJSON order); only events with coordinates
text        substring of the evidence, the place name, or the article title/text
source      outlet name(s) of the articles (``alriyadh``)
mode        PLOVER mode(s)
min_dead    events with at least this many dead
==========  ==========================================================================

An event with no date of its own takes its article's publication date (the analysts'
convention, ANNOTATION.md); dataset events store that date already.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from marsad.records import PLOVER_TYPES

LEVELS = ("dataset", "article")
_CODE = re.compile(r"^[A-Za-z]{2,6}$")


class FilterError(ValueError):
    """A filter value that cannot be used (message is fit to show to the user)."""


def _list(v: Any) -> list[str]:
    if v is None or v == "":
        return []
    if isinstance(v, str):
        v = [v]
    out: list[str] = []
    for item in v:
        out.extend(s.strip() for s in str(item).split(",") if s.strip())
    return out


def _date(v: Any, name: str) -> str | None:
    if v in (None, ""):
        return None
    s = str(v).strip()
    try:
        if re.fullmatch(r"\d{4}", s):
            s = f"{s}-01-01" if name == "since" else f"{s}-12-31"
        elif re.fullmatch(r"\d{4}-\d{2}", s):
            y, m = map(int, s.split("-"))
            if name == "since":
                s = f"{s}-01"
            else:
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                s = date.fromordinal(nxt.toordinal() - 1).isoformat()
        return date.fromisoformat(s).isoformat()
    except ValueError:
        raise FilterError(f"{name}: {v!r} is not a date (YYYY-MM-DD)") from None


def _bbox(v: Any) -> tuple[float, float, float, float] | None:
    if v in (None, ""):
        return None
    parts = _list(v) if not isinstance(v, (tuple, list)) or isinstance(v, str) else [str(x) for x in v]
    try:
        w, s, e, n = (float(p) for p in parts)
    except (ValueError, TypeError):
        raise FilterError(f"bbox: {v!r} is not min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise FilterError(f"bbox: {v!r} is out of range (lon -180..180, lat -90..90, min_lat <= max_lat)")
    return (w, s, e, n)


@dataclass
class Filters:
    type: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    actor: list[str] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    source: list[str] = field(default_factory=list)
    mode: list[str] = field(default_factory=list)
    min_dead: int | None = None

    def __post_init__(self) -> None:
        self.type = [t.upper() for t in _list(self.type)]
        bad = [t for t in self.type if t not in PLOVER_TYPES]
        if bad:
            raise FilterError(f"type: unknown PLOVER type(s) {', '.join(bad)}; one of {', '.join(PLOVER_TYPES)}")
        self.country = [c.upper() for c in _list(self.country)]
        self.since = _date(self.since, "since")
        self.until = _date(self.until, "until")
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"since {self.since} is after until {self.until}")
        self.actor = _list(self.actor)
        self.bbox = _bbox(self.bbox)
        self.text = (str(self.text).strip() or None) if self.text is not None else None
        self.source = _list(self.source)
        self.mode = _list(self.mode)
        if self.min_dead not in (None, ""):
            try:
                self.min_dead = int(self.min_dead)
            except (TypeError, ValueError):
                raise FilterError(f"min_dead: {self.min_dead!r} is not a whole number") from None
        else:
            self.min_dead = None

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        """From query parameters or CLI options; unknown keys are ignored, empty values mean 'any'."""
        return cls(**{k: params[k] for k in cls.names() if k in params and params[k] not in (None, "", [])})

    def is_empty(self) -> bool:
        return not any(getattr(self, n) not in (None, [], "") for n in self.names())

    def to_params(self) -> dict[str, str]:
        out = {}
        for n in self.names():
            v = getattr(self, n)
            if v in (None, [], ""):
                continue
            out[n] = ",".join(str(x) for x in v) if isinstance(v, (list, tuple)) else str(v)
        return out

    # ---------------------------------------------------------------------------------------
    def where(self, level: str = "dataset") -> tuple[str, list[Any]]:
        """SQL ``WHERE …`` clause (or '') and its parameters, for ``from_clause(level)``."""
        if level not in LEVELS:
            raise FilterError(f"level: {level!r} is not one of {', '.join(LEVELS)}")
        ds = level == "dataset"
        t = "d" if ds else "e"
        day = "d.date" if ds else "COALESCE(e.date, a.published)"
        conds: list[str] = []
        params: list[Any] = []

        def any_of(col: str, values: list[str]) -> None:
            conds.append(f"{col} IN ({','.join('?' * len(values))})")
            params.extend(values)

        if self.type:
            any_of(f"{t}.type", self.type)
        if self.mode:
            any_of(f"{t}.mode", self.mode)
        if self.country:
            any_of(f"{t}.country", self.country)
        if self.since:
            conds.append(f"{day} >= ?")
            params.append(self.since)
        if self.until:
            conds.append(f"{day} <= ?")
            params.append(self.until)
        if self.min_dead is not None:
            conds.append(f"{t}.dead >= ?")
            params.append(self.min_dead)
        if self.bbox:
            w, s, e, n = self.bbox
            lon = f"{t}.lon BETWEEN ? AND ?" if w <= e else f"({t}.lon >= ? OR {t}.lon <= ?)"  # antimeridian
            conds.append(f"{t}.lat IS NOT NULL AND {t}.lat BETWEEN ? AND ? AND {lon}")
            params.extend([s, n, w, e])
        if self.actor:
            # Codes: an event's actor_codes/recipient_codes are exactly the codes of its event_actors
            # rows (the dataset's are their union over sources), so one pass over event_actors finds
            # every match; it runs once per query (an IN list), not once per event.
            # Names of 3+ characters are looked up in the trigram index event_actors_fts (schema 3),
            # whose rowid / 1024 is the event id; shorter ones are matched row by row.
            codes = sorted({a.upper() for a in self.actor if _CODE.match(a)})
            ors = [f"x.code IN ({','.join('?' * len(codes))})"] if codes else []
            p_act: list[Any] = list(codes)
            parts: list[str] = []
            for a in self.actor:
                if len(a) >= 3:
                    parts.append("SELECT rowid / 1024 FROM event_actors_fts WHERE event_actors_fts MATCH ?")
                else:
                    ors.append("x.name_en LIKE ? OR x.text LIKE ?")
                    p_act.extend([f"%{a}%"] * 2)
            if ors:
                parts.insert(0, f"SELECT x.event_id FROM event_actors x WHERE {' OR '.join(ors)}")
            p_act += ['"' + a.replace('"', '""') + '"' for a in self.actor if len(a) >= 3]
            hits = " UNION ALL ".join(parts)
            if ds:
                conds.append(f"d.id IN (SELECT s.dataset_event_id FROM dataset_event_sources s WHERE s.event_id IN ({hits}))")
            else:
                conds.append(f"e.id IN ({hits})")
            params.extend(p_act)
        if self.source:
            ph = ",".join("?" * len(self.source))
            if ds:
                conds.append("EXISTS (SELECT 1 FROM dataset_event_sources s JOIN articles a2 ON a2.id=s.article_id"
                             f" WHERE s.dataset_event_id=d.id AND a2.source IN ({ph}))")
            else:
                conds.append(f"a.source IN ({ph})")
            params.extend(self.source)
        if self.text:
            like = f"%{self.text}%"
            if len(self.text) >= 3:
                # Evidence and Arabic place text are characters of the article, so the trigram index
                # over article titles and texts (articles_fts, schema 2) finds them all; the English
                # place name is checked directly.
                phrase = '"' + self.text.replace('"', '""') + '"'
                fts = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                if ds:
                    conds.append(f"(d.loc_name_en LIKE ? OR d.id IN (SELECT s.dataset_event_id FROM"
                                 f" dataset_event_sources s WHERE s.article_id IN ({fts})))")
                else:
                    conds.append(f"(e.loc_name_en LIKE ? OR e.article_id IN ({fts}))")
                params.extend([like, phrase])
            elif ds:
                conds.append("(d.evidence LIKE ? OR d.loc_name_en LIKE ? OR d.loc_text LIKE ? OR EXISTS ("
                             "SELECT 1 FROM dataset_event_sources s JOIN articles a2 ON a2.id=s.article_id"
                             " WHERE s.dataset_event_id=d.id AND (a2.title LIKE ? OR a2.text LIKE ?)))")
                params.extend([like] * 5)
            else:
                conds.append("(e.evidence LIKE ? OR e.loc_name_en LIKE ? OR e.loc_text LIKE ?"
                             " OR a.title LIKE ? OR a.text LIKE ?)")
                params.extend([like] * 5)
        return ("WHERE " + " AND ".join(conds)) if conds else "", params


def from_clause(level: str = "dataset") -> str:
    if level == "dataset":
        return "FROM dataset_events d"
    if level == "article":
        return "FROM events e JOIN articles a ON a.id = e.article_id"
    raise FilterError(f"level: {level!r} is not one of {', '.join(LEVELS)}")


def order_clause(level: str = "dataset") -> str:
    return ("ORDER BY d.date, d.key" if level == "dataset"
            else "ORDER BY COALESCE(e.date, a.published), a.id, e.idx")


def select(conn: sqlite3.Connection, filters: Filters | None = None, level: str = "dataset",
           limit: int | None = None, offset: int = 0, columns: str | None = None) -> Iterator[sqlite3.Row]:
    """Rows matching ``filters`` in a stable order (date, then id). Default columns: the event
    table's (``d.*``), or for ``article`` level ``e.*`` plus the article's hash, ext_id, source, url,
    title and published."""
    filters = filters or Filters()
    where, params = filters.where(level)
    if columns is None:
        columns = ("d.*" if level == "dataset" else
                   "e.*, a.hash AS article_hash, a.ext_id AS article_ext_id, a.source AS article_source,"
                   " a.url AS article_url, a.title AS article_title, a.published AS article_published")
    sql = f"SELECT {columns} {from_clause(level)} {where} {order_clause(level)}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(limit), int(offset)]
    yield from conn.execute(sql, params)


def count(conn: sqlite3.Connection, filters: Filters | None = None, level: str = "dataset") -> int:
    where, params = (filters or Filters()).where(level)
    return conn.execute(f"SELECT count(*) {from_clause(level)} {where}", params).fetchone()[0]
