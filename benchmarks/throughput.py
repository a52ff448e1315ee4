"""Extraction throughput: articles per second on real news, one process.

    python benchmarks/throughput.py [--corpus ../shared/data/news/saudinewsnet-2015.jsonl.gz] [-n 1000] [--no-ner]

Reports load time (lexicons, models), articles/s and characters/s over the first N articles of the
corpus. Run by hand; results go in the issue note, not in tests.
"""
import argparse
import gzip
import itertools
import json
import os
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "saudinewsnet-2015.jsonl.gz"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--no-ner", action="store_true", help="measure without the NER tagger")
    a = ap.parse_args()
    if a.no_ner:
        os.environ["MARSAD_NO_NER"] = "1"
    opener = gzip.open if a.corpus.endswith(".gz") else open
    with opener(a.corpus, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, a.n)]
    t0 = time.perf_counter()
    import marsad
    from marsad.coding.events import ArticleExtractor  # noqa: F401
    from marsad.find.lexicon import load
    load()
    marsad.extract("قتل 12 شخصا في تفجير انتحاري في بغداد أمس.", published="2015-07-30")  # warm models
    t_load = time.perf_counter() - t0
    chars = events = 0
    t1 = time.perf_counter()
    for r in rows:
        res = marsad.extract(r.get("text") or "", published=r.get("published"), id=r.get("id"))
        chars += len(r.get("text") or "")
        events += len(res.events)
    dt = time.perf_counter() - t1
    print(json.dumps({"articles": len(rows), "seconds": round(dt, 2), "articles_per_s": round(len(rows) / dt, 1),
                      "chars_per_s": int(chars / dt), "events": events, "load_s": round(t_load, 2),
                      "ner": not a.no_ner}))


if __name__ == "__main__":
    main()
