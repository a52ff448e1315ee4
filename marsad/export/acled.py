"""ACLED-style CSV: ACLED's column names and categories, from PLOVER events.

The PLOVER → ACLED type map, ACLED's type list and the interaction codes are data:
``data/plover_acled.yaml`` (documented there). Country numbers and regions: ``data/countries.tsv``.

Columns (ACLED export order): event_id_cnty, event_date, year, time_precision, disorder_type,
event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2,
interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude,
longitude, geo_precision, source, source_scale, notes, fatalities, tags, timestamp.

As in ACLED: fatalities is a whole number, 0 when no figure was reported; time_precision 1 = day,
2 = week, 3 = month or vaguer; geo_precision 1 = the town itself, 2 = a region, 3 = only the
country. Events with no date or no ACLED counterpart (verbal PLOVER types) are left out unless
``all_types`` (then Strategic developments · Other). marsad columns not in ACLED are not added,
so the file loads wherever ACLED data loads; the PLOVER type and mode go to ``tags``.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import IO

import yaml

from marsad.export.plover import QUAD

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]
# pandas dtypes the file reads back with (``pd.read_csv(path, dtype=DTYPES, parse_dates=["event_date"])``)
DTYPES = {"year": "int64", "time_precision": "int64", "inter1": "int64", "inter2": "int64",
          "interaction": "int64", "iso": "int64", "latitude": "float64", "longitude": "float64",
          "geo_precision": "int64", "fatalities": "int64", "timestamp": "int64"}
_TIME_PREC = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 1}
_GEO_PREC = {"point": 1, "city": 1, "region": 2, "country": 3}


@lru_cache(maxsize=1)
def type_map() -> dict:
    return yaml.safe_load(resources.files("marsad.export").joinpath("data/plover_acled.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[int, str, str]]:
    out = {}
    text = resources.files("marsad.export").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("iso3\t") or not line.strip():
            continue
        iso3, num, name, region = (line.split("\t") + ["", "", ""])[:4]
        out[iso3] = (int(num) if num else 0, name, region)
    return out


def _civilian(parts: list[dict], m: dict) -> bool:
    civ = set(m.get("civilian_sectors") or [])
    return bool(parts) and all((p.get("sector") in civ) for p in parts)


def acled_type(ev: dict, all_types: bool = False) -> tuple[str, str, str] | None:
    """(disorder_type, event_type, sub_event_type) for an event, or None when ACLED has no such event."""
    m = type_map()
    spec = m["types"].get(ev["type"])
    if spec is None:
        if not all_types:
            return None
        et, sub = "Strategic developments", "Other"
    else:
        civilian = _civilian(ev.get("recipients") or [], m)
        choice = spec.get("civilian") if civilian and spec.get("civilian") else spec["default"]
        mode_spec = (spec.get("modes") or {}).get(ev.get("mode") or "")
        if isinstance(mode_spec, list):
            choice = mode_spec
        elif isinstance(mode_spec, dict):
            choice = mode_spec.get("civilian") if civilian and mode_spec.get("civilian") else mode_spec["default"]
        et, sub = choice
    return m["acled_types"][et]["disorder_type"], et, sub


def _inter(parts: list[dict], event_type: str, first: bool) -> int:
    conf = type_map()["inter"]
    if not parts:
        return conf["unknown"]
    if first and event_type == "Protests":
        return conf["protest_actor"]
    if first and event_type == "Riots":
        return conf["riot_actor"]
    p = parts[0]
    if p.get("sector") in conf["by_sector"]:
        return conf["by_sector"][p["sector"]]
    if p.get("code") in conf["by_code"]:
        return conf["by_code"][p["code"]]
    if p.get("code") and len(p["code"]) == 3:
        return conf["state_code"]
    return conf["unknown"]


def _name(p: dict) -> str:
    return p.get("name_en") or p.get("code") or p.get("text") or ""


def to_acled(ev: dict, all_types: bool = False) -> dict | None:
    kind = acled_type(ev, all_types)
    if kind is None or not ev.get("date"):
        return None
    disorder, et, sub = kind
    actors, recips = ev.get("actors") or [], ev.get("recipients") or []
    loc = ev.get("location") or {}
    iso3 = loc.get("country") or next((p["code"] for p in actors + recips if p.get("code") in countries()), None)
    num, cname, region = countries().get(iso3 or "", (0, "", ""))
    i1, i2 = _inter(actors, et, True), _inter(recips, et, False)
    interaction = i1 * 10 if not i2 else 10 * min(i1, i2) + max(i1, i2)
    reports = ev.get("fatality_reports") or []
    figures = "; ".join(f"{f['dead']} ({f.get('speaker') or 'unattributed'}, {(f.get('article') or {}).get('source') or '?'}"
                        f" {(f.get('article') or {}).get('published') or ''})".replace(" )", ")")
                        for f in reports if f.get("dead") is not None)
    where = loc.get("name_en") or loc.get("text") or cname
    notes = (f"On {ev['date']}, {', '.join(_name(p) for p in actors) or 'unidentified actor'}: {ev['type'].lower()}"
             f"{' (' + ev['mode'] + ')' if ev.get('mode') else ''}"
             f"{(' against ' if QUAD.get(ev['type'], 4) >= 3 else ' with ') + ', '.join(_name(p) for p in recips) if recips else ''}"
             f"{' in ' + where if where else ''}. {ev.get('n_sources') or 1} report(s)."
             f"{' Fatality figures: ' + figures + '.' if figures else ''}")
    coded = ev.get("coded_at")
    ts = int(datetime.fromisoformat(coded).timestamp()) if coded else 0
    srcs = ev.get("sources") or []
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}-{ev['key']}",
        "event_date": ev["date"], "year": int(ev["date"][:4]),
        "time_precision": _TIME_PREC.get(ev.get("date_precision") or "unknown", 1),
        "disorder_type": disorder, "event_type": et, "sub_event_type": sub,
        "actor1": _name(actors[0]) if actors else "", "assoc_actor_1": "; ".join(_name(p) for p in actors[1:]),
        "inter1": i1,
        "actor2": _name(recips[0]) if recips else "", "assoc_actor_2": "; ".join(_name(p) for p in recips[1:]),
        "inter2": i2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if et == "Violence against civilians" or
        (et == "Explosions/Remote violence" and _civilian(recips, type_map())) else "",
        "iso": num, "region": region, "country": cname or (iso3 or ""),
        "admin1": "", "admin2": "", "admin3": "",
        "location": where or "", "latitude": loc.get("lat"), "longitude": loc.get("lon"),
        "geo_precision": _GEO_PREC.get(loc.get("precision") or "", 2 if loc.get("name_en") else 3),
        "source": "; ".join(sorted({s.get("source") or "" for s in srcs} - {""})), "source_scale": "",
        "notes": notes, "fatalities": int(ev.get("dead") or 0),
        "tags": f"plover={ev['type']}" + (f"; mode={ev['mode']}" if ev.get("mode") else "")
                + (f"; dead_qualifier={ev['dead_qualifier']}" if ev.get("dead_qualifier") else ""),
        "timestamp": ts,
    }


def write_acled(events: Iterable[dict], fh: IO[str], all_types: bool = False) -> int:
    w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        row = to_acled(ev, all_types)
        if row is None:
            continue
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
        n += 1
    return n
