"""The HTTP API and the dashboard over a marsad store (FastAPI).

    >>> from marsad.serve.app import create_app
    >>> app = create_app("marsad.db")            # uvicorn marsad.serve.app:app, or `marsad serve`

Reads are open; writes (``POST /api/articles``) need the token in ``MARSAD_TOKEN`` (sent as
``Authorization: Bearer …`` or ``X-Marsad-Token``), compared in constant time. Every query is
parameterised and every filter comes from ``marsad.store.filters`` — the same definitions
``marsad export`` uses. Events are addressed by their stable key: ``MRS-…`` for a dataset event
(after ``marsad merge``), ``<hash16>-<idx>`` for one article's own event.

The dashboard (``/``) is static HTML/JS/CSS from ``marsad/serve/static`` with Leaflet shipped
in the package; it builds every piece of article data into the page with ``textContent``.
"""
from __future__ import annotations

import hmac
import os
import re
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from marsad.records import PLOVER_TYPES
from marsad.store.db import connect, open_db
from marsad.store.filters import FilterError, Filters, from_clause

STATIC = Path(__file__).with_name("static")
MAX_LIMIT = 500
MAX_POINTS = 5000
MAX_TEXT = 1_000_000           # characters of one posted article
_ARTICLE_KEY = re.compile(r"^([0-9a-f]{16})-(\d+)$")
_HASH = re.compile(r"^[0-9a-f]{64}$")

# The dashboard runs no inline script and loads nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")


class ArticleIn(BaseModel):
    """One article to code and store."""
    text: str = Field(..., min_length=1, description="the article's text (Arabic, as published)")
    title: str | None = None
    published: str | None = Field(None, description="publication date YYYY-MM-DD (anchors relative dates)")
    source: str | None = Field(None, description="outlet")
    url: str | None = None
    id: str | None = Field(None, description="your own id for the article")


class Store:
    """One database path; a read connection per worker thread, one lock-guarded writer."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        conn = open_db(self.path)           # creates or migrates once, at start
        conn.close()
        self._local = threading.local()
        self.write_lock = threading.Lock()

    def reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            conn.execute("PRAGMA query_only=1")
            conn.execute("PRAGMA cache_size=-32000")
            conn.execute("PRAGMA mmap_size=268435456")
            self._local.conn = conn
        return conn

    def writer(self) -> sqlite3.Connection:
        return connect(self.path)


# ---------------------------------------------------------------------------------------------
# rows → dicts (the shapes of marsad.export.records, shared with every export format)


def _dataset_dicts(conn: sqlite3.Connection, rows: list) -> list[dict]:
    from marsad.export.records import _dataset_batch
    return list(_dataset_batch(conn, rows)) if rows else []


def _article_dicts(conn: sqlite3.Connection, rows: list) -> list[dict]:
    from marsad.export.records import _article_batch
    return list(_article_batch(conn, rows)) if rows else []


def _from(level: str, f: Filters | None = None) -> str:
    """``from_clause`` with the browse index forced for dataset events: every filter column is in
    it, so pages and counts walk a compact index in date order instead of the wide rows. With an
    actor or text filter the matches come from a lookup (event_actors, the text index) and SQLite
    starts from those rows instead."""
    if level == "dataset" and not (f is not None and (f.actor or f.text)):
        return "FROM dataset_events d INDEXED BY dataset_events_browse"
    return from_clause(level)


def _count_from(level: str, f: Filters) -> str:
    """For a count: a filter on type (and dates) alone or on country alone is answered by its own
    index (events_type_date, events_country); anything else by the browse index."""
    used = {k for k, v in f.to_params().items() if v}
    if level != "dataset" or used <= {"type", "since", "until"} or used == {"country"}:
        return from_clause(level)
    return _from(level, f)


_ART_COLS = ("e.*, a.hash AS article_hash, a.ext_id AS article_ext_id, a.source AS article_source,"
             " a.url AS article_url, a.title AS article_title, a.published AS article_published")


def _order(level: str, sort: str) -> str:
    desc = " DESC" if sort.startswith("-") else ""
    if level == "dataset":
        return f"ORDER BY d.date{desc}, d.key{desc}"
    return f"ORDER BY COALESCE(e.date, a.published){desc}, a.id{desc}, e.idx{desc}"


def _with_article_links(items: list[dict]) -> list[dict]:
    """Give each source the id the API knows its article by (its content hash)."""
    for ev in items:
        for s in ev.get("sources") or []:
            s["article"] = s.get("article_hash")
    return items


# ---------------------------------------------------------------------------------------------


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    """The app over the store at ``db``; ``token`` defaults to the environment's ``MARSAD_TOKEN``."""
    store = Store(db)
    write_token = token if token is not None else os.environ.get("MARSAD_TOKEN") or None

    app = FastAPI(
        title="marsad", version=_version(), docs_url=None, redoc_url=None,
        description="Sourced PLOVER events coded from Arabic news reports. Every figure links back to "
                    "the article, the speaker and the exact characters it came from.")
    app.state.store = store
    app.add_middleware(GZipMiddleware, minimum_size=2048)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/docs"):
            resp.headers.setdefault("Content-Security-Policy", CSP)
            resp.headers.setdefault("X-Frame-Options", "DENY")
        return resp

    @app.exception_handler(FilterError)
    async def bad_filter(_request: Request, exc: FilterError):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def reader() -> sqlite3.Connection:
        return store.reader()

    def filters(type: str | None = Query(None, description="PLOVER type(s), comma-separated: ASSAULT,PROTEST"),
                country: str | None = Query(None, description="ISO3 code(s) of the place: YEM,IRQ"),
                actor: str | None = Query(None, description="actor/recipient code or part of a name: ISIS, SAU, Houthi"),
                since: str | None = Query(None, description="on/after (YYYY-MM-DD, YYYY-MM or YYYY)"),
                until: str | None = Query(None, description="on/before (YYYY-MM-DD, YYYY-MM or YYYY)"),
                bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
                text: str | None = Query(None, description="substring of the evidence, the place or the article",
                                         max_length=200),
                source: str | None = Query(None, description="outlet(s), comma-separated"),
                mode: str | None = Query(None, description="PLOVER mode(s)"),
                min_dead: int | None = Query(None, ge=0, description="at least this many dead"),
                ) -> Filters:
        return Filters.from_params(dict(type=type, country=country, actor=actor, since=since, until=until,
                                        bbox=bbox, text=text, source=source, mode=mode, min_dead=min_dead))

    def level_param(level: str = Query("dataset", pattern="^(dataset|article)$",
                                       description="dataset: merged happenings; article: each article's own events")
                    ) -> str:
        return level

    # -- reads -----------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"], summary="Events matching the filters, one page at a time")
    def list_events(f: Filters = Depends(filters), level: str = Depends(level_param),
                    limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0),
                    sort: str = Query("-date", pattern="^-?date$", description="date (oldest first) or -date"),
                    total: bool = Query(True, description="count all matches (set false to skip the count)"),
                    conn: sqlite3.Connection = Depends(reader)) -> dict[str, Any]:
        where, params = f.where(level)
        cols = "d.*" if level == "dataset" else _ART_COLS
        if level == "dataset" and total and (f.actor or f.text):
            # Actor and text filters look their matches up once per statement (an IN list over
            # event_actors / the text index): one statement lists every matching id in order (from
            # the covering index), giving the total and the page together, then the page is read.
            ids = [r[0] for r in conn.execute(f"SELECT d.id {_from(level, f)} {where} {_order(level, sort)}", params)]
            n = len(ids)
            page = ids[offset:offset + limit]
            by_id = {r["id"]: r for r in conn.execute(
                f"SELECT d.* FROM dataset_events d WHERE d.id IN ({','.join('?' * len(page))})", page)} if page else {}
            rows = [by_id[i] for i in page if i in by_id]
        else:
            rows = conn.execute(f"SELECT {cols} {_from(level, f)} {where} {_order(level, sort)} LIMIT ? OFFSET ?",
                                [*params, limit, offset]).fetchall()
            n = (conn.execute(f"SELECT count(*) {_count_from(level, f)} {where}", params).fetchone()[0]
                 if total else None)
        items = _dataset_dicts(conn, rows) if level == "dataset" else _article_dicts(conn, rows)
        more = len(rows) == limit and (n is None or offset + limit < n)
        return {"total": n, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None,
                "level": level, "filters": f.to_params(), "items": _with_article_links(items)}

    @app.get("/api/events/{key}", tags=["events"],
             summary="One event with its sources, every fatality report and its evidence")
    def get_event(key: str, conn: sqlite3.Connection = Depends(reader)) -> dict[str, Any]:
        m = _ARTICLE_KEY.match(key)
        if m:
            lo = m.group(1)
            row = conn.execute(f"SELECT {_ART_COLS} FROM events e JOIN articles a ON a.id=e.article_id"
                               " WHERE a.hash >= ? AND a.hash < ? AND e.idx = ?",
                               (lo, lo + "g", int(m.group(2)))).fetchone()
            if row is None:
                raise HTTPException(404, f"no event {key}")
            ev = _article_dicts(conn, [row])[0]
            ev["dataset_key"] = _dataset_key(conn, row["id"])
            return _with_article_links([ev])[0]
        from marsad.export.records import event_by_key, revisions
        ev = event_by_key(conn, key)
        if ev is None:
            raise HTTPException(404, f"no event {key}")
        ev["revisions"] = revisions(conn, key)
        return _with_article_links([ev])[0]

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="An article's text with the character spans of every entity and event")
    def get_article(article_id: str, conn: sqlite3.Connection = Depends(reader)) -> dict[str, Any]:
        a = _find_article(conn, article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id}")
        ents: dict[int, dict] = {}
        for r in conn.execute("SELECT id, text, type, name_en, code FROM entities WHERE article_id=? ORDER BY idx",
                              (a["id"],)):
            ents[r["id"]] = {"text": r["text"], "type": r["type"], "name_en": r["name_en"], "code": r["code"],
                             "mentions": []}
        for r in conn.execute('SELECT entity_id, start, "end" FROM mentions WHERE article_id=? ORDER BY start',
                              (a["id"],)):
            if r["entity_id"] in ents:
                ents[r["entity_id"]]["mentions"].append([r["start"], r["end"]])
        evrows = conn.execute(f"SELECT {_ART_COLS} FROM events e JOIN articles a ON a.id=e.article_id"
                              " WHERE e.article_id=? ORDER BY e.idx", (a["id"],)).fetchall()
        events = _article_dicts(conn, evrows)
        ds_keys = {r["event_id"]: r["key"] for r in conn.execute(
            "SELECT s.event_id, d.key FROM dataset_event_sources s JOIN dataset_events d ON d.id=s.dataset_event_id"
            " WHERE s.article_id=?", (a["id"],))}
        for row, ev in zip(evrows, events):
            ev["idx"] = row["idx"]
            ev["dataset_key"] = ds_keys.get(row["id"])
            ev["trigger"] = row["trig"]
            ev["ev_start"], ev["ev_end"] = row["ev_start"], row["ev_end"]
            ev.pop("sources", None)
        return {"article": {"id": a["hash"], "ext_id": a["ext_id"], "source": a["source"], "url": a["url"],
                            "title": a["title"], "published": a["published"], "status": a["status"],
                            "error": a["error"], "n_chars": a["n_chars"], "text": a["text"]},
                "entities": list(ents.values()), "events": events}

    @app.get("/api/stats", tags=["events"], summary="Counts by day, type and country for the filters")
    def get_stats(f: Filters = Depends(filters), level: str = Depends(level_param),
                  conn: sqlite3.Connection = Depends(reader)) -> dict[str, Any]:
        where, params = f.where(level)
        t = "d" if level == "dataset" else "e"
        day = "d.date" if level == "dataset" else "COALESCE(e.date, a.published)"
        by_day: dict[str, dict[str, int]] = {}
        by_type: Counter = Counter()
        total = undated = 0
        for r in conn.execute(f"SELECT {day} AS day, {t}.type AS type, count(*) AS n {from_clause(level)} {where}"
                              " GROUP BY 2, 1", params):
            total += r["n"]
            by_type[r["type"]] += r["n"]
            if r["day"] and len(r["day"]) == 10:
                by_day.setdefault(r["day"], {})[r["type"]] = r["n"]
            else:
                undated += r["n"]
        by_country = {r[0] or "": r[1] for r in conn.execute(
            f"SELECT {t}.country, count(*) {from_clause(level)} {where} GROUP BY 1 ORDER BY 2 DESC", params)}
        return {"total": total, "undated": undated, "level": level, "filters": f.to_params(),
                "by_day": [{"day": d, "counts": by_day[d]} for d in sorted(by_day)],
                "by_type": dict(by_type.most_common()), "by_country": by_country,
                "types": list(PLOVER_TYPES)}

    @app.get("/api/points", tags=["events"],
             summary="Places with events for the map: [lat, lon, count, {type: count}, place, country]")
    def get_points(f: Filters = Depends(filters), level: str = Depends(level_param),
                   conn: sqlite3.Connection = Depends(reader)) -> dict[str, Any]:
        where, params = f.where(level)
        t = "d" if level == "dataset" else "e"
        cond = f"{t}.lat IS NOT NULL AND {t}.lon IS NOT NULL"
        where = f"{where} AND {cond}" if where else f"WHERE {cond}"
        places: dict[tuple, dict] = {}
        for r in conn.execute(f"SELECT round({t}.lat, 4) AS lat, round({t}.lon, 4) AS lon, {t}.type AS type,"
                              f" count(*) AS n, min({t}.id) AS first, max({t}.country) AS country"
                              f" {_from(level, f)} {where} GROUP BY 1, 2, 3", params):
            p = places.setdefault((r["lat"], r["lon"]), {"n": 0, "types": {}, "first": r["first"],
                                                         "country": r["country"]})
            p["n"] += r["n"]
            p["types"][r["type"]] = p["types"].get(r["type"], 0) + r["n"]
            p["first"] = min(p["first"], r["first"])
        pts = sorted(places.items(), key=lambda kv: (-kv[1]["n"], kv[0]))[:MAX_POINTS]
        table = "dataset_events" if level == "dataset" else "events"
        names: dict[int, str | None] = {}
        firsts = [p["first"] for _, p in pts]
        for i in range(0, len(firsts), 900):
            chunk = firsts[i:i + 900]
            names.update(conn.execute(f"SELECT id, coalesce(loc_name_en, loc_text) FROM {table}"
                                      f" WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return {"level": level, "filters": f.to_params(), "n_places": len(places),
                "points": [[lat, lon, p["n"], p["types"], names.get(p["first"]), p["country"]]
                           for (lat, lon), p in pts]}

    # -- writes ----------------------------------------------------------------------------

    def require_token(request: Request) -> None:
        if not write_token:
            raise HTTPException(403, "writes are disabled: start the server with MARSAD_TOKEN set")
        auth = request.headers.get("authorization") or ""
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else request.headers.get("x-marsad-token")
        if not given:
            raise HTTPException(401, "a token is needed to write (Authorization: Bearer …)",
                                headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode("utf-8"), write_token.encode("utf-8")):
            raise HTTPException(403, "wrong token")

    @app.post("/api/articles", tags=["articles"], status_code=201, dependencies=[Depends(require_token)],
              summary="Code one article and store it (needs the MARSAD_TOKEN token)")
    def post_article(art: ArticleIn, response: Response,
                     merge: bool = Query(True, description="re-merge the dataset afterwards")) -> dict[str, Any]:
        from marsad.engines.local import code_article
        from marsad.records import Article
        from marsad.store.db import article_row, insert_article

        if len(art.text) > MAX_TEXT:
            raise HTTPException(413, f"text longer than {MAX_TEXT} characters")
        if art.published:
            try:
                Filters(since=art.published)
            except FilterError:
                raise HTTPException(422, "published: not a date (YYYY-MM-DD)") from None
        article = Article(text=art.text, id=art.id, published=art.published, source=art.source, url=art.url,
                          title=art.title)
        row = article_row(article)
        with store.write_lock:
            conn = store.writer()
            try:
                known = conn.execute("SELECT id, n_events, status FROM articles WHERE hash=?", (row["hash"],)).fetchone()
                if known is not None:
                    response.status_code = 200
                    return {"id": row["hash"], "created": False, "status": known["status"],
                            "n_events": known["n_events"]}
                payload, error = code_article(article)
                with conn:
                    insert_article(conn, row, payload, error=error)
                merged = None
                if merge:
                    from marsad.store.merge import is_stale
                    from marsad.store.merge import merge as do_merge
                    if is_stale(conn):
                        merged = do_merge(conn)
            finally:
                conn.close()
        n = len((payload or {}).get("events") or [])
        return {"id": row["hash"], "created": True, "status": "failed" if payload is None else "done",
                "error": error, "n_events": n, "merge": merged}

    # -- pages -----------------------------------------------------------------------------

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="marsad API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="data:,")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _version() -> str:
    from marsad import __version__
    return __version__


def _dataset_key(conn: sqlite3.Connection, event_id: int) -> str | None:
    r = conn.execute("SELECT d.key FROM dataset_event_sources s JOIN dataset_events d ON d.id=s.dataset_event_id"
                     " WHERE s.event_id=?", (event_id,)).fetchone()
    return r[0] if r else None


def _find_article(conn: sqlite3.Connection, ident: str) -> sqlite3.Row | None:
    """By content hash (the API's article id), the input's own id, or the row number."""
    if _HASH.match(ident):
        r = conn.execute("SELECT * FROM articles WHERE hash=?", (ident,)).fetchone()
        if r is not None:
            return r
    r = conn.execute("SELECT * FROM articles WHERE ext_id=? ORDER BY id LIMIT 1", (ident,)).fetchone()
    if r is None and ident.isdigit():
        r = conn.execute("SELECT * FROM articles WHERE id=?", (int(ident),)).fetchone()
    return r


def _app_from_env() -> FastAPI:
    return create_app(os.environ.get("MARSAD_DB", "marsad.db"))


def __getattr__(name: str):  # ``uvicorn marsad.serve.app:app`` with MARSAD_DB=…
    if name == "app":
        return _app_from_env()
    raise AttributeError(name)
