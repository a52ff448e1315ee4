"""Tagging speed of the shipped NER model on real news articles, one core.

    python -m marsad.ner.bench [--n 500] [--chars 2000] [--news ../shared/data/news/saudinewsnet-2015.jsonl.gz]

Articles are cut to about ``--chars`` characters (at a word boundary).  The first pass loads the
model and fills the per-word cache; the second pass tags a *different* set of articles (as in a
long run: common words cached, new names not); the third repeats the second (all words cached).
Rates are given in CPU time (one core) and wall time.
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from marsad.ner.model import tag

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "saudinewsnet-2015.jsonl.gz"


def load(path: Path, n: int, chars: int, skip: int = 0) -> list[str]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < skip:
                continue
            text = json.loads(line).get("text") or ""
            if len(text) < chars:
                continue
            cut = text.rfind(" ", 0, chars)
            out.append(text[: cut if cut > 0 else chars])
            if len(out) >= n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--chars", type=int, default=2000)
    ap.add_argument("--news", type=Path, default=NEWS)
    args = ap.parse_args()
    warm = load(args.news, args.n, args.chars)
    timed = load(args.news, args.n, args.chars, skip=5 * args.n)
    c0, t0 = time.process_time(), time.perf_counter()
    for t in warm:
        tag(t)
    c1, t1 = time.process_time(), time.perf_counter()
    n_ent = 0
    for t in timed:
        n_ent += len(tag(t))
    c2, t2 = time.process_time(), time.perf_counter()
    again = time.process_time()
    for t in timed:
        tag(t)
    c3 = time.process_time()
    # CPU-time rates are what one core delivers; wall rates drop when the machine is shared
    print(json.dumps({"articles": len(timed), "chars_each": args.chars,
                      "first_pass_cpu_articles_per_s": round(len(warm) / (c1 - c0), 1),
                      "unseen_articles_cpu_articles_per_s": round(len(timed) / (c2 - c1), 1),
                      "unseen_articles_wall_articles_per_s": round(len(timed) / (t2 - t1), 1),
                      "repeat_cpu_articles_per_s": round(len(timed) / (c3 - again), 1),
                      "entities_per_article": round(n_ent / max(len(timed), 1), 1)}))


if __name__ == "__main__":
    main()
