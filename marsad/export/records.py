"""Events out of the store as plain dicts: one shape for every export format (and the API).

``iter_events(conn, filters, level)`` yields, per event::

    {key, level, type, mode, context[], date, date_end, date_precision,
     actors[{code,name_en,text,sector}], recipients[…],
     location{text,name_en,country,lat,lon,geonameid,precision} | None,
     dead, dead_qualifier, dead_max, injured,
     fatality_reports[{dead,injured,qualifier,side,speaker,text,start,end,article,chosen}],
     sources[{article_hash,article_id,source,url,title,published,event_idx,evidence,ev_start,ev_end}],
     n_sources, n_articles, first_published, last_published, confidence, evidence, negated, future}

``level='dataset'`` reads merged events (run ``marsad merge`` first); ``level='article'`` gives every
article's own events, each as a one-source event.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from marsad.store.filters import Filters, select

_BATCH = 500


def _ctx(v: str | None) -> list[str]:
    return [c for c in (v or "").split(",") if c]


def _loc(r) -> dict | None:
    if not (r["loc_name_en"] or r["loc_text"] or r["country"] or r["lat"] is not None):
        return None
    return {"text": r["loc_text"], "name_en": r["loc_name_en"], "country": r["country"], "lat": r["lat"],
            "lon": r["lon"], "geonameid": r["geonameid"], "precision": r["loc_precision"]}


def _source(r) -> dict:
    return {"article_hash": r["hash"], "article_id": r["ext_id"], "source": r["source"], "url": r["url"],
            "title": r["title"], "published": r["published"], "event_idx": r["idx"], "evidence": r["evidence"],
            "ev_start": r["ev_start"], "ev_end": r["ev_end"]}


def _fat(r, chosen_id=None) -> dict:
    return {"dead": r["dead"], "injured": r["injured"], "qualifier": r["qualifier"], "side": r["side"],
            "speaker": r["speaker"], "text": r["text"], "start": r["start"], "end": r["end"],
            "article": {"hash": r["hash"], "id": r["ext_id"], "source": r["source"], "url": r["url"],
                        "published": r["published"]},
            "chosen": chosen_id is not None and r["id"] == chosen_id}


def _actors(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, dict[str, list]]:
    out: dict[int, dict[str, list]] = defaultdict(lambda: {"actor": [], "recipient": []})
    ph = ",".join("?" * len(event_ids))
    for r in conn.execute(f"SELECT * FROM event_actors WHERE event_id IN ({ph}) ORDER BY event_id, role, pos", event_ids):
        out[r["event_id"]][r["role"]].append({"code": r["code"], "name_en": r["name_en"], "text": r["text"],
                                               "sector": r["sector"]})
    return out


def _dataset_batch(conn: sqlite3.Connection, rows: list) -> Iterator[dict]:
    ids = [r["id"] for r in rows]
    ph = ",".join("?" * len(ids))
    sources: dict[int, list] = defaultdict(list)
    event_to_ds: dict[int, int] = {}
    for r in conn.execute(
            f"SELECT s.dataset_event_id, e.id AS eid, e.idx, e.evidence, e.ev_start, e.ev_end, a.hash, a.ext_id,"
            f" a.source, a.url, a.title, a.published FROM dataset_event_sources s JOIN events e ON e.id=s.event_id"
            f" JOIN articles a ON a.id=s.article_id WHERE s.dataset_event_id IN ({ph})"
            f" ORDER BY s.dataset_event_id, a.published, a.id, e.idx", ids):
        sources[r["dataset_event_id"]].append(_source(r))
        event_to_ds[r["eid"]] = r["dataset_event_id"]
    fats: dict[int, list] = defaultdict(list)
    chosen = {r["id"]: r["dead_report_id"] for r in rows}
    if event_to_ds:
        eids = list(event_to_ds)
        ph2 = ",".join("?" * len(eids))
        for r in conn.execute(
                f"SELECT f.*, a.hash, a.ext_id, a.source, a.url, a.published FROM fatality_reports f"
                f" JOIN articles a ON a.id=f.article_id WHERE f.event_id IN ({ph2})"
                f" ORDER BY a.published, a.id, f.event_id, f.pos", eids):
            ds = event_to_ds[r["event_id"]]
            fats[ds].append(_fat(r, chosen[ds]))
    for r in rows:
        yield {
            "key": r["key"], "level": "dataset", "type": r["type"], "mode": r["mode"], "context": _ctx(r["context"]),
            "date": r["date"], "date_end": r["date_end"], "date_precision": r["date_precision"],
            "actors": json.loads(r["actors_json"]), "recipients": json.loads(r["recipients_json"]),
            "location": _loc(r), "dead": r["dead"], "dead_qualifier": r["dead_qualifier"], "dead_max": r["dead_max"],
            "injured": r["injured"], "fatality_reports": fats.get(r["id"], []), "sources": sources.get(r["id"], []),
            "n_sources": r["n_sources"], "n_articles": r["n_articles"], "first_published": r["first_published"],
            "last_published": r["last_published"], "confidence": r["confidence"], "evidence": r["evidence"],
            "negated": bool(r["negated"]), "future": bool(r["future"]), "coded_at": r["merged_at"],
        }


def _article_batch(conn: sqlite3.Connection, rows: list) -> Iterator[dict]:
    ids = [r["id"] for r in rows]
    acts = _actors(conn, ids)
    ph = ",".join("?" * len(ids))
    fats: dict[int, list] = defaultdict(list)
    for r in conn.execute(f"SELECT f.*, a.hash, a.ext_id, a.source, a.url, a.published FROM fatality_reports f"
                          f" JOIN articles a ON a.id=f.article_id WHERE f.event_id IN ({ph}) ORDER BY f.event_id, f.pos", ids):
        fats[r["event_id"]].append(_fat(r))
    for r in rows:
        src = {"article_hash": r["article_hash"], "article_id": r["article_ext_id"], "source": r["article_source"],
               "url": r["article_url"], "title": r["article_title"], "published": r["article_published"],
               "event_idx": r["idx"], "evidence": r["evidence"], "ev_start": r["ev_start"], "ev_end": r["ev_end"]}
        yield {
            "key": f"{r['article_hash'][:16]}-{r['idx']}", "level": "article", "type": r["type"], "mode": r["mode"],
            "context": _ctx(r["context"]), "date": r["date"] or r["article_published"], "date_end": None,
            "date_precision": r["date_precision"] if r["date"] else "unknown",
            "actors": acts[r["id"]]["actor"], "recipients": acts[r["id"]]["recipient"], "location": _loc(r),
            "dead": r["dead"], "dead_qualifier": r["dead_qualifier"], "dead_max": r["dead"], "injured": r["injured"],
            "fatality_reports": fats.get(r["id"], []), "sources": [src], "n_sources": 1, "n_articles": 1,
            "first_published": r["article_published"], "last_published": r["article_published"],
            "confidence": r["confidence"], "evidence": r["evidence"], "negated": bool(r["negated"]),
            "future": bool(r["future"]), "speaker": {"text": r["speaker"], "name_en": r["speaker_en"], "code": r["speaker_code"]}
            if r["speaker"] else None, "coded_at": None,
        }


def iter_events(conn: sqlite3.Connection, filters: Filters | None = None, level: str = "dataset",
                limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    batch: list = []
    fn = _dataset_batch if level == "dataset" else _article_batch
    for row in select(conn, filters, level=level, limit=limit, offset=offset):
        batch.append(row)
        if len(batch) >= _BATCH:
            yield from fn(conn, batch)
            batch = []
    if batch:
        yield from fn(conn, batch)


def event_by_key(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    """One dataset event (``MRS-…`` key) in the export shape, with all its sources and figures."""
    rows = conn.execute("SELECT * FROM dataset_events WHERE key=?", (key,)).fetchall()
    return next(iter(_dataset_batch(conn, rows)), None) if rows else None


def revisions(conn: sqlite3.Connection, key: str) -> list[dict[str, Any]]:
    """Earlier values of a dataset event, oldest first (kept when a later report revised it)."""
    return [dict(r) for r in conn.execute(
        "SELECT revised_at, dead, dead_qualifier, n_sources, date, note FROM dataset_event_revisions"
        " WHERE key=? ORDER BY id", (key,))]
