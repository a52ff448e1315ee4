"""Exports: PLOVER JSONL, ACLED CSV, GeoJSON, Parquet, CSV — all from ``records.iter_events``."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from marsad.store.filters import Filters

FORMATS = ("plover", "acled", "geojson", "parquet", "csv")


def export(conn: sqlite3.Connection, fmt: str, out: str | Path, filters: Filters | None = None,
           level: str = "dataset", all_types: bool = False) -> int:
    """Write events matching ``filters`` to ``out`` (``-`` = stdout, not for parquet); returns the count."""
    import sys

    from marsad.export.records import iter_events
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    events = iter_events(conn, filters, level=level)
    if fmt == "parquet":
        if str(out) == "-":
            raise ValueError("parquet needs a file (-o events.parquet)")
        from marsad.export.tables import write_parquet
        return write_parquet(events, str(out))
    fh = sys.stdout if str(out) == "-" else open(out, "w", encoding="utf-8", newline="")
    try:
        if fmt == "plover":
            from marsad.export.plover import write_plover
            return write_plover(events, fh)
        if fmt == "acled":
            from marsad.export.acled import write_acled
            return write_acled(events, fh, all_types=all_types)
        if fmt == "geojson":
            from marsad.export.geojson import write_geojson
            return write_geojson(events, fh)
        from marsad.export.tables import write_csv
        return write_csv(events, fh)
    finally:
        if fh is not sys.stdout:
            fh.close()
