"""Local engine: code articles in a pool of worker processes, results back in input order.

Workers only compute; they never touch the database. ``code_stream`` yields one ``Coded`` per
input item in the order the items came in (``Pool.imap``), with a bounded number in flight so a
huge input never piles up in memory. The single writer (``marsad.store.ingest``) consumes it.
"""
from __future__ import annotations

import functools
import multiprocessing as mp
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from marsad.records import Article


@dataclass
class Coded:
    """One input item after coding: an article with its result (or error), or a read problem."""
    art: dict[str, Any] | None            # articles row (see marsad.store.db.article_row)
    result: dict[str, Any] | None = None  # ArticleResult.to_dict() (+ actor sectors); None if failed
    error: str | None = None              # why extraction failed
    problem: tuple[str, str] | None = None  # (where, reason) of a bad file/line


def result_payload(result) -> dict[str, Any]:
    """``ArticleResult.to_dict()`` with each actor/recipient's sector added (the store keeps it)."""
    d = result.to_dict()
    for ev, evd in zip(result.events, d["events"]):
        for role in ("actor", "recipient"):
            for ent, ref in zip(getattr(ev, role), evd.get(role) or []):
                if getattr(ent, "sector", None) and "sector" not in ref:
                    ref["sector"] = ent.sector
    return d


DEFAULT_EXTRACTOR = "marsad.pipeline:extract_article"
_resolved: dict[str, Any] = {}


def resolve_extractor(spec: str | None) -> Any:
    """``module:function`` → the function (Article → ArticleResult); cached per process."""
    spec = spec or DEFAULT_EXTRACTOR
    fn = _resolved.get(spec)
    if fn is None:
        import importlib
        mod, _, name = spec.partition(":")
        fn = getattr(importlib.import_module(mod), name or "extract_article")
        if spec != DEFAULT_EXTRACTOR:  # the pipeline's function is looked up on every call (patchable)
            _resolved[spec] = fn
    return fn


def code_article(article: Article, extractor: str | None = None) -> tuple[dict | None, str | None]:
    """(payload, None) or (None, error): one bad article never stops a batch."""
    try:
        extract_article = resolve_extractor(extractor)
        return result_payload(extract_article(article)), None
    except Exception as exc:  # noqa: BLE001 - recorded with the article, batch goes on
        return None, f"{type(exc).__name__}: {exc}"[:500]


def _work(item: tuple, extractor: str | None = None) -> Coded:
    kind = item[0]
    if kind == "problem":
        return Coded(None, problem=item[1])
    _, art_row, article = item
    payload, error = code_article(article, extractor)
    return Coded(art_row, payload, error)


def warm_up(extractor: str | None = None) -> None:
    """Load lexicons and models once in the parent so forked workers share them (copy-on-write)."""
    try:
        code_article(Article(text="قال وزير الخارجية إن الاجتماع عقد في الرياض.", id="warm-up",
                             published="2015-07-30"), extractor)
    except Exception:  # noqa: BLE001
        pass


def code_stream(items: Iterable[tuple], workers: int = 1, chunksize: int = 4,
                max_in_flight: int | None = None, extractor: str | None = None) -> Iterator[Coded]:
    """Code ``items`` — ('article', art_row, Article) or ('problem', (where, reason)) — in order.

    ``workers`` <= 1 codes in this process (no pool). ``extractor``: ``module:function`` turning an
    Article into an ArticleResult (default: the marsad pipeline)."""
    if workers <= 1:
        for item in items:
            yield _work(item, extractor)
        return
    warm_up(extractor)
    limit = max_in_flight or workers * chunksize * 16
    slots = threading.BoundedSemaphore(limit)

    def feed():
        for item in items:
            slots.acquire()
            yield item

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        work = functools.partial(_work, extractor=extractor)
        for coded in pool.imap(work, feed(), chunksize=chunksize):
            slots.release()
            yield coded
