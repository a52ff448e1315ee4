"""Ingest benchmark: SaudiNewsNet (30,101 articles) into a fresh store on this machine.

    python benchmarks/ingest.py                       # all articles, all cores
    python benchmarks/ingest.py --limit 2000          # a slice (prints a full-corpus extrapolation)
    python benchmarks/ingest.py --workers 2 --db /tmp/bench.db --json results.json

Measures: ingest wall time, articles/s, events, merge time, dataset events, database size (after
a WAL checkpoint). Runs ``marsad ingest`` in-process through ``marsad.store.ingest``.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = [ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-2015.jsonl.gz",
          Path("/work/shared/data/news/saudinewsnet-2015.jsonl.gz")]
FULL = 30101


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=next((p for p in CORPUS if p.exists()), CORPUS[0]))
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--db", type=Path, default=None, help="store path (default: a fresh temporary file)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--extractor", default=None, help="module:function (default: marsad's pipeline)")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers here too")
    args = ap.parse_args()

    from marsad.store.db import open_db, stats as db_stats
    from marsad.store.ingest import ingest_paths
    from marsad.store.merge import merge

    tmp = tempfile.mkdtemp(prefix="marsad-bench-")
    src = args.source
    if args.limit:
        src = Path(tmp) / f"slice-{args.limit}.jsonl"
        with gzip.open(args.source, "rt", encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(fh, args.limit))
    db = args.db or Path(tmp) / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)

    last = [0.0]

    def progress(s):
        now = time.perf_counter()
        if now - last[0] > 15:
            last[0] = now
            print(f"  … {s.written} articles, {s.events} events, {s.rate:.1f} art/s", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    st = ingest_paths(db, [str(src)], workers=args.workers, batch=args.batch, on_progress=progress,
                      extractor=args.extractor)
    t_ingest = time.perf_counter() - t0
    conn = open_db(db)
    t1 = time.perf_counter()
    m = merge(conn)
    t_merge = time.perf_counter() - t1
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s = db_stats(conn)
    conn.close()
    size = sum(Path(str(db) + x).stat().st_size for x in ("", "-wal") if Path(str(db) + x).exists())
    res = {
        "source": str(args.source), "limit": args.limit, "workers": args.workers, "cpus": os.cpu_count(),
        "articles_coded": st.coded, "failed": st.failed, "duplicates": st.duplicates, "bad_input": st.problems,
        "events": st.events, "ingest_s": round(t_ingest, 1), "articles_per_s": round(st.written / t_ingest, 2),
        "merge_s": round(t_merge, 1), "dataset_events": m["dataset_events"], "merged_multi_source": m["merged"],
        "db_mb": round(size / 1e6, 1), "entities": s["entities"], "mentions": s["mentions"],
    }
    if args.limit:
        rate = res["articles_per_s"]
        res["extrapolated_full_ingest_min"] = round(FULL / rate / 60, 1) if rate else None
        res["extrapolated_full_db_mb"] = round(res["db_mb"] * FULL / max(1, st.written), 0)
    print(json.dumps(res, indent=2))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
