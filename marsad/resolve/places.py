"""Geocoding: pick the gazetteer row a place mention means, and turn it into a ``Location``.

``choose(candidates, context)`` decides among rows sharing a surface form — طرابلس (Tripoli, LBY /
Tripoli, LBN), الجزائر (Algeria / Algiers), صنعاء (the city / the governorate) — from
- the article's country context (``Counter`` of ISO3 → mentions of that country and its places),
- the cue word before the mention, where the caller knows it (مدينة، العاصمة → a city;
  محافظة، ولاية، إقليم، ريف → a region), with the cue words read from ``lexicons``-style data below,
- the feature kind (a country name beats a town of the same name unless a city cue says otherwise),
- population as a prior (the bigger place is the likelier one).

``to_location(text, row)`` gives the ``marsad.records.Location`` with a precision: country rows give
their centroid at ``country`` precision, cities ``city``, regions/seas/borders ``region``, sites
(airports, bases, squares) ``point``. No row, no location: a place missing from the gazetteer yields
``None``, never a guess.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from marsad.records import Location

_CUES = Path(__file__).resolve().parent.parent / "kb" / "sources" / "geocode_cues.tsv"

_PRECISION = {
    "country": "country", "city": "city", "capital": "city", "town": "city", "village": "city",
    "region": "region", "country-part": "region", "sea": "region", "strait": "region",
    "border": "region", "disputed": "region", "mountain": "region", "river": "region",
    "island": "region", "canal": "region",
    "site": "point", "airport": "point", "base": "point", "district": "point",
}
_CITY_KINDS = {"city", "town", "village", "capital"}
_REGION_KINDS = {"region", "country-part", "disputed"}


def _load_cues() -> dict[str, str]:
    from marsad.text.normalise import norm
    out: dict[str, str] = {}
    for line in _CUES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
            continue
        cue, kind = line.split("\t")[:2]
        out[norm(cue)] = kind
    return out


_CUE_KIND: dict[str, str] | None = None


def cue_kind(cue: str | None) -> str | None:
    """'city' or 'region' for a cue word before a place name (مدينة، محافظة …), else None."""
    global _CUE_KIND
    if not cue:
        return None
    if _CUE_KIND is None:
        _CUE_KIND = _load_cues()
    from marsad.text.normalise import norm
    c = norm(cue.strip())
    for p in ("", "و", "ب", "ف", "ل", "وب"):
        if c.startswith(p) and c[len(p):] in _CUE_KIND:
            return _CUE_KIND[c[len(p):]]
    return None


def _pop(row: dict) -> int:
    try:
        return int(float(row.get("population") or 0))
    except ValueError:
        return 0


def score(row: dict, context: Counter, cue: str | None = None) -> float:
    """How likely this row is the place meant (higher is likelier)."""
    kind = row.get("kind") or ""
    country = row.get("country") or row.get("code") or ""
    s = 2.0 * math.log1p(context.get(country, 0)) if country else 0.0
    s += 0.3 * math.log10(_pop(row) + 1)
    want = cue_kind(cue)
    if kind == "country":
        s += 3.0 if want in (None, "country") else -1.0
    if kind in _CITY_KINDS:
        s += 0.5 + (3.0 if want == "city" else 0.0)
    if kind in _REGION_KINDS:
        s += 3.0 if want == "region" else 0.0
    if str(row.get("source", "")).endswith("_curated.tsv"):
        s += 0.3
    return s


def choose(candidates: list[dict], context: Counter | None = None, cue: str | None = None) -> dict | None:
    """The place row meant among rows sharing a form, or None when there is no place row."""
    places = [r for r in candidates if r.get("type") in ("GPE", "LOC")]
    if not places:
        return None
    ctx = context or Counter()
    return max(places, key=lambda r: (score(r, ctx, cue), _pop(r), r.get("name_en") or ""))


def _float(x) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def to_location(text: str, row: dict | None) -> Location | None:
    """A ``Location`` for a mention resolved to a gazetteer row (None for no row)."""
    if not row:
        return None
    kind = row.get("kind") or ""
    precision = _PRECISION.get(kind, "region" if row.get("type") == "LOC" else "city")
    gid = row.get("geonameid")
    try:
        geonameid = int(gid) if gid not in (None, "") else None
    except ValueError:
        geonameid = None
    return Location(text=text, name_en=row.get("name_en") or None,
                    country=row.get("country") or row.get("code") or None,
                    lat=_float(row.get("lat")), lon=_float(row.get("lon")),
                    geonameid=geonameid, precision=precision)


_HEADS_FILE = Path(__file__).resolve().parent.parent / "kb" / "sources" / "geocode_heads.tsv"
_HEADS: dict[str, str] | None = None
_CLITICS = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "لل", "و", "ف", "ب", "ل", "ك")
_ORDER = {"point": 0, "city": 1, "region": 2, "country": 3}


def _heads() -> dict[str, str]:
    global _HEADS
    if _HEADS is None:
        from marsad.text.normalise import norm
        _HEADS = {}
        for line in _HEADS_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "head\t")):
                h, prec = line.split("\t")[:2]
                _HEADS[norm(h)] = prec
    return _HEADS


def _direct(text: str, context: Counter | None, cue: str | None) -> Location | None:
    from marsad.kb import loader
    row = choose(loader.places(text), context, cue)
    if row is None:
        # a clitic the mention kept: للمملكة، وبغداد، بحلب
        for c in _CLITICS:
            if text.startswith(c) and len(text) - len(c) >= 3:
                rest = text[len(c):]
                if c.endswith("ل") and c not in ("ل", "ول", "فل"):
                    rest = "ال" + rest
                row = choose(loader.places(rest), context, cue)
                if row:
                    break
    return to_location(text, row) if row else None


def _pop_of(text: str, loc: Location) -> int:
    from marsad.kb import loader
    for r in loader.places(text):
        if str(r.get("geonameid")) == str(loc.geonameid) and r.get("name_en") == loc.name_en:
            return _pop(r) if r.get("source") == "cities.tsv.gz" else 10 ** 9
    return 10 ** 9  # curated rows are trusted


def geocode(text: str, context: Counter | None = None, cue: str | None = None) -> Location | None:
    """Look a place mention up in the knowledge base and resolve it (None when it is not there).

    A phrase the gazetteer lacks but whose head is a place noun (``sources/geocode_heads.tsv``) is
    resolved through the place it names: مطار عدن → Aden at point precision, ريف حلب الغربي →
    Aleppo at region precision, جنوب أفغانستان → Afghanistan at region precision. Trailing
    adjectives (الغربي، الشمالي، الدولي …) are dropped one at a time. Nothing found → None.
    """
    from marsad.text.normalise import norm
    text = (text or "").strip().strip('"«»“”')
    if not text:
        return None
    loc = _direct(text, context, cue)
    if loc is not None:
        if context and loc.country not in context and loc.precision == "city" \
                and _pop_of(text, loc) < 100000:
            return None  # a small town abroad the article never mentions: likely a namesake
        return loc
    words = text.split()
    heads = _heads()
    # drop trailing adjectives: ريف حلب الغربي → ريف حلب; مطار عدن الدولي → مطار عدن
    def plausible(loc: Location) -> bool:
        # a place reached by dropping words must fit the article: its country is mentioned
        return not context or loc.country in context

    for end in range(len(words) - 1, 0, -1):
        loc = _direct(" ".join(words[:end]), context, cue)
        if loc is not None and plausible(loc):
            return Location(text=text, name_en=loc.name_en, country=loc.country, lat=loc.lat,
                            lon=loc.lon, geonameid=loc.geonameid,
                            precision="region" if loc.precision == "country" else loc.precision)
    if len(words) > 1:
        head = norm(words[0])
        for c in ("", "و", "ب", "ف", "ل"):
            if c and not head.startswith(c):
                continue
            prec = heads.get(head[len(c):])
            if prec:
                inner = geocode(" ".join(words[1:]), context, words[0])
                if inner is None or not plausible(inner):
                    return None
                # a site in a place is at most as precise as the head says, never less than the place
                p = prec if _ORDER[prec] <= _ORDER.get(inner.precision or "country", 3) else inner.precision
                if inner.precision == "country" and prec != "point":
                    p = "region"
                return Location(text=text, name_en=inner.name_en, country=inner.country, lat=inner.lat,
                                lon=inner.lon, geonameid=inner.geonameid if p == inner.precision else None,
                                precision=p)
    return None
