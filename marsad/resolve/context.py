"""Article-level resolution: which country an article is about, codes for unnamed agents,
entities grouped from mentions, and event places geocoded against that context."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from marsad.find.mentions import ActorMention
from marsad.records import Entity, Location
from marsad.resolve.places import choose, geocode, to_location
from marsad.text.normalise import Text

# Sectors whose bare mention (الجيش، الشرطة، الحكومة) belongs to the article's own country.
STATE_SECTORS = {"military", "police", "government", "rebel", "opposition"}
IGO_CODES = {"UN", "EU", "NATO", "CSTO", "AL", "GCC", "OIC", "AU", "OSCE", "ICRC", "ISIL", "AQ", "IMF", "WB", "OPEC", "ICC"}


@dataclass
class ArticleContext:
    countries: Counter = field(default_factory=Counter)

    @classmethod
    def from_mentions(cls, mentions: list[ActorMention]) -> "ArticleContext":
        c = Counter()
        for m in mentions:
            if m.code and m.code not in IGO_CODES:
                # places weigh most: an article's places say where it happens
                c[m.code] += 2 if m.is_place else 1
        return cls(c)

    def dominant(self) -> str | None:
        if not self.countries:
            return None
        (code, n), *rest = self.countries.most_common(2) + [(None, 0)]
        second = rest[0][1] if rest else 0
        total = sum(self.countries.values())
        if n >= 2 and n >= 1.5 * second and n / total >= 0.35:
            return code
        return None

    def assign_default_codes(self, mentions: list[ActorMention]) -> None:
        dom = self.dominant()
        if dom is None:
            return
        for m in mentions:
            if m.code is None and m.kind == "agent" and m.sector in STATE_SECTORS and m.type:
                m.code = dom
            elif m.code is None and m.kind == "headed":
                m.code = dom   # a local body or place named in an article about one country

    def english_name(self, m: ActorMention, text: Text) -> str | None:
        if m.name_en:
            return m.name_en
        if m.type == "PER":
            try:
                from marsad.resolve.translit import transliterate
                return transliterate(text.original_text(m.start, m.end))
            except Exception:   # transliteration is a nicety; never lose the event over it
                return None
        return None


def build_entities(mentions: list[ActorMention], text: Text, ctx: ArticleContext) -> list[Entity]:
    """Each distinct entity once, with every mention's span in the original text."""
    groups: dict[tuple, Entity] = {}
    for m in mentions:
        if m.type not in ("PER", "ORG", "GPE", "LOC"):
            continue
        if m.kind == "agent" and (not m.code or (m.token_end - m.token_start < 2)):
            continue   # "the army" alone is an actor for events, not an entity an analyst lists
        s0, s1 = text.span(m.start, m.end)
        surface = text.original[s0:s1]
        name = m.name_en or (ctx.english_name(m, text) if m.type == "PER" else None)
        key = (m.type, m.code, m.name_en) if m.name_en else (m.type, m.code, text.norm[m.start:m.end])
        if m.type == "PER":
            # a surname alone refers back to the full name mentioned before (and the other way)
            n = text.norm[m.start:m.end]
            for k, e in groups.items():
                en = e.key or ""
                if e.type == "PER" and (e.code == m.code or not m.code or not e.code) and (n in en or en in n):
                    key = k
                    break
        e = groups.get(key)
        if e is None:
            groups[key] = Entity(surface, m.type, name, m.code, [[s0, s1]], m.sector, key=text.norm[m.start:m.end])
        else:
            e.mentions.append([s0, s1])
            if len(surface) > len(e.text):
                e.text, e.key = surface, text.norm[m.start:m.end]
                if m.name_en:
                    e.name_en = m.name_en
            e.code = e.code or m.code
    return list(groups.values())


def resolve_location(place: ActorMention, ex, ctx: ArticleContext) -> Location | None:
    s0, s1 = ex.text.span(place.start, place.end)
    surface = ex.article.text[s0:s1]
    rows = [r for r in place.rows if r.type in ("GPE", "LOC")]
    # the word before the mention (مدينة، محافظة، ريف …) tells a city from its province
    cue = ex.tokens[place.token_start - 1].text if place.token_start > 0 else None
    if not rows:
        # a phrase the gazetteer lacks (مطار عدن، ريف حلب الغربي) resolves through the place it names
        loc = geocode(surface, ctx.countries, cue)
        return loc or Location(text=surface, name_en=None, country=place.code, precision=None)
    row = choose([r.__dict__ for r in rows], ctx.countries, cue)
    return to_location(surface, row) if row is not None else None
