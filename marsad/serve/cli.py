"""``marsad serve`` (registered by marsad/cli.py)."""
from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Path = typer.Option(Path("marsad.db"), "--db", help="SQLite store (created if missing)"),
        host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
        port: int = typer.Option(8000, "--port", help="port to listen on"),
        workers: int = typer.Option(1, "--workers", help="server processes"),
    ) -> None:
        """Serve the API (/api, docs at /docs) and the dashboard (/) over a store."""
        try:
            import uvicorn

            from marsad.serve.app import create_app
        except ImportError as exc:
            raise typer.BadParameter(f"the server needs the serve extras: pip install 'marsad[serve]' ({exc})")
        if not db.exists():
            err.print(f"[yellow]{db} does not exist yet: starting with an empty store[/] "
                      f"(fill it with `marsad ingest ARTICLES --db {db}`)")
        writes = "enabled (MARSAD_TOKEN set)" if os.environ.get("MARSAD_TOKEN") else "disabled (set MARSAD_TOKEN)"
        err.print(f"marsad: dashboard http://{host}:{port}/ · API docs http://{host}:{port}/docs · writes {writes}")
        if workers > 1:
            os.environ["MARSAD_DB"] = str(db)
            uvicorn.run("marsad.serve.app:app", host=host, port=port, workers=workers, log_level="warning")
        else:
            uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
