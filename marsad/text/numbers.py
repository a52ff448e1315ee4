"""Numbers and casualty tolls in normalised Arabic news text.

Both functions read the *normalised* string (``marsad.text.normalise.normalise(t).norm``) and
return offsets into it. All Arabic words live in ``marsad/lexicons/number_words.yaml`` and
``marsad/lexicons/casualty_words.yaml``; every entry is passed through ``norm()`` when loaded.

``parse_numbers`` reads
- digit figures, with ``,`` or ``.`` thousands separators (``1,500``, ``3.000``) and decimals
  before a scale word (``1.5 مليون``), and a following scale (``3 آلاف``, ``50 ألف``);
- number words in every gender/case/construct form, compounds (``خمسة وعشرون``,
  ``ثلاثة آلاف وخمسمئة``, ``أحد عشر``, ``ثلاث مئة``), duals (``ألفين``, ``مئتي``), the press's
  ر decimal (``5ر1 مليون`` = 1.5 million);
- vague plurals, read at their lowest value and marked ``approx``. Convention: ``عشرات`` = 10,
  ``مئات`` = 100, ``آلاف`` = 1000, ``عشرات الآلاف`` = 10 000, ``بضعة`` = 3 (as ACLED codes
  vague figures at the low end, "dozens" → 10);
- dual nouns that count two by themselves (``جنديين``, ``قتيلين``; list in casualty_words.yaml).

``find_casualties`` reads tolls of people: a figure is a toll when a kind noun follows it
(``12 قتيلا``, ``3 قتلى و5 جرحى``), when a toll word stands just before it (``مقتل``, ``قتل``,
``أسفر عن إصابة``, ``أودى بحياة``, ``راح ضحيته``, ``لقي … مصرعهم``) or when a toll verb follows
its noun phrase (``7 عناصر من تنظيم داعش قتلوا``). Figures followed by a unit (``100 دولار``,
``50 عاما``, ``3 أيام``), disease cases (``17 إصابة بفيروس``) and figures inside dates are not
tolls. With no figure, a toll word before one person counts 1 (``مقتل شخص``, ``قتل جندي آخر``,
``لقي مواطن مصرعه``; after a verbal noun also a definite one: ``مقتل السفير الأمريكي``); dual
nouns count 2 (``مقتل جنديين``). A figure joined by و to a toll shares its kind and qualifier
(``49 جنديا من أرمينيا، و50 من أذربيجان``; ``خمسة إسرائيليين وسائق الحافلة`` → 5 and 1): the
figures of one statement are separate mentions for the caller to add up.
Qualifiers: ``ما لا يقل عن``, ``أكثر من``, ``على الأقل`` → at_least; ``نحو``, ``حوالي``, ``قرابة``,
``ما يقرب من`` → about; ``أقل من`` → at_most. A vague figure (``عشرات``) is at_least unless the
text qualifies it. ``head`` is the span of the counted noun phrase (``جنديا أرمينيا``,
``من عناصر تنظيم داعش``), for the caller to find the side.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import yaml

from marsad.text.normalise import norm

_LEX = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    text: str
    value: int
    approx: bool = False


@dataclass(frozen=True)
class CasualtyMention:
    start: int
    end: int
    text: str
    count: int
    kind: str            # 'dead' | 'injured' | 'captured'
    qualifier: str       # 'exact' | 'at_least' | 'about' | 'at_most'
    head: tuple[int, int] | None = None


# ----------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\n|\S")
_PUNCT_STOP = frozenset(".!?؟;؛:\n()[]{}\"«»")
_COMMA = frozenset("،,")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


_WS = re.compile(r"\s")


_ORTHO = yaml.safe_load(open(_LEX / "number_words.yaml", encoding="utf-8"))["orthography"]
_CONJ = tuple(norm(c) for c in _ORTHO["conjunctions"])
_PREP = tuple(norm(c) for c in _ORTHO["prepositions"])
_ART = norm(_ORTHO["article"])
_PREP_ART = tuple(norm(c) for c in _ORTHO["preposition_with_article"])
_RA = norm(_ORTHO["decimal_ra"])
_AND = _CONJ[0]
_ONE_LETTER = frozenset(_CONJ + _PREP)
# every proclitic string: conjunction? + preposition? + article?
_ALL_PREFIXES = tuple(sorted({c + p + a for c in ("",) + _CONJ for p in ("",) + _PREP for a in ("", _ART)}
                             | {c + pa for c in ("",) + _CONJ for pa in _PREP_ART}, key=len))


class _Anchors:
    """Whole-word occurrences (with a proclitic) of a word list, found with Aho-Corasick."""
    _PREFIXES = _ALL_PREFIXES

    def __init__(self, words, digits: bool, prefixes=None) -> None:
        """``words``: an iterable of words, or a dict word → value (``spans`` then gives values)."""
        self.aut = ahocorasick.Automaton()
        values = words if isinstance(words, dict) else {w: None for w in words}
        for w, v in values.items():
            if not w:
                continue
            for p in (self._PREFIXES if prefixes is None else prefixes):
                self.aut.add_word(p + w, (len(p) + len(w), v))
        self.aut.make_automaton()
        self.digits = digits

    def hits(self, text: str) -> list[tuple[int, int, object]]:
        """Whole-word matches as (start, end, value)."""
        n = len(text)
        out = []
        for end, (ln, v) in self.aut.iter_long(text):
            s = end - ln + 1
            if (s == 0 or not text[s - 1].isalpha()) and (end + 1 >= n or not text[end + 1].isalpha()):
                out.append((s, end + 1, v))
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        out = [(s, e) for s, e, _ in self.hits(text)]
        if self.digits:
            out.extend(m.span() for m in _DIGITS.finditer(text))
            out.sort()
        return out


_DIGITS = re.compile(r"\d+")


def _windows(text: str, anchors: _Anchors, before: int, after: int) -> list[tuple[int, int]]:
    """Merged character windows around the anchors, widened to whole tokens."""
    out: list[list[int]] = []
    n = len(text)
    for ms, me in anchors.spans(text):
        a, b = max(0, ms - before), min(n, me + after)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    res = []
    for a, b in out:
        if a > 0:
            k = text.rfind(" ", 0, a)
            a = k + 1 if k >= 0 else 0
        if b < n:
            mm = _WS.search(text, b)
            b = mm.start() if mm else n
        if res and a <= res[-1][1]:
            res[-1] = (res[-1][0], max(b, res[-1][1]))
        else:
            res.append((a, b))
    return res


def _window_tokens(text: str, wins: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Tokens of the windows, a line break token between two windows."""
    toks: list[tuple[int, int, str]] = []
    for a, b in wins:
        if toks:
            toks.append((a, a, "\n"))
        toks.extend((m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, a, b))
    return toks


def _load(name: str) -> dict:
    with open(_LEX / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _seq(phrase: str) -> tuple[str, ...]:
    return tuple(t[2] for t in _tokens(norm(phrase)))


# ----------------------------------------------------------------------------- lexicons

class _NumLex:
    def __init__(self) -> None:
        d = _load("number_words.yaml")
        self.words: dict[str, tuple[str, int]] = {}

        def add(forms, kind, value):
            for f in forms:
                self.words.setdefault(norm(str(f)), (kind, int(value)))

        for v, forms in d["units"].items():
            add(forms, "unit", v)
        add(d["teen_one"], "teen_one", 1)
        for v, forms in d["tens"].items():
            add(forms, "ten", v)
        for v, forms in d["hundreds"].items():
            add(forms, "hundred", v)
        for v, forms in d["scales"].items():
            add(forms, "scale", v)
        for v, forms in d["dual_scales"].items():
            add(forms, "dual_scale", v)
        for v, forms in d["plural_scales"].items():
            add(forms, "plural_scale", v)
        for v, forms in d["vague"].items():
            add(forms, "vague", v)
        self.teen_ten = frozenset(norm(w) for w in d["teen_ten"])
        self.hundred_after_unit = frozenset(norm(w) for w in d["hundred_after_unit"])
        c = _load("casualty_words.yaml")
        self.dual_nouns = frozenset(norm(w) for w in c["dual_nouns"])
        self.postposed_one = frozenset(norm(w) for w in d["units"][1])


_NL = _NumLex()
_VAGUE_ARTICLE = tuple(p for p in _ALL_PREFIXES if p.endswith(_ART) or p in _PREP_ART)
_PROCLITICS = _CONJ
_PROCLITICS_LONG = _PREP + tuple(c + p for c in _CONJ for p in _PREP)


def _lookup(word: str, first: bool) -> tuple[str, int] | None:
    """Number-word reading of one token. ``first``: proclitics may be stripped."""
    r = _lookup_p(word, first)
    return None if r is None else r[0]


@lru_cache(maxsize=100_000)
def _lookup_p(word: str, first: bool) -> tuple[tuple[str, int], int] | None:
    """(reading, length of the stripped proclitic) of one token."""
    w = _NL.words.get(word)
    if w is not None:
        return w, 0
    if not first:
        return None
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) > len(p) + 1:
            w = _NL.words.get(word[len(p):])
            if w is not None:
                return w, len(p)
    for p in _PROCLITICS_LONG:
        if word.startswith(p) and len(word) - len(p) >= 4:
            w = _NL.words.get(word[len(p):])
            if w is not None and (w[0] != "unit" or len(word) - len(p) >= 5):
                return w, len(p)
    for p in _VAGUE_ARTICLE:
        if word.startswith(p):
            w = _NL.words.get(word[len(p):])
            if w is not None and w[0] in ("vague", "plural_scale"):
                return ("vague", w[1]), (len(p) - len(_ART) if p.endswith(_ART) else len(p) - 1)
    return None


def _and_word(word: str) -> tuple[str, int] | None:
    """A compound continuation: ``و`` + number word (``وعشرون``)."""
    if word.startswith(_AND) and len(word) > 2:
        return _NL.words.get(word[1:])
    return None


def _digit_value(s: str, next_is_scale: bool) -> float:
    if "," not in s and "." not in s:
        return float(s)
    parts = re.split(r"[.,]", s)
    seps = re.findall(r"[.,]", s)
    if all(len(p) == 3 for p in parts[1:]) and not (next_is_scale and len(parts) == 2):
        return float("".join(parts))
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    # mixed "1,234.5"
    if len(set(seps)) == 2:
        dec = seps[-1]
        head, _, tail = s.rpartition(dec)
        return float(re.sub(r"[.,]", "", head) + "." + tail)
    return float("".join(parts))


def _scale_of(tok: str) -> tuple[str, int] | None:
    w = _NL.words.get(tok)
    if w and w[0] in ("scale", "plural_scale", "dual_scale"):
        return w
    return None


def _parse_at(toks: list[tuple[int, int, str]], i: int) -> tuple[float, bool, int] | None:
    """Parse a number starting at token ``i``: (value, approx, end token index) or None."""
    n = len(toks)
    s = toks[i][2]
    if s[0].isdigit():
        if i + 2 < n and toks[i + 1][2] == _RA and toks[i + 2][2].isdigit() \
                and toks[i + 1][0] == toks[i][1] and toks[i + 2][0] == toks[i + 1][1]:
            # "5ر1 مليون": the press's decimal with ر, fraction first (1.5)
            v = float(toks[i + 2][2] + "." + s)
            nxt = _scale_of(toks[i + 3][2]) if i + 3 < n else None
            return (v * nxt[1], False, i + 4) if nxt else (v, False, i + 3)
        nxt = _scale_of(toks[i + 1][2]) if i + 1 < n else None
        v = _digit_value(s, nxt is not None)
        if nxt is not None:
            return v * nxt[1], False, i + 2
        return v, False, i + 1
    w = _lookup(s, True)
    if w is None:
        return None
    kind, val = w
    if kind == "vague" or (kind == "plural_scale"):
        v = float(val)
        j = i + 1
        if j < n:
            sc = _lookup(toks[j][2], True)
            if sc and sc[0] in ("vague", "plural_scale") and sc[1] > val:
                v = val * sc[1]
                j += 1
        return v, True, j
    if kind == "teen_one":
        if i + 1 < n and toks[i + 1][2] in _NL.teen_ten:
            cur, last, j = 11.0, "teen", i + 2
        else:
            return None
    elif kind == "dual_scale":
        cur, last, j = 2.0 * val, "scale", i + 1
        total = cur
        return _continue(toks, j, total, 0.0, "scale", val)
    elif kind == "scale":
        return _continue(toks, i + 1, float(val), 0.0, "scale", val)
    else:
        cur, last, j = float(val), kind, i + 1
        if kind == "unit" and j < n:
            t = toks[j][2]
            if t in _NL.teen_ten and val < 10:
                cur, last, j = 10.0 + val, "teen", j + 1
            elif t in _NL.hundred_after_unit and val < 10:
                cur, last, j = 100.0 * val, "hundred", j + 1
    return _continue(toks, j, 0.0, cur, last, None)


def _continue(toks, j, total, cur, last, last_scale):
    """Go on reading compound parts after the first atom."""
    n = len(toks)
    while j < n:
        t = toks[j][2]
        sc = _scale_of(t)
        if sc is not None and cur > 0 and last != "scale":
            total += cur * sc[1]
            cur, last, last_scale = 0.0, "scale", sc[1]
            j += 1
            continue
        w = _and_word(t)
        if w is None:
            break
        kind, val = w
        limit = last_scale or float("inf")
        if kind == "ten" and last in ("unit", "teen_unit", "hundred", "scale", "hundred_unit") and cur % 100 < 10:
            if last == "teen":
                break
            cur += val
            last = "ten"
        elif kind in ("unit",) and last in ("hundred", "scale"):
            if j + 1 < n and toks[j + 1][2] in _NL.teen_ten and val < 10:
                cur += 10 + val
                last = "teen"
                j += 1
            else:
                cur += val
                last = "hundred_unit" if last == "hundred" else "unit"
        elif kind == "teen_one" and last in ("hundred", "scale") and j + 1 < n and toks[j + 1][2] in _NL.teen_ten:
            cur += 11
            last = "teen"
            j += 1
        elif kind == "hundred" and last == "scale" and val < limit:
            cur += val
            last = "hundred"
        else:
            break
        if last_scale and cur >= last_scale:
            break
        j += 1
    return total + cur, False, j


@lru_cache(maxsize=100_000)
def _num_class(s: str) -> int:
    """0: not a number token, 1: digits or number word, 2: dual noun."""
    if s[0].isdigit():
        return 1
    if s in _NL.dual_nouns or (s[:1] in _ONE_LETTER and s[1:] in _NL.dual_nouns):
        return 2
    return 1 if _lookup_p(s, True) is not None else 0


def _numbers_tok(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, float, bool]]:
    """All numbers as (first token, end token, value, approx)."""
    out = []
    i, n = 0, len(toks)
    while i < n:
        s = toks[i][2]
        k = _num_class(s)
        if k == 0:
            i += 1
            continue
        if k == 2:
            out.append((i, i + 1, 2.0, False))
            i += 1
            continue
        # "عشر" after an ordinal ("الثالث عشر") is not ten
        if s in _NL.teen_ten and i > 0 and toks[i - 1][2].startswith(_ART):
            i += 1
            continue
        r = _parse_at(toks, i)
        if r is None:
            i += 1
            continue
        v, approx, j = r
        out.append((i, j, v, approx))
        i = j
    return out


def _clitic_len(word: str) -> int:
    if word[0].isdigit() or word in _NL.dual_nouns:
        return 0
    if word[:1] in _ONE_LETTER and word[1:] in _NL.dual_nouns:
        return 1
    r = _lookup_p(word, True)
    return r[1] if r else 0


_WORD_ANCHOR = _Anchors(set(_NL.words) | _NL.dual_nouns, digits=False)
_SCALE_WORDS = sorted((w for w, (k, _v) in _NL.words.items() if k in ("scale", "plural_scale", "dual_scale")),
                      key=len, reverse=True)
_DIGITS_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE_AFTER = re.compile(r"\s*(" + "|".join(map(re.escape, _SCALE_WORDS)) + r")(?![^\W\d_])")


def parse_numbers(norm_text: str) -> list[NumberMention]:
    """Every figure in the normalised text, as digits, number words or dual nouns."""
    found: list[tuple[int, int, int, bool]] = []
    # digit figures straight from a regex (the bulk of figures in news text)
    skip_to = -1
    for m in _DIGITS_RUN.finditer(norm_text):
        s, e = m.span()
        if s < skip_to:
            continue
        num = m.group()
        if e + 1 < len(norm_text) and norm_text[e] == _RA and norm_text[e + 1].isdigit():
            m2 = _DIGITS_RUN.match(norm_text, e + 1)      # "5ر1" = 1.5
            v = float(m2.group() + "." + num)
            e = skip_to = m2.end()
            sc = _SCALE_AFTER.match(norm_text, e)
        else:
            sc = _SCALE_AFTER.match(norm_text, e)
            v = _digit_value(num, sc is not None)
        if sc is not None:
            v *= _NL.words[sc.group(1)][1]
            e = sc.end()
        found.append((s, e, int(round(v)), False))
    # number words and dual nouns: tokens of the windows around them
    toks = _window_tokens(norm_text, _windows(norm_text, _WORD_ANCHOR, 12, 60))
    for a, b, v, approx in _numbers_tok(toks):
        if toks[a][2][0].isdigit():
            continue
        s, e = toks[a][0] + _clitic_len(toks[a][2]), toks[b - 1][1]
        found.append((s, e, int(round(v)), approx))
    found.sort(key=lambda x: (x[0], -x[1]))
    res, last_end = [], -1
    for s, e, v, approx in found:
        if s >= last_end:
            res.append(NumberMention(s, e, norm_text[s:e], v, approx))
            last_end = e
    return res


# ----------------------------------------------------------------------------- casualties

class _CasLex:
    def __init__(self) -> None:
        c = _load("casualty_words.yaml")
        self.before: dict[tuple[str, ...], str] = {}
        weak = {_seq(w) for w in c["weak_triggers"]}
        for kind, words in c["triggers_before"].items():
            for w in words:
                sq = _seq(w)
                if sq not in weak:
                    self.before.setdefault(sq, kind)
        for kind, words in c.get("triggers_need_person", {}).items():
            for w in words:
                self.before.setdefault(_seq(w), kind + "+person")
        self.after: dict[tuple[str, ...], str] = {}
        for kind, words in c["triggers_after"].items():
            for w in words:
                self.after.setdefault(_seq(w), kind)
        self.meet_verbs = frozenset(norm(w) for w in c["meet_death_verbs"])
        self.meet_nouns = frozenset(norm(w) for w in c["meet_death_nouns"])
        self.meet_single = {norm(w): int(k) for w, k in c["meet_death_nouns"].items() if k}
        mo = c["morphology"]
        self.genitive = norm(mo["genitive"])
        self.counted_end = tuple(norm(x) for x in mo["counted_endings"])
        self.def_counted_end = tuple(norm(x) for x in mo["definite_counted_endings"])
        self.adj_end = tuple(norm(x) for x in mo["adjective_endings"])
        self.def_adj_end = tuple(norm(x) for x in mo["definite_adjective_endings"])
        self.head_adj = frozenset(norm(w) for w in c["head_adjectives"])
        self.nominal = frozenset(norm(w) for w in c.get("nominal_triggers", []))
        self.totals = {_seq(w): k for k, ws in c["total_phrases"].items() for w in ws}
        self.max_total = max(len(k) for k in self.totals)
        self.total_glue = frozenset(norm(w) for w in c["total_glue"])
        self.kind_nouns: dict[tuple[str, ...], str] = {}
        for kind, words in c["kind_nouns"].items():
            for w in words:
                self.kind_nouns.setdefault(_seq(w), kind)
        self.dual_kind = {}
        for kind, words in c["dual_kind"].items():
            for w in words:
                self.dual_kind[norm(w)] = kind
        self.dual_nouns = frozenset(norm(w) for w in c["dual_nouns"])
        sing = [norm(w) for w in c["person_nouns"]]
        self.person_sing = frozenset(sing)
        forms = set(sing)
        for s in sing:
            forms.update(s + norm(x) for x in mo["person_suffixes"])
            fem = norm(mo["feminine_end"])
            if s.endswith(fem):
                forms.add(s[:-len(fem)] + norm(mo["feminine_plural"]))
        forms.update(norm(w) for w in c["person_plurals"])
        self.person_forms = frozenset(forms)
        self.exclusions = {_seq(w): True for w in c["exclusion_units"]}
        self.max_excl = max(len(k) for k in self.exclusions)
        self.qual_before = {}
        for q, words in c["qualifiers_before"].items():
            for w in words:
                self.qual_before[_seq(w)] = q
        self.qual_after = {}
        for q, words in c["qualifiers_after"].items():
            for w in words:
                self.qual_after[_seq(w)] = q
        self.head_stops = frozenset(norm(w) for w in c["head_stops"])
        self.coord_lead = frozenset(norm(w) for w in c.get("coordination_leads", []))
        self.not_injury = frozenset(norm(w) for w in c.get("not_injury_after", []))
        self.firsts = frozenset(k[0] for k in self.before) | self.meet_verbs \
            | frozenset(k[0] for k in self.qual_before) | frozenset(_NL.words) | _NL.dual_nouns
        self.max_before = max(len(k) for k in self.before)
        self.before1 = {k: v for k, v in self.before.items() if len(k) == 1 and not v.endswith("+person")}
        self.max_after = max(len(k) for k in self.after)
        self.max_qb = max(len(k) for k in self.qual_before)


_CL = _CasLex()
_CAS_ANCHOR = _Anchors({k[0] for k in _CL.before} | {k[0] for k in _CL.after} | {k[0] for k in _CL.kind_nouns}
                         | _CL.meet_verbs | _CL.meet_nouns | _CL.dual_nouns, digits=False)


_STRIP_PREFIXES = _CONJ + _PREP[:2] + tuple(c + p for c in _CONJ for p in _PREP[:2])   # no ك: كما, كان
_STRIP_PREFIXES_LONGEST = tuple(sorted(_STRIP_PREFIXES, key=len, reverse=True))


@lru_cache(maxsize=100_000)
def _strip(word: str) -> tuple[str, ...]:
    out = [word]
    for p in _STRIP_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p):])
    return tuple(out)


def _match_ending(toks, end: int, table: dict, maxlen: int):
    """Longest phrase of ``table`` whose last token is toks[end-1]: (start index, value)."""
    for ln in range(min(maxlen, end), 0, -1):
        words = [t[2] for t in toks[end - ln:end]]
        for first in _strip(words[0]):
            key = (first, *words[1:])
            if key in table:
                return end - ln, table[key]
    return None


def _match_starting(toks, i: int, table, maxlen: int):
    """Longest phrase of ``table`` starting at toks[i]: (end index, value)."""
    n = len(toks)
    for ln in range(min(maxlen, n - i), 0, -1):
        words = [t[2] for t in toks[i:i + ln]]
        for first in _strip(words[0]):
            key = (first, *words[1:])
            if key in table:
                return i + ln, table[key]
    return None


def _is_punct(tok: str) -> bool:
    return tok in _PUNCT_STOP or tok in _COMMA


def _looks_counted(tok: str) -> bool:
    """A noun or adjective that a figure may count: person noun forms, nisba adjectives,
    accusative singulars after 11+ (عنصرا، جنديا)."""
    if tok in _CL.person_forms:
        return True
    for w in _strip(tok):
        if w in _CL.person_forms:
            return True
    if tok.startswith(_ART) and (tok[len(_ART):] in _CL.person_forms
                                 or (len(tok) > 6 and tok.endswith(_CL.def_counted_end))):
        return True
    return len(tok) >= 3 and tok.endswith(_CL.counted_end) and not tok.startswith(_ART)


def _head_from(toks, j: int, limit: int = 7) -> tuple[int, int] | None:
    """Noun phrase starting at token j: 'من …' phrase or a noun with its adjectives."""
    n = len(toks)
    if j >= n:
        return None
    t = toks[j][2]
    gen = _CL.genitive
    if t == gen or t.startswith(gen) and t[len(gen):] in _CL.person_forms:
        k = j + 1
        while k < n and k - j < limit:
            w = toks[k][2]
            if _is_punct(w) or w in _CL.head_stops or w[0].isdigit():
                break
            if w == _AND or (w[:1] == _AND and (_num_class(w) or w[1:] in _CL.person_forms)):
                break           # "عشره من منسوبي القوات وثلاثه من العمال": a second counted phrase
            if w.startswith(_AND) and k > j + 1 and (w[1:] in _CL.head_stops or (w[1:], ) in _CL.before
                                                      or _match_starting(toks, k, _CL.after, _CL.max_after)):
                break
            if _match_starting(toks, k, _CL.after, _CL.max_after):
                break
            k += 1
        return (j, k) if k > j + 1 else None
    if _is_punct(t) or t in _CL.head_stops:
        return None
    if not (_looks_counted(t) or t in _CL.dual_nouns):
        return None
    k = j + 1
    while k < n and k - j < 4:
        w = toks[k][2]
        if _is_punct(w) or w in _CL.head_stops or w[0].isdigit():
            break
        if w[:1] == _AND and (_num_class(w) or w[1:] in _CL.person_forms):
            break               # "3 جنود وشرطي": a second counted noun, no adjective
        if w.startswith(_ART) and w.endswith(_CL.def_adj_end) or w in _CL.head_adj:
            k += 1
            continue
        if not w.startswith(_ART) and w.endswith(_CL.adj_end) and len(w) > 3 \
                and _match_starting(toks, k, _CL.after, _CL.max_after) is None:
            k += 1
            continue
        break
    if k < n and toks[k][2] == _CL.genitive and k - j <= 2:
        h = _head_from(toks, k, limit)
        if h:
            k = h[1]
    return (j, k)


def _person_head(toks, head: tuple[int, int]) -> bool:
    i = head[0]
    if toks[i][2] == _CL.genitive and i + 1 < head[1]:
        i += 1
    w = toks[i][2]
    return w in _CL.person_forms or w in _CL.dual_nouns or (w.startswith(_ART) and w[len(_ART):] in _CL.person_forms)


def _qual_before(toks, a: int) -> tuple[str | None, int]:
    m = _match_ending(toks, a, _CL.qual_before, _CL.max_qb)
    if m is None:
        return None, a
    return m[1], m[0]


def _qual_after(toks, j: int, upto: int) -> str | None:
    k = j
    while k < min(upto, len(toks)):
        w = toks[k][2]
        if w in _PUNCT_STOP:
            return None
        m = _match_starting(toks, k, _CL.qual_after, 3)
        if m:
            return m[1]
        k += 1
    return None


@lru_cache(maxsize=100_000)
def _maybe_single(word: str) -> bool:
    """Whether a token may start a one-word toll or a 'لقي … مصرعه' phrase."""
    return any((x,) in _CL.before1 or x in _CL.meet_verbs for x in _strip(word))


def _lead_clitic(word: str) -> int:
    """Length of a proclitic (و، ف، ب، ل) on a toll word, number word or trigger."""
    if word in _CL.firsts or word[0].isdigit():
        return 0
    for p in _STRIP_PREFIXES_LONGEST:
        if word.startswith(p) and word[len(p):] in _CL.firsts:
            return len(p)
    return 0


def _date_token_spans(norm_text: str, wins) -> list[tuple[int, int]]:
    from marsad.text.dates import find_dates  # local import: dates uses numbers too
    out = []
    for a, b in wins:
        out.extend((a + d.start, a + d.end) for d in find_dates(norm_text[a:b], None))
    return out


def find_casualties(norm_text: str) -> list[CasualtyMention]:
    """Tolls of people killed, injured or captured, with their qualifier and counted phrase."""
    wins = _windows(norm_text, _CAS_ANCHOR, 90, 110)
    toks = _window_tokens(norm_text, wins)
    n = len(toks)
    dates = _date_token_spans(norm_text, wins)
    nums = _numbers_tok(toks)
    out: list[CasualtyMention] = []
    used_tokens: set[int] = set()

    def in_date(a, b):
        s, e = toks[a][0], toks[b - 1][1]
        return any(ds <= s and e <= de for ds, de in dates)

    def emit(span_a, span_b, count, kind, qual, head):
        s, e = toks[span_a][0] + _lead_clitic(toks[span_a][2]), toks[span_b - 1][1]
        hs = (toks[head[0]][0], toks[head[1] - 1][1]) if head else None
        out.append(CasualtyMention(s, e, norm_text[s:e], int(round(count)), kind, qual, hs))
        used_tokens.update(range(span_a, span_b))
        last[:] = [span_b, kind, qual]
        # one more person joined to the toll: "مقتل خمسة اسرائيليين وسائق الحافلة"
        j = span_b
        if j < n and toks[j][2] == _AND:
            j += 1
        elif not (j < n and toks[j][2][:1] == _AND and toks[j][2][1:] in _CL.person_sing):
            return
        if j >= n or j in used_tokens:
            return
        w = toks[j][2]
        w = w[1:] if (w[:1] == _AND and w[1:] in _CL.person_sing) else w
        if w in _CL.person_sing and not (j + 1 < n and _num_class(toks[j + 1][2])):
            h = _head_from(toks, j)
            end = h[1] if h else j + 1
            s2 = toks[j][0] + (len(toks[j][2]) - len(w))
            e2 = toks[end - 1][1]
            out.append(CasualtyMention(s2, e2, norm_text[s2:e2], 1, kind, "exact", (s2, e2)))
            used_tokens.update(range(j, end))

    last: list = [None, None, None]     # end token, kind, qualifier of the last toll

    for a, b, v, approx in nums:
        if v <= 0 or in_date(a, b):
            continue
        if b == a + 1 and toks[a][2] in _NL.postposed_one and not (a > 0 and toks[a - 1][2] in _CL.person_sing):
            continue     # "بحجر واحد": واحد counts only after a person noun ("شخص واحد")
        is_dual = b == a + 1 and toks[a][2] not in _NL.words and not toks[a][2][0].isdigit() \
            and _lookup(toks[a][2], True) is None
        # a figure followed by a unit counts something else
        if not is_dual and b < n and _match_starting(toks, b, _CL.exclusions, _CL.max_excl) is not None:
            continue
        kind = None
        span_a, span_b = a, b
        head = None
        qual, qa = _qual_before(toks, a)
        # 1. a kind noun right after the figure (or dual noun carrying its kind)
        if is_dual and toks[a][2] in _CL.dual_kind:
            kind = _CL.dual_kind[toks[a][2]]
        elif is_dual:
            for w in _strip(toks[a][2]):
                if w in _CL.dual_kind:
                    kind = _CL.dual_kind[w]
        if kind is None and not is_dual:
            m = _match_starting(toks, b, _CL.kind_nouns, 3)
            if m is None and b + 1 < n and toks[b][2] == _CL.genitive:
                m = _match_starting(toks, b + 1, _CL.kind_nouns, 3)    # "عشرات الالاف من القتلي"
            if m is not None:
                kind = m[1]
                span_b = m[0]
                if span_b < n and toks[span_b][2] == _CL.genitive:
                    head = _head_from(toks, span_b)
        # 2. a toll word before the figure (qualifier and up to 3 glue tokens between)
        adjacent = False
        if kind is None:
            k = qa
            steps = 0
            while steps < 4:
                if k <= 0:
                    break
                m = _match_ending(toks, k, _CL.before, _CL.max_before)
                if m is not None:
                    kind = m[1]
                    span_a = m[0]
                    adjacent = k == qa
                    break
                w = toks[k - 1][2]
                if w in _PUNCT_STOP or w[0].isdigit() or (k - 1) in used_tokens:
                    break
                if w not in _COMMA:
                    steps += 1
                if w in _CL.meet_verbs or any(x in _CL.meet_verbs for x in _strip(w)):
                    # "لقي 6 مصرعهم": needs مصرع/حتف after
                    for q in range(b, min(n, b + 12)):
                        if toks[q][2] in _CL.meet_nouns:
                            kind = "dead"
                            span_a = k - 1
                            break
                        if toks[q][2] in _PUNCT_STOP:
                            break
                    break
                k -= 1
            if kind is not None:
                head = _head_from(toks, a if is_dual else b)
                if head is None and not is_dual and b < n:
                    mq = _match_starting(toks, b, _CL.qual_after, 3)     # "قتل 21 على الاقل من افراد"
                    if mq is not None:
                        head = _head_from(toks, mq[0])
                if kind.endswith("+person"):
                    # "خسرت 49 جنديا": a figure after a weak verb must count people
                    kind = kind[:-7]
                    if head is None or not _person_head(toks, head):
                        kind = None
            if kind is not None:
                if head is None and a > 0 and toks[a - 1][2] in _CL.person_sing:
                    head = (a - 1, a)
                if head is None and not is_dual and b < n:
                    nxt = toks[b][2]
                    ok = _is_punct(nxt) or nxt in _CL.head_stops or nxt == _AND \
                        or _match_starting(toks, b, _CL.qual_after, 3) is not None \
                        or any(x in _CL.meet_nouns for x in _strip(nxt)) \
                        or _match_starting(toks, b, _CL.after, _CL.max_after) is not None
                    if not ok and not (adjacent and not kind.endswith("+person")):
                        kind = None     # "مقتل العشرات الاسبوع الماضي" stands: its toll word is adjacent
                if is_dual and head is None:
                    head = (a, b)
            if kind is None:
                head = None
        # 2b. a toll total far before: "ارتفاع حصيلة القتلى، جراء قصف …، إلى نحو 100"
        if kind is None and qa > 0 and toks[qa - 1][2] in _CL.total_glue:
            for q in range(qa - 2, max(-1, qa - 17), -1):
                w = toks[q][2]
                if w in _PUNCT_STOP or q in used_tokens:
                    break
                mt = _match_ending(toks, q + 1, _CL.totals, _CL.max_total)
                if mt is not None:
                    kind, span_a = mt[1], mt[0]
                    head = _head_from(toks, b)
                    break
        # 3. a toll verb after the figure's noun phrase: "7 عناصر من داعش قتلوا"
        if kind is None:
            h = _head_from(toks, b) if not is_dual else (a, b)
            if h is not None:
                q = h[1]
                # skip a qualifier after the head
                mq = _match_starting(toks, q, _CL.qual_after, 3)
                if mq:
                    q = mq[0]
                m = _match_starting(toks, q, _CL.after, _CL.max_after) if q < n else None
                if m is None and q < n and (toks[q][2] in _CL.coord_lead or toks[q][2][0] == _AND):
                    # "12 مدنيا على الاقل وجنديا تشاديا واحدا قتلوا", "... بينهم شرطي، قتلوا"
                    for q2 in range(q + 1, min(n, q + 7)):
                        w2 = toks[q2][2]
                        if w2 in _PUNCT_STOP or w2[0].isdigit():
                            break
                        m = _match_starting(toks, q2, _CL.after, _CL.max_after)
                        if m is not None:
                            break
                if m is not None:
                    kind, head, span_b = m[1], h, m[0]
        # 4. an elliptical figure sharing the last toll's noun: "49 جنديا من ارمينيا، و50 من اذربيجان"
        inherited = None
        if kind is None and last[0] is not None:
            if toks[a][2][0] == _AND and _clitic_len(toks[a][2]) == 1:
                k = a - 1                       # token before "وخمسون"
            elif a >= 1 and toks[a - 1][2] == _AND:
                k = a - 2                       # token before "و 50"
            else:
                k = -9
            if k >= 0 and toks[k][2] in _COMMA:
                k -= 1
            if k >= 0 and k + 1 == last[0]:
                nxt = toks[b][2] if b < n else "."
                if is_dual or nxt == _CL.genitive or _looks_counted(nxt) or nxt in _CL.head_stops or _is_punct(nxt):
                    kind, inherited = last[1], last[2]
                    head = _head_from(toks, b)
        if kind is None:
            continue
        if inherited and qual is None:
            qual = inherited
        if kind == "injured" and any(t[2] in _CL.not_injury for t in toks[b:min(n, max(span_b, b) + 3)]):
            continue     # disease cases: "17 اصابه بفيروس"
        if head is not None and head[1] > span_b:
            span_b = head[1]
        if qual is None:
            qual = _qual_after(toks, b, min(n, max(span_b, b) + 4))
        if qual is None:
            qual = "at_least" if approx else "exact"
        emit(min(span_a, qa, a), max(span_b, b), v, kind, qual, head)

    # 4. a toll word followed by one indefinite person noun: "مقتل شخص", "قتل جندي آخر"
    #    and "لقي مواطن مصرعه"
    for i in range(n):
        if i in used_tokens:
            continue
        w = toks[i][2]
        if not _maybe_single(w):
            continue
        m = _match_starting(toks, i, _CL.before1, 1)
        if m is not None and m[0] < n and (m[0]) not in used_tokens:
            j = m[0]
            t = toks[j][2]
            if t.startswith(_ART) and t[len(_ART):] in _CL.person_sing \
                    and any(x in _CL.nominal for x in _strip(w)) and not (j + 1 < n and _num_class(toks[j + 1][2])):
                t = t[len(_ART):]       # "مقتل الجندي", "اغتيال السفير الامريكي"
            if t in _CL.person_sing:
                h = _head_from(toks, j)
                end = h[1] if h else j + 1
                if end < n and toks[end][2] in _NL.postposed_one:
                    end += 1
                emit(i, end, 1, m[1], "exact", (j, end))
                continue
        w = toks[i][2]
        if w in _CL.meet_verbs or any(x in _CL.meet_verbs for x in _strip(w)):
            for q in range(i + 1, min(n, i + 6)):
                tq = toks[q][2]
                if tq in _PUNCT_STOP or q in used_tokens:
                    break
                if tq in _CL.meet_single:
                    head = (i + 1, q) if q > i + 1 else None
                    emit(i, q + 1, _CL.meet_single[tq], "dead", "exact", head)
                    break
    out.sort(key=lambda c: c.start)
    return out
