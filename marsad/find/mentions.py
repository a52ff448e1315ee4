"""Actor and place mentions: lexicon matches composed into the entities an analyst would code.

The matcher finds pieces — a country, a demonym, an agent noun (الجيش), a title (وزير الخارجية), a
known person. This stage composes neighbouring pieces the way Arabic does:
- agent + demonym/country → a coded organisation (الجيش السوري، وزارة الدفاع في أرمينيا);
- title (+ demonym/country) (+ name) → a coded person (وزير الخارجية الأمريكي أنتوني بلينكن) or a
  coded office where no name follows (الرئيس الروسي);
- a statistical NER span, where the NER model is available, adds names no lexicon holds.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # the C parser where libyaml is there


def _yaml_load(text):
    return yaml.load(text, Loader=_LOADER)

from marsad.find.lexicon import EntityRow, load, not_entities
from marsad.find.matcher import Token, phrase_key, split_article, tokenize, variants
from marsad.text.normalise import Text, norm

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"
ENTITY_KINDS_SKIP = {"demonym", "agent", "title", "title_unnamed"}
LINKERS = {"في", "ب", "من", "التابعه", "التابع", "لدي", "بدوله"}   # normalised forms
# words that make a name with الله after them (عبد الله، نصر الله، حزب الله …)
ALLAH_NAMES = {"عبد", "نصر", "حزب", "فضل", "جار", "عطا", "حسب", "خير", "فتح", "ضيف", "رزق", "سيف", "حمد", "عوض", "جاب"}


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    data = _yaml_load((LEXICONS / "function_words.yaml").read_text(encoding="utf-8"))
    return frozenset(norm(w) for w in data["words"])


@dataclass
class ActorMention:
    start: int                  # offsets into the normalised text
    end: int
    token_start: int
    token_end: int
    text: str                   # normalised surface
    type: str | None            # PER | ORG | GPE | LOC | None (not an entity: bare office, demonym, civilians)
    code: str | None
    name_en: str | None
    sector: str | None
    kind: str                   # entity | office | agent | demonym | person
    rows: list[EntityRow] = field(default_factory=list)   # lexicon candidates (places may be ambiguous)
    is_place: bool = False


def _is_place(row: EntityRow) -> bool:
    return row.type in ("GPE", "LOC")


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b]


def _name_after(tokens: list[Token], i: int, norm_text: str, taken: set[int], limit: int = 3,
                weak: set[int] = frozenset()) -> int:
    """Index after a personal name starting at token i (i itself when there is none)."""
    fw = function_words()
    j = i
    while j < len(tokens) and j - i < limit:
        tok = tokens[j].text
        if (j in taken and j not in weak) or tok in fw or tok.isdigit() or len(tok) < 2:
            break
        if j == i and tok.startswith("ال") and tok not in ("الله",):
            break
        if tok.startswith(("لل", "بال", "وال", "فال", "كال")):
            break
        if j > i:
            gap = norm_text[tokens[j - 1].end:tokens[j].start]
            if gap.strip():
                break
        j += 1
    return j


def find_actor_mentions(text: Text, tokens: list[Token] | None = None,
                        ner_spans: list[tuple[int, int, str]] | None = None,
                        stop_tokens: set[int] | None = None, when: str | None = None) -> list[ActorMention]:
    """Actor and place mentions; ``when`` (the publication date) picks among rows that hold only
    for a period (خادم الحرمين الشريفين is Abdullah until 23 January 2015, Salman after)."""
    lex = load()
    norm_text = text.norm
    tokens = tokens if tokens is not None else tokenize(norm_text)
    starts = [t.start for t in tokens]
    ner_tokens = None if ner_spans is None else {
        i for s0, e0, typ in ner_spans if typ == "PER" for i in range(bisect_left(starts, s0), bisect_left(starts, e0))}
    if stop_tokens is None:   # event words end a name read after a head noun
        stop_tokens = {t for m in lex.triggers.find(norm_text, tokens) for t in range(m.token_start, m.token_end)}
    matches = lex.actors.find(norm_text, tokens)
    taken = {t for m in matches for t in range(m.token_start, m.token_end)}
    # tokens matched only as a town may still be a person's name right after a title
    weak = {t for m in matches if all(r.kind == "city" for r in m.payloads)
            for t in range(m.token_start, m.token_end)}
    skip_until = -1
    out: list[ActorMention] = []
    k = 0
    while k < len(matches):
        m = matches[k]
        if m.token_start < skip_until:   # already read as part of a name
            k += 1
            continue
        rows: list[EntityRow] = m.payloads
        kinds = {r.kind for r in rows}
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        adjacent = nxt is not None and nxt.token_start == m.token_end \
            and not norm_text[m.end:tokens[nxt.token_start].start].strip(" ")
        linked = nxt is not None and nxt.token_start == m.token_end + 1 \
            and tokens[m.token_end].text in LINKERS and not any(c in norm_text[m.end:nxt.start] for c in "،,.")
        nxt_code_row = None
        if nxt is not None and (adjacent or linked):
            for r in nxt.payloads:
                if r.kind == "demonym" or (r.kind in ("country", "capital") and r.code):
                    nxt_code_row = r
                    break
            if nxt_code_row is None and adjacent and kinds & {"title"} and nxt.prefix.endswith("ل"):
                nxt_code_row = next((r for r in nxt.payloads if r.type == "ORG" and r.code), None)
                if nxt_code_row is not None:   # the body itself is named too (للاتحاد الأوروبي)
                    out.append(ActorMention(nxt.start, nxt.end, nxt.token_start, nxt.token_end,
                                            norm_text[nxt.start:nxt.end], "ORG", nxt_code_row.code,
                                            nxt_code_row.name_en or None, nxt_code_row.sector or None,
                                            "entity", [nxt_code_row]))
            if nxt_code_row is not None and nxt_code_row.kind == "demonym" and linked:
                nxt_code_row = None  # "في" + demonym is not how a country follows
        if kinds & {"agent", "title", "title_unnamed"} and not any(r.type in ("PER", "ORG", "GPE", "LOC") and r.kind not in ENTITY_KINDS_SKIP for r in rows):
            row = rows[0]
            end_match = nxt if nxt_code_row is not None else m
            code = nxt_code_row.code if nxt_code_row is not None else None
            country_en = nxt_code_row.name_en if nxt_code_row is not None else None
            if row.kind == "agent":
                typ = row.type or None
                out.append(ActorMention(m.start, end_match.end, m.token_start, end_match.token_end,
                                        norm_text[m.start:end_match.end], typ,
                                        code, f"{row.sector} ({country_en})" if country_en else None, row.sector,
                                        "agent", [row]))
            else:
                # title: a name may follow (after an optional comma)
                j0 = end_match.token_end
                j = _name_after(tokens, j0, norm_text, taken, weak=weak) if j0 < len(tokens) else j0
                if ner_tokens is not None and j > j0:
                    # with a tagger at hand, the name after a title is the span it reads as a person
                    k0 = j0
                    while k0 < j and k0 in ner_tokens:
                        k0 += 1
                    j = k0
                if row.kind == "title" and j - j0 >= 2 and row.sector is not None:
                    start_name, end_name = tokens[j0].start, tokens[j - 1].end
                    out.append(ActorMention(start_name, end_name, j0, j, norm_text[start_name:end_name], "PER",
                                            code, None, row.sector or None, "person", [row]))
                    for t in range(j0, j):
                        taken.add(t)
                    skip_until = j
                else:
                    out.append(ActorMention(m.start, end_match.end, m.token_start, end_match.token_end,
                                            norm_text[m.start:end_match.end], None, code, row.name_en,
                                            row.sector or None, "office", [row]))
            k += 2 if end_match is not m else 1
            continue
        if kinds == {"demonym"}:
            r = rows[0]
            out.append(ActorMention(m.start, m.end, m.token_start, m.token_end, norm_text[m.start:m.end],
                                    None, r.code, r.name_en, None, "demonym", rows))
            k += 1
            continue
        ent_rows = [r for r in rows if r.kind not in ENTITY_KINDS_SKIP and r.type in ("PER", "ORG", "GPE", "LOC")]
        if when and len(ent_rows) > 1:
            current = [r for r in ent_rows if r.valid_on(when) is not False]
            ent_rows = sorted(current or ent_rows, key=lambda r: r.valid_on(when) is not True)
        if ent_rows:
            r = ent_rows[0]
            end_match = m
            code = r.code or None
            # an organisation followed by a demonym takes its country (مجلس الأمن الأرميني)
            if r.type == "ORG" and not r.code and nxt_code_row is not None and nxt_code_row.kind == "demonym":
                end_match, code = nxt, nxt_code_row.code
            out.append(ActorMention(m.start, end_match.end, m.token_start, end_match.token_end,
                                    norm_text[m.start:end_match.end], r.type, code, r.name_en or None,
                                    r.sector or None, "entity", ent_rows, is_place=_is_place(r)))
            k += 2 if end_match is not m else 1
            continue
        k += 1

    if ner_tokens:   # a name the tagger reads as a person ends any name opened by a head noun
        stop_tokens = set(stop_tokens) | ner_tokens
    out += _headed_names(tokens, norm_text, matches, out, stop_tokens)
    if ner_spans:
        out = _add_ner(out, ner_spans, text, tokens)
    out.sort(key=lambda a: a.start)
    return out


def _add_ner(out: list[ActorMention], spans, text: Text, tokens: list[Token]) -> list[ActorMention]:
    """Add NER spans that no lexicon mention covers (spans are offsets into the normalised text)."""
    covered = sorted((a.start, a.end) for a in out)
    cov_starts = [a for a, _ in covered]
    starts = [t.start for t in tokens]
    for s, e, typ in spans:
        if typ not in ("PER", "ORG", "LOC", "GPE"):
            continue
        k = bisect_left(cov_starts, e)   # mentions starting before the span ends may overlap it
        if any(b > s for _, b in covered[max(0, k - 8):k]):
            continue
        tok_idx = [i for i in range(bisect_left(starts, s), bisect_left(starts, e)) if tokens[i].end <= e]
        if not tok_idx:
            continue
        surface = text.norm[s:e]
        first = tokens[tok_idx[0]].text
        words = [tokens[i].text for i in tok_idx]
        if any(w == "الله" and (k == 0 or words[k - 1] not in ALLAH_NAMES) for k, w in enumerate(words)):
            continue   # "الله تعالى"، "حفظهم الله": religious formulae, not names
        if not any("\u0621" <= ch <= "\u064a" for ch in surface):
            continue   # Latin-script brand names (Mobily, SMS) in Arabic text
        if phrase_key(surface) in not_entities():
            continue   # the stop list holds for the tagger as for the lexicons
        if first.startswith(("وال", "لل", "بال", "فال")):
            continue   # a clitic-bearing first word is a common noun the tagger misread
        code = None
        if typ == "PER":
            # "وزير الخارجية الأمريكي، X": a person named right after a coded office is of its country
            prev = [a for a in out if a.kind == "office" and a.code and a.token_end <= tok_idx[0]
                    and tok_idx[0] - a.token_end <= 1 and not text.norm[a.end:s].strip(" ،,")]
            if prev:
                code = prev[-1].code
        if typ == "LOC":
            # the tagger's LOC is a GPE (a country, a city) unless it opens on a region word
            typ = "LOC" if split_article(tokens[tok_idx[0]].text)[0] in region_words() else "GPE"
        out.append(ActorMention(s, e, tok_idx[0], tok_idx[-1] + 1, surface, typ,
                                code, None, None, "ner", [], is_place=typ in ("LOC", "GPE")))
    return out


@lru_cache(maxsize=1)
def name_heads() -> dict[tuple[str, ...], tuple[str, int]]:
    """Head phrase (normalised, article-stripped first word) → (entity type, max name words)."""
    data = _yaml_load((LEXICONS / "name_heads.yaml").read_text(encoding="utf-8"))
    out = {}
    for group in data:
        if group.get("type") in ("describers", "regions"):
            continue
        for h in group["heads"]:
            words = norm(h).split()
            out[(split_article(words[0])[0],) + tuple(words[1:])] = (group["type"], int(group["max_words"]))
    return out


@lru_cache(maxsize=1)
def region_words() -> frozenset[str]:
    """Heads of LOC names (name_heads.yaml) and the compass words that open regions (الشرق الأوسط)."""
    data = yaml.safe_load((LEXICONS / "name_heads.yaml").read_text(encoding="utf-8"))
    words = [h for g in data if g.get("type") == "LOC" for h in g["heads"]]
    words += next((g["words"] for g in data if g.get("type") == "regions"), [])
    return frozenset(split_article(norm(w.split()[0]))[0] for w in words)


@lru_cache(maxsize=1)
def describers() -> frozenset[str]:
    data = yaml.safe_load((LEXICONS / "name_heads.yaml").read_text(encoding="utf-8"))
    words = next((g["words"] for g in data if g.get("type") == "describers"), [])
    return frozenset(split_article(norm(w))[0] for w in words)


def _describes(tok: str) -> bool:
    """An adjective or common noun that describes the head instead of naming it."""
    stem = split_article(tok)[0]
    return stem in describers() or (stem.endswith(("ي", "يه")) and len(stem) > 3)


def _headed_names(tokens: list[Token], norm_text: str, matches, found: list[ActorMention],
                  stop_tokens: set[int] = frozenset()) -> list[ActorMention]:
    """Proper names opened by a head noun (جامعة …، مطار …، محافظة …) that no lexicon holds."""
    heads = name_heads()
    fw = function_words()
    entity_tokens = {}
    for a in found:
        for t in range(a.token_start, a.token_end):
            entity_tokens[t] = a
    out = []
    i = 0
    while i < len(tokens):
        hit = None
        for n in (2, 1):
            if i + n > len(tokens):
                continue
            first = tokens[i].text
            stems = {v[0] for v in variants(first)} | {first}
            rest = tuple(t.text for t in tokens[i + 1:i + n])
            for st in stems:
                if (st,) + rest in heads:
                    hit = (n, heads[(st,) + rest])
                    break
            if hit:
                break
        if not hit or i in entity_tokens and entity_tokens[i].kind != "agent":
            i += 1
            continue
        n, (typ, max_words) = hit
        j = i + n
        head_definite = split_article(tokens[i].text)[1] or tokens[i].text.startswith("لل")
        seen_definite = False
        if head_definite and typ == "GPE":
            i += 1
            continue   # "المدينة القريبة" describes; only the construct "مدينة X" names
        code_mention = None
        while j < len(tokens) and j - (i + n) < max_words:
            tok = tokens[j].text
            gap = norm_text[tokens[j - 1].end:tokens[j].start]
            if gap.strip() or tok in fw or tok.isdigit() or len(tok) < 2 or j in stop_tokens \
                    or tok.startswith(("لل", "بال", "وال", "فال", "كال")):
                break
            if tok[0] in "ول" and len(variants(tok)) > 1:
                break   # "وزارة وأخرى"، "قوات حكومية لإخراج": a conjunction or preposition ends the name
            if (head_definite or seen_definite) and not split_article(tok)[1]:
                break   # "الجامعة حريصة"، "وزارة التعليم بإدراج": after a definite word only definite words go on
            seen_definite = seen_definite or split_article(tok)[1]
            a = entity_tokens.get(j)
            if a is None and _describes(tok) and not head_definite:
                break   # "منطقة عازلة"، "قوات حكومية": a description, not a name
            if a is not None and a.kind == "entity" and j == i + n and typ in ("ORG", "LOC") and a.is_place:
                j = a.token_end   # "جامعة تبوك"، "مطار شرورة"، "ريف حلب": named after its place
                break
            if a is not None and a.kind == "entity" and j == i + n and a.token_end - a.token_start >= j - i - n:
                break   # "مدينة عدن": the place is known by its own name already
            if a is not None and a.kind == "demonym":
                code_mention = a
                j = a.token_end
                break
            if a is not None and a.kind == "entity" and a.type == "GPE" and typ != "GPE" and j > i + n:
                code_mention = a
                j = a.token_end
                break
            j += 1
        if j == i + n:
            i += 1
            continue
        start, end = tokens[i].start, tokens[j - 1].end
        # the clitic before the head (لل، ب، و) is not part of the name
        first = tokens[i].text
        for stem, had_art, plen in variants(first):
            if (stem,) in heads or (stem,) + tuple(t.text for t in tokens[i + 1:i + n]) in heads:
                start = tokens[i].start + plen
                break
        surface = norm_text[start:end]
        # a name wholly inside a mention already found adds nothing
        if not any(a.start <= start and end <= a.end for a in found):
            out.append(ActorMention(start, end, i, j, surface, typ, code_mention.code if code_mention else None,
                                    None, None, "headed", [], is_place=typ in ("LOC", "GPE")))
        i = j
    return out
