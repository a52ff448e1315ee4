"""The extraction pipeline: one article in, entities and events out.

read → normalise → find → extract → resolve; each stage is a plain function over records.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from marsad.records import Article, ArticleResult


def extract_article(article: Article) -> ArticleResult:
    from marsad.coding.events import extract_events  # heavy lexicons load on first use
    return extract_events(article)


def extract(text: str, published: str | None = None, id: str | None = None,
            source: str | None = None, title: str | None = None, url: str | None = None) -> ArticleResult:
    """Code one article. ``published`` (YYYY-MM-DD) anchors relative dates."""
    return extract_article(Article(text=text, id=id, published=published, source=source, title=title, url=url))


def extract_many(articles: Iterable[Article | dict]) -> Iterator[ArticleResult]:
    """Code a stream of articles (``Article`` records or dicts with text/published/id/…)."""
    for a in articles:
        if isinstance(a, dict):
            a = Article(text=a.get("text") or "", id=a.get("id"), published=a.get("published"),
                        source=a.get("source"), url=a.get("url"), title=a.get("title"))
        yield extract_article(a)
