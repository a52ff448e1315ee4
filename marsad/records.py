"""Typed records that flow between the stages: Article → Mention → Entity/Event → ArticleResult.

Every span is a pair of character offsets into the *original* article text, so evidence can always
be shown in the text the analyst reads.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")


@dataclass
class Article:
    text: str
    id: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    title: str | None = None

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "url": self.url,
                "published": self.published, "title": self.title}


@dataclass
class Mention:
    """A span of the original text recognised as something from a lexicon, a pattern or a model."""
    start: int
    end: int
    text: str
    kind: str                 # entity | trigger | title | speech | date | number | cue | ...
    label: str | None = None  # entity type, PLOVER type, cue name …
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Entity:
    text: str
    type: str                       # PER | ORG | GPE | LOC
    name_en: str | None = None
    code: str | None = None
    mentions: list[list[int]] = field(default_factory=list)
    sector: str | None = None
    key: str | None = None          # identity inside one article (lexicon id or normalised text)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "type": self.type, "name_en": self.name_en, "code": self.code,
                "mentions": [list(m) for m in self.mentions]}

    def ref(self) -> dict[str, Any]:
        """The short form used inside events (actor / recipient lists)."""
        return {"text": self.text, "type": self.type, "name_en": self.name_en, "code": self.code}


@dataclass
class Location:
    text: str | None = None
    name_en: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None    # point | city | region | country


@dataclass
class FatalityReport:
    dead: int | None
    qualifier: str                  # exact | at_least | about | at_most
    side: str | None = None         # code of the side the figure belongs to
    injured: int | None = None
    speaker: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0


@dataclass
class Fatalities:
    dead: int | None = None
    qualifier: str | None = None
    injured: int | None = None
    by_side: dict[str, int] = field(default_factory=dict)
    reports: list[FatalityReport] = field(default_factory=list)


@dataclass
class Speaker:
    text: str
    name_en: str | None = None
    code: str | None = None


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Event:
    id: str
    type: str
    mode: str | None
    evidence: Evidence
    context: str | None = None
    date: str | None = None
    date_precision: str = "unknown"
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    location: Location | None = None
    fatalities: Fatalities | None = None
    speaker: Speaker | None = None
    negated: bool = False
    future: bool = False
    confidence: float = 0.5
    trigger: str | None = None

    def to_dict(self) -> dict[str, Any]:
        fat = None
        if self.fatalities is not None:
            fat = asdict(self.fatalities)
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": self.context,
            "date": self.date, "date_precision": self.date_precision,
            "actor": [a.ref() for a in self.actor], "recipient": [r.ref() for r in self.recipient],
            "location": asdict(self.location) if self.location else None,
            "fatalities": fat,
            "speaker": asdict(self.speaker) if self.speaker else None,
            "negated": self.negated, "future": self.future,
            "evidence": asdict(self.evidence), "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
        }


@dataclass
class ArticleResult:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.meta(),
                "entities": [e.to_dict() for e in self.entities],
                "events": [e.to_dict() for e in self.events]}
