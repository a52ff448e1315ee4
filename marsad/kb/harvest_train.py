"""Propose curated rows from the TRAINING gold (``../shared/eval/gold-train.jsonl`` only — never the
dev or seed gold): named people and organisations the analysts coded that no knowledge-base row
matches yet, in the shared entity-row format, for review before they are appended to
``lexicons/actors_curated.tsv`` (people/organisations) or ``sources/cities_extra.tsv`` (places).

    python -m marsad.kb.harvest_train > /tmp/proposed.tsv

Rules: a person needs two words or more (a bare given name identifies no one); an organisation
needs a distinctive word (not only generic words like وزارة، الداخلية، الشرطة — those are coded by
context, not by a table); a text coded differently in two articles is skipped.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from marsad.kb import COLUMNS, loader
from marsad.kb.build import SHARED, generic_words
from marsad.kb.corpus import strip_article
from marsad.text.normalise import norm

TRAIN = SHARED / "eval" / "gold-train.jsonl"
_CLITIC = ("وال", "بال", "لل", "فال", "و", "ل", "ب")


def _clean(text: str) -> str:
    t = text.strip().strip('"«»“”').replace("«", "").replace("»", "").replace('"', "")
    for p in ("لل",):
        if t.startswith(p) and len(t) > 5:
            t = "ال" + t[2:]
    return t


def main() -> int:
    if not TRAIN.exists():
        print(f"no {TRAIN}", file=sys.stderr)
        return 1
    generic = generic_words()
    seen: dict[str, set] = defaultdict(set)
    names: dict[str, tuple[str, str, str]] = {}
    for line in TRAIN.open(encoding="utf-8"):
        for e in json.loads(line)["entities"]:
            if e["type"] not in ("PER", "ORG") or not e.get("code"):
                continue
            t = _clean(e["text"])
            seen[t].add(e["code"])
            names[t] = (e["type"], e.get("name_en") or "", e["code"])
    print("\t".join(COLUMNS))
    for t, codes in sorted(seen.items()):
        if len(codes) > 1 or not any("\u0600" <= ch <= "\u06ff" for ch in t):
            continue
        typ, name_en, code = names[t]
        words = [strip_article(w) for w in norm(t).split()]
        if typ == "PER" and len(words) < 2:
            continue
        if typ == "ORG" and all(w in generic for w in words):
            continue
        if loader.actors(t):
            continue
        iso = code if len(code) == 3 and code.isalpha() and code not in ("ISIL",) else ""
        sector = "government" if typ == "PER" else ""
        kind = "person" if typ == "PER" else "org"
        print("\t".join([t, typ, name_en, code, sector, kind, iso, "", "", "", "", ""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
