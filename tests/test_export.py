"""Exports: PLOVER JSONL, ACLED CSV (pandas dtypes), GeoJSON (RFC 7946), Parquet, CSV, with filters."""
from __future__ import annotations

import csv
import json

import pytest

from marsad.export import export
from marsad.export.acled import COLUMNS as ACLED_COLUMNS, DTYPES, acled_type
from marsad.export.records import iter_events
from marsad.records import PLOVER_TYPES
from marsad.store.db import open_db
from marsad.store.filters import Filters
from marsad.store.merge import merge
from test_merge import COALITION, article, build

pd = pytest.importorskip("pandas")


@pytest.fixture()
def store(tmp_path):
    conn = open_db(tmp_path / "m.db")
    build(conn)
    article(conn, "v1", "استقبل خادم الحرمين الشريفين في الرياض وزير الخارجية اليمني وبحث معه تطورات الأوضاع.",
            "2015-07-30", "spa", [{"type": "CONSULT", "mode": "visit", "date": "2015-07-29", "actor": [COALITION]}])
    merge(conn)
    return conn


def test_plover_jsonl(store, tmp_path):
    out = tmp_path / "e.jsonl"
    n = export(store, "plover", out)
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(recs) == 4
    for r in recs:  # the manual's required fields
        assert r["id"] and r["date"] and isinstance(r["actor"], list) and r["event"][0] in PLOVER_TYPES
        assert r["quad_code"] in (1, 2, 3, 4)
    clash = next(r for r in recs if r["event"] == ["ASSAULT"] and r["event_loc"]["country_code"] == "YEM")
    assert {a["code"] for a in clash["actor"]} == {"HTH", "SAU"}
    assert clash["actor"][0]["identifier_text"] in ("Houthis", "Saudi-led coalition")
    assert clash["size"] == {"dead": 12, "injured": None} and clash["quad_code"] == 4
    assert [c["publication"] for c in clash["cite_info"]] == ["okaz", "alriyadh"]
    assert all(c["language"] == "ar" for c in clash["cite_info"])
    assert sorted((f["dead"], f["speaker"]) for f in clash["fatality_reports"]) == [
        (12, "medical source"), (20, "Yemeni Ministry of Health")]
    assert sum(f["chosen"] for f in clash["fatality_reports"]) == 1
    assert clash["event_loc"]["resolved_place"] == "Al-Masbah, Taiz" and clash["event_loc"]["resolution"] == 5
    consult = next(r for r in recs if r["event"] == ["CONSULT"])
    assert consult["quad_code"] == 1 and consult["mode"] == ["visit"]


def test_acled_csv_reads_with_acled_dtypes(store, tmp_path):
    out = tmp_path / "acled.csv"
    n = export(store, "acled", out)
    df = pd.read_csv(out, dtype=DTYPES, parse_dates=["event_date"], keep_default_na=False, na_values={"latitude": [""], "longitude": [""]})
    assert list(df.columns) == ACLED_COLUMNS and len(df) == n == 3  # CONSULT has no ACLED category
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert df["fatalities"].dtype == "int64" and df["latitude"].dtype == "float64" and df["iso"].dtype == "int64"
    irq = df[df["country"] == "Iraq"].iloc[0]
    assert (irq["event_type"], irq["sub_event_type"], irq["disorder_type"]) == ("Battles", "Armed clash", "Political violence")
    assert (irq["actor1"], irq["inter1"], irq["actor2"], irq["inter2"], irq["interaction"]) == (
        "Iraqi Army", 1, "Islamic State", 2, 12)
    assert (irq["iso"], irq["region"], irq["fatalities"], irq["year"]) == (368, "Middle East", 30, 2015)
    yem = df[(df["country"] == "Yemen") & (df["disorder_type"] == "Political violence")].iloc[0]
    assert yem["fatalities"] == 12 and yem["source"] == "alriyadh; okaz"
    assert "12 (medical source, okaz 2015-07-30)" in yem["notes"] and "20 (Yemeni Ministry of Health" in yem["notes"]
    prot = df[df["event_type"] == "Protests"].iloc[0]
    assert (prot["sub_event_type"], prot["inter1"], prot["fatalities"]) == ("Peaceful protest", 0, 0)
    assert export(store, "acled", tmp_path / "all.csv", all_types=True) == 4


def test_plover_to_acled_map_is_complete():
    for t in PLOVER_TYPES:
        kind = acled_type({"type": t, "mode": None}, all_types=True)
        assert kind and kind[0] in ("Political violence", "Demonstrations", "Strategic developments")
    assert acled_type({"type": "ASSAULT", "mode": "aerial"})[1:] == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_type({"type": "ASSAULT", "mode": "firearms", "recipients": [{"sector": "CVL"}]})[1:] == (
        "Violence against civilians", "Attack")
    assert acled_type({"type": "PROTEST", "mode": "riot"})[1:] == ("Riots", "Violent demonstration")
    assert acled_type({"type": "COERCE", "mode": "arrest"})[1:] == ("Strategic developments", "Arrests")
    assert acled_type({"type": "ACCUSE", "mode": "disapprove"}) is None


def test_geojson_is_valid_rfc7946(store, tmp_path):
    out = tmp_path / "e.geojson"
    n = export(store, "geojson", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == n == 3  # CONSULT has no place
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float) and -180 <= lon <= 180 and -90 <= lat <= 90
    ramadi = next(f for f in doc["features"] if f["properties"]["country"] == "IRQ")
    assert ramadi["geometry"]["coordinates"] == [43.2992, 33.4258]  # [lon, lat] order
    assert ramadi["properties"]["dead"] == 30 and ramadi["properties"]["actors"] == ["Iraqi Army"]


def test_parquet_and_csv(store, tmp_path):
    import pyarrow.parquet as pq
    pth = tmp_path / "e.parquet"
    assert export(store, "parquet", pth) == 4
    t = pq.read_table(pth)
    assert t.num_rows == 4
    assert str(t.schema.field("dead").type) == "int64" and str(t.schema.field("lat").type) == "double"
    import pyarrow as pa
    ftype = t.schema.field("actor_codes").type
    assert pa.types.is_list(ftype) and pa.types.is_string(ftype.value_type)
    rows = t.to_pylist()
    clash = next(r for r in rows if r["type"] == "ASSAULT" and r["country"] == "YEM")
    assert clash["actor_codes"] == ["HTH", "SAU"] and clash["n_sources"] == 2 and clash["dead_max"] == 20
    assert len(json.loads(clash["fatality_reports"])) == 2
    c = tmp_path / "e.csv"
    assert export(store, "csv", c) == 4
    with open(c, encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    assert {r["id"] for r in recs} == {r["id"] for r in rows}
    assert next(r for r in recs if r["id"] == clash["id"])["actor_codes"] == "HTH; SAU"


def test_exports_use_the_shared_filters(store, tmp_path):
    out = tmp_path / "irq.jsonl"
    assert export(store, "plover", out, Filters(country="IRQ")) == 1
    assert export(store, "plover", out, Filters(actor="Houthis", type="ASSAULT")) == 1
    assert export(store, "plover", out, Filters(since="2015-07-30")) == 0
    assert export(store, "geojson", out, Filters(bbox="43,13,45,14")) == 2  # Taiz: the clash and the protest
    # article level: each article's own events, the denied strike included
    evs = list(iter_events(store, Filters(type="ASSAULT"), level="article"))
    assert len(evs) == 4 and sum(e["negated"] for e in evs) == 1 and all(e["n_sources"] == 1 for e in evs)


def test_lookup_helpers_for_the_api(store):
    from marsad.export.records import event_by_key, revisions
    from marsad.store.db import article_by_hash
    key = store.execute("SELECT key FROM dataset_events WHERE n_sources=2").fetchone()[0]
    ev = event_by_key(store, key)
    assert ev["n_sources"] == 2 and [s["article_id"] for s in ev["sources"]] == ["a1", "a2"]
    assert event_by_key(store, "MRS-NOPE") is None and revisions(store, key) == []
    art = article_by_hash(store, ev["sources"][0]["article_hash"])
    s = ev["sources"][0]
    assert art["text"][s["ev_start"]:s["ev_end"]] == s["evidence"]  # evidence points into the stored text
    assert art["events"][0]["type"] == "ASSAULT"
