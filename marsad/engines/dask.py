"""Dask engine: the same extraction over partitions of a Dask bag, written as Parquet partitions.

    marsad ingest news.jsonl.gz --db marsad.db --engine dask --workers 2            # local cluster
    marsad ingest news.jsonl.gz --db marsad.db --engine dask --scheduler tcp://host:8786
    marsad ingest --from-parquet coded/ --db marsad.db                               # load later

Articles are read (and deduplicated by content hash) on the client, spread over ``partitions``
bag partitions and coded on the workers with ``marsad.engines.local.code_article`` — the very
function the local engine runs, so both paths give the same events. Each partition becomes one
Parquet file (columns: seq, hash, ext_id, source, url, title, published, text, result_json, error);
``load_parquet`` turns them back into ``Coded`` items for the single store writer, in input order.

On a real cluster every worker needs marsad installed (``pip install marsad[store]``) and the
output folder must be on storage the client can read (a shared filesystem, or s3:// with s3fs).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.engines.local import Coded, code_article
from marsad.records import Article

PARQUET_COLUMNS = ("seq", "hash", "ext_id", "source", "url", "title", "published", "text", "result_json", "error")


def _code_partition(records: Iterable[dict], extractor: str | None = None) -> list[dict]:
    out = []
    for rec in records:
        art = Article(text=rec["text"], id=rec["ext_id"], published=rec["published"], source=rec["source"],
                      url=rec["url"], title=rec["title"])
        payload, error = code_article(art, extractor)
        out.append({**rec, "result_json": json.dumps(payload, ensure_ascii=False) if payload is not None else None,
                    "error": error})
    return out


def _schema():
    import pyarrow as pa
    return pa.schema([("seq", pa.int64())] + [(c, pa.string()) for c in PARQUET_COLUMNS[1:]])


def _write_partition(rows: list[dict], out_dir: str, index: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.Table.from_pylist(rows, schema=_schema())
    pq.write_table(table, str(Path(out_dir) / f"part-{index:05d}.parquet"), compression="zstd")
    return len(rows)


def code_to_parquet(records: list[dict], out_dir: str | Path, scheduler: str | None = None, workers: int = 2,
                    partitions: int | None = None, extractor: str | None = None) -> int:
    """Code ``records`` (dicts with the PARQUET_COLUMNS up to text) on a Dask cluster; returns the count.

    ``scheduler``: address of a running ``dask.distributed`` scheduler; None starts a local cluster
    of ``workers`` single-threaded processes (and stops it afterwards)."""
    import dask
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("part-*.parquet"):
        old.unlink()
    if not records:
        return 0
    nparts = partitions or max(1, min(len(records), workers * 4))
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.from_sequence(records, npartitions=nparts)
        coded = bag.map_partitions(_code_partition, extractor)
        parts = coded.to_delayed()
        writes = [dask.delayed(_write_partition)(p, str(out_dir), i) for i, p in enumerate(parts)]
        counts = dask.compute(*writes)
        return int(sum(counts))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def load_parquet(path: str | Path) -> Iterator[Coded]:
    """``Coded`` items from Parquet written by ``code_to_parquet`` (a folder or one file), by ``seq``."""
    import pyarrow.dataset as ds
    table = ds.dataset(str(path), format="parquet").to_table()
    table = table.sort_by("seq")
    for rec in table.to_pylist():
        art = {"hash": rec["hash"], "ext_id": rec["ext_id"], "source": rec["source"], "url": rec["url"],
               "title": rec["title"], "published": rec["published"], "text": rec["text"]}
        result = json.loads(rec["result_json"]) if rec.get("result_json") else None
        yield Coded(art, result, rec.get("error") if result is None else None)


def records_for(items: Iterable[tuple]) -> tuple[list[dict], list[tuple[str, str]]]:
    """From ``marsad.store.ingest.prepare`` items: (article records with seq, read problems)."""
    recs: list[dict[str, Any]] = []
    problems: list[tuple[str, str]] = []
    for item in items:
        if item[0] == "problem":
            problems.append(item[1])
            continue
        row = item[1]
        recs.append({"seq": len(recs), "hash": row["hash"], "ext_id": row.get("ext_id"), "source": row.get("source"),
                     "url": row.get("url"), "title": row.get("title"), "published": row.get("published"),
                     "text": row["text"]})
    return recs, problems
