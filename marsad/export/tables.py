"""Flat tables: CSV (stdlib) and Parquet (pyarrow), one row per event.

Columns: id, level, type, mode, context, date, date_end, date_precision, actor_codes, actors,
recipient_codes, recipients, place, place_ar, country, lat, lon, geonameid, loc_precision, dead,
dead_qualifier, dead_max, injured, n_sources, n_articles, first_published, last_published,
confidence, evidence, source_urls, source_outlets, fatality_reports (JSON text: every figure with
its speaker and article). Lists are '; '-joined in CSV and real lists in Parquet.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

COLUMNS = ["id", "level", "type", "mode", "context", "date", "date_end", "date_precision", "actor_codes", "actors",
           "recipient_codes", "recipients", "place", "place_ar", "country", "lat", "lon", "geonameid",
           "loc_precision", "dead", "dead_qualifier", "dead_max", "injured", "n_sources", "n_articles",
           "first_published", "last_published", "confidence", "evidence", "source_urls", "source_outlets",
           "fatality_reports"]
LIST_COLUMNS = ("context", "actor_codes", "actors", "recipient_codes", "recipients", "source_urls", "source_outlets")


def flat(ev: dict) -> dict[str, Any]:
    loc = ev.get("location") or {}
    srcs = ev.get("sources") or []
    return {
        "id": ev["key"], "level": ev.get("level"), "type": ev["type"], "mode": ev.get("mode"),
        "context": list(ev.get("context") or []), "date": ev.get("date"), "date_end": ev.get("date_end"),
        "date_precision": ev.get("date_precision"),
        "actor_codes": sorted({p["code"] for p in ev.get("actors") or [] if p.get("code")}),
        "actors": [p.get("name_en") or p.get("text") or p.get("code") or "" for p in ev.get("actors") or []],
        "recipient_codes": sorted({p["code"] for p in ev.get("recipients") or [] if p.get("code")}),
        "recipients": [p.get("name_en") or p.get("text") or p.get("code") or "" for p in ev.get("recipients") or []],
        "place": loc.get("name_en"), "place_ar": loc.get("text"), "country": loc.get("country"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geonameid": loc.get("geonameid"),
        "loc_precision": loc.get("precision"), "dead": ev.get("dead"), "dead_qualifier": ev.get("dead_qualifier"),
        "dead_max": ev.get("dead_max"), "injured": ev.get("injured"), "n_sources": ev.get("n_sources"),
        "n_articles": ev.get("n_articles"), "first_published": ev.get("first_published"),
        "last_published": ev.get("last_published"), "confidence": ev.get("confidence"),
        "evidence": ev.get("evidence"),
        "source_urls": [s.get("url") or "" for s in srcs],
        "source_outlets": sorted({s.get("source") or "" for s in srcs} - {""}),
        "fatality_reports": json.dumps([{k: v for k, v in f.items() if k != "article"} |
                                        {"article": (f.get("article") or {}).get("hash"),
                                         "outlet": (f.get("article") or {}).get("source"),
                                         "published": (f.get("article") or {}).get("published")}
                                        for f in ev.get("fatality_reports") or []], ensure_ascii=False),
    }


def write_csv(events: Iterable[dict], fh: IO[str]) -> int:
    w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        row = flat(ev)
        for c in LIST_COLUMNS:
            row[c] = "; ".join(row[c])
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
        n += 1
    return n


def parquet_schema():
    import pyarrow as pa
    s, i, f, ls = pa.string(), pa.int64(), pa.float64(), pa.list_(pa.string())
    types = {"lat": f, "lon": f, "confidence": f, "geonameid": i, "dead": i, "dead_max": i, "injured": i,
             "n_sources": i, "n_articles": i}
    return pa.schema([(c, ls if c in LIST_COLUMNS else types.get(c, s)) for c in COLUMNS])


def write_parquet(events: Iterable[dict], path: str, batch: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as w:
        rows: list[dict] = []
        for ev in events:
            rows.append(flat(ev))
            if len(rows) >= batch:
                w.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            w.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n
