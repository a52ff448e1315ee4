"""Load the data files once and compile them into matchers.

Data lives in ``marsad/lexicons`` (hand-curated) and ``marsad/kb/data`` (built by scripts); this
module only knows their formats. Everything is compiled on first use and cached for the process.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # the C parser where libyaml is there


def _yaml_load(text):
    return yaml.load(text, Loader=_LOADER)

from marsad.find.matcher import PhraseMatcher
from marsad.text.normalise import norm

PKG = Path(__file__).resolve().parent.parent
LEXICONS = PKG / "lexicons"
KB_DATA = PKG / "kb" / "data"

# Inflection of verbs written undiacritised: suffixes on the perfect stem, prefixes and suffixes on
# the imperfect stem, and object pronouns. Kept here as mechanism; the verbs themselves are data.
PERFECT_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
IMPERFECT_PREFIXES = ("ي", "ت", "ن", "ا")
IMPERFECT_SUFFIXES = ("", "ون", "ان", "وا", "ن", "ين")
OBJECT_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن")


def inflect_verb(spec: str) -> list[str]:
    """'قتل/يقتل' → the surface forms the press writes (قتل، قتلت، قتلوا، يقتل، تقتل، يقتلون، قتله …)."""
    perfect, _, imperfect = spec.partition("/")
    words_p = norm(perfect).split()
    head_p, tail_p = words_p[0], " ".join(words_p[1:])
    forms = set()
    for s in PERFECT_SUFFIXES:
        for o in OBJECT_SUFFIXES:
            if s in ("ا", "و") and o:
                continue
            # final alef maqsura of the stem (دعا، اعتدى → ي after normalising) changes before suffixes
            stem = head_p
            if s and stem.endswith(("ي", "ا")) and s not in ("",):
                stem_variants = {stem, stem[:-1] + ("و" if stem.endswith("ا") else "ي"), stem[:-1]}
            else:
                stem_variants = {stem}
            for st in stem_variants:
                forms.add((st + s + o + (" " + tail_p if tail_p else "")).strip())
    if imperfect:
        words_i = norm(imperfect).split()
        head_i, tail_i = words_i[0], " ".join(words_i[1:])
        body = head_i[1:] if head_i[0] in IMPERFECT_PREFIXES else head_i
        for p in IMPERFECT_PREFIXES:
            for s in IMPERFECT_SUFFIXES:
                for o in OBJECT_SUFFIXES:
                    forms.add((p + body + s + o + (" " + tail_i if tail_i else "")).strip())
                    if p != "ا":   # the future prefix س (سيزور، ستعقد) sits on the imperfect
                        forms.add(("س" + p + body + s + o + (" " + tail_i if tail_i else "")).strip())
                    if body.endswith(("و", "ي")) and s:
                        forms.add((p + body[:-1] + s + o + (" " + tail_i if tail_i else "")).strip())
    return sorted(f for f in forms if len(f.replace(" ", "")) >= 2)


NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")


def inflect_noun(form: str) -> list[str]:
    """A noun and its possessed forms (زيارة → زيارته، زيارتها؛ اعتقال → اعتقالهم): the press
    writes "his visit", "their arrest" as one word. Multi-word phrases and already-suffixed or
    adjectival forms are kept as written."""
    n = norm(form)
    if " " in n or len(n) < 4 or n.endswith(("ا", "ي", "ين", "ون", "هم", "ها")):
        return [form]
    stem = n[:-1] + "ت" if n.endswith("ه") else n
    return [form] + [stem + suf for suf in NOUN_SUFFIXES]


@dataclass(frozen=True)
class EntityRow:
    text: str          # the form as written in the data file
    type: str          # PER | ORG | GPE | LOC | '' (demonyms)
    name_en: str
    code: str
    sector: str
    kind: str          # country | capital | city | region | org | person | armed_group | demonym | agent | title …
    country: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    source: str
    valid: tuple[str, str] | None = None   # (YYYYMMDD, YYYYMMDD) when the row holds only for a period

    def valid_on(self, when: str | None) -> bool | None:
        """Whether the row holds on date ``when`` (YYYY-MM-DD); None where that cannot be told."""
        if self.valid is None or not when:
            return None
        day = when[:10].replace("-", "")
        return self.valid[0] <= day <= self.valid[1]


def _float(x):
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def _int(x):
    try:
        return int(float(x)) if x not in (None, "") else None
    except ValueError:
        return None


def _validity(value: str | None) -> tuple[str, str] | None:
    """'20150123-99991231' → ('20150123', '99991231'); anything else → None."""
    parts = (value or "").strip().split("-")
    if len(parts) == 2 and all(len(p) == 8 and p.isdigit() for p in parts):
        return parts[0], parts[1]
    return None


def _row_files() -> list[Path]:
    # demonyms first: their forms are withheld from every other source
    files = sorted(KB_DATA.glob("*.tsv"), key=lambda p: (p.name != "demonyms.tsv", p.name)) + sorted(KB_DATA.glob("*.tsv.gz"))
    files += sorted(LEXICONS.glob("*_curated.tsv"))
    return files


# Which source wins when several rows share a form: curated and country tables first, then the
# gazetteer, then the large converted actor dictionary.
SOURCE_PRIORITY = {"countries.tsv": 0, "demonyms.tsv": 0, "organisations_curated.tsv": 1,
                   "actors_curated.tsv": 1, "places_curated.tsv": 1}


def row_priority(row: "EntityRow") -> tuple[int, int]:
    return (SOURCE_PRIORITY.get(row.source, 2 if row.source.startswith("cities") else 3), -row.population)


@lru_cache(maxsize=1)
def not_entities() -> frozenset[str]:
    from marsad.find.matcher import phrase_key
    words = _yaml("not_entities.yaml")["words"]
    return frozenset(phrase_key(w) for w in words)


def iter_entity_rows():
    from marsad.find.matcher import phrase_key
    stop = not_entities()
    demonym_keys: set = set()
    for path in _row_files():
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
        for rec in csv.DictReader(io.StringIO("".join(lines)), delimiter="\t"):
            forms = [f.strip() for f in (rec.get("forms") or "").split("|") if f.strip()]
            if not forms:
                continue
            base = dict(type=(rec.get("type") or "").strip(), name_en=(rec.get("name_en") or "").strip(),
                        code=(rec.get("code") or "").strip().upper(), sector=(rec.get("sector") or "").strip(),
                        kind=(rec.get("kind") or "").strip(), country=(rec.get("country") or "").strip().upper(),
                        lat=_float(rec.get("lat")), lon=_float(rec.get("lon")),
                        geonameid=_int(rec.get("geonameid")), population=_int(rec.get("population")) or 0,
                        source=path.name, valid=_validity(rec.get("valid")))
            for f in forms:
                key = phrase_key(f)
                if base["kind"] == "demonym":
                    demonym_keys.add(key)
                elif key in stop or (key in demonym_keys and base["kind"] != "country"):
                    continue
                # a one-word name with no code is nearly always a common noun in news text
                if base["type"] in ("PER", "ORG") and not base["code"] and key and not key[1]:
                    continue
                yield f, EntityRow(text=forms[0], **base)


def _yaml(name: str):
    return _yaml_load((LEXICONS / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    weight: float
    role: str            # actor | recipient: what the grammatical subject of the trigger is
    pos: str             # verb | noun | phrase
    needs: tuple[str, ...]
    lemma: str
    unless: tuple[str, ...] = ()
    needs_within: int = 0          # 0: a needed word anywhere in the sentence; N: within N words after
    unless_domain: tuple[str, ...] = ()   # words of a domain (sports …) that cancel it in the sentence


@dataclass(frozen=True)
class Cue:
    kind: str            # speech | relay | negation | future | speech_noun
    lemma: str


@dataclass
class Lexicon:
    actors: PhraseMatcher      # entities, demonyms, titles, agents
    triggers: PhraseMatcher
    cues: PhraseMatcher
    negation_window: int
    future_prefix: str


def _cache_path() -> Path | None:
    """Where the compiled lexicon is kept between runs: keyed by every data file's size and time,
    so editing a lexicon rebuilds it. MARSAD_CACHE_DIR overrides; an empty value turns it off."""
    root = os.environ.get("MARSAD_CACHE_DIR")
    if root == "":
        return None
    base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marsad"
    h = hashlib.sha1()
    for f in sorted(list(LEXICONS.glob("*")) + list(KB_DATA.glob("*")) + [Path(__file__),
                                                                      Path(__file__).with_name("matcher.py")]):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return base / f"lexicon-{h.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The compiled lexicon: from the cache where it is current, else compiled and cached."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:   # a stale or partial cache is rebuilt, never trusted
            pass
    lex = _compile()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass   # a read-only home is fine: compile each run
    return lex


def _compile() -> Lexicon:
    actors = PhraseMatcher()
    for form, row in sorted(iter_entity_rows(), key=lambda fr: row_priority(fr[1])):
        actors.add(form, row)
    for item in _yaml("titles.yaml"):
        row = EntityRow(text=item["forms"][0], type="PER", name_en=item["role"], code="",
                        sector=item.get("sector") or "", kind="title_unnamed" if item.get("unnamed") else "title",
                        country="", lat=None, lon=None, geonameid=None, population=0, source="titles.yaml")
        for f in item["forms"]:
            actors.add(f, row)
    for item in _yaml("agents.yaml"):
        row = EntityRow(text=item["forms"][0], type=item.get("type") or "", name_en="", code="",
                        sector=item["sector"], kind="agent", country="", lat=None, lon=None,
                        geonameid=None, population=0, source="agents.yaml")
        for f in item["forms"]:
            actors.add(f, row)

    domains = {k: tuple(norm(w) for w in v) for k, v in (_yaml("cues.yaml").get("domains") or {}).items()}
    triggers = PhraseMatcher()
    for item in _yaml("triggers.yaml"):
        base = dict(type=item["type"], mode=item.get("mode"), weight=float(item.get("weight", 0.6)),
                    role=item.get("role", "actor"), needs=tuple(norm(x) for x in item.get("needs") or ()),
                    unless=tuple(norm(x) for x in item.get("unless") or ()),
                    needs_within=int(item.get("needs_within") or 0),
                    unless_domain=tuple(w for d in ([item["unless_domain"]] if isinstance(item.get("unless_domain"), str)
                                                    else item.get("unless_domain") or [])
                                        for w in domains.get(d, ())))
        for spec in item.get("verbs") or ():
            t = Trigger(pos="verb", lemma=spec.split("/")[0], **base)
            for f in inflect_verb(spec):
                triggers.add(f, t)
        for f in item.get("nouns") or ():
            t = Trigger(pos="noun", lemma=f, **base)
            for form in inflect_noun(f):
                triggers.add(form, t)
        for f in item.get("phrases") or ():
            triggers.add(f, Trigger(pos="phrase", lemma=f, **base))

    cues_data = _yaml("cues.yaml")
    cues = PhraseMatcher()
    for spec in cues_data["speech_verbs"]:
        for f in inflect_verb(spec):
            cues.add(f, Cue("speech", spec.split("/")[0]))
    for spec in cues_data["relay_verbs"]:
        for f in inflect_verb(spec):
            cues.add(f, Cue("relay", spec.split("/")[0]))
    for f in cues_data["speech_nouns"]:
        cues.add(f, Cue("speech_noun", f))
    for f in cues_data["negation"]:
        cues.add(f, Cue("negation", f))
    for f in cues_data["future"]:
        cues.add(f, Cue("future", f))
    return Lexicon(actors=actors, triggers=triggers, cues=cues,
                   negation_window=int(cues_data.get("negation_window", 3)),
                   future_prefix=norm(cues_data.get("future_prefix", "س")))


@lru_cache(maxsize=1)
def country_rows() -> dict[str, EntityRow]:
    """ISO3 → the country's row (English name, centroid)."""
    out = {}
    for _, row in iter_entity_rows():
        if row.kind == "country" and row.code and row.code not in out:
            out[row.code] = row
    return out
