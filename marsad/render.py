"""Readable views of results for the terminal (Rich)."""
from __future__ import annotations

from rich.table import Table

from marsad.records import ArticleResult


def _names(ents) -> str:
    return ", ".join(f"{e.name_en or e.text} [{e.code}]" if e.code else (e.name_en or e.text) for e in ents)


def events_table(result: ArticleResult) -> Table:
    t = Table(title=f"{result.article.id or ''} — {len(result.events)} events", show_lines=False)
    for col in ("type", "mode", "date", "actor", "recipient", "place", "dead", "speaker", "flags"):
        t.add_column(col, overflow="fold", no_wrap=col in ("type", "date"))
    t.add_column("evidence", overflow="ellipsis", no_wrap=True, max_width=60)
    for e in result.events:
        flags = " ".join(f for f, on in (("negated", e.negated), ("future", e.future)) if on)
        dead = ""
        if e.fatalities and e.fatalities.dead is not None:
            dead = f"{e.fatalities.dead} ({e.fatalities.qualifier})"
        place = ""
        if e.location:
            place = f"{e.location.name_en or e.location.text} {e.location.country or ''}".strip()
        t.add_row(e.type, e.mode or "", e.date or "", _names(e.actor), _names(e.recipient), place, dead,
                  (e.speaker.name_en or e.speaker.text) if e.speaker else "", flags, e.evidence.text[:80])
    return t
