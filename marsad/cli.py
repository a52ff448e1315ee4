"""The ``marsad`` command line.

Core commands live here; each larger subsystem (knowledge base, NER, store, server) keeps its
commands in its own ``<package>/cli.py`` exposing ``register(app)``, so the CLI grows without every
subsystem editing one file.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="marsad — code Arabic news reports as sourced PLOVER event data.")
err = Console(stderr=True)
# tables are read in a log or a pager as often as in a terminal: give them room when not a TTY
wide = Console(stderr=True, width=None if sys.stderr.isatty() else 180)

# Subsystems that add their own commands (each module defines register(app)).
_PLUGINS = ("marsad.kb.cli", "marsad.ner.cli", "marsad.store.cli", "marsad.serve.cli")


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help=".txt article, JSONL(.gz) of articles, or - for stdin"),
    published: Optional[str] = typer.Option(None, "--published", help="publication date (YYYY-MM-DD) of a .txt article"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write JSONL here instead of stdout"),
    table: bool = typer.Option(False, "--table", help="print a readable table of events on stderr"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Code articles as events: one JSON line per article."""
    from marsad.pipeline import extract_article
    from marsad.read import ReadError, read_paths
    from marsad.render import events_table

    warnings: list[str] = []
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    n_ok = n_bad = 0
    records = read_paths(paths, published=published, warnings=warnings)
    progress = None
    if not quiet and (len(paths) > 1 or any(p.endswith((".jsonl", ".gz", ".ndjson")) for p in paths)):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} art/s"), TimeElapsedColumn(),
                            console=err, transient=True)
    try:
        if progress:
            progress.start()
            task = progress.add_task("extract", total=None, rate="-")
        import time
        t0 = time.perf_counter()
        for rec in records:
            for w in warnings:
                err.print(f"[yellow]warning[/] {w}")
            warnings.clear()
            if isinstance(rec, ReadError):
                n_bad += 1
                err.print(f"[red]skipped[/] {rec}")
                continue
            try:
                result = extract_article(rec)
            except Exception as exc:  # one bad article must not stop the batch
                n_bad += 1
                err.print(f"[red]failed[/] article {rec.id}: {type(exc).__name__}: {exc}")
                continue
            n_ok += 1
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            if table:
                wide.print(events_table(result))
            if progress:
                progress.update(task, advance=1, rate=f"{n_ok / max(time.perf_counter() - t0, 1e-9):.1f}")
    finally:
        if progress:
            progress.stop()
        if output:
            out.close()
        else:
            out.flush()
    if n_bad or not quiet:
        err.print(f"{n_ok} article(s) coded, {n_bad} skipped")
    if n_ok == 0:
        raise typer.Exit(code=1)


def _register_plugins() -> None:
    for name in _PLUGINS:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:   # the subsystem's package is not there at all
            found = False
        if found:
            importlib.import_module(name).register(app)


_register_plugins()

if __name__ == "__main__":  # pragma: no cover
    app()
