"""Merge across articles: reports of the same happening become one dataset event.

Two article-level events are the same happening when all of these hold:

* same PLOVER ``type``;
* overlapping actors: the codes of actor ∪ recipient, compared with the happening's first report:
  at the same place one shared code is enough, elsewhere two shared codes are needed (a single
  country code with no place — "Saudi officials said" — identifies no happening); where one side
  has no codes at all, the places must match instead;
* compatible dates, precision-aware: each report's date is an interval (a day ± ``DAY_TOLERANCE``
  days; a week ± 7 days; a month or year its whole span; an unknown date — the article's
  publication date, by the annotation convention — the ``UNKNOWN_BEFORE`` days up to publication).
  Intervals must overlap, and a month/year-vague report only joins reports as vague as itself;
* compatible places: unknown on either side, or the same country and, where both name a place
  finer than a country, the same place (geonameid, English name) or within ``NEAR_KM``.

Negated and future reports ("denied attacking", "will meet") describe no happening and stay out
of the dataset (they remain in ``events``).

Clustering is deterministic: reports are taken in a fixed order (type, start of the date
interval, date, publication date, article hash, position) and each joins the oldest open cluster
it is compatible with — compatible with *every* member on date and place, and sharing actor
codes with its first report (or, without codes, the place) — or opens a new one. A dataset event's key is derived from its earliest report, so re-running ``merge`` on
the same store gives the same dataset, and adding articles keeps the keys of existing events.

Fatalities: every figure stays in ``fatality_reports`` with its article and speaker. Per speaker
(source of the claim), the latest report revises the earlier ones (as ACLED revises in place);
across speakers the dataset's ``dead`` is the most conservative (lowest) figure among the
well-sourced ones — figures given by two or more articles, else figures with a named speaker —
falling back to the lowest figure when none is well-sourced. When a re-merge changes a dataset event's figure,
date or sources, its previous values go to ``dataset_event_revisions``.
"""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from marsad.store.db import now_utc

DAY_TOLERANCE = 1
WEEK_TOLERANCE = 7
UNKNOWN_BEFORE = 3
NEAR_KM = 40.0
_PREC_RANK = {"point": 4, "city": 3, "region": 2, "country": 1, None: 0}
_VAGUE = ("month", "year")


@dataclass(eq=False)
class Report:
    """One article-level event as merge sees it."""
    id: int
    article_id: int
    idx: int
    hash: str
    published: str | None
    type: str
    mode: str | None
    context: str | None
    date: str | None
    precision: str
    codes: frozenset
    loc_name: str | None
    loc_text: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    loc_precision: str | None
    injured: int | None
    confidence: float | None
    evidence: str | None
    actors: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    lo: date | None = None
    hi: date | None = None

    @property
    def day(self) -> str | None:
        return self.date or self.published

    @property
    def fine_place(self) -> bool:
        return bool(self.loc_name or self.geonameid or self.lat is not None) and \
            (self.loc_precision not in ("country",))


def _d(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def interval(r: Report) -> tuple[date | None, date | None]:
    p = r.precision or "unknown"
    d = _d(r.date)
    if d is None or p == "unknown":
        pub = _d(r.published) or d
        if pub is None:
            return None, None
        return pub - timedelta(days=UNKNOWN_BEFORE), pub
    if p == "day":
        return d - timedelta(days=DAY_TOLERANCE), d + timedelta(days=DAY_TOLERANCE)
    if p == "week":
        return d - timedelta(days=WEEK_TOLERANCE), d + timedelta(days=WEEK_TOLERANCE)
    if p == "month":
        start = d.replace(day=1)
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    if p == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return d, d


def _km(a: Report, b: Report) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def dates_ok(a: Report, b: Report) -> bool:
    if (a.precision in _VAGUE) != (b.precision in _VAGUE):
        return False
    if a.precision in _VAGUE and (a.precision != b.precision or a.lo != b.lo):
        return False
    if a.lo is None or b.lo is None:
        return a.lo is None and b.lo is None
    return a.lo <= b.hi and b.lo <= a.hi


def same_place(a: Report, b: Report) -> bool:
    """Both name a place finer than a country and it is the same one."""
    if not (a.fine_place and b.fine_place):
        return False
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        return _km(a, b) <= NEAR_KM
    return bool(a.loc_name and b.loc_name and a.loc_name.lower() == b.loc_name.lower())


def places_ok(a: Report, b: Report) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    if a.fine_place and b.fine_place:
        return same_place(a, b)
    return True


def load_reports(conn: sqlite3.Connection) -> list[Report]:
    actors: dict[int, list] = defaultdict(list)
    recips: dict[int, list] = defaultdict(list)
    for r in conn.execute("SELECT x.event_id, x.role, x.text, x.type, x.name_en, x.code, x.sector FROM event_actors x"
                          " JOIN events e ON e.id=x.event_id WHERE e.negated=0 AND e.future=0"
                          " ORDER BY x.event_id, x.role, x.pos"):
        (actors if r["role"] == "actor" else recips)[r["event_id"]].append(
            {"code": r["code"], "name_en": r["name_en"], "text": r["text"], "type": r["type"], "sector": r["sector"]})
    out = []
    for r in conn.execute(
            "SELECT e.id, e.article_id, e.idx, e.type, e.mode, e.context, e.date, e.date_precision, e.actor_codes,"
            " e.recipient_codes, e.loc_name_en, e.loc_text, e.country, e.lat, e.lon, e.geonameid, e.loc_precision,"
            " e.injured, e.confidence, e.evidence, a.hash, a.published FROM events e JOIN articles a ON a.id=e.article_id"
            " WHERE e.negated=0 AND e.future=0 AND a.status='done'"):
        codes = frozenset(c for c in (r["actor_codes"] + r["recipient_codes"]).split() if c)
        rep = Report(id=r["id"], article_id=r["article_id"], idx=r["idx"], hash=r["hash"], published=r["published"],
                     type=r["type"], mode=r["mode"], context=r["context"], date=r["date"],
                     precision=r["date_precision"] or "unknown", codes=codes, loc_name=r["loc_name_en"],
                     loc_text=r["loc_text"], country=r["country"], lat=r["lat"], lon=r["lon"],
                     geonameid=r["geonameid"], loc_precision=r["loc_precision"], injured=r["injured"],
                     confidence=r["confidence"], evidence=r["evidence"],
                     actors=actors.get(r["id"], []), recipients=recips.get(r["id"], []))
        rep.lo, rep.hi = interval(rep)
        out.append(rep)
    out.sort(key=lambda r: (r.type, r.lo or date.max, r.day or "9999", r.published or "9999", r.hash, r.idx))
    return out


class Cluster:
    """A happening being built: keeps what membership needs in O(1) or O(distinct places).

    Pairwise date compatibility of intervals holds for all members at once iff
    max(lo) <= min(hi) (intervals on a line), so a cluster keeps just those two bounds."""

    def __init__(self, seq: int, first: Report):
        self.seq = seq
        self.members = [first]
        self.codes = set(first.codes)
        self.core = first.codes
        self.hi = first.hi
        self.vague = (first.precision, first.lo) if first.precision in _VAGUE else None
        self.dated = first.lo is not None
        self.max_lo, self.min_hi = first.lo, first.hi
        self.country = first.country
        self.places: dict[tuple, Report] = {}
        self._add_place(first)

    @staticmethod
    def _place_key(r: Report) -> tuple:
        return (r.geonameid, r.lat, r.lon, (r.loc_name or "").lower())

    def _add_place(self, r: Report) -> None:
        if r.fine_place:
            self.places.setdefault(self._place_key(r), r)

    def accepts(self, r: Report) -> bool:
        if r.codes and self.core:
            # actors: compared with the founding report's codes (not the growing union, which would
            # let a cluster drift from one pair of actors to the next). At the same place one shared
            # code is enough; elsewhere two, or the very same single code on both sides.
            if r.fine_place and any(same_place(p, r) for p in self.places.values()):
                ok = bool(r.codes & self.core)
            else:  # a single code with no shared place ("Saudi officials said") identifies nothing
                ok = len(r.codes & self.core) >= 2
            if not ok:
                return False
            need_place = False
        else:
            need_place = True
        # dates (see dates_ok): vague reports only with equally vague ones; intervals all overlap
        if (r.precision in _VAGUE) != (self.vague is not None):
            return False
        if self.vague is not None and self.vague != (r.precision, r.lo):
            return False
        if (r.lo is not None) != self.dated:
            return False
        if self.dated and not (r.lo <= self.min_hi and self.max_lo <= r.hi):
            return False
        # places (see places_ok): one country; fine places all the same place
        if r.country and self.country and r.country != self.country:
            return False
        if r.fine_place and not all(same_place(p, r) for p in self.places.values()):
            return False
        if need_place and not any(same_place(p, r) for p in self.places.values()):
            return False
        return True

    def add(self, r: Report) -> None:
        self.members.append(r)
        self.codes |= r.codes
        if r.hi and (self.hi is None or r.hi > self.hi):
            self.hi = r.hi
        if self.dated:
            self.max_lo = max(self.max_lo, r.lo)
            self.min_hi = min(self.min_hi, r.hi)
        self.country = self.country or r.country
        self._add_place(r)



_CELL = 0.5  # degrees (~55 km ≥ NEAR_KM): places within NEAR_KM fall in the same or a neighbouring cell


def _place_keys(r: Report, neighbours: bool) -> list[tuple]:
    if not r.fine_place:
        return []
    keys: list[tuple] = []
    if r.lat is not None and r.lon is not None:
        i, j = math.floor(r.lat / _CELL), math.floor(r.lon / _CELL)
        if neighbours:
            keys += [("cell", i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
        else:
            keys.append(("cell", i, j))
    if r.geonameid:
        keys.append(("gid", r.geonameid))
    if r.loc_name:
        keys.append(("name", r.loc_name.lower()))
    return keys


def cluster(reports: list[Report]) -> list[list[Report]]:
    """Group reports (in merge order: by type, then start of their date interval) into happenings.

    Candidates for a report are the open clusters of its type that share an actor code or a place
    with it (indexes by code and by place cell/name); among those it joins the oldest that
    accepts it. A cluster whose date bound ``min_hi`` lies before the current report's start can
    accept no later report (reports come sorted by start) and is dropped from the indexes."""
    clusters: list[Cluster] = []
    by_code: dict[tuple, dict[int, Cluster]] = defaultdict(dict)
    by_place: dict[tuple, dict[int, Cluster]] = defaultdict(dict)
    current_type = None
    for n, r in enumerate(reports):
        if r.type != current_type:
            by_code.clear()
            by_place.clear()
            current_type = r.type
        cand: dict[int, Cluster] = {}
        for code in r.codes:
            cand.update(by_code.get(code, {}))
        for key in _place_keys(r, neighbours=True):
            cand.update(by_place.get(key, {}))
        target = None
        for seq in sorted(cand):
            c = cand[seq]
            if c.accepts(r):
                target = c
                break
        if target is None:
            target = Cluster(len(clusters), r)
            clusters.append(target)
        else:
            target.add(r)
        for code in r.codes:
            by_code[code][target.seq] = target
        for key in _place_keys(r, neighbours=False):
            by_place[key][target.seq] = target
        if n % 500 == 499 and r.lo is not None:  # drop clusters no later report can join
            for index in (by_code, by_place):
                for k in list(index):
                    live = {s: c for s, c in index[k].items() if not (c.dated and c.min_hi < r.lo)}
                    if live:
                        index[k] = live
                    else:
                        del index[k]
    return [c.members for c in clusters]


# ------------------------------------------------------------------------------------------------
# fatalities


def _speaker_key(rep: sqlite3.Row) -> str | None:
    s = (rep["speaker"] or "").strip()
    return " ".join(s.lower().split()) or None


def choose_dead(reports: list[sqlite3.Row]) -> dict[str, Any]:
    """The dataset's figure from every report (rows with dead, speaker, published, article_id, hash …).

    Returns {dead, qualifier, report_id, dead_max}. Per speaker the latest report counts (revision);
    then the lowest well-sourced figure: one that two or more articles give (corroborated), else one
    with a named speaker, else the lowest of all."""
    figs = [r for r in reports if r["dead"] is not None]
    if not figs:
        return {"dead": None, "qualifier": None, "report_id": None, "dead_max": None}
    by_articles: dict[int, set] = defaultdict(set)
    for r in figs:
        by_articles[r["dead"]].add(r["article_id"])
    latest: dict[str, sqlite3.Row] = {}
    order = lambda r: (r["published"] or "", r["article_id"], r["pos"])  # noqa: E731
    for r in sorted(figs, key=order):
        key = _speaker_key(r) or f"article:{r['article_id']}"
        latest[key] = r  # later report from the same speaker revises the earlier one
    current = list(latest.values())
    corroborated = [r for r in current if len(by_articles[r["dead"]]) >= 2]
    attributed = [r for r in current if _speaker_key(r)]
    pool = corroborated or attributed or current
    best = min(pool, key=lambda r: (r["dead"], order(r)))
    return {"dead": best["dead"], "qualifier": best["qualifier"], "report_id": best["id"],
            "dead_max": max(r["dead"] for r in figs)}


# ------------------------------------------------------------------------------------------------


def _key(first: Report) -> str:
    return "MRS-" + hashlib.sha1(f"{first.hash}:{first.idx}".encode()).hexdigest()[:12].upper()


def _union_parts(parts_lists: list[list[dict]]) -> list[dict]:
    seen: dict[str, dict] = {}
    count: Counter = Counter()
    for parts in parts_lists:
        for p in parts:
            k = p.get("code") or p.get("name_en") or p.get("text") or ""
            if not k:
                continue
            count[k] += 1
            if k not in seen or (not seen[k].get("name_en") and p.get("name_en")):
                seen[k] = {"code": p.get("code"), "name_en": p.get("name_en"), "text": p.get("text"),
                           "sector": p.get("sector")}
    return [seen[k] for k in sorted(seen, key=lambda k: (-count[k], k))]


def _codes(parts: list[dict]) -> str:
    codes = sorted({p["code"] for p in parts if p.get("code")})
    return (" " + " ".join(codes) + " ") if codes else ""


def summarise(members: list[Report], fat_rows: list[sqlite3.Row], merged_at: str) -> dict[str, Any]:
    first = members[0]
    day_dates = sorted(m.date for m in members if m.date and m.precision == "day")
    if day_dates:
        c = Counter(day_dates)
        d = min(day_dates, key=lambda x: (-c[x], x))
        prec = "day"
        date_end = max(day_dates) if max(day_dates) != min(day_dates) else None
    else:
        ranked = sorted(members, key=lambda m: (["week", "month", "year", "unknown"].index(m.precision)
                                                if m.precision in ("week", "month", "year", "unknown") else 4,
                                                m.day or "9999"))
        d, prec, date_end = ranked[0].day, ranked[0].precision, None
    loc = max(members, key=lambda m: (_PREC_RANK.get(m.loc_precision, 0 if not m.loc_name else 2),
                                      m.lat is not None, bool(m.loc_name)))  # ties: the earliest (max keeps the first)
    country = loc.country or next((m.country for m in members if m.country), None)
    modes = Counter(m.mode for m in members if m.mode)
    mode = min(modes, key=lambda x: (-modes[x], x)) if modes else None
    ctx = sorted({c for m in members if m.context for c in m.context.split(",") if c})
    actors = _union_parts([m.actors for m in members])
    recips = _union_parts([m.recipients for m in members])
    fat = choose_dead(fat_rows)
    injured = [m.injured for m in members if m.injured is not None]
    pubs = sorted(m.published for m in members if m.published)
    return {
        "key": _key(first), "type": first.type, "mode": mode, "context": ",".join(ctx) or None,
        "date": d, "date_end": date_end, "date_precision": prec,
        "actor_codes": _codes(actors), "recipient_codes": _codes(recips),
        "actors_json": json.dumps(actors, ensure_ascii=False), "recipients_json": json.dumps(recips, ensure_ascii=False),
        "loc_text": loc.loc_text, "loc_name_en": loc.loc_name, "country": country, "lat": loc.lat, "lon": loc.lon,
        "geonameid": loc.geonameid, "loc_precision": loc.loc_precision,
        "dead": fat["dead"], "dead_qualifier": fat["qualifier"], "dead_report_id": fat["report_id"],
        "dead_max": fat["dead_max"], "injured": min(injured) if injured else None,
        "n_sources": len(members), "n_articles": len({m.article_id for m in members}),
        "first_published": pubs[0] if pubs else None, "last_published": pubs[-1] if pubs else None,
        "negated": 0, "future": 0,
        "confidence": max((m.confidence or 0.0) for m in members),
        "evidence": first.evidence, "merged_at": merged_at,
    }


_COLS = ("key", "type", "mode", "context", "date", "date_end", "date_precision", "actor_codes", "recipient_codes",
         "actors_json", "recipients_json", "loc_text", "loc_name_en", "country", "lat", "lon", "geonameid",
         "loc_precision", "dead", "dead_qualifier", "dead_report_id", "dead_max", "injured", "n_sources",
         "n_articles", "first_published", "last_published", "negated", "future", "confidence", "evidence",
         "merged_at")


def merge(conn: sqlite3.Connection) -> dict[str, int]:
    """Rebuild the dataset layer from all article-level events. Deterministic; one transaction."""
    reports = load_reports(conn)
    groups = cluster(reports)
    fat_by_event: dict[int, list] = defaultdict(list)
    for r in conn.execute("SELECT f.*, a.published, a.hash FROM fatality_reports f JOIN articles a ON a.id=f.article_id"
                          " ORDER BY f.event_id, f.pos"):
        fat_by_event[r["event_id"]].append(r)
    merged_at = now_utc()
    rows = []
    for members in groups:
        fats = [f for m in members for f in fat_by_event.get(m.id, [])]
        rows.append((summarise(members, fats, merged_at), members))
    rows.sort(key=lambda x: (x[0]["date"] or "9999", x[0]["key"]))
    revised = 0
    with conn:
        old = {r["key"]: r for r in conn.execute("SELECT key, dead, dead_qualifier, n_sources, date FROM dataset_events")}
        conn.execute("DELETE FROM dataset_event_sources")
        conn.execute("DELETE FROM dataset_events")
        for i, (row, members) in enumerate(rows, 1):
            prev = old.get(row["key"])
            if prev is not None and (prev["dead"], prev["n_sources"], prev["date"]) != (row["dead"], row["n_sources"], row["date"]):
                notes = []
                if prev["dead"] != row["dead"]:
                    notes.append(f"dead {prev['dead']} → {row['dead']}")
                if prev["n_sources"] != row["n_sources"]:
                    notes.append(f"sources {prev['n_sources']} → {row['n_sources']}")
                if prev["date"] != row["date"]:
                    notes.append(f"date {prev['date']} → {row['date']}")
                conn.execute("INSERT INTO dataset_event_revisions(key, revised_at, dead, dead_qualifier, n_sources, date, note)"
                             " VALUES (?,?,?,?,?,?,?)", (row["key"], merged_at, prev["dead"], prev["dead_qualifier"],
                                                          prev["n_sources"], prev["date"], "; ".join(notes)))
                revised += 1
            conn.execute(f"INSERT INTO dataset_events(id, {', '.join(_COLS)}) VALUES (?, {', '.join('?' * len(_COLS))})",
                         (i, *(row[c] for c in _COLS)))
            conn.executemany("INSERT INTO dataset_event_sources(dataset_event_id, event_id, article_id) VALUES (?,?,?)",
                             [(i, m.id, m.article_id) for m in members])
    return {"reports": len(reports), "dataset_events": len(rows),
            "merged": sum(1 for _, m in rows if len(m) > 1), "revised": revised}


def is_stale(conn: sqlite3.Connection) -> bool:
    """True when article-level events exist that the dataset layer does not cover yet (or vice versa)."""
    n_reports = conn.execute("SELECT count(*) FROM events e JOIN articles a ON a.id=e.article_id"
                             " WHERE e.negated=0 AND e.future=0 AND a.status='done'").fetchone()[0]
    n_linked = conn.execute("SELECT count(*) FROM dataset_event_sources").fetchone()[0]
    return n_reports != n_linked
