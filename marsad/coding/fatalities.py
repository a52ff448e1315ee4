"""Casualty figures: every stated figure kept with its side and speaker; ``dead`` the most
conservative total the text supports.

A sentence may give figures per side ("49 جندياً من أرمينيا و50 من أذربيجان"): they add up to that
statement's total. A statement about one side only, where other statements cover both, is a partial
figure and gives no total of its own. Of the totals, the lowest is kept (ACLED's convention).
"""
from __future__ import annotations

import re
from collections import defaultdict

from marsad.records import Fatalities, FatalityReport


def report_from_casualty(cas, ex, cand) -> FatalityReport:
    """A FatalityReport from a CasualtyMention found in the candidate's sentence."""
    side = None
    if cas.head is not None:
        h0, h1 = cas.head
        for a in ex.actors:
            if a.code and h0 <= a.start < h1 + 25 and a.start >= cas.start:
                side = a.code
                break
    speaker = None
    if cand.speaker is not None:
        speaker = cand.speaker.name_en or ex.norm[cand.speaker.start:cand.speaker.end]
    o0, o1 = ex.text.span(cas.start, cas.end)
    return FatalityReport(dead=cas.count if cas.kind == "dead" else None, qualifier=cas.qualifier,
                          side=side, injured=cas.count if cas.kind == "injured" else None,
                          speaker=speaker, text=ex.article.text[o0:o1], start=o0, end=o1)


_ELLIPSIS = re.compile(r"^\s*(?:،\s*)?و\s*(\d+)\s+(?:من|اخرين|آخرين)")


def elliptical_figure(cas, ex) -> FatalityReport | None:
    """"49 جندياً من أرمينيا و50 من أذربيجان": the second figure shares the first one's noun."""
    m = _ELLIPSIS.match(ex.norm[cas.end:cas.end + 40])
    if not m or cas.kind != "dead":
        return None
    start, end = cas.end + m.start(1), cas.end + m.end()
    side = None
    for a in ex.actors:
        if a.code and end <= a.start <= end + 20:
            side = a.code
            break
    o0, o1 = ex.text.span(start, min(end + 20, len(ex.norm)))
    return FatalityReport(dead=int(m.group(1)), qualifier=cas.qualifier, side=side,
                          text=ex.article.text[o0:o1], start=o0, end=o1)


def combine_reports(reports: list[FatalityReport], event_codes: list[str]) -> Fatalities | None:
    uniq = {}
    for r in reports:   # one figure read twice (two triggers in its sentence) counts once
        uniq.setdefault((r.start, r.dead, r.injured), r)
    reports = list(uniq.values())
    dead_reports = [r for r in reports if r.dead is not None]
    injured = [r.injured for r in reports if r.injured is not None]
    if not dead_reports and not injured:
        return None
    # group figures into statements: consecutive reports from one sentence form one statement
    statements: dict[int, list[FatalityReport]] = defaultdict(list)
    key = 0
    last_end = None
    for r in sorted(dead_reports, key=lambda r: r.start):
        if last_end is not None and r.start - last_end > 60:
            key += 1
        statements[key].append(r)
        last_end = r.end
    sides_all = {r.side for r in dead_reports if r.side}
    totals = []
    for rs in statements.values():
        sides = {r.side for r in rs if r.side}
        partial = len(sides_all) >= 2 and len(sides) == 1 and all(r.side for r in rs)
        total = sum(r.dead for r in rs)
        qual = "exact"
        for r in rs:
            if r.qualifier != "exact":
                qual = r.qualifier
        totals.append((partial, total, qual))
    whole = [t for t in totals if not t[0]] or totals
    dead, qualifier = (min((t[1], t[2]) for t in whole) if whole else (None, None))
    by_side: dict[str, int] = {}
    for r in dead_reports:
        if r.side:
            by_side[r.side] = min(by_side.get(r.side, r.dead), r.dead) if r.side in by_side else r.dead
    return Fatalities(dead=dead, qualifier=qualifier, injured=min(injured) if injured else None,
                      by_side=by_side, reports=list(reports))
