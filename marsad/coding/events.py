"""Events from one article: triggers + arguments + speaker + negation/future + date + place + toll.

The stage reads the mentions found over the normalised text and assembles PLOVER events:
- each trigger match in a sentence is a candidate; candidates of one type in one sentence are one
  happening, and repeated mentions of one happening across the article are merged;
- arguments follow Arabic clause structure: the subject after a verb (VSO) or before it, objects
  after على/إلى/مع/ضد/ل, both sides after بين … و, the doer after من قبل/على يد;
- the speaker comes from a speech or relay verb (قال، أعلن، نقلت … عن) earlier in the sentence;
- negation and future from cue words before the trigger, or the future prefix س on the verb;
- dates from the event's own sentence, its paragraph, or the article's recent lead date; places
  from the nearest place preposition, else the dateline or the article's place; tolls from the
  nearest attack word;
- a trained filter (event_filter.py) scores every merged candidate and keeps the likely ones.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from marsad.coding.fatalities import combine_reports, elliptical_figure, report_from_casualty
from marsad.find.lexicon import Trigger, load
from marsad.find.matcher import Match, Token, tokenize, variants
from marsad.find.mentions import ActorMention, find_actor_mentions
from marsad.records import (Article, ArticleResult, Entity, Event, Evidence, FatalityReport,
                            Location, Speaker)
from marsad.resolve.context import IGO_CODES, ArticleContext, build_entities, resolve_location
from marsad.text.dates import DateMention, find_dates, is_almanac_title
from marsad.text.normalise import Text, norm, normalise
from marsad.text.numbers import find_casualties
from marsad.text.sentences import Sentence, split_sentences

OBJECT_PREPS = {"علي", "الي", "مع", "ضد", "لدي", "تجاه", "بحق", "عن"}
AGENT_MARKERS = (("من", "قبل"), ("علي", "يد"), ("علي", "ايدي"), ("بنيران",), ("بقصف",))
SPEECH_ACT_TYPES = {"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE", "CONCEDE"}
LOCATED_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "AID", "CONSULT"}
CODELESS_OK = {"ASSAULT", "PROTEST", "COERCE"}
PLACE_PREPS = {"في", "ب", "قرب", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
               "محيط", "داخل", "بمحيط", "بالقرب", "وسط", "ضواحي", "اطراف", "مدينه", "بلده", "قريه",
               "محافظه", "منطقه", "ولايه", "مديريه", "حي", "اقليم"}


@dataclass
class Candidate:
    type: str
    mode: str | None
    trigger: Match
    trig: Trigger
    sentence: Sentence
    actor: list[ActorMention] = field(default_factory=list)
    recipient: list[ActorMention] = field(default_factory=list)
    speaker: ActorMention | None = None
    negated: bool = False
    future: bool = False
    date: DateMention | None = None
    place: ActorMention | None = None
    reports: list[FatalityReport] = field(default_factory=list)
    confidence: float = 0.5
    spans: list[tuple[int, int]] = field(default_factory=list)   # evidence spans in norm text
    sentence_text: str = ""
    continued: bool = False      # its subject is carried over from the sentence before
    date_own: bool = False       # the date is written in its own sentence (not carried over)

    def codes(self) -> frozenset[str]:
        return frozenset(a.code for a in self.actor + self.recipient if a.code)


def _base(tok: str) -> str:
    """The word with every clitic peeled (its most stripped reading)."""
    v = variants(tok)
    return v[-1][0] if v else tok


def _stems(tok: str) -> set[str]:
    return {v[0] for v in variants(tok)} | {tok}


def _preceded_by_prep(m: ActorMention, tokens: list[Token], norm_text: str) -> bool:
    """Is the mention the object of a preposition (separate word or clitic ل/ب before it)?"""
    first = tokens[m.token_start].text
    if m.start > tokens[m.token_start].start:   # a clitic was peeled off
        pre = norm_text[tokens[m.token_start].start:m.start]
        if "ل" in pre or "ب" in pre:
            return True
    if first.startswith(("لل",)) and m.start == tokens[m.token_start].start:
        return True
    prev = tokens[m.token_start - 1].text if m.token_start > 0 else ""
    return prev in OBJECT_PREPS or prev in ("في", "من", "الي", "بين")


def _agent_marked(m: ActorMention, tokens: list[Token]) -> bool:
    prev = tuple(t.text for t in tokens[max(0, m.token_start - 2):m.token_start])
    for marker in AGENT_MARKERS:
        if prev[-len(marker):] == marker:
            return True
    return False


class ArticleExtractor:
    def __init__(self, article: Article):
        self.article = article
        self.lex = load()
        self.text: Text = normalise(article.text)
        self.norm = self.text.norm
        self.tokens = tokenize(self.norm)
        self.published = _parse_date(article.published)
        self.sentences = split_sentences(self.norm, self.tokens)
        self.trigger_matches = self.lex.triggers.find(self.norm, self.tokens)
        trigger_tokens = {t for m in self.trigger_matches for t in range(m.token_start, m.token_end)}
        self.actors = find_actor_mentions(self.text, self.tokens, _ner_spans(self.text), trigger_tokens,
                                          when=article.published)
        self.context = ArticleContext.from_mentions(self.actors)
        self.context.assign_default_codes(self.actors)
        self.cues = self.lex.cues.find(self.norm, self.tokens)
        self._in_cache: dict = {}
        self._starts: dict = {}
        self._sentence_starts = [x.start for x in self.sentences]
        self._token_ends = [t.end for t in self.tokens]
        # "منذ 2020" dates the start of a period, not the event told in the clause
        almanac = is_almanac_title(norm(article.title or ""))
        self.dates = sorted((d for d in find_dates(self.norm, self.published, almanac=almanac)
                             if d.value and getattr(d, "bound", None) != "since"), key=lambda d: d.start)
        self.casualties = sorted(find_casualties(self.norm), key=lambda x: x.start)


    # -- helpers over a sentence ------------------------------------------------------------
    def _in(self, items, s: Sentence):
        """The items (sorted by start) that start inside sentence s."""
        key = (id(items), s.start)
        hit = self._in_cache.get(key)
        if hit is None:
            starts = self._starts.get(id(items))
            if starts is None:
                starts = self._starts[id(items)] = [x.start for x in items]
            hit = self._in_cache[key] = items[bisect_left(starts, s.start):bisect_left(starts, s.end)]
        return hit

    def _sentence_of(self, pos: int) -> Sentence:
        i = bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[max(0, min(i, len(self.sentences) - 1))]

    def _unless_hit(self, trig: Trigger, m: Match) -> bool:
        if trig.unless_domain:
            s = self._sentence_of(m.start)
            if any(_stems(t.text) & set(trig.unless_domain) for t in self.tokens[s.token_start:s.token_end]):
                return True
        if not trig.unless:
            return False
        near = self.tokens[max(0, m.token_start - 5):m.token_end + 5]
        return any(_stems(t.text) & set(trig.unless) for t in near)

    def _needs_ok(self, trig: Trigger, s: Sentence, m: Match | None = None) -> bool:
        if not trig.needs:
            return True
        words = set()
        span = (self.tokens[m.token_end:min(s.token_end, m.token_end + trig.needs_within)]
                if trig.needs_within and m is not None else self.tokens[s.token_start:s.token_end])
        for t in span:
            words |= _stems(t.text)
        return any(n in words for n in trig.needs)

    # -- arguments ----------------------------------------------------------------------------
    def _arguments(self, c: Candidate) -> None:
        s, m = c.sentence, c.trigger
        coded = [a for a in self._in(self.actors, s) if a.code and not (m.start <= a.start < m.end)]
        after = [a for a in coded if a.start >= m.end and a.token_start - m.token_end <= 14]
        before = [a for a in coded if a.end <= m.start and m.token_start - a.token_end <= 14]
        # "بين A و B": both sides act
        nxt = [t.text for t in self.tokens[m.token_end:m.token_end + 4]]
        if "بين" in nxt or any(t.startswith("بين") for t in nxt[:2]):
            pos = m.token_end + next(i for i, t in enumerate(nxt) if t.startswith("بين"))
            sides = [a for a in after if a.token_start > pos and a.token_start - pos <= 8]
            if sides:
                c.actor = sides[:3]
                return
        marked = [a for a in after if _agent_marked(a, self.tokens)]
        if marked:
            c.actor = marked[:1]
        if c.type == "REQUEST" and after and not c.actor and after[0].token_start - m.token_end <= 1 \
                and self.tokens[after[0].token_start - 1].text == "من":
            c.actor = [after[0]]   # "بعد طلب من أرمينيا": the one a request comes from follows من
        if c.trig.role == "recipient":
            c.recipient += [a for a in after if a not in c.actor][:2]
            if not c.actor and before and c.trig.pos == "verb":
                c.actor = [before[-1]]
            return
        if c.trig.pos == "verb":
            subj = next((a for a in after[:2] if not _preceded_by_prep(a, self.tokens, self.norm)
                         and a.token_start - m.token_end <= 6), None)
            if subj is None and before:
                cand = before[-1]
                if not _preceded_by_prep(cand, self.tokens, self.norm):
                    subj = cand
            if subj is None and m.token_start - s.token_start <= 2:
                subj = self._previous_subject(s)
                c.continued = subj is not None
            if subj is not None and not c.actor:
                c.actor = [subj]
                # coordinated subjects: روسيا والولايات المتحدة وفرنسا
                chain = [x for x in after if x.start > subj.end]
                last = subj
                for x in chain:
                    gap = self.norm[last.end:x.start].strip()
                    if gap in ("و", "،", "، و", ",") or (not gap and self.norm[x.start - 1:x.start] == "و"):
                        c.actor.append(x)
                        last = x
                    else:
                        break
            objs = [a for a in after if a not in c.actor][:2]
            c.recipient += objs
        else:
            # noun: X-of-Y — the genitive right after the noun is its doer (or, for targeted
            # killings and abductions, its victim); objects after prepositions are recipients
            clause_after = [a for a in after if "،" not in self.norm[m.end:a.start] and "," not in self.norm[m.end:a.start]]
            if clause_after and not c.actor:
                first = clause_after[0]
                if first.token_start - m.token_end <= 1 and not _preceded_by_prep(first, self.tokens, self.norm):
                    if c.trig.mode in ("targeted", "abduct"):
                        c.recipient.append(first)
                    else:
                        c.actor = [first]
                elif first.token_start - m.token_end <= 4 and _preceded_by_prep(first, self.tokens, self.norm):
                    c.recipient.append(first)
            rest = [a for a in clause_after if a not in c.actor and a not in c.recipient]
            if rest and rest[0].token_start - m.token_end <= 6:
                c.recipient.append(rest[0])
                last = rest[0]
                for x in rest[1:3]:   # "مع رئيس الوزراء الأرميني … والرئيس الأذربيجاني …"
                    gap = self.norm[last.end:x.start]
                    if "،" in gap or len(gap.split()) > 4 or "و" not in gap:
                        break
                    if x.code != last.code:
                        c.recipient.append(x)
                    last = x
            if not c.actor and not before and m.token_start - s.token_start <= 3:
                subj = self._previous_subject(s)
                if subj is not None:
                    c.actor = [subj]
            if not c.actor and before:
                prev = next((a for a in reversed(before) if not self._in_relative_clause(a)), before[-1])
                between = self.norm[prev.end:m.start]
                if not _preceded_by_prep(prev, self.tokens, self.norm) and "،" not in between \
                        and m.token_start - prev.token_end <= 10:
                    c.actor = [prev]

    def _in_relative_clause(self, a: ActorMention) -> bool:
        """"المنظمة التي تقودها موسكو": Moscow is the subject of the relative clause only."""
        prev = [t.text for t in self.tokens[max(0, a.token_start - 3):a.token_start]]
        return any(t in ("التي", "الذي", "الذين", "اللذين", "اللتين", "التى") for t in prev)

    def _previous_subject(self, s: Sentence) -> ActorMention | None:
        """"…قال بلينكن … . وأجرى اتصالين …": a sentence opening on its verb continues the last one's subject."""
        prev = [x for x in self.sentences if x.paragraph == s.paragraph and x.end <= s.start]
        if not prev:
            return None
        for a in self._in(self.actors, prev[-1]):
            if a.code and (a.type == "PER" or a.kind in ("office", "person")):
                return a
        return None

    def _speaker(self, c: Candidate) -> None:
        s, m = c.sentence, c.trigger
        # who can speak: a named person or body (not a place, a demonym, or "the rebels")
        mentions = [a for a in self._in(self.actors, s)
                    if ((a.type in ("PER", "ORG") and a.kind in ("entity", "person", "headed", "ner"))
                        or (a.kind == "office" and a.code)
                        or (a.kind == "agent" and a.type == "ORG" and a.code and a.token_end - a.token_start >= 2))
                    and not self.norm[self.tokens[a.token_start].start:a.start].endswith("ل")]  # "قال لرويترز": the listener
        cues = [q for q in self._in(self.cues, s) if q.end <= m.start]
        for cue in reversed(cues):
            kind = cue.payloads[0].kind
            if kind not in ("speech", "relay", "speech_noun"):
                continue
            if kind == "relay":
                # نقلت وكالة … عن X: X is after عن
                an = next((i for i in range(cue.token_end, min(cue.token_end + 8, m.token_start))
                           if self.tokens[i].text == "عن"), None)
                if an is not None:
                    who = next((a for a in mentions if a.token_start > an and a.token_start - an <= 3), None)
                    if who is not None:
                        c.speaker = who
                        return
            who = next((a for a in mentions if a.token_start >= cue.token_end and a.token_start - cue.token_end <= 5
                        and a.end <= m.start), None)
            if who is None and kind != "speech_noun":
                who = next((a for a in reversed(mentions) if a.end <= cue.start and cue.token_start - a.token_end <= 4), None)
            if who is not None:
                c.speaker = who
                return

    def _modality(self, c: Candidate) -> None:
        s, m = c.sentence, c.trigger
        window = self.lex.negation_window
        for cue in self._in(self.cues, s):
            p = cue.payloads
            if cue.end > m.start:
                continue
            kinds = {x.kind for x in p}
            if "negation" in kinds:
                lemma = p[0].lemma
                if m.token_start - cue.token_end <= (8 if lemma.startswith(("نف", "ين", "تن")) else window):
                    c.negated = True
            if "future" in kinds and m.token_start - cue.token_end <= 8:
                c.future = True
        if c.trig.pos == "verb":
            surface = self.norm[m.start:m.end]
            if surface.startswith(self.lex.future_prefix) and len(surface) > 3 and surface[1] in "يتنا":
                c.future = True

    def _date(self, c: Candidate) -> None:
        s, m = c.sentence, c.trigger
        here = self._in(self.dates, s)
        if here:
            c.date = min(here, key=lambda d: (abs(d.start - m.start) + (0 if d.start < m.start else 5)))
            c.date_own = True
            return
        # nearest governing date: an earlier sentence of the same paragraph
        for prev in reversed([x for x in self.sentences if x.paragraph == s.paragraph and x.end <= s.start]):
            ds = self._in(self.dates, prev)
            if ds:
                c.date = ds[-1]
                return
        # else the news date the article opened with (its lead), where that is a recent day: a
        # report's later paragraphs go on telling the same days unless they say otherwise
        if self.published is not None:
            earlier = [d for d in self.dates if d.end <= c.trigger.start and d.precision == "day"
                       and not getattr(d, "future", False)]
            for d in earlier[:1]:
                try:
                    gap = (self.published - dt.date.fromisoformat(d.value)).days
                except (TypeError, ValueError):
                    continue
                if 0 <= gap <= 7:
                    c.date = d

    def _place(self, c: Candidate) -> None:
        if c.type not in LOCATED_TYPES:
            return
        s, m = c.sentence, c.trigger
        places = [a for a in self._in(self.actors, s) if a.is_place]
        best = None
        for a in places:
            prev = self.tokens[a.token_start - 1].text if a.token_start > 0 else ""
            clitic = self.norm[self.tokens[a.token_start].start:a.start]
            if not (prev in PLACE_PREPS or "ب" in clitic or
                    (c.type == "CONSULT" and ("ال" in prev or prev in ("الي", "الى")))):
                continue
            lo, hi = sorted((m.token_start, a.token_start))
            if any(lo < t.token_start < hi and t is not m for t in self.trigger_matches):
                continue   # another event word stands between: the place is that event's
            dist = abs(a.token_start - m.token_end) + (0 if a.start >= m.end else 3)
            if best is None or dist < best[0]:
                best = (dist, a)
        if best is not None and best[0] <= 20:
            c.place = best[1]

    def _assault_tokens(self, s: Sentence) -> list[int]:
        return [m.token_start for m in self.trigger_matches if s.start <= m.start < s.end
                and all(p.type == "ASSAULT" for p in m.payloads)]

    def _fatalities(self, c: Candidate) -> None:
        if c.type != "ASSAULT":
            return
        attack_words = self._assault_tokens(c.sentence)
        for cas in self._in(self.casualties, c.sentence):
            tok = bisect_right(self._token_ends, cas.start)
            nearest = min(attack_words, key=lambda t: abs(t - tok)) if attack_words else c.trigger.token_start
            if nearest != c.trigger.token_start:
                continue   # the toll belongs to another attack told in this sentence
            c.reports.append(report_from_casualty(cas, self, c))
            extra = elliptical_figure(cas, self)
            if extra is not None:
                c.reports.append(extra)

    # -- main ---------------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        out = []
        for m in self.trigger_matches:
            if any(p.type is None for p in m.payloads):
                continue   # a phrase listed as no event of its own
            s = self._sentence_of(m.start)
            trig = next((p for p in m.payloads if self._needs_ok(p, s, m) and not self._unless_hit(p, m)), None)
            if trig is None:
                continue
            c = Candidate(trig.type, trig.mode, m, trig, s, confidence=trig.weight, spans=[(m.start, m.end)],
                          sentence_text=self.norm[s.start:s.end])
            self._arguments(c)
            if c.continued and not c.recipient and out and out[-1].sentence.paragraph == s.paragraph \
                    and {a.code for a in out[-1].actor} & {a.code for a in c.actor}:
                # "… تحدث إلى باشينيان. ودعا إلى الهدوء": a continued clause addresses the same party
                c.recipient = list(out[-1].recipient)
            if trig.pos == "verb" and m.prefix.endswith("ل") and out and out[-1].sentence is s:
                # "…، لحثهما على …": a purpose clause acts with the main clause's subject on its objects
                main = out[-1]
                if main.actor:
                    c.actor = list(main.actor)
                    surface = self.norm[m.start:m.end]
                    if surface.endswith(("هما", "هم", "ه", "ها")):
                        c.recipient = [r for r in main.recipient if r not in c.actor]
            self._speaker(c)
            self._modality(c)
            self._date(c)
            self._place(c)
            self._fatalities(c)
            if c.speaker is not None and c.type in SPEECH_ACT_TYPES and not c.actor:
                c.actor = [c.speaker]
                c.speaker = None
            if c.speaker is not None and any(c.speaker is a for a in c.actor):
                c.speaker = None
            if c.speaker is not None and c.speaker.code and not c.codes() and c.type != "ASSAULT":
                c.actor = [c.speaker]   # "Armenia's ministry said firing stopped": Armenia's act
            if c.speaker is not None and c.speaker.kind == "office":
                c.speaker = None   # an unnamed office may act, but a speaker is someone named
            out.append(c)
        return out

    def merged_candidates(self) -> list[Candidate]:
        out = []
        for c in self._split_calls(merge_candidates(self.candidates())):
            if not c.codes() and c.type not in CODELESS_OK and not c.reports:
                continue
            out.append(c)
        return out

    def features(self, c: Candidate) -> list[str]:
        """Features the trained event filter reads (marsad/coding/event_filter.py)."""
        trig = self.norm[c.trigger.start:c.trigger.end]
        stem = _base(trig.split()[0]) if trig else ""
        n_codes = len(c.codes())
        idx = self.sentences.index(c.sentence)
        f = [f"type={c.type}", f"tm={c.type}|{c.mode}", f"lemma={c.trig.lemma}", f"stem={stem}",
             f"pos={c.trig.pos}", f"tp={c.type}|{c.trig.pos}", f"codes={min(n_codes, 3)}",
             f"tcodes={c.type}|{min(n_codes, 2)}", f"actor={bool(c.actor)}", f"recip={bool(c.recipient)}",
             f"speaker={c.speaker is not None}", f"neg={c.negated}", f"fut={c.future}",
             f"date={c.date.precision if c.date else None}", f"place={c.place is not None}",
             f"dead={any(r.dead for r in c.reports)}", f"mentions={min(len(c.spans), 3)}",
             f"sent={'first' if idx == 0 else 'early' if idx < 4 else 'late'}",
             f"n_assault={min(self._type_count('ASSAULT'), 5)}", f"violent_article={self._type_count('ASSAULT') > 2}"]
        toks = self.tokens
        for t in toks[max(0, c.trigger.token_start - 2):c.trigger.token_start]:
            f.append(f"prev={_base(t.text)}")
        for t in toks[c.trigger.token_end:c.trigger.token_end + 2]:
            f.append(f"next={_base(t.text)}")
        return f

    def _type_count(self, typ: str) -> int:
        if not hasattr(self, "_counts"):
            self._counts = Counter(p.type for m in self.trigger_matches for p in m.payloads[:1])
        return self._counts.get(typ, 0)

    def _split_calls(self, cands: list[Candidate]) -> list[Candidate]:
        """Phone calls are bilateral: a caller phoning two leaders made two calls."""
        out = []
        for c in cands:
            rec_codes = []
            for r in c.recipient:
                if r.code and r.code not in rec_codes and r.code not in {a.code for a in c.actor}:
                    rec_codes.append(r.code)
            if c.type == "CONSULT" and c.mode == "phone" and c.actor and len(rec_codes) > 1:
                for code in rec_codes:
                    part = Candidate(**{**c.__dict__})
                    part.recipient = [r for r in c.recipient if r.code == code][:1]
                    part.spans = list(c.spans)
                    out.append(part)
            else:
                out.append(c)
        return out

    def run(self) -> ArticleResult:
        from marsad.coding.event_filter import load_filter
        flt = load_filter()
        events = []
        for c in self.merged_candidates():
            if flt is not None:
                p = flt.probability(self.features(c))
                if p < flt.threshold:
                    continue
                c.confidence = p
            events.append(self._to_event(c))
        entities = build_entities(self.actors, self.text, self.context)
        return ArticleResult(self.article, entities, events)

    def _to_event(self, c: Candidate) -> Event:
        a, b = min(x for x, _ in c.spans), max(y for _, y in c.spans)
        # evidence: the clause around the trigger, kept short
        ev_start, ev_end = self._evidence_span(c)
        o0, o1 = self.text.span(ev_start, ev_end)
        ev = Evidence(self.article.text[o0:o1], o0, o1)

        def ent(m: ActorMention) -> Entity:
            s0, s1 = self.text.span(m.start, m.end)
            return Entity(self.article.text[s0:s1], m.type or "ORG", m.name_en, m.code, [[s0, s1]])

        loc = resolve_location(c.place, self, self.context) if c.place is not None else None
        if loc is not None and loc.country is None:
            loc.country = self.context.dominant()
        if loc is None and c.type in LOCATED_TYPES and c.mode != "phone":
            loc = self._fallback_location(c)
        fat = combine_reports(c.reports, [x.code for x in c.actor + c.recipient if x.code]) if c.reports else None
        spk = None
        if c.speaker is not None:
            s0, s1 = self.text.span(c.speaker.start, c.speaker.end)
            spk = Speaker(self.article.text[s0:s1], c.speaker.name_en or self.context.english_name(c.speaker, self.text), c.speaker.code)
        date = c.date.value if c.date else None
        precision = c.date.precision if c.date else "unknown"
        if c.date is not None and c.date.future:
            c.future = True
        eid = hashlib.sha1(f"{self.article.id}|{c.type}|{a}|{b}".encode()).hexdigest()[:12]
        conf = c.confidence
        return Event(id=eid, type=c.type, mode=c.mode, evidence=ev, context=None, date=date,
                     date_precision=precision, actor=_dedup([ent(x) for x in c.actor]),
                     recipient=_dedup([ent(x) for x in c.recipient if x not in c.actor]),
                     location=loc, fatalities=fat, speaker=spk, negated=c.negated, future=c.future,
                     confidence=round(conf, 3), trigger=self.norm[c.trigger.start:c.trigger.end])

    def _fallback_location(self, c: Candidate) -> Location | None:
        """Where the clause names no place: the dateline's place, else the place the article
        mentions most, else the article's country — each only where it fits the event's sides."""
        codes = c.codes()
        places = [a for a in self.actors if a.is_place and a.rows]
        head = self.norm[:80]
        for a in places:
            if a.end <= 80 and any(ch in head[a.end:a.end + 4] + head[max(0, a.start - 4):a.start] for ch in "-–:"):
                if not codes or (a.rows[0].country or a.rows[0].code) in codes:
                    return resolve_location(a, self, self.context)
                break
        counts = Counter((a.rows[0].name_en, a.rows[0].country or a.rows[0].code) for a in places
                         if a.rows[0].kind != "country")
        for (name, country), n in counts.most_common(3):
            if n >= 2 and (not codes or country in codes):
                a = next(x for x in places if x.rows[0].name_en == name)
                return resolve_location(a, self, self.context)
        dom = self.context.dominant()
        # the country where it happened: the article's own, else the one acted upon (an attack,
        # an arrest) or the one acting (a protest, a mobilisation)
        sides = c.recipient + c.actor if c.type in ("ASSAULT", "COERCE", "AID") else c.actor + c.recipient
        side_codes = [a.code for a in sides if a.code and a.code not in IGO_CODES]
        for code in ([dom] if dom and (not codes or dom in codes) else []) + side_codes[:1]:
            row = next((a for a in places if a.rows[0].kind == "country" and a.rows[0].code == code), None)
            if row is not None:
                return resolve_location(row, self, self.context)
            country = self.lex_country(code)
            if country is not None:
                return Location(text=None, name_en=country.name_en, country=code, lat=country.lat,
                                lon=country.lon, precision="country")
        return None

    def lex_country(self, code: str):
        """The country row for a code, from the lexicon (for places named only by a demonym)."""
        from marsad.find.lexicon import country_rows
        return country_rows().get(code)

    def _evidence_span(self, c: Candidate) -> tuple[int, int]:
        s, m = c.sentence, c.trigger
        toks = self.tokens
        lo = max(s.token_start, m.token_start - 4)
        hi = min(s.token_end, m.token_end + 8)
        return toks[lo].start, toks[hi - 1].end


def _dedup(ents: list[Entity]) -> list[Entity]:
    seen, out = set(), []
    for e in ents:
        k = (e.code, e.name_en or e.text)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    w = min(len(a.value or ""), len(b.value or ""))
    return (a.value or "")[:w] == (b.value or "")[:w]


# Types whose repeated mentions in one article are usually one happening even where each mention
# names different sides (a clash, an agreement, a truce); other types merge only on the same sides.
MERGE_ON_OVERLAP = {"AGREE", "RETREAT"}


def _day_gap(a: DateMention | None, b: DateMention | None) -> int:
    try:
        return abs((dt.date.fromisoformat(a.value) - dt.date.fromisoformat(b.value)).days)
    except (AttributeError, TypeError, ValueError):
        return 0 if _dates_compatible(a, b) else 99


def _place_key(a: ActorMention) -> str:
    return a.rows[0].name_en if a.rows else a.text


def _same_happening(o: Candidate, c: Candidate) -> bool:
    if o.type != c.type or o.negated != c.negated:
        return False
    # only dates written with the mention itself tell two mentions apart or together
    od, cd = (o.date if o.date_own else None), (c.date if c.date_own else None)
    if o.sentence is c.sentence:
        if not _dates_compatible(o.date, c.date):
            return False
        lo, hi = sorted((o.trigger.end, c.trigger.start))
        same_clause = "،" not in o.sentence_text[lo - o.sentence.start:hi - o.sentence.start]
        return same_clause or bool(o.codes() & c.codes())
    if o.mode and c.mode and o.mode != c.mode:
        return False
    oc, cc = o.codes(), c.codes()
    if c.type == "ASSAULT":
        # attacks in different places are different attacks, whoever fought them
        if o.place is not None and c.place is not None and _place_key(o.place) != _place_key(c.place):
            return False
        if o.place is None and c.place is None and od is None and cd is None and o.sentence.paragraph != c.sentence.paragraph:
            return False
    if c.type in MERGE_ON_OVERLAP or (c.type == "ASSAULT" and od and cd):
        return bool(oc & cc) and _day_gap(od, cd) <= 2
    if oc != cc and o.sentence.paragraph != c.sentence.paragraph:
        return False   # a narrower retelling of a happening stays in its paragraph
    return bool(oc) and bool(cc) and (oc <= cc or cc <= oc) and (o.mode == c.mode or c.type != "CONSULT") \
        and _dates_compatible(od, cd)


def _absorb(target: Candidate, c: Candidate) -> None:
    target.actor += [a for a in c.actor if a.code not in {x.code for x in target.actor}]
    target.recipient += [a for a in c.recipient if a.code not in {x.code for x in target.recipient + target.actor}]
    target.reports += c.reports
    target.spans += c.spans
    target.mode = target.mode or c.mode
    if c.date is not None and (target.date is None or (c.date.value or "") < (target.date.value or "")
                               and len(c.date.value or "") >= len(target.date.value or "")):
        target.date = c.date   # a happening over several days is dated by its first
    target.date_own = target.date_own or c.date_own
    target.place = target.place or c.place
    target.speaker = target.speaker or c.speaker
    same_sentence = target.sentence is c.sentence
    target.future = (target.future or c.future) if same_sentence else (target.future and c.future)
    target.confidence = min(0.95, max(target.confidence, c.confidence) + 0.05)


def merge_candidates(cands: list[Candidate]) -> list[Candidate]:
    """One happening, one event: merge candidates of a type within a sentence, then across the
    article where their sides agree and their dates are compatible."""
    out: list[Candidate] = []
    for c in cands:
        target = next((o for o in out if _same_happening(o, c)), None)
        if target is None:
            out.append(c)
        else:
            _absorb(target, c)
    # a toll or clash with no sides named, where the article tells of one coded clash, is that clash
    coded = [o for o in out if o.type == "ASSAULT" and o.codes()]
    for o in [o for o in out if o.type == "ASSAULT" and not o.codes() and o.place is None]:
        # a toll or clash with no sides named goes to the clash the article tells of most,
        # among those its date allows
        eligible = [e for e in coded if o.date is None or (e.date is not None and _day_gap(o.date, e.date) <= 2)]
        # an undated toll in a news report is about the news, not about history years back
        recent = [e for e in eligible if e.date is None or len(e.date.value or "") >= 7]
        eligible = sorted(recent or eligible, key=lambda e: -len(e.spans))
        if len(eligible) == 1 or (len(eligible) > 1 and len(eligible[0].spans) > len(eligible[1].spans)):
            _absorb(eligible[0], o)
            out.remove(o)
    return out


def _parse_date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _ner_spans(text: Text):
    """NER spans over the normalised text, where the trained model ships with the package
    (MARSAD_NO_NER=1 turns the tagger off, for benchmarks and comparisons)."""
    if os.environ.get("MARSAD_NO_NER"):
        return None
    try:
        from marsad.ner import tag
    except ImportError:
        return None
    try:
        return tag(text.norm)
    except FileNotFoundError:
        return None


def extract_events(article: Article) -> ArticleResult:
    return ArticleExtractor(article).run()
