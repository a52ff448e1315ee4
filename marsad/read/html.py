"""HTML pages → Article: main text (boilerplate removed), title and date from the page's metadata.

Uses trafilatura (Apache-2.0) when installed (``pip install marsad[store]``); otherwise a small
stdlib fallback keeps the paragraphs (<p>, <h1>-<h3>) of <article>/<main>, or of the whole page,
and reads the title and date from <meta> tags. Nothing is fetched: pages are read from files.
"""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

from marsad.read.decode import strip_bidi

_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
              "article.published", "parsely-pub-date")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO.search(value)
    return m.group(0) if m else None


class _Fallback(HTMLParser):
    """Paragraph text, <title>, and <meta> values, skipping script/style/nav/header/footer/aside."""
    SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button", "svg"}
    BLOCK = {"p", "h1", "h2", "h3", "li", "blockquote", "div", "br", "article", "section", "td"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.parts: list[tuple[int, str]] = []   # (inside article/main, text)
        self.main = 0
        self.buf: list[str] = []

    def _flush(self):
        t = " ".join("".join(self.buf).split())
        if t:
            self.parts.append((self.main, t))
        self.buf = []

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in ("article", "main"):
            self._flush()
            self.main += 1
        elif tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        if tag in ("article", "main"):
            self._flush()
            self.main = max(0, self.main - 1)
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.buf.append(data)


def _fallback(html: str) -> dict:
    p = _Fallback()
    p.feed(html)
    p.close()
    p._flush()
    inside = [t for m, t in p.parts if m]
    paras = inside or [t for _, t in p.parts]
    # boilerplate: keep paragraphs with some substance (menus are short link lists)
    text = "\n".join(t for t in paras if len(t.split()) >= 6)
    date = None
    for key in (*_DATE_META, "time"):
        date = _iso(p.meta.get(key))
        if date:
            break
    title = p.meta.get("og:title") or p.title
    return {"text": text, "title": " ".join(unescape(title).split()) or None, "date": date,
            "url": p.meta.get("og:url")}


def extract_html(html: str) -> dict:
    """{'text', 'title', 'date', 'url'} from a page (text '' when the page has no article)."""
    try:
        import trafilatura
    except ImportError:
        return _fallback(html)
    out = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                              include_tables=False, favor_precision=True,
                              date_extraction_params={"extensive_search": False, "original_date": True})
    fb = None
    if not out:
        fb = _fallback(html)
        return fb
    d = json.loads(out)
    res = {"text": d.get("text") or d.get("raw_text") or "", "title": d.get("title"),
           "date": _iso(d.get("date")), "url": d.get("url") or None}
    if not res["date"] or not res["title"]:
        fb = _fallback(html)
        res["date"] = res["date"] or fb["date"]
        res["title"] = res["title"] or fb["title"]
    return res


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (an RSS description): tags dropped, entities decoded."""
    if "<" not in fragment:
        return strip_bidi(unescape(fragment)).strip()
    p = _Fallback()
    p.feed(fragment)
    p.close()
    p._flush()
    return strip_bidi("\n".join(t for _, t in p.parts)).strip()
