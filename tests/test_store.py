"""Store: schema and migrations, idempotent ingest, failed articles, shared filters, the CLI."""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from marsad.records import (Article, ArticleResult, Entity, Event, Evidence, Fatalities, FatalityReport, Location,
                            Speaker)
from marsad.store import db as dbm
from marsad.store.db import SCHEMA_VERSION, StoreError, article_row, content_hash, insert_article, open_db, snapshot
from marsad.store.filters import FilterError, Filters, count, select
from marsad.store.ingest import ingest_paths
from marsad.store.merge import merge

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "data" / "store"))
FAKE = "fake_extractor:extract"
FAKE_DIR_ENV = os.pathsep.join([str(HERE / "data" / "store"), str(HERE.parent), os.environ.get("PYTHONPATH", "")])

PLACES = [("صنعاء", "YEM"), ("عدن", "YEM"), ("تعز", "YEM"), ("بغداد", "IRQ"), ("الرمادي", "IRQ"), ("حلب", "SYR")]
TEMPLATES = [
    "أعلنت مصادر طبية في {p} مقتل {n} مدنيين في غارات شنها طيران التحالف على أحياء سكنية، فيما تواصلت "
    "الاشتباكات بين ميليشيا الحوثي والمقاومة الشعبية في أطراف المدينة. ({k})",
    "قالت الشرطة إنها تمكنت من القبض على {n} مشتبها بهم في {p} بعد مداهمة منزل يستخدمه عناصر تنظيم داعش. ({k})",
    "خرج المئات في مظاهرة حاشدة وسط {p} للمطالبة بتحسين الخدمات، ورفع المتظاهرين لافتات تندد بالفساد. ({k})",
    "استقبل وزير الخارجية في الرياض نظيره القادم من {p} وبحث معه تطورات الأوضاع في المنطقة. ({k})",
]


def make_articles(n: int, start_day: int = 1) -> list[dict]:
    out = []
    for i in range(n):
        p, _ = PLACES[i % len(PLACES)]
        text = TEMPLATES[i % len(TEMPLATES)].format(p=p, n=3 + i % 17, k=f"رقم {i}")
        out.append({"id": f"t{i}", "published": f"2015-07-{start_day + (i % 5) * 6:02d}",
                    "source": ["alriyadh", "okaz", "alwatan"][i % 3], "url": f"http://example.org/{i}", "text": text})
    return out


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def one_result(text="قتل 5 أشخاص في غارة على صنعاء", published="2015-07-30") -> ArticleResult:
    a = Article(text=text, id="x1", published=published, source="saba")
    e = Event(id="e1", type="ASSAULT", mode="aerial", evidence=Evidence(text[:10], 0, 10), date="2015-07-29",
              date_precision="day", actor=[Entity("التحالف", "ORG", "Saudi-led coalition", "SAU", sector="MIL")],
              location=Location("صنعاء", "Sanaa", "YEM", 15.35, 44.2, precision="city"),
              fatalities=Fatalities(5, "exact", reports=[FatalityReport(5, "exact", speaker="Saba", text="5", start=4, end=5)]),
              speaker=Speaker("سبأ", "Saba"))
    return ArticleResult(a, [Entity("صنعاء", "GPE", "Sanaa", "YEM", [[22, 27]])], [e])


def test_fresh_schema_wal_and_version(tmp_path):
    conn = open_db(tmp_path / "m.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert dbm.user_version(conn) == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "entities", "mentions", "events", "event_actors", "fatality_reports", "dataset_events",
            "dataset_event_sources", "dataset_event_revisions", "ingest_log"} <= tables


def test_migrations_apply_in_order_and_refuse_newer(tmp_path):
    conn = open_db(tmp_path / "m.db")
    mig = tmp_path / "migrations"
    mig.mkdir()
    (mig / f"{SCHEMA_VERSION + 1:04d}_add_language.sql").write_text("ALTER TABLE articles ADD COLUMN language TEXT;")
    (mig / f"{SCHEMA_VERSION + 2:04d}_index_language.sql").write_text("CREATE INDEX articles_lang ON articles(language);")
    assert dbm.migrate(conn, target=SCHEMA_VERSION + 2, directory=mig) == SCHEMA_VERSION + 2
    cols = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    assert "language" in cols
    with pytest.raises(StoreError, match="newer"):
        dbm.migrate(conn, target=SCHEMA_VERSION)
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t(x)")
    other.commit()
    with pytest.raises(StoreError, match="not a marsad database"):
        open_db(tmp_path / "other.db")


def test_insert_is_idempotent_and_keeps_everything(tmp_path):
    conn = open_db(tmp_path / "m.db")
    r = one_result()
    row = article_row(r.article)
    with conn:
        assert insert_article(conn, row, r.to_dict()) == 1
    with conn:  # same text, other id and extra whitespace: same article
        row2 = article_row(Article(text="  " + r.article.text.replace(" ", "  ") + "\n", id="other"))
        assert row2["hash"] == row["hash"]
        assert insert_article(conn, row2, r.to_dict()) is None
    s = dbm.stats(conn)
    assert (s["articles"], s["entities"], s["mentions"], s["events"], s["fatality_reports"]) == (1, 1, 1, 1, 1)
    ev = conn.execute("SELECT * FROM events").fetchone()
    assert ev["type"] == "ASSAULT" and ev["actor_codes"] == " SAU " and ev["country"] == "YEM" and ev["dead"] == 5
    assert ev["speaker_en"] == "Saba"
    assert json.loads(ev["json"])["evidence"]["start"] == 0
    x = conn.execute("SELECT * FROM event_actors").fetchone()
    assert (x["role"], x["code"], x["sector"]) == ("actor", "SAU", None)  # to_dict refs carry no sector
    assert content_hash("أ\u200fب") == content_hash("أب")


def test_ingest_idempotent_failed_and_bad_input(tmp_path):
    recs = make_articles(40)
    recs.append({"id": "boom", "published": "2015-07-20", "text": "نص يجعل انهيار_المستخرج يحدث"})
    src = write_jsonl(tmp_path / "a.jsonl", recs)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
        fh.write(json.dumps(recs[0], ensure_ascii=False) + "\n")  # duplicate
    db = tmp_path / "m.db"
    s1 = ingest_paths(db, [str(src)], workers=1, extractor=FAKE)
    assert (s1.coded, s1.failed, s1.problems, s1.duplicates) == (40, 1, 1, 1)
    conn = open_db(db)
    snap1 = snapshot(conn)
    assert conn.execute("SELECT status, error FROM articles WHERE ext_id='boom'").fetchone()[0] == "failed"
    assert conn.execute('SELECT "where" FROM ingest_log').fetchone()[0] == f"{src}:42"
    s2 = ingest_paths(db, [str(src)], workers=2, extractor=FAKE)
    assert (s2.coded, s2.failed, s2.known) == (0, 0, 42)  # the duplicate line is known too
    assert snapshot(conn) == snap1
    assert conn.execute("SELECT count(*) FROM ingest_log").fetchone()[0] == 1
    s3 = ingest_paths(db, [str(src)], workers=1, extractor=FAKE, redo_failed=True)
    assert (s3.coded, s3.failed) == (0, 1)  # re-coded, fails again, still recorded once
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 41


def test_pool_and_single_process_give_the_same_store(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", make_articles(60))
    ingest_paths(tmp_path / "one.db", [str(src)], workers=1, extractor=FAKE)
    ingest_paths(tmp_path / "two.db", [str(src)], workers=2, extractor=FAKE)
    a, b = open_db(tmp_path / "one.db"), open_db(tmp_path / "two.db")
    assert snapshot(a) == snapshot(b)
    ids = "SELECT a.hash, e.id FROM events e JOIN articles a ON a.id=e.article_id ORDER BY e.id"
    assert list(map(tuple, a.execute(ids))) == list(map(tuple, b.execute(ids)))


@pytest.fixture()
def filled(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", make_articles(80))
    db = tmp_path / "m.db"
    ingest_paths(db, [str(src)], workers=1, extractor=FAKE)
    conn = open_db(db)
    merge(conn)
    return conn


def test_filters_on_both_levels(filled):
    conn = filled
    for level in ("dataset", "article"):
        total = count(conn, Filters(), level)
        assert total > 0
        assault = count(conn, Filters(type="ASSAULT"), level)
        protest = count(conn, Filters(type="protest"), level)
        assert 0 < assault < total and 0 < protest < total
        assert count(conn, Filters(type="ASSAULT,PROTEST"), level) == assault + protest
        yem = count(conn, Filters(country="YEM"), level)
        assert 0 < yem < total
        assert count(conn, Filters(country="YEM,IRQ,SYR"), level) == count(conn, Filters(country="YEM,IRQ,SYR,XXX"), level)
        # dates are inclusive; a month works as a range
        assert count(conn, Filters(since="2015-07-01", until="2015-07-31"), level) == total
        assert count(conn, Filters(since="2015-07"), level) == total
        early = count(conn, Filters(until="2015-07-01"), level)
        assert 0 < early < total
        assert early + count(conn, Filters(since="2015-07-02"), level) == total
        # actor: code or part of a name, actor or recipient side
        sau = count(conn, Filters(actor="SAU"), level)
        assert 0 < sau == count(conn, Filters(actor="coalition"), level)
        assert count(conn, Filters(actor="داعش"), level) == count(conn, Filters(actor="IMG"), level) > 0
        # bbox around Yemen catches exactly the located Yemeni events
        yem_geo = count(conn, Filters(bbox="41,12,46,18"), level)
        assert yem_geo == yem
        assert count(conn, Filters(text="الرمادي"), level) > 0
        both = list(select(conn, Filters(type="ASSAULT", country="IRQ"), level))  # filters AND together
        assert both and all(r["type"] == "ASSAULT" and r["country"] == "IRQ" for r in both)
        assert len(both) == sum(1 for r in select(conn, Filters(country="IRQ"), level) if r["type"] == "ASSAULT")
        rows = list(select(conn, Filters(type="ASSAULT"), level, limit=3, offset=1))
        assert len(rows) == 3 and all(r["type"] == "ASSAULT" for r in rows)


def test_filter_errors_and_params():
    with pytest.raises(FilterError, match="unknown PLOVER type"):
        Filters(type="BOMBING")
    with pytest.raises(FilterError, match="not a date"):
        Filters(since="30/07/2015")
    with pytest.raises(FilterError, match="after until"):
        Filters(since="2015-08-01", until="2015-07-01")
    with pytest.raises(FilterError, match="bbox"):
        Filters(bbox="44,15,46")
    f = Filters.from_params({"type": "assault", "country": "yem", "until": "2015-07", "page": "2", "actor": ""})
    assert f.type == ["ASSAULT"] and f.country == ["YEM"] and f.until == "2015-07-31" and f.actor == []
    assert Filters.from_params(f.to_params()) == f
    assert Filters().is_empty() and not f.is_empty()


def test_cli_ingest_merge_export(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app
    src = write_jsonl(tmp_path / "a.jsonl", make_articles(24))
    db = tmp_path / "cli.db"
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "--workers", "1", "--extractor", FAKE, "-q"])
    assert r.exit_code == 0, r.output
    assert "24 article(s) coded" in r.output and "dataset events" in r.output
    r = CliRunner().invoke(app, ["merge", "--db", str(db)])
    assert r.exit_code == 0 and "dataset events" in r.output
    out = tmp_path / "e.jsonl"
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "plover", "-o", str(out), "--type", "ASSAULT"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["event"] == ["ASSAULT"] for x in lines)
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "plover", "--type", "BOMBING"])
    assert r.exit_code != 0 and "unknown PLOVER type" in r.output


def test_partial_dates_are_stored_as_period_starts(tmp_path):
    from marsad.store.db import full_date
    assert [full_date(x) for x in ("2020", "2015-07", "2015-07-30T10:00", "2015-02-30", "قبل أيام", None)] == [
        "2020-01-01", "2015-07-01", "2015-07-30", None, None, None]
    conn = open_db(tmp_path / "m.db")
    r = one_result()
    d = r.to_dict()
    d["events"][0]["date"], d["events"][0]["date_precision"] = "2020", "year"
    with conn:
        insert_article(conn, article_row(r.article), d)
    row = conn.execute("SELECT date, date_precision, json FROM events").fetchone()
    assert (row["date"], row["date_precision"]) == ("2020-01-01", "year")
    assert json.loads(row["json"])["date"] == "2020"  # the extractor's value is kept as it was
    assert count(conn, Filters(since="2020", until="2020"), "article") == 1
