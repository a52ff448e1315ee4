"""GeoJSON (RFC 7946): a FeatureCollection of Point features, one per event with coordinates."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO


def to_feature(ev: dict) -> dict | None:
    loc = ev.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    if lat is None or lon is None:
        return None
    srcs = ev.get("sources") or []
    return {
        "type": "Feature",
        "id": ev["key"],
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
        "properties": {
            "id": ev["key"], "type": ev["type"], "mode": ev.get("mode"), "date": ev.get("date"),
            "date_precision": ev.get("date_precision"),
            "actors": [p.get("name_en") or p.get("code") or p.get("text") for p in ev.get("actors") or []],
            "actor_codes": sorted({p["code"] for p in ev.get("actors") or [] if p.get("code")}),
            "recipients": [p.get("name_en") or p.get("code") or p.get("text") for p in ev.get("recipients") or []],
            "place": loc.get("name_en") or loc.get("text"), "country": loc.get("country"),
            "precision": loc.get("precision"), "dead": ev.get("dead"), "injured": ev.get("injured"),
            "n_sources": ev.get("n_sources"),
            "sources": [s.get("url") or s.get("article_id") for s in srcs],
            "evidence": ev.get("evidence"),
        },
    }


def write_geojson(events: Iterable[dict], fh: IO[str]) -> int:
    """Streams the collection (no need to hold every feature in memory)."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in events:
        f = to_feature(ev)
        if f is None:
            continue
        fh.write((",\n" if n else "") + json.dumps(f, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n
