"""PLOVER JSONL: one event per line, field names from the PLOVER manual ("Data Fields" chapter).

Standard fields: id, has_event, date, enddate, actor, recipient (entity objects: code, sector,
entity_text, identifier_text), event, mode, context, event_loc (location object: extracted_place,
resolved_place, geonameid, lat, lon, country_code, resolution), event_text, quad_code, link,
text_info, cite_info, coder, coded_date, comment, plus the manual's size object (dead, injured).
marsad adds, under names the manual does not use: date_precision, dead_qualifier,
fatality_reports (every figure with its article and speaker), n_sources.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from marsad import __version__

QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,       # verbal cooperation
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,                       # material cooperation
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,        # verbal conflict
        "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}  # material conflict
RESOLUTION = {"point": 5, "city": 4, "region": 2, "country": 1}


def _entity(p: dict) -> dict:
    out = {"code": p.get("code"), "sector": p.get("sector"), "entity_text": p.get("text"),
           "identifier_text": p.get("name_en")}
    return {k: v for k, v in out.items() if v is not None}


def to_plover(ev: dict) -> dict:
    loc = ev.get("location")
    event_loc = None
    if loc:
        event_loc = {"extracted_place": loc.get("text"), "resolved_place": loc.get("name_en"),
                     "geonameid": loc.get("geonameid"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                     "country_code": loc.get("country"), "resolution": RESOLUTION.get(loc.get("precision"))}
    srcs = ev.get("sources") or []
    return {
        "id": ev["key"],
        "has_event": True,
        "date": ev.get("date"),
        "enddate": ev.get("date_end"),
        "date_precision": ev.get("date_precision"),
        "actor": [_entity(p) for p in ev.get("actors") or []],
        "recipient": [_entity(p) for p in ev.get("recipients") or []],
        "event": [ev["type"]],
        "mode": [ev["mode"]] if ev.get("mode") else [],
        "context": ev.get("context") or [],
        "event_loc": event_loc,
        "event_text": [s["evidence"] for s in srcs if s.get("evidence")],
        "quad_code": QUAD.get(ev["type"]),
        "size": {"dead": ev.get("dead"), "injured": ev.get("injured")},
        "dead_qualifier": ev.get("dead_qualifier"),
        "fatality_reports": [{k: v for k, v in f.items() if k != "article"} | {
            "article": (f.get("article") or {}).get("hash"), "publication": (f.get("article") or {}).get("source"),
            "url": (f.get("article") or {}).get("url")} for f in ev.get("fatality_reports") or []],
        "text_info": [{"start": s.get("ev_start"), "end": s.get("ev_end")} for s in srcs],
        "cite_info": [{"corpus": "marsad", "citation": s.get("article_hash"), "url": s.get("url"),
                       "title": s.get("title"), "language": "ar", "publication": s.get("source"),
                       "published": s.get("published"), "id": s.get("article_id")} for s in srcs],
        "n_sources": ev.get("n_sources"),
        "coder": f"marsad {__version__}",
        "codebook": "plover-base",
        "coded_date": (ev.get("coded_at") or "")[:10] or None,
    }


def write_plover(events: Iterable[dict], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(to_plover(ev), ensure_ascii=False) + "\n")
        n += 1
    return n
