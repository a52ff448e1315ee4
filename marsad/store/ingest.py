"""Ingest: articles in, store rows out — one writer, committed batches, crash-safe and idempotent.

The flow: readers → ``prepare`` (content hash; skip what the store already holds and duplicates
within the run) → an engine codes the articles (``marsad.engines.local`` process pool, or rows
coded earlier by the Dask engine) → ``Writer`` inserts each article with all its rows and its
status inside one transaction, several articles per commit.

Why it is crash-safe: an article's rows and its 'done'/'failed' status are committed together,
so after ``kill -9`` the store holds a set of complete articles. Running the same command again
skips exactly those (by hash) and codes the rest in the same order, so the final store equals
the one an uninterrupted run gives (row ids included: SQLite reuses nothing from a rolled-back
transaction and the writer keeps input order).
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from marsad.engines.local import Coded, code_stream
from marsad.read import ReadError, read_paths
from marsad.records import Article
from marsad.store.db import article_row, insert_article, known_hashes, log_problem, open_db


@dataclass
class IngestStats:
    read: int = 0            # articles read (good input)
    coded: int = 0           # articles written with status 'done'
    failed: int = 0          # articles written with status 'failed' (extraction raised)
    known: int = 0           # already in the store: skipped
    duplicates: int = 0      # same text twice in this input: skipped
    problems: int = 0        # bad files/lines reported and skipped
    events: int = 0
    seconds: float = 0.0
    t0: float = field(default_factory=time.perf_counter, repr=False)

    @property
    def written(self) -> int:
        return self.coded + self.failed

    @property
    def rate(self) -> float:
        return self.written / max(time.perf_counter() - self.t0 if not self.seconds else self.seconds, 1e-9)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("t0")
        d["articles_per_s"] = round(self.rate, 2)
        return d


def prepare(records: Iterable[Article | ReadError], known: set[str], stats: IngestStats) -> Iterator[tuple]:
    """Items for an engine: ('article', row, Article) for new articles, ('problem', (where, why))."""
    seen: set[str] = set()
    for rec in records:
        if isinstance(rec, ReadError):
            stats.problems += 1
            yield ("problem", (rec.where, rec.reason))
            continue
        stats.read += 1
        row = article_row(rec)
        h = row["hash"]
        if h in known:
            stats.known += 1
            continue
        if h in seen:
            stats.duplicates += 1
            continue
        seen.add(h)
        yield ("article", row, rec)


class Writer:
    """The one place that writes: batches of complete articles, one commit per batch."""

    def __init__(self, conn: sqlite3.Connection, stats: IngestStats, batch: int = 64, seconds: float = 2.0,
                 on_problem: Callable[[str, str], None] | None = None):
        self.conn, self.stats, self.batch, self.seconds = conn, stats, batch, seconds
        self.on_problem = on_problem
        self.pending: list[Coded] = []
        self.last = time.monotonic()

    def write(self, item: Coded) -> None:
        self.pending.append(item)
        if len(self.pending) >= self.batch or time.monotonic() - self.last >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with self.conn:  # one transaction: every article in it is complete or absent
            for c in self.pending:
                if c.problem:
                    log_problem(self.conn, *c.problem)
                    if self.on_problem:
                        self.on_problem(*c.problem)
                    continue
                aid = insert_article(self.conn, c.art, c.result, c.error)
                if aid is None:
                    self.stats.known += 1
                elif c.result is None:
                    self.stats.failed += 1
                    if self.on_problem:
                        self.on_problem(f"article {c.art.get('ext_id') or c.art['hash'][:12]}", f"extraction failed: {c.error}")
                else:
                    self.stats.coded += 1
                    self.stats.events += len(c.result.get("events") or [])
        self.pending.clear()
        self.last = time.monotonic()


def write_coded(conn: sqlite3.Connection, coded: Iterable[Coded], stats: IngestStats, batch: int = 64,
                on_progress: Callable[[IngestStats], None] | None = None,
                on_problem: Callable[[str, str], None] | None = None) -> IngestStats:
    w = Writer(conn, stats, batch=batch, on_problem=on_problem)
    try:
        for c in coded:
            w.write(c)
            if on_progress and c.art is not None:
                on_progress(stats)
    finally:
        w.flush()
    stats.seconds = time.perf_counter() - stats.t0
    return stats


def retry_failed(conn: sqlite3.Connection) -> int:
    with conn:
        return conn.execute("DELETE FROM articles WHERE status='failed'").rowcount


def ingest_records(conn: sqlite3.Connection, records: Iterable[Article | ReadError], workers: int = 1,
                   batch: int = 64, on_progress=None, on_problem=None, extractor: str | None = None) -> IngestStats:
    stats = IngestStats()
    items = prepare(records, known_hashes(conn), stats)
    return write_coded(conn, code_stream(items, workers=workers, extractor=extractor), stats, batch=batch,
                       on_progress=on_progress, on_problem=on_problem)


def ingest_paths(db: str | Path, paths: Iterable[str], workers: int = 1, batch: int = 64,
                 published: str | None = None, on_progress=None, on_problem=None,
                 redo_failed: bool = False, extractor: str | None = None) -> IngestStats:
    """``marsad ingest`` without the terminal: read ``paths``, code, write into ``db``."""
    conn = open_db(db)
    try:
        if redo_failed:
            retry_failed(conn)
        return ingest_records(conn, read_paths(list(paths), published=published), workers=workers,
                              batch=batch, on_progress=on_progress, on_problem=on_problem,
                              extractor=extractor)
    finally:
        conn.close()
