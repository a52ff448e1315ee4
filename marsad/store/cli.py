"""``marsad ingest``, ``marsad merge``, ``marsad export`` (registered by marsad/cli.py)."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err = Console(stderr=True)

_FILTER_HELP = {
    "type": "PLOVER type(s), comma-separated (ASSAULT,PROTEST)",
    "country": "ISO3 code(s) of the place (YEM,IRQ)",
    "since": "on/after this date (YYYY-MM-DD, YYYY-MM or YYYY)",
    "until": "on/before this date (YYYY-MM-DD, YYYY-MM or YYYY)",
    "actor": "actor/recipient code or part of a name (ISIS, SAU, Houthi)",
    "bbox": "min_lon,min_lat,max_lon,max_lat",
    "text": "substring of the evidence, place or article text",
}


def _progress(label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} art/s · {task.fields[events]} events · {task.fields[skipped]} skipped"),
                    TimeElapsedColumn(), console=err, transient=False)


def _count_input(paths: list[str]) -> int | None:
    """Quick count of lines for JSONL inputs (for a progress total); None when unknown."""
    import gzip
    total = 0
    for p in paths:
        low = p.lower()
        if not low.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz")) or not Path(p).is_file():
            return None
        try:
            opener = gzip.open if low.endswith(".gz") else open
            with opener(p, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except (OSError, EOFError):
            return None
    return total


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: list[str] = typer.Argument(None, help="articles: .txt, .jsonl(.gz), .html, RSS/Atom, folders, - for stdin"),
        db: Path = typer.Option(Path("marsad.db"), "--db", help="SQLite store (created if missing)"),
        workers: int = typer.Option(max(1, (os.cpu_count() or 2)), "--workers", "-w", help="worker processes"),
        engine: str = typer.Option("local", "--engine", help="local (process pool) or dask"),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask: scheduler address (default: local cluster)"),
        partitions: Optional[int] = typer.Option(None, "--partitions", help="dask: number of partitions"),
        parquet_dir: Optional[Path] = typer.Option(None, "--parquet-dir", help="dask: where coded Parquet partitions go (default DB.parts/)"),
        from_parquet: Optional[Path] = typer.Option(None, "--from-parquet", help="load articles already coded by --engine dask"),
        published: Optional[str] = typer.Option(None, "--published", help="publication date (YYYY-MM-DD) for .txt input"),
        batch: int = typer.Option(64, "--batch", help="articles per committed transaction"),
        merge_after: bool = typer.Option(True, "--merge/--no-merge", help="merge across articles when done"),
        redo_failed: bool = typer.Option(False, "--redo-failed", help="re-code articles whose extraction failed before"),
        extractor: Optional[str] = typer.Option(None, "--extractor", help="module:function coding an Article (default: marsad's pipeline)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    ) -> None:
        """Code articles into the SQLite store: idempotent, crash-safe (re-run after a kill to resume)."""
        from marsad.store.db import known_hashes, open_db, stats as db_stats
        from marsad.store.ingest import IngestStats, prepare, retry_failed, write_coded

        if engine not in ("local", "dask"):
            raise typer.BadParameter("--engine is local or dask")
        if not paths and from_parquet is None:
            raise typer.BadParameter("give PATH… to read, or --from-parquet DIR")
        conn = open_db(db)
        if redo_failed:
            n = retry_failed(conn)
            if n:
                err.print(f"re-coding {n} article(s) that failed before")
        problems_shown = 0

        def on_problem(where: str, reason: str) -> None:
            nonlocal problems_shown
            problems_shown += 1
            if problems_shown <= 50:
                err.print(f"[red]skipped[/] {where}: {reason}")
            elif problems_shown == 51:
                err.print("[red]… more problems: see the ingest_log table[/]")

        stats = IngestStats()
        progress = None if quiet else _progress("ingest")
        task = None

        def on_progress(s: IngestStats) -> None:
            if progress is not None:
                progress.update(task, completed=s.written + s.known + s.duplicates, rate=f"{s.rate:.1f}",
                                events=s.events, skipped=s.known + s.duplicates + s.problems)

        try:
            if progress is not None:
                progress.start()
                total = _count_input(paths) if paths and from_parquet is None else None
                task = progress.add_task("ingest", total=total, rate="-", events=0, skipped=0)
            from marsad.read import read_paths
            if from_parquet is not None:
                from marsad.engines.dask import load_parquet
                write_coded(conn, load_parquet(from_parquet), stats, batch=batch, on_progress=on_progress,
                            on_problem=on_problem)
            elif engine == "dask":
                from marsad.engines.dask import code_to_parquet, load_parquet, records_for
                from marsad.engines.local import Coded
                items = prepare(read_paths(paths, published=published), known_hashes(conn), stats)
                recs, problems = records_for(items)
                write_coded(conn, [Coded(None, problem=p) for p in problems], stats, on_problem=on_problem)
                out = parquet_dir or Path(str(db) + ".parts")
                err.print(f"dask: coding {len(recs)} article(s) in {partitions or max(1, min(len(recs), workers * 4))}"
                          f" partition(s) on {scheduler or f'a local cluster of {workers} worker(s)'} → {out}/")
                code_to_parquet(recs, out, scheduler=scheduler, workers=workers, partitions=partitions,
                                extractor=extractor)
                write_coded(conn, load_parquet(out), stats, batch=batch, on_progress=on_progress, on_problem=on_problem)
            else:
                from marsad.engines.local import code_stream
                items = prepare(read_paths(paths, published=published), known_hashes(conn), stats)
                write_coded(conn, code_stream(items, workers=workers, extractor=extractor), stats, batch=batch,
                            on_progress=on_progress, on_problem=on_problem)
        finally:
            if progress is not None:
                on_progress(stats)
                progress.stop()
        stats.seconds = stats.seconds or (time.perf_counter() - stats.t0)
        err.print(f"{stats.coded} article(s) coded, {stats.failed} failed, {stats.known} already in the store, "
                  f"{stats.duplicates} duplicate(s), {stats.problems} bad input(s) skipped; {stats.events} events; "
                  f"{stats.rate:.1f} articles/s")
        if merge_after:
            from marsad.store.merge import is_stale, merge
            if is_stale(conn) or stats.written:
                m = merge(conn)
                err.print(f"merge: {m['reports']} reports → {m['dataset_events']} dataset events "
                          f"({m['merged']} with several sources, {m['revised']} revised)")
        s = db_stats(conn)
        conn.close()
        err.print(f"{db}: {s['articles']} articles, {s['events']} events, {s['dataset_events']} dataset events")

    @app.command()
    def merge(db: Path = typer.Option(Path("marsad.db"), "--db", help="SQLite store")) -> None:
        """Merge reports of the same happening across articles into dataset events (deterministic)."""
        from marsad.store.db import open_db
        from marsad.store.merge import merge as do_merge
        if not db.exists():
            raise typer.BadParameter(f"{db}: no such store (run marsad ingest first)")
        conn = open_db(db)
        t0 = time.perf_counter()
        m = do_merge(conn)
        conn.close()
        err.print(f"merge: {m['reports']} reports → {m['dataset_events']} dataset events "
                  f"({m['merged']} with several sources, {m['revised']} revised) in {time.perf_counter() - t0:.1f}s")

    @app.command()
    def export(
        db: Path = typer.Option(Path("marsad.db"), "--db", help="SQLite store"),
        fmt: str = typer.Option("plover", "--format", "-f", help="plover | acled | geojson | parquet | csv"),
        output: str = typer.Option("-", "-o", "--output", help="file to write (- = stdout; parquet needs a file)"),
        level: str = typer.Option("dataset", "--level", help="dataset (merged events) or article (each article's own)"),
        type_: Optional[str] = typer.Option(None, "--type", help=_FILTER_HELP["type"]),
        country: Optional[str] = typer.Option(None, "--country", help=_FILTER_HELP["country"]),
        since: Optional[str] = typer.Option(None, "--since", help=_FILTER_HELP["since"]),
        until: Optional[str] = typer.Option(None, "--until", help=_FILTER_HELP["until"]),
        actor: Optional[str] = typer.Option(None, "--actor", help=_FILTER_HELP["actor"]),
        bbox: Optional[str] = typer.Option(None, "--bbox", help=_FILTER_HELP["bbox"]),
        text: Optional[str] = typer.Option(None, "--text", help=_FILTER_HELP["text"]),
        all_types: bool = typer.Option(False, "--all-types", help="acled: keep PLOVER types ACLED has no category for"),
    ) -> None:
        """Export events with shared filters: PLOVER JSONL, ACLED CSV, GeoJSON, Parquet or CSV."""
        from marsad.export import FORMATS, export as do_export
        from marsad.store.db import open_db
        from marsad.store.filters import FilterError, Filters
        from marsad.store.merge import is_stale, merge as do_merge

        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format is one of {', '.join(FORMATS)}")
        if level not in ("dataset", "article"):
            raise typer.BadParameter("--level is dataset or article")
        if not db.exists():
            raise typer.BadParameter(f"{db}: no such store (run marsad ingest first)")
        try:
            filters = Filters(type=type_, country=country, since=since, until=until, actor=actor, bbox=bbox, text=text)
        except FilterError as exc:
            raise typer.BadParameter(str(exc)) from None
        conn = open_db(db)
        if level == "dataset" and is_stale(conn):
            m = do_merge(conn)
            err.print(f"merge first: {m['reports']} reports → {m['dataset_events']} dataset events")
        try:
            n = do_export(conn, fmt, output, filters, level=level, all_types=all_types)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        finally:
            conn.close()
        if output != "-" or not sys.stdout.isatty():
            err.print(f"{n} event(s) written{' to ' + output if output != '-' else ''}")
