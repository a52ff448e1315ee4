"""Crash safety: kill -9 an ingest mid-run, run it again, get exactly the store a clean run gives."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.store.db import open_db, snapshot
from test_store import make_articles, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
FAKE_DIR = Path(__file__).resolve().parent / "data" / "store"


def _ingest_cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", "ingest", str(src), "--db", str(db), "--workers", "2",
            "--batch", "8", "--extractor", "fake_extractor:extract", "--no-merge", "-q"]


def _env(delay: float) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(FAKE_DIR), str(ROOT), env.get("PYTHONPATH", "")])
    env["FAKE_EXTRACT_DELAY"] = str(delay)
    return env


def _count(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_kill_9_then_resume_equals_clean_run(tmp_path):
    n = 240
    src = write_jsonl(tmp_path / "news.jsonl", make_articles(n))
    crashed, clean = tmp_path / "crashed.db", tmp_path / "clean.db"

    proc = subprocess.Popen(_ingest_cmd(src, crashed), env=_env(0.02), cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while _count(crashed) < 40 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # parent and its pool workers, mid-batch
    proc.wait()
    done_at_kill = _count(crashed)
    assert 0 < done_at_kill < n, "the kill should land mid-run"

    r = subprocess.run(_ingest_cmd(src, crashed), env=_env(0), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"{n - done_at_kill} article(s) coded" in r.stderr and f"{done_at_kill} already in the store" in r.stderr
    r = subprocess.run(_ingest_cmd(src, clean), env=_env(0), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr

    a, b = open_db(crashed), open_db(clean)
    assert a.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sa, sb = snapshot(a), snapshot(b)
    assert len(sa["articles"]) == n and sa["events"]
    assert sa == sb
    # same row ids too: the writer keeps input order and nothing half-written survives
    q = "SELECT a.id, a.hash, e.id, e.idx FROM articles a LEFT JOIN events e ON e.article_id=a.id ORDER BY a.id, e.id"
    assert list(map(tuple, a.execute(q))) == list(map(tuple, b.execute(q)))
