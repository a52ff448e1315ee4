"""Dask engine: a local dask.distributed cluster codes the same articles into the same store."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from marsad.engines.dask import code_to_parquet, load_parquet, records_for  # noqa: E402
from marsad.read import read_paths  # noqa: E402
from marsad.store.db import known_hashes, open_db, snapshot  # noqa: E402
from marsad.store.ingest import IngestStats, ingest_paths, prepare, write_coded  # noqa: E402
from marsad.store.merge import merge  # noqa: E402
from test_store import FAKE, FAKE_DIR_ENV, make_articles, write_jsonl  # noqa: E402


def test_dask_path_equals_local_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", FAKE_DIR_ENV)  # workers are new processes: they import the fake extractor
    src = write_jsonl(tmp_path / "news.jsonl", make_articles(120))
    local = tmp_path / "local.db"
    ingest_paths(local, [str(src)], workers=1, extractor=FAKE)

    conn = open_db(tmp_path / "dask.db")
    stats = IngestStats()
    recs, problems = records_for(prepare(read_paths([str(src)]), known_hashes(conn), stats))
    assert len(recs) == 120 and not problems
    parts = tmp_path / "parts"
    assert code_to_parquet(recs, parts, workers=2, partitions=6, extractor=FAKE) == 120
    assert len(list(parts.glob("part-*.parquet"))) == 6
    write_coded(conn, load_parquet(parts), stats)
    assert stats.coded == 120

    a = open_db(local)
    assert snapshot(conn) == snapshot(a)
    assert merge(conn) == merge(a)
    key = "SELECT key, type, date, n_sources, dead FROM dataset_events ORDER BY key"
    assert list(map(tuple, conn.execute(key))) == list(map(tuple, a.execute(key)))
