"""Crash/resume check with the real extractor: kill -9 an ingest (several times), resume, compare.

    python benchmarks/crash_resume.py                  # 500 SaudiNewsNet articles, 3 kills
    python benchmarks/crash_resume.py --n 2000 --kills 5

Each kill lands at a random moment (SIGKILL to the whole process group: the writer and its pool
workers). After the last resume the store must equal a clean, uninterrupted run's: same articles,
entities, events, fatality reports (compared by content via ``marsad.store.db.snapshot``) and
the same row ids. The tests run the same check on a small synthetic corpus (tests/test_store_crash.py).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = [ROOT.parent / "shared" / "data" / "news" / "saudinewsnet-2015.jsonl.gz",
          Path("/work/shared/data/news/saudinewsnet-2015.jsonl.gz")]


def count(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--extractor", default=None)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="marsad-crash-"))
    src = tmp / "slice.jsonl"
    corpus = next(p for p in CORPUS if p.exists())
    with gzip.open(corpus, "rt", encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(fh, args.n))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))

    def cmd(db):
        c = [sys.executable, "-m", "marsad.cli", "ingest", str(src), "--db", str(db), "--workers", str(args.workers),
             "--no-merge", "-q"]
        return c + (["--extractor", args.extractor] if args.extractor else [])

    crashed, clean = tmp / "crashed.db", tmp / "clean.db"
    t0 = time.perf_counter()
    r = subprocess.run(cmd(clean), env=env, cwd=ROOT, capture_output=True, text=True)
    t_clean = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr
    kills = []
    for k in range(args.kills):
        p = subprocess.Popen(cmd(crashed), env=env, cwd=ROOT, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = min(args.n - 1, count(crashed) + rnd.randint(max(1, args.n // 10), max(2, args.n // 4)))
        while count(crashed) < target and p.poll() is None:
            time.sleep(0.05)
        time.sleep(rnd.uniform(0, 1.5))  # land anywhere, typically mid-batch
        if p.poll() is not None:
            break
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        kills.append(count(crashed))
        print(f"kill {k + 1}: {kills[-1]} articles stored at the kill", flush=True)
    r = subprocess.run(cmd(crashed), env=env, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    from marsad.store.db import open_db, snapshot
    a, b = open_db(crashed), open_db(clean)
    same = snapshot(a) == snapshot(b)
    q = "SELECT a.id, a.hash, e.id, e.idx FROM articles a LEFT JOIN events e ON e.article_id=a.id ORDER BY a.id, e.id"
    same_ids = list(map(tuple, a.execute(q))) == list(map(tuple, b.execute(q)))
    n_art = a.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_ev = a.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"articles {n_art}, events {n_ev}; kills at {kills}; clean run {t_clean:.1f}s")
    print(f"identical content: {same}; identical row ids: {same_ids}; integrity: "
          f"{a.execute('PRAGMA integrity_check').fetchone()[0]}")
    sys.exit(0 if same and same_ids else 1)


if __name__ == "__main__":
    main()
