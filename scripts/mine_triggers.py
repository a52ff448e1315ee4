"""Mine trigger words from the training gold's evidence quotes, for curating triggers.yaml.

    python scripts/mine_triggers.py [--gold ../shared/eval/gold-train.jsonl] [--top 25]

For each PLOVER type, lists the clitic-stripped words that occur in that type's evidence quotes far
more often than in the other types' quotes (a smoothed log-odds ratio), marking those that no
trigger entry matches yet. A list to read and curate from, not an automatic lexicon: words are
added to marsad/lexicons/triggers.yaml by hand after checking them in context.
"""
import argparse
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

from marsad.find.lexicon import load
from marsad.find.matcher import tokenize, variants
from marsad.text.normalise import norm

ROOT = Path(__file__).resolve().parents[1]


def base(word: str) -> str:
    v = variants(word)
    return v[-1][0] if v else word


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "gold-train.jsonl"))
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    lex = load()
    by_type: dict[str, Counter] = defaultdict(Counter)
    total = Counter()
    covered = set()
    for line in open(a.gold, encoding="utf-8"):
        for e in json.loads(line).get("events", []):
            text = norm(e.get("evidence") or "")
            toks = tokenize(text)
            for m in lex.triggers.find(text, toks):
                covered.update(base(t.text) for t in toks[m.token_start:m.token_end])
            for t in toks:
                w = base(t.text)
                by_type[e["type"]][w] += 1
                total[w] += 1
    n_all = sum(total.values())
    for typ, c in sorted(by_type.items()):
        n = sum(c.values())
        scored = []
        for w, k in c.items():
            if k < 2 or len(w) < 3:
                continue
            rest = total[w] - k
            lo = math.log((k + 0.5) / (n - k + 0.5)) - math.log((rest + 0.5) / (n_all - n - rest + 0.5))
            scored.append((lo, w, k))
        scored.sort(reverse=True)
        words = [f"{w}{'' if w in covered else '*'}({k})" for lo, w, k in scored[:a.top]]
        print(f"{typ:10s} {' '.join(words)}")
    print("* = no trigger entry matches this word in the evidence yet")


if __name__ == "__main__":
    main()
