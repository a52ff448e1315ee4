"""Merge across articles: one clash reported by two outlets → one event, both sources, both figures."""
from __future__ import annotations

from marsad.records import (Article, ArticleResult, Entity, Event, Evidence, Fatalities, FatalityReport, Location,
                            Speaker)
from marsad.store.db import article_row, insert_article, open_db
from marsad.store.merge import merge

COALITION = ("التحالف", "ORG", "Saudi-led coalition", "SAU", "MIL")
HOUTHIS = ("الحوثيين", "ORG", "Houthis", "HTH", "REB")
ISIS = ("داعش", "ORG", "Islamic State", "IMG", "REB")
IRAQ_ARMY = ("الجيش العراقي", "ORG", "Iraqi Army", "IRQ", "MIL")
TAIZ = Location("تعز", "Taiz", "YEM", 13.5795, 44.0209, precision="city")
TAIZ_NEAR = Location("المسبح", "Al-Masbah, Taiz", "YEM", 13.59, 44.03, precision="point")
ADEN = Location("عدن", "Aden", "YEM", 12.7797, 45.0367, precision="city")
RAMADI = Location("الرمادي", "Ramadi", "IRQ", 33.4258, 43.2992, precision="city")


def ent(spec):
    text, typ, en, code, sector = spec
    return Entity(text, typ, en, code, sector=sector)


def article(conn, aid, text, published, source, events):
    a = Article(text=text, id=aid, published=published, source=source, url=f"http://{source}.example/{aid}")
    evs = []
    for i, e in enumerate(events):
        dead, speaker = e.get("dead"), e.get("speaker")
        fat = None
        if dead is not None:
            k = text.find(str(dead))
            fat = Fatalities(dead, e.get("qualifier", "exact"),
                             reports=[FatalityReport(dead, e.get("qualifier", "exact"), speaker=speaker,
                                                     text=str(dead), start=k, end=k + len(str(dead)))])
        evs.append(Event(id=f"e{i}", type=e["type"], mode=e.get("mode"), evidence=Evidence(text[:40], 0, 40),
                         date=e.get("date"), date_precision=e.get("precision", "day" if e.get("date") else "unknown"),
                         actor=[ent(x) for x in e.get("actor", [])], recipient=[ent(x) for x in e.get("recipient", [])],
                         location=e.get("loc"), fatalities=fat, speaker=Speaker(speaker) if speaker else None,
                         negated=e.get("negated", False), future=e.get("future", False)))
    with conn:
        insert_article(conn, article_row(a), ArticleResult(a, [], evs).to_dict())


A1 = ("قال مصدر طبي في تعز إن 12 شخصا قتلوا الأربعاء في اشتباكات عنيفة بين ميليشيات الحوثيين "
      "والمقاومة الشعبية المدعومة من التحالف في حي المسبح وسط المدينة.")
A2 = ("أكدت وزارة الصحة اليمنية ارتفاع حصيلة المواجهات التي شهدتها مدينة تعز يوم الأربعاء إلى 20 قتيلا، "
      "متهمة الحوثيين بقصف الأحياء السكنية، فيما شنت طائرات التحالف غارات على مواقعهم.")
A3 = ("قال مصدر طبي في تعز إن عدد قتلى اشتباكات الأربعاء ارتفع إلى 18 بعد وفاة ستة من الجرحى "
      "متأثرين بإصاباتهم في مستشفى الثورة.")
B1 = "أعلنت قيادة العمليات المشتركة أن الجيش العراقي قتل 30 من عناصر داعش في معارك شرق الرمادي يوم الأربعاء."
C1 = "خرج المئات في مظاهرة في تعز يوم الأربعاء للمطالبة بفك الحصار عن المدينة."
D1 = "نفى التحالف أن تكون طائراته قد قصفت سوقا شعبيا في عدن الأربعاء، مؤكدا أن الغارات استهدفت مواقع عسكرية."


def build(conn, reverse=False):
    calls = []
    article = lambda *a: calls.append(a)  # noqa: E731
    article(conn, "a1", A1, "2015-07-30", "okaz", [
        {"type": "ASSAULT", "mode": "firearms", "date": "2015-07-29", "actor": [HOUTHIS, COALITION], "loc": TAIZ_NEAR,
         "dead": 12, "speaker": "medical source"}])
    article(conn, "a2", A2, "2015-07-31", "alriyadh", [
        {"type": "ASSAULT", "mode": "heavy-weapons", "date": "2015-07-29", "actor": [HOUTHIS], "loc": TAIZ,
         "dead": 20, "speaker": "Yemeni Ministry of Health"}])
    article(conn, "b1", B1, "2015-07-30", "alwatan", [  # same day, other country and actors
        {"type": "ASSAULT", "mode": "firearms", "date": "2015-07-29", "actor": [IRAQ_ARMY], "recipient": [ISIS],
         "loc": RAMADI, "dead": 30, "speaker": "Joint Operations Command"}])
    article(conn, "c1", C1, "2015-07-30", "okaz", [  # same place and day, other type
        {"type": "PROTEST", "mode": "demo", "date": "2015-07-29", "loc": TAIZ}])
    article(conn, "d1", D1, "2015-07-30", "alwatan", [  # denied: no happening
        {"type": "ASSAULT", "mode": "aerial", "date": "2015-07-29", "actor": [COALITION], "loc": ADEN, "negated": True}])
    for c in (calls[::-1] if reverse else calls):
        globals()["article"](*c)


def dataset(conn):
    return [dict(r) for r in conn.execute("SELECT * FROM dataset_events ORDER BY key")]


def clash(conn):
    (row,) = [r for r in dataset(conn) if r["type"] == "ASSAULT" and r["country"] == "YEM"]
    return row


def test_two_articles_one_clash(tmp_path):
    conn = open_db(tmp_path / "m.db")
    build(conn)
    stats = merge(conn)
    assert stats == {"reports": 4, "dataset_events": 3, "merged": 1, "revised": 0}
    ev = clash(conn)
    assert ev["n_sources"] == 2 and ev["n_articles"] == 2
    assert ev["date"] == "2015-07-29" and ev["date_precision"] == "day"
    assert ev["actor_codes"] == " HTH SAU "
    assert ev["loc_name_en"] == "Al-Masbah, Taiz" and ev["loc_precision"] == "point"  # the most precise place
    srcs = conn.execute("SELECT a.ext_id FROM dataset_event_sources s JOIN articles a ON a.id=s.article_id"
                        " WHERE s.dataset_event_id=? ORDER BY a.ext_id", (ev["id"],)).fetchall()
    assert [r[0] for r in srcs] == ["a1", "a2"]
    # both figures kept, each with its article and speaker; the dataset takes the conservative one
    figs = conn.execute("SELECT f.dead, f.speaker, a.ext_id FROM fatality_reports f JOIN articles a ON a.id=f.article_id"
                        " JOIN dataset_event_sources s ON s.event_id=f.event_id WHERE s.dataset_event_id=?"
                        " ORDER BY f.dead", (ev["id"],)).fetchall()
    assert [tuple(r) for r in figs] == [(12, "medical source", "a1"), (20, "Yemeni Ministry of Health", "a2")]
    assert ev["dead"] == 12 and ev["dead_max"] == 20
    # Iraq stays apart, the protest stays apart, the denied air strike is not a happening
    types = sorted((r["type"], r["country"], r["n_sources"]) for r in dataset(conn))
    assert types == [("ASSAULT", "IRQ", 1), ("ASSAULT", "YEM", 2), ("PROTEST", "YEM", 1)]


def test_merge_is_deterministic(tmp_path):
    conn = open_db(tmp_path / "m.db")
    build(conn)
    merge(conn)
    first = [{k: v for k, v in r.items() if k != "merged_at"} for r in dataset(conn)]
    links = conn.execute("SELECT * FROM dataset_event_sources ORDER BY 1, 2").fetchall()
    assert merge(conn)["revised"] == 0
    assert [{k: v for k, v in r.items() if k != "merged_at"} for r in dataset(conn)] == first
    assert conn.execute("SELECT * FROM dataset_event_sources ORDER BY 1, 2").fetchall() == links
    # the same articles ingested in another order give the same dataset
    other = open_db(tmp_path / "o.db")
    build(other, reverse=True)
    merge(other)
    view = lambda c: [(r["key"], r["type"], r["date"], r["n_sources"], r["dead"], r["actor_codes"])  # noqa: E731
                      for r in dataset(c)]
    assert view(other) == view(conn)


def test_later_report_revises_in_place(tmp_path):
    conn = open_db(tmp_path / "m.db")
    build(conn)
    merge(conn)
    key = clash(conn)["key"]
    # next day the same medical source raises its count: that revises its own earlier figure
    article(conn, "a3", A3, "2015-07-31", "okaz", [
        {"type": "ASSAULT", "mode": "firearms", "date": "2015-07-29", "actor": [HOUTHIS], "loc": TAIZ,
         "dead": 18, "speaker": "medical source"}])
    stats = merge(conn)
    ev = clash(conn)
    assert ev["key"] == key and ev["n_sources"] == 3
    assert ev["dead"] == 18 and ev["dead_max"] == 20  # lowest of medical source (latest: 18) and ministry (20)
    assert stats["revised"] == 1
    rev = conn.execute("SELECT dead, n_sources, note FROM dataset_event_revisions WHERE key=?", (key,)).fetchone()
    assert (rev["dead"], rev["n_sources"]) == (12, 2) and "dead 12 → 18" in rev["note"]
    # the earlier figure is still there with its article
    assert conn.execute("SELECT count(*) FROM fatality_reports WHERE dead=12").fetchone()[0] == 1


def test_dates_and_places_must_agree(tmp_path):
    conn = open_db(tmp_path / "m.db")
    base = {"type": "ASSAULT", "mode": "aerial", "actor": [COALITION], "dead": None}
    article(conn, "p1", "شنت طائرات التحالف غارات على عدن يوم 20 يوليو.", "2015-07-21", "okaz",
            [{**base, "date": "2015-07-20", "loc": ADEN}])
    article(conn, "p2", "شنت طائرات التحالف غارات على عدن يوم 21 يوليو مجددا.", "2015-07-22", "okaz",
            [{**base, "date": "2015-07-21", "loc": ADEN}])           # ±1 day: same raid
    article(conn, "p3", "شنت طائرات التحالف غارات على عدن يوم 25 يوليو.", "2015-07-26", "okaz",
            [{**base, "date": "2015-07-25", "loc": ADEN}])           # 5 days later: another raid
    article(conn, "p4", "شنت طائرات التحالف غارات على تعز يوم 20 يوليو.", "2015-07-21", "okaz",
            [{**base, "date": "2015-07-20", "loc": TAIZ}])           # same day, another city
    article(conn, "p5", "شنت طائرات التحالف غارات على اليمن خلال يوليو.", "2015-07-31", "okaz",
            [{**base, "date": "2015-07-01", "precision": "month", "loc": None}])  # vague: stays apart
    merge(conn)
    groups = sorted(tuple(sorted(r[0] for r in conn.execute(
        "SELECT a.ext_id FROM dataset_event_sources s JOIN articles a ON a.id=s.article_id WHERE s.dataset_event_id=?",
        (d["id"],)))) for d in dataset(conn))
    assert groups == [("p1", "p2"), ("p3",), ("p4",), ("p5",)]


def test_no_drift_and_single_codes_need_a_place(tmp_path):
    conn = open_db(tmp_path / "m.db")
    iran = ("إيران", "GPE", "Iran", "IRN", None)
    saudi = ("السعودية", "GPE", "Saudi Arabia", "SAU", "GOV")
    yemen = ("اليمن", "GPE", "Yemen", "YEM", "GOV")
    d = "2015-07-29"
    article(conn, "s1", "اتهمت السعودية إيران بدعم الحوثيين في اليمن.", "2015-07-29", "okaz",
            [{"type": "ACCUSE", "date": d, "actor": [saudi], "recipient": [iran, HOUTHIS]}])
    article(conn, "s2", "جددت الرياض اتهام طهران بتسليح ميليشيا الحوثي.", "2015-07-29", "alriyadh",
            [{"type": "ACCUSE", "date": d, "actor": [saudi], "recipient": [iran]}])           # SAU+IRN: same
    article(conn, "s3", "اتهمت السعودية الحوثيين بخرق الهدنة في اليمن.", "2015-07-29", "alwatan",
            [{"type": "ACCUSE", "date": d, "actor": [saudi], "recipient": [HOUTHIS, yemen]}])  # SAU+HTH: shares 2
    article(conn, "s4", "اتهمت السعودية المجتمع الدولي بالتقاعس.", "2015-07-29", "okaz",
            [{"type": "ACCUSE", "date": d, "actor": [saudi]}])                                 # SAU alone: apart
    article(conn, "s5", "اتهم مسؤول سعودي جهات لم يسمها بالتحريض.", "2015-07-29", "spa",
            [{"type": "ACCUSE", "date": d, "actor": [saudi]}])                                 # SAU alone: apart
    merge(conn)
    groups = sorted(tuple(sorted(r[0] for r in conn.execute(
        "SELECT a.ext_id FROM dataset_event_sources s JOIN articles a ON a.id=s.article_id WHERE s.dataset_event_id=?",
        (x["id"],)))) for x in dataset(conn))
    assert groups == [("s1", "s2", "s3"), ("s4",), ("s5",)]
