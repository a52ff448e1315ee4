"""The SQLite store: open, migrate, write one article's rows, read them back.

    >>> from marsad.store.db import open_db, insert_article
    >>> conn = open_db("marsad.db")            # creates or migrates; WAL mode
    >>> with conn:                              # one transaction
    ...     insert_article(conn, article_row(article), result.to_dict())

The schema lives in ``schema.sql`` (the current version, used for a fresh database); an older
database (``PRAGMA user_version`` < ``SCHEMA_VERSION``) is brought up to date by the files
``migrations/NNNN_*.sql`` with NNNN greater than its version, in order, each in one transaction.

Crash safety: an article's rows (article with its status, entities, mentions, events, actors,
fatality reports) are written by ``insert_article`` inside the caller's transaction, so a killed
process leaves either all of an article or none of it; re-running skips articles whose hash is
already present (``known_hashes``).
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import date as date_cls, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 3
_MIGRATIONS = Path(__file__).with_name("migrations")
_WS = re.compile(r"\s+")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")


class StoreError(RuntimeError):
    pass


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def schema_sql() -> str:
    return resources.files("marsad.store").joinpath("schema.sql").read_text(encoding="utf-8")


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection with WAL, foreign keys and Row results; no schema work (see ``open_db``)."""
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=60000")
    return conn


def migrations(directory: Path = _MIGRATIONS) -> list[tuple[int, Path]]:
    out = []
    if directory.is_dir():
        for p in sorted(directory.glob("*.sql")):
            m = re.match(r"(\d+)_", p.name)
            if m:
                out.append((int(m.group(1)), p))
    return sorted(out)


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION,
            directory: Path = _MIGRATIONS) -> int:
    """Create the schema in an empty database or apply pending migrations; returns the version."""
    v = user_version(conn)
    if v > target:
        raise StoreError(f"database schema version {v} is newer than this marsad ({target}); upgrade marsad")
    if v == target:
        return v
    has_tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").fetchone()[0]
    if v == 0 and not has_tables:
        conn.executescript("BEGIN;\n" + schema_sql() + f"\nPRAGMA user_version={target};\nCOMMIT;")
        return target
    if v == 0:
        raise StoreError("not a marsad database (tables present but no schema version)")
    for n, path in migrations(directory):
        if v < n <= target:
            sql = path.read_text(encoding="utf-8")
            try:
                conn.executescript("BEGIN;\n" + sql + f"\nPRAGMA user_version={n};\nCOMMIT;")
            except sqlite3.Error as exc:
                conn.rollback()
                raise StoreError(f"migration {path.name} failed: {exc}") from exc
            v = n
    if v != target:
        raise StoreError(f"no migration path from schema version {v} to {target}")
    return v


def open_db(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating or migrating as needed) a marsad database."""
    if readonly:
        conn = connect(path, readonly=True)
        v = user_version(conn)
        if v != SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {v}, expected {SCHEMA_VERSION} (run `marsad ingest` or migrate)")
        return conn
    conn = connect(path)
    migrate(conn)
    return conn


# --------------------------------------------------------------------------------------------
# identity and rows


def normalise_for_hash(text: str) -> str:
    return _WS.sub(" ", _BIDI.sub("", text)).strip()


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its text with whitespace and bidi controls normalised."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def article_row(article: Any) -> dict[str, Any]:
    """The ``articles`` columns for an ``Article`` (or a dict with the same fields)."""
    get = article.get if isinstance(article, dict) else (lambda k, d=None: getattr(article, k, d))
    text = get("text") or ""
    return {"hash": get("hash") or content_hash(text), "ext_id": get("id"), "source": get("source"),
            "url": get("url"), "title": get("title"), "published": get("published"), "text": text}


def _codes(parts: Iterable[dict]) -> str:
    codes = sorted({p.get("code") for p in parts if p.get("code")})
    return (" " + " ".join(codes) + " ") if codes else ""


def _int(v):
    try:
        return None if v is None else int(v)
    except (TypeError, ValueError):
        return None


def _float(v):
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def full_date(value: Any) -> str | None:
    """'2015' → '2015-01-01', '2015-07' → '2015-07-01', '2015-07-30T…' → '2015-07-30'; None if not a date.

    Event dates of month/year precision may come as 'YYYY-MM' or 'YYYY'; the store keeps the first
    day of the period (``date_precision`` says how much of it is meant; the extractor's own value
    stays in ``events.json``), so date filters and sorting compare like with like."""
    if value in (None, ""):
        return None
    m = _PARTIAL_DATE.match(str(value).strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2) or "01", m.group(3) or "01"
    try:
        return date_cls(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def known_hashes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT hash FROM articles")}


def has_article(conn: sqlite3.Connection, hash_: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE hash=?", (hash_,)).fetchone() is not None


def insert_article(conn: sqlite3.Connection, art: dict[str, Any], result: dict[str, Any] | None,
                   error: str | None = None, extractor: str | None = None) -> int | None:
    """Write one article and everything extracted from it. No commit: call inside a transaction.

    ``art``: ``article_row(...)``; ``result``: ``ArticleResult.to_dict()`` (None when extraction
    failed; then ``error`` says why and the article is stored with status 'failed').
    Returns the article's row id, or None when an article with the same hash is already stored.
    """
    if has_article(conn, art["hash"]):
        return None
    if extractor is None:
        from marsad import __version__ as extractor
    events = (result or {}).get("events") or []
    cur = conn.execute(
        "INSERT INTO articles(hash, ext_id, source, url, title, published, text, n_chars, status, error,"
        " n_events, extractor, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (art["hash"], art.get("ext_id"), art.get("source"), art.get("url"), art.get("title"),
         art.get("published"), art["text"], len(art["text"]), "failed" if result is None else "done",
         error, len(events), extractor, now_utc()))
    aid = cur.lastrowid
    if result is None:
        return aid
    for i, ent in enumerate(result.get("entities") or []):
        eid = conn.execute(
            "INSERT INTO entities(article_id, idx, text, type, name_en, code) VALUES (?,?,?,?,?,?)",
            (aid, i, ent.get("text") or "", ent.get("type") or "", ent.get("name_en"), ent.get("code"))).lastrowid
        conn.executemany("INSERT INTO mentions(article_id, entity_id, start, \"end\") VALUES (?,?,?,?)",
                         [(aid, eid, int(m[0]), int(m[1])) for m in ent.get("mentions") or [] if len(m) >= 2])
    for i, ev in enumerate(events):
        insert_event(conn, aid, i, ev)
    return aid


def insert_event(conn: sqlite3.Connection, article_id: int, idx: int, ev: dict[str, Any]) -> int:
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    spk = ev.get("speaker") or {}
    evid = ev.get("evidence") or {}
    actors = ev.get("actor") or []
    recips = ev.get("recipient") or []
    ctx = ev.get("context")
    if isinstance(ctx, (list, tuple)):
        ctx = ",".join(str(c) for c in ctx)
    cur = conn.execute(
        "INSERT INTO events(article_id, idx, event_key, type, mode, context, date, date_precision,"
        " actor_codes, recipient_codes, loc_text, loc_name_en, country, lat, lon, geonameid, loc_precision,"
        " dead, dead_qualifier, injured, speaker, speaker_en, speaker_code, negated, future, confidence,"
        " trig, evidence, ev_start, ev_end, json)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (article_id, idx, ev.get("id"), ev.get("type") or "", ev.get("mode"), ctx, full_date(ev.get("date")),
         ev.get("date_precision") or "unknown", _codes(actors), _codes(recips),
         loc.get("text"), loc.get("name_en"), loc.get("country"), _float(loc.get("lat")), _float(loc.get("lon")),
         _int(loc.get("geonameid")), loc.get("precision"),
         _int(fat.get("dead")), fat.get("qualifier"), _int(fat.get("injured")),
         spk.get("text"), spk.get("name_en"), spk.get("code"),
         1 if ev.get("negated") else 0, 1 if ev.get("future") else 0, _float(ev.get("confidence")),
         ev.get("trigger"), evid.get("text"), _int(evid.get("start")), _int(evid.get("end")),
         json.dumps(ev, ensure_ascii=False, sort_keys=True)))
    evid_id = cur.lastrowid
    rows = []
    for role, parts in (("actor", actors), ("recipient", recips)):
        for pos, p in enumerate(parts):
            rows.append((evid_id, role, pos, p.get("text"), p.get("type"), p.get("name_en"), p.get("code"),
                         p.get("sector")))
    conn.executemany("INSERT INTO event_actors(event_id, role, pos, text, type, name_en, code, sector)"
                     " VALUES (?,?,?,?,?,?,?,?)", rows)
    reports = fat.get("reports") or []
    if not reports and fat.get("dead") is not None:
        # A figure with no report detail still gets one report row, so merge sees every figure.
        reports = [{"dead": fat.get("dead"), "qualifier": fat.get("qualifier"), "injured": fat.get("injured"),
                    "speaker": spk.get("name_en") or spk.get("text"), "text": evid.get("text"),
                    "start": evid.get("start"), "end": evid.get("end")}]
    conn.executemany(
        "INSERT INTO fatality_reports(event_id, article_id, pos, dead, injured, qualifier, side, speaker,"
        " text, start, \"end\") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(evid_id, article_id, pos, _int(r.get("dead")), _int(r.get("injured")), r.get("qualifier"),
          r.get("side"), r.get("speaker"), r.get("text"), _int(r.get("start")), _int(r.get("end")))
         for pos, r in enumerate(reports)])
    return evid_id


def log_problem(conn: sqlite3.Connection, where: str, reason: str) -> None:
    conn.execute('INSERT OR IGNORE INTO ingest_log(at, "where", reason) VALUES (?,?,?)', (now_utc(), where, reason))


def delete_article(conn: sqlite3.Connection, hash_: str) -> bool:
    """Remove an article and everything extracted from it (e.g. to re-code it). No commit."""
    return conn.execute("DELETE FROM articles WHERE hash=?", (hash_,)).rowcount > 0


# --------------------------------------------------------------------------------------------
# reading back


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for t in ("articles", "entities", "mentions", "events", "fatality_reports", "dataset_events"):
        out[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
    out["failed"] = conn.execute("SELECT count(*) FROM articles WHERE status='failed'").fetchone()[0]
    return out


def event_dict(conn: sqlite3.Connection, event_id: int) -> dict[str, Any]:
    """An article-level event as the extractor produced it, plus its article's identity."""
    r = conn.execute("SELECT e.json, a.hash, a.ext_id, a.source, a.url, a.published FROM events e"
                     " JOIN articles a ON a.id=e.article_id WHERE e.id=?", (event_id,)).fetchone()
    if r is None:
        raise KeyError(event_id)
    d = json.loads(r["json"])
    d["article"] = {"hash": r["hash"], "id": r["ext_id"], "source": r["source"], "url": r["url"],
                    "published": r["published"]}
    return d


def article_by_hash(conn: sqlite3.Connection, hash_: str) -> dict[str, Any] | None:
    """An article with its text (evidence offsets point into it), its entities and its events."""
    a = conn.execute("SELECT * FROM articles WHERE hash=?", (hash_,)).fetchone()
    if a is None:
        return None
    out = dict(a)
    out["entities"] = [dict(r) | {"mentions": [[m["start"], m["end"]] for m in conn.execute(
        'SELECT start, "end" FROM mentions WHERE entity_id=? ORDER BY start', (r["id"],))]}
        for r in conn.execute("SELECT id, idx, text, type, name_en, code FROM entities WHERE article_id=? ORDER BY idx",
                              (a["id"],))]
    out["events"] = [json.loads(r["json"]) | {"event_id": r["id"]} for r in conn.execute(
        "SELECT id, json FROM events WHERE article_id=? ORDER BY idx", (a["id"],))]
    return out


def snapshot(conn: sqlite3.Connection) -> dict[str, list]:
    """A comparable picture of the store's content (no timestamps): for tests and crash checks."""
    arts = [tuple(r) for r in conn.execute(
        "SELECT hash, ext_id, source, published, status, n_events FROM articles ORDER BY hash")]
    evs = [tuple(r) for r in conn.execute(
        "SELECT a.hash, e.idx, e.type, e.date, e.actor_codes, e.recipient_codes, e.country, e.dead, e.json"
        " FROM events e JOIN articles a ON a.id=e.article_id ORDER BY a.hash, e.idx")]
    ents = [tuple(r) for r in conn.execute(
        "SELECT a.hash, n.idx, n.text, n.type, n.code, (SELECT count(*) FROM mentions m WHERE m.entity_id=n.id)"
        " FROM entities n JOIN articles a ON a.id=n.article_id ORDER BY a.hash, n.idx")]
    fats = [tuple(r) for r in conn.execute(
        "SELECT a.hash, e.idx, f.pos, f.dead, f.speaker FROM fatality_reports f JOIN events e ON e.id=f.event_id"
        " JOIN articles a ON a.id=f.article_id ORDER BY a.hash, e.idx, f.pos")]
    return {"articles": arts, "events": evs, "entities": ents, "fatality_reports": fats}
