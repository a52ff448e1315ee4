"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds saved as files → one Article per item/entry."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime

from marsad.read.html import _iso, html_to_text

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
RSS1 = "{http://purl.org/rss/1.0/}"


def is_feed(head: str) -> bool:
    h = head[:2000].lower()
    return "<rss" in h or "<feed" in h or "<rdf:rdf" in h


def _date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    iso = _iso(value)
    if iso:
        return iso
    try:
        dt: datetime = parsedate_to_datetime(value)
        return dt.date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _text(el, tag: str) -> str | None:
    child = el.find(tag)
    if child is None:
        return None
    return "".join(child.itertext()) if len(child) else (child.text or "")


def parse_feed(data: str) -> tuple[str | None, list[dict]] | str:
    """(feed title, items) or a reason string when the XML is not a feed.

    Each item: {'title', 'text', 'published', 'url', 'id'}; text is plain (HTML removed)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"malformed XML feed ({exc})"
    items: list[dict] = []
    if root.tag == f"{ATOM}feed":
        feed_title = _text(root, f"{ATOM}title")
        for e in root.findall(f"{ATOM}entry"):
            link = None
            for ln in e.findall(f"{ATOM}link"):
                if ln.get("rel") in (None, "alternate"):
                    link = ln.get("href")
                    break
            body = _text(e, f"{ATOM}content") or _text(e, f"{ATOM}summary") or ""
            items.append({"title": html_to_text(_text(e, f"{ATOM}title") or "") or None,
                          "text": html_to_text(body),
                          "published": _date(_text(e, f"{ATOM}published") or _text(e, f"{ATOM}updated")),
                          "url": link, "id": _text(e, f"{ATOM}id")})
        return feed_title, items
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            return "RSS feed without a channel"
        feed_title = _text(channel, "title")
        nodes = channel.findall("item")
        t = lambda el, tag: _text(el, tag)  # noqa: E731
    elif root.tag.endswith("RDF"):
        feed_title = _text(root.find(f"{RSS1}channel"), f"{RSS1}title") if root.find(f"{RSS1}channel") is not None else None
        nodes = root.findall(f"{RSS1}item")
        t = lambda el, tag: _text(el, tag if tag.startswith("{") else RSS1 + tag)  # noqa: E731
    else:
        return f"XML but not an RSS/Atom feed (root element {root.tag})"
    for it in nodes:
        body = _text(it, CONTENT) or t(it, "description") or ""
        items.append({"title": html_to_text(t(it, "title") or "") or None, "text": html_to_text(body),
                      "published": _date(t(it, "pubDate") or _text(it, DC_DATE)),
                      "url": (t(it, "link") or "").strip() or None, "id": (t(it, "guid") or "").strip() or None})
    return feed_title, items


def feed_records(data: str) -> Iterator[dict] | str:
    parsed = parse_feed(data)
    if isinstance(parsed, str):
        return parsed
    title, items = parsed
    return iter([{**it, "source": (title or "").strip() or None} for it in items])
