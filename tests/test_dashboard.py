"""The dashboard in headless Chromium (Debian's ``chromium`` driven by Playwright for Python).

Skips cleanly when Playwright or a Chromium binary is missing. The store holds the seed article,
tests/data/serve_articles.jsonl (a hostile article among them) and, when ../shared is beside the
checkout, the dev articles. Screenshots go to test-output/ (gitignored).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "test-output"
DATA = ROOT / "tests" / "data" / "serve_articles.jsonl"
SEED = ROOT / "examples" / "armenia-azerbaijan-ceasefire-2022-09.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev-articles.jsonl"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _chromium() -> str | None:
    for cand in (os.environ.get("MARSAD_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from marsad.serve.app import create_app
    from marsad.store.db import open_db
    from marsad.store.ingest import ingest_paths
    from marsad.store.merge import merge

    if _chromium() is None:
        pytest.skip("no chromium binary (apt-get install chromium)")
    db = tmp_path_factory.mktemp("dash") / "marsad.db"
    paths = [str(DATA), str(SEED)] + ([str(DEV)] if DEV.exists() else [])
    ingest_paths(db, paths, workers=2)
    conn = open_db(db)
    merge(conn)
    conn.close()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token="t"), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline:
            pytest.fail("server did not start")
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "db": db}
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    try:
        pw = sync_api.sync_playwright().start()
    except Exception as exc:  # noqa: BLE001 - no driver: skip, never fail
        pytest.skip(f"playwright cannot start: {exc}")
    try:
        b = pw.chromium.launch(executable_path=_chromium(), args=ARGS)
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        pytest.skip(f"chromium cannot start: {exc}")
    yield b
    b.close()
    pw.stop()


def _wait(pg, check, timeout: float = 15.0, what: str = "condition"):
    """Poll ``check()`` (Python, reading the page through locators) until true."""
    deadline = time.time() + timeout
    while True:
        if check():
            return
        if time.time() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        pg.wait_for_timeout(100)


def _new_page(browser, csp: bool = True, **ctx_args):
    # Without the page's CSP (bypass_csp) the escaping alone must keep hostile text inert; with it,
    # any inline style or script the dashboard tried would show up as a console error.
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=not csp, **ctx_args)
    pg = ctx.new_page()
    pg.problems = []  # console errors, page errors, dialogs, requests that left the machine
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:")) or pg.problems.append(f"remote: {r.url}"))
    return ctx, pg


@pytest.fixture
def page(browser):
    ctx, pg = _new_page(browser, csp=False)
    yield pg
    ctx.close()


@pytest.fixture
def csp_page(browser):
    ctx, pg = _new_page(browser, csp=True)
    yield pg
    ctx.close()


def _ready(pg, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']", timeout=20000)


def _shot(pg, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    pg.screenshot(path=str(OUT / name))


def test_page_loads_with_markers_and_no_console_errors(server, csp_page):
    import httpx
    page = csp_page
    _ready(page, server["url"] + "/")
    pts = httpx.get(server["url"] + "/api/points").json()["points"]
    assert pts
    markers = page.locator("path.ev-marker")
    _wait(page, lambda: markers.count() == len(pts), what=f"{len(pts)} markers")
    outlines = page.locator(".leaflet-countries-pane path")
    _wait(page, lambda: outlines.count() > 100, timeout=30, what="country outlines")
    total = httpx.get(server["url"] + "/api/events", params={"limit": 1}).json()["total"]
    assert page.locator("tr.ev-row").count() == min(50, total)
    assert page.locator("#timeline svg .bar rect").count() > 0
    assert page.locator("#summary").inner_text().startswith(f"{total:,}")
    page.wait_for_timeout(300)
    _shot(page, "dashboard.png")
    assert page.problems == []


def test_marker_to_event_to_highlighted_evidence(server, page):
    _ready(page, server["url"] + "/")
    page.wait_for_selector("path.ev-marker")
    # the marker of the Idlib air strike (12 dead in the fixture)
    import httpx
    ev = httpx.get(server["url"] + "/api/events", params={"text": "غارات جوية استهدفت مدينة إدلب"}).json()["items"][0]
    key, loc = ev["key"], ev["location"]
    pts = httpx.get(server["url"] + "/api/points").json()["points"]
    idx = next(i for i, p in enumerate(pts) if (p[0], p[1]) == (round(loc["lat"], 4), round(loc["lon"], 4)))
    page.locator("path.ev-marker").nth(idx).dispatch_event("click")  # markers may overlap at this zoom
    page.wait_for_selector(f".popup-event[data-key='{key}']", timeout=10000)
    page.locator(f".popup-event[data-key='{key}']").click()
    page.wait_for_selector("#article-text mark.ev-active", timeout=10000)
    assert not page.locator("#detail").is_hidden()
    ev = page.evaluate("document.querySelector('#detail-title').textContent")
    assert "ASSAULT" in ev
    text = page.locator("#article-text")
    assert text.get_attribute("dir") == "rtl"
    full = text.inner_text()
    assert "غارات جوية استهدفت مدينة إدلب" in full
    marked = "".join(page.locator("#article-text .ev-active").all_inner_texts())
    assert "إدلب" in marked and marked in full.replace("\n", "")
    for fig in page.locator("#coded .figures tr").all():  # every figure shown comes with who says so
        assert fig.inner_text().strip()
    _shot(page, "event-article.png")
    assert page.problems == []


def test_table_row_and_filters(server, page):
    _ready(page, server["url"] + "/")
    page.select_option("#f-type", "PROTEST")
    badges = page.locator("tr.ev-row .badge")
    _wait(page, lambda: badges.count() > 0 and set(badges.all_inner_texts()) == {"PROTEST"}, what="PROTEST rows")
    page.fill("#f-text", "بغداد")
    page.press("#f-text", "Enter")
    import httpx
    n = httpx.get(server["url"] + "/api/events", params={"type": "PROTEST", "text": "بغداد"}).json()["total"]
    assert n >= 1
    _wait(page, lambda: page.locator("#page-note").inner_text().endswith(f" of {n}"), what="the Baghdad protests")
    page.locator("tr.ev-row", has_text="تظاهر آلاف العراقيين").first.click()
    page.wait_for_selector("#article-text mark.ev-active", timeout=10000)
    assert "تظاهر آلاف العراقيين" in page.locator("#article-text .ev-active").first.inner_text() + \
        "".join(page.locator("#article-text .ev-active").all_inner_texts())
    assert page.problems == []


def test_hostile_article_does_not_run_script(server, page):
    from marsad.store.db import open_db
    conn = open_db(server["db"])
    h = conn.execute("SELECT hash FROM articles WHERE ext_id='serve-hostile'").fetchone()[0]
    key = conn.execute("SELECT d.key FROM dataset_events d JOIN dataset_event_sources s ON s.dataset_event_id=d.id"
                       " JOIN articles a ON a.id=s.article_id WHERE a.hash=?", (h,)).fetchone()[0]
    conn.close()
    page.goto(server["url"] + f"/#event={key}")
    page.wait_for_selector("#article-text mark.ev-active", timeout=15000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    title = page.locator("#article-meta .article-title").inner_text()
    assert title.startswith("<script>window.__pwned=1</script>")  # shown as text
    assert page.locator("#article-text").inner_text().startswith("<script>window.__pwned = 2</script>")
    assert page.locator("#article-text script, #article-text img, #article-meta script, #coded script, #coded img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # the same article straight from the list: still inert
    page.fill("#f-text", "طائرات حربية مدينة حلب")
    page.press("#f-text", "Enter")
    page.wait_for_selector("tr.ev-row", timeout=10000)
    assert page.evaluate("window.__pwned") is None
    assert page.problems == []


def test_phone_width(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    _ready(pg, server["url"] + "/")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 392  # no sideways scrolling
    pg.locator("tr.ev-row").first.click()
    pg.wait_for_selector("#article-text", timeout=10000)
    pg.wait_for_timeout(300)
    box = pg.locator("#detail").bounding_box()
    assert box and box["width"] <= 391
    _shot(pg, "phone-article.png")
    ctx.close()
    assert errors == []
