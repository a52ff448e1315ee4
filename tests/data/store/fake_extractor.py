"""A small deterministic stand-in for marsad's extractor, for store/ingest tests only.

It codes an article from a few Arabic keywords so the store, merge, crash and Dask tests do not
depend on the state of the real extraction pipeline. ``FAKE_EXTRACT_DELAY`` (seconds) slows it
down so a test can kill an ingest mid-run. Used with ``--extractor fake_extractor:extract``.
"""
from __future__ import annotations

import os
import re
import time

from marsad.records import (Article, ArticleResult, Entity, Event, Evidence, Fatalities, FatalityReport,
                            Location, Speaker)

TRIGGERS = [("غارات", "ASSAULT", "aerial"), ("غارة", "ASSAULT", "aerial"), ("اشتباكات", "ASSAULT", "firearms"),
            ("تفجير", "ASSAULT", "explosives"), ("قصف", "ASSAULT", "heavy-weapons"), ("مظاهرة", "PROTEST", "demo"),
            ("تظاهر", "PROTEST", "demo"), ("اعتقال", "COERCE", "arrest"), ("القبض", "COERCE", "arrest"),
            ("استقبل", "CONSULT", "visit"), ("أدان", "ACCUSE", "disapprove")]
PLACES = {"صنعاء": ("Sanaa", "YEM", 15.3547, 44.2067), "عدن": ("Aden", "YEM", 12.7797, 45.0367),
          "تعز": ("Taiz", "YEM", 13.5795, 44.0209), "صعدة": ("Saada", "YEM", 16.9402, 43.7639),
          "بغداد": ("Baghdad", "IRQ", 33.3406, 44.4009), "الرمادي": ("Ramadi", "IRQ", 33.4258, 43.2992),
          "حلب": ("Aleppo", "SYR", 36.2021, 37.1343), "الرياض": ("Riyadh", "SAU", 24.6877, 46.7219)}
ACTORS = {"التحالف": ("Saudi-led coalition", "SAU", "MIL"), "الحوثي": ("Houthis", "HTH", "REB"),
          "داعش": ("Islamic State", "IMG", "REB"), "الجيش العراقي": ("Iraqi Army", "IRQ", "MIL"),
          "الشرطة": ("Police", None, "COP"), "المتظاهرين": ("Protesters", None, "CVL")}
DEAD = re.compile(r"مقتل\s+(\d+)")


def extract(article: Article) -> ArticleResult:
    delay = float(os.environ.get("FAKE_EXTRACT_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    text = article.text
    if "انهيار_المستخرج" in text:
        raise RuntimeError("simulated extractor failure")
    ents = []
    for ar, (en, code, sector) in ACTORS.items():
        spans = [[m.start(), m.end()] for m in re.finditer(ar, text)]
        if spans:
            ents.append(Entity(ar, "ORG", en, code, spans, sector=sector))
    for ar, (en, code, _, _) in PLACES.items():
        spans = [[m.start(), m.end()] for m in re.finditer(ar, text)]
        if spans:
            ents.append(Entity(ar, "GPE", en, code, spans))
    events = []
    for ar, typ, mode in TRIGGERS:
        i = text.find(ar)
        if i < 0 or any(e.type == typ for e in events):
            continue
        actors = [e for e in ents if e.type == "ORG"]
        place = next(((ar2, PLACES[ar2]) for ar2 in PLACES if ar2 in text), None)
        loc = Location(place[0], place[1][0], place[1][1], place[1][2], place[1][3], precision="city") if place else None
        fat = None
        m = DEAD.search(text)
        if m and typ == "ASSAULT":
            n = int(m.group(1))
            fat = Fatalities(dead=n, qualifier="exact",
                             reports=[FatalityReport(n, "exact", speaker=article.source, text=m.group(0),
                                                     start=m.start(), end=m.end())])
        s = max(0, i - 20)
        ev = Event(id=f"e{len(events) + 1}", type=typ, mode=mode, evidence=Evidence(text[s:i + 30], s, min(len(text), i + 30)),
                   date=article.published, date_precision="unknown", actor=actors[:2], recipient=actors[2:3],
                   location=loc, fatalities=fat, speaker=Speaker(article.source) if article.source else None,
                   trigger=ar, confidence=0.6)
        events.append(ev)
    return ArticleResult(article, ents, events)
