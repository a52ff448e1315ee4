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



def test_cli_engine_dask_and_from_parquet(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from marsad.cli import app
    monkeypatch.setenv("PYTHONPATH", FAKE_DIR_ENV)
    src = write_jsonl(tmp_path / "news.jsonl", make_articles(30))
    db, parts = tmp_path / "d.db", tmp_path / "parts"
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "--engine", "dask", "--workers", "2",
                                 "--partitions", "3", "--parquet-dir", str(parts), "--extractor", FAKE, "-q"])
    assert r.exit_code == 0, r.output
    assert "30 article(s) coded" in r.output and len(list(parts.glob("*.parquet"))) == 3
    again = tmp_path / "again.db"
    r = CliRunner().invoke(app, ["ingest", "--from-parquet", str(parts), "--db", str(again), "-q"])
    assert r.exit_code == 0, r.output
    assert snapshot(open_db(again)) == snapshot(open_db(db))


CORPUS = [Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news" / "saudinewsnet-2015.jsonl.gz",
          Path("/work/shared/data/news/saudinewsnet-2015.jsonl.gz")]


@pytest.mark.skipif(not os.environ.get("MARSAD_SLOW"), reason="slow (real extractor, 500 articles): set MARSAD_SLOW=1")
def test_dask_equals_local_on_500_real_articles(tmp_path, monkeypatch):
    import gzip
    import itertools
    corpus = next((p for p in CORPUS if p.exists()), None)
    if corpus is None:
        pytest.skip("SaudiNewsNet corpus not available")
    root = str(Path(__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    src = tmp_path / "s500.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        src.write_text("".join(itertools.islice(fh, 500)), encoding="utf-8")
    ingest_paths(tmp_path / "local.db", [str(src)], workers=2)
    conn = open_db(tmp_path / "dask.db")
    stats = IngestStats()
    recs, _ = records_for(prepare(read_paths([str(src)]), known_hashes(conn), stats))
    code_to_parquet(recs, tmp_path / "parts", workers=2, partitions=8)
    write_coded(conn, load_parquet(tmp_path / "parts"), stats)
    local = open_db(tmp_path / "local.db")
    sa, sb = snapshot(conn), snapshot(local)
    assert len(sa["articles"]) == len(sb["articles"]) >= 490, (len(sa["articles"]), len(sb["articles"]), stats.as_dict())
    assert len(sa["events"]) > 100, len(sa["events"])
    for table in ("articles", "events", "fatality_reports", "entities"):
        assert sa[table] == sb[table], table
