"""Date mentions in normalised Arabic news text, resolved against the publication date.

``find_dates(norm_text, published)`` reads the *normalised* string
(``marsad.text.normalise.normalise(t).norm``) and returns ``DateMention``s with offsets into it.
All Arabic words live in ``marsad/lexicons/months.yaml`` and ``time_expressions.yaml`` and are
passed through ``norm()`` when loaded.

What is read (precision in brackets):
- ``15 سبتمبر 2022``, ``15 سبتمبر/أيلول 2022``, ``20 يوليو تموز``, ``الثاني من مايو 2011``,
  ``15/9/2022``, ``2022-09-15``, Hijri ``14 رمضان 1436 هـ`` (converted with hijridate) [day];
- month and year ``سبتمبر 2022``, ``في سبتمبر``, ``سبتمبر الماضي`` [month];
- bare years after a lead word ``عام 2020``, ``في 2011``, ``منذ عام 2011`` (1900–2100, or a Hijri
  year with هـ), not when the figure counts something (``2020 قتيلا``) [year];
- weekdays ``الثلاثاء``, ``يوم الاثنين``, ``فجر الجمعة``: the latest such day on or before
  publication; ``السبت الماضي`` the same; ``الخميس المقبل`` the next one after publication;
  ``ليل الثلاثاء الأربعاء`` the first day. A weekday just before a full date joins it
  (``الأربعاء 14 سبتمبر``) [day];
- relative phrases ``أمس``, ``أول أمس``, ``اليوم``, ``فجر اليوم``, ``غدا``, ``الأسبوع الماضي`` [week,
  published − 7 days], ``الشهر الماضي`` [month], ``العام الماضي``, ``قبل عامين`` [year],
  ``منذ 3 أيام``, ``قبل يومين``.

A date without a year takes the publication year, or the year before when that would put it more
than ~2 months after publication. With ``published`` None, expressions that need it (relative
ones, weekdays, dates without a year) get value None. ``relative`` is True for expressions read
against the publication date (weekdays and relative phrases); ``future`` marks those pointing
after publication (``غدا``, ``الخميس المقبل``).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from marsad.text.normalise import norm
from marsad.text.numbers import _Anchors

_LEX = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None          # 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'
    precision: str             # 'day' | 'week' | 'month' | 'year'
    relative: bool = False
    future: bool = False
    bound: str | None = None   # 'since' | 'until' where the date bounds a period ("منذ عام 2020")


def _load(name: str) -> dict:
    with open(_LEX / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words) -> str:
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


_L = r"(?<![^\W\d_])"      # no letter before
_R = r"(?![^\W\d_])"       # no letter after

_M = _load("months.yaml")
_T = _load("time_expressions.yaml")
_PROC = "".join(norm(c) for c in _M["proclitics"])
_CL = rf"(?:[{_PROC}])?"       # a proclitic before the mention (not part of its span)
_SHAHR = norm(_M["month_word"])
_ART = norm(_M["article"])


def _month_table(section: dict) -> tuple[dict[str, int], set[str]]:
    table, amb = {}, set()
    for num, names in section.items():
        for e in names:
            if isinstance(e, dict):
                w = norm(e["name"])
                if e.get("ambiguous"):
                    amb.add(w)
            else:
                w = norm(str(e))
            table[re.sub(r"\s+", " ", w)] = int(num)
    return table, amb


_GREG, _GREG_AMB = _month_table(_M["gregorian"])
_HIJ, _HIJ_AMB = _month_table(_M["hijri"])
_WD: dict[str, int] = {norm(w): int(k) for k, ws in _T["weekdays"].items() for w in ws}
_ORD: dict[str, int] = {re.sub(r"\s+", " ", norm(w)): int(k) for k, ws in _T["day_ordinals"].items() for w in ws}
# ل + ال is written لل: "للعشرين من شهر يوليو"
_ORD.update({norm(_M["proclitics"][3]) + k[1:]: v for k, v in list(_ORD.items()) if k.startswith(norm(_M["article"]))})
_REL: dict[str, tuple[str, int]] = {}
for _e in _T["relative"]:
    for _p in _e["phrases"]:
        _REL[re.sub(r"\s+", " ", norm(_p))] = (_e["precision"], int(_e["offset"]))
_UNITS: dict[str, dict] = {}
for _u in _T["ago_units"].values():
    for _f in _u["forms"]:
        _UNITS[norm(_f)] = _u

_n = lambda key, src=_T: [norm(w) for w in src[key]]  # noqa: E731
_WD_PAST, _WD_FUT = set(_n("weekday_past")), set(_n("weekday_future"))
_MON_PAST, _MON_FUT = set(_n("month_past")), set(_n("month_future"))
_WD_BLOCK_B, _WD_BLOCK_A = set(_n("weekday_blockers_before")), set(_n("weekday_blockers_after"))
_TODAY_BLOCK_A, _TODAY_BLOCK_B = set(_n("today_blockers_after")), set(_n("today_blockers_before"))

_MON = _alt(_GREG)
_HMON = _alt(_HIJ)
_HMON_UNAMB = _alt(set(_HIJ) - _HIJ_AMB)
_WDA = _alt(_WD)
_POD = _alt(_n("parts_of_day"))
_ORDA = _alt(_ORD)
_DGLUE = _alt(_n("day_month_glue", _M))
_YGLUE = _alt(_n("month_year_glue", _M))
_HMARK = _alt(_n("hijri_year_markers", _M))
_GMARK = _alt(_n("gregorian_year_markers", _M))
_MODS = _alt(_WD_PAST | _WD_FUT)
_MMODS = _alt(_MON_PAST | _MON_FUT)
_YLEAD = _alt(_n("year_lead"))
_MLEAD = _alt(_n("month_lead"))
_RELA = _alt(_REL)
_AGO = _alt(_n("ago_words"))
_UNITA = _alt(_UNITS)

_NAMED: dict[str, str] = {re.sub(r"\s+", " ", norm(k)): str(v) for k, v in _T["named_dates"].items()}
_NAMEDA = _alt(_NAMED)
_FUT_CUES = set(_n("weekday_future_cues"))
_FUT_CUE_RX = re.compile(rf"{_L}{_CL}{_alt(_n('weekday_future_cue_prefixes'))}{_R}")
_CURM = _alt(_n("current_month"))
# a second day of a range: "السابع والثامن من تموز", "19 و20 مايو", "12-14 سبتمبر" (the first day dates it)
_DAY2 = rf"(?:\s*{_alt(_n('day_range_glue', _M))}\s*(?:{_ART})?(?:\d{{1,2}}|{_ORDA}){_R})?"
_CUR_BARE = set(_n("current_month_bare"))
_TODAY = norm(_T["today_word"])
_YCUR, _YPREV, _YNEXT = set(_n("date_year_current")), set(_n("date_year_previous")), set(_n("date_year_next"))
_YREL = _alt(_YCUR | _YPREV | _YNEXT | set(_n("month_past")) | set(_n("month_future")))
_PREVM = _alt(_n("previous_month"))
_YEAR = rf"(?P<year>\d{{4}})(?!\d)(?:\s*(?:(?P<hmark>{_HMARK})|{_GMARK}){_R})?"

# Each pattern is (name, compiled regex); the mention is group 'm'.
_PATTERNS = [
    ("iso", re.compile(r"(?<![\d/.-])(?P<m>(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2}))(?![\d-])")),
    ("ymd", re.compile(r"(?<![\d/.-])(?P<m>(?P<year>\d{4})/(?P<mon>\d{1,2})/(?P<day>\d{1,2}))(?![\d/])")),
    ("dmy", re.compile(rf"(?<![\d/.,-])(?P<m>(?P<day>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<mon>\d{{1,2}})\s?(?P=sep)\s?"
                       rf"(?P<year>\d{{4}}|\d{{2}})(?![\d/])(?:\s*(?P<hmark>{_HMARK}){_R})?)")),
    ("dmon", re.compile(
        rf"{_CL}(?P<m>(?P<day>\d{{1,2}}|{_ORDA}){_R}{_DAY2}\s*(?:{_DGLUE}\s+)?{_CL}(?P<mon>{_MON}){_R}"
        rf"(?:\s*(?:[/(-]\s*)?(?P<mon2>{_MON}){_R}(?:\s*\))?)?"
        rf"(?:\s*[،,]?\s*(?:{_YGLUE}\s+)?{_YEAR}|\s+(?P<yrel>{_YREL}){_R})?)")),
    ("dcur", re.compile(
        rf"{_CL}(?P<m>(?P<day>\d{{1,2}}|{_ORDA}){_R}\s+(?:(?P<cur>{_CURM})|(?P<prev>{_PREVM})){_R})")),
    ("dhij", re.compile(
        rf"{_CL}(?P<m>(?P<day>\d{{1,2}}|{_ORDA}){_R}\s*(?:{_DGLUE}\s+)?(?P<hmon>{_HMON}){_R}"
        rf"(?:\s*[،,]?\s*(?:{_YGLUE}\s+)?{_YEAR})?)")),
    ("monyear", re.compile(
        rf"{_L}{_CL}(?P<m>(?P<mon>{_MON}){_R}(?:\s*(?:[/(-]\s*)?(?P<mon2>{_MON}){_R}(?:\s*\))?)?"
        rf"\s*[،,]?\s*(?:{_YGLUE}\s+)?{_YEAR})")),
    ("hmonyear", re.compile(rf"{_L}{_CL}(?P<m>(?P<hmon>{_HMON})\s+(?:{_YGLUE}\s+)?{_YEAR})")),
    ("monmod", re.compile(rf"{_L}{_CL}(?P<m>(?:{_MLEAD}\s+){{0,2}}(?P<mon>{_MON})\s+(?P<mod>{_MMODS}){_R})")),
    ("monlead", re.compile(rf"{_L}{_CL}(?P<m>(?:{_MLEAD}\s+){{1,2}}(?P<mon>{_MON}){_R})")),
    ("hmonlead", re.compile(
        rf"{_L}{_CL}(?P<m>(?:(?:{_MLEAD}|{_SHAHR})\s+){{1,2}}(?P<hmon>{_HMON_UNAMB}){_R}"
        rf"(?:\s+(?P<mod>{_MMODS}){_R})?)")),
    ("monshahr", re.compile(rf"{_L}{_CL}(?P<m>{_SHAHR}\s+(?P<mon>{_MON}){_R})")),
    ("year", re.compile(rf"{_L}{_CL}(?P<m>(?:{_YLEAD}\s+){{1,2}}{_YEAR})")),
    ("weekday", re.compile(
        rf"{_L}{_CL}(?P<m>(?:(?P<pod>{_POD})\s+)?(?P<wd>{_WDA}){_R}(?:\s+(?P<wd2>{_WDA}){_R})?"
        rf"(?:\s+(?P<mod>{_MODS}){_R})?)")),
    ("ago", re.compile(rf"{_L}{_CL}(?P<m>{_AGO}\s+(?P<num>\d+|[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?P<unit>{_UNITA}){_R})")),
    ("named", re.compile(rf"{_L}{_CL}(?P<m>{_NAMEDA}){_R}")),
    ("rel", re.compile(rf"{_L}{_CL}(?P<m>{_RELA}){_R}(?!\s*\d)")),
]

_RX = dict(_PATTERNS)
_ANCHOR_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_DIGIT_KINDS = ("iso", "ymd", "dmy", "dmon", "dcur", "dhij")


def _first_words(words) -> set[str]:
    return {norm(str(w)).split()[0] for w in words if str(w).strip()}


def _build_anchors() -> dict[str, tuple[str, ...]]:
    """First word of each pattern → the patterns that may start there (matched at that token)."""
    greg = _first_words(_GREG)
    table: dict[str, set[str]] = {}

    def add(words, *kinds):
        for w in words:
            table.setdefault(w, set()).update(kinds)

    add(_first_words(_ORD), "dmon", "dcur", "dhij")
    add(greg, "monyear", "monmod", "@monlead")
    add(_first_words(_HIJ), "hmonyear", "@hmonlead")
    add(_first_words(_n("parts_of_day")) | _first_words(_WD), "weekday")
    add(_first_words(_n("ago_words")), "ago")
    add(_first_words(_REL), "rel")
    add(_first_words(_NAMED), "named")
    order = [k for k, _ in _PATTERNS] + ["@monlead", "@hmonlead"]
    return {w: tuple(sorted(ks, key=order.index)) for w, ks in table.items()}


_ANCHORS = _build_anchors()
_ANCHOR_AC = _Anchors(_ANCHORS, digits=False, prefixes=("",) + tuple(_PROC))
_DIGIT_RUN = re.compile(r"\d+")
_LEAD_BACK_Y = re.compile(rf"{_L}{_CL}(?:{_YLEAD}\s+){{1,2}}$")
_LEAD_BACK_M = re.compile(rf"{_L}{_CL}(?:(?:{_MLEAD}|{_SHAHR})\s+){{1,2}}{_CL}$")
_WORD = re.compile(r"[^\W\d_]+")
_SINCE = set(_n("since_words"))
_BOUNDA = _alt(_SINCE | set(_n("until_words")))
_BOUND_AT = re.compile(rf"{_CL}(?P<w>{_BOUNDA})\s")
_BOUND_BEFORE = re.compile(rf"{_L}{_CL}(?P<w>{_BOUNDA})\s+$")
_JOIN_WD = re.compile(r"^[\s،,]*\(?\s*$")
_JOIN = re.compile(rf"^[\s،,]*(?:{_alt(_n('weekday_date_glue', _M))}\s*)?$")
_COUNT_AFTER = re.compile(r"\s*([^\W\d_]+)")


def _count_nouns() -> frozenset[str]:
    from marsad.text import numbers as _nb
    return _nb._CL.person_forms | frozenset(k[0] for k in _nb._CL.kind_nouns) \
        | frozenset(k[0] for k in _nb._CL.exclusions if len(k) == 1)


_COUNTED: frozenset[str] | None = None


def _prev_word(text: str, pos: int) -> str:
    m = None
    for m in _WORD.finditer(text, max(0, pos - 30), pos):
        pass
    return m.group() if m else ""


def _next_word(text: str, pos: int) -> str:
    m = _WORD.match(text, pos + (len(text[pos:]) - len(text[pos:].lstrip())))
    return m.group() if m else ""


def _future_cued(text: str, pos: int) -> bool:
    """A future cue ("سيلتقي", "من المقرر", "على أن") in the four words before ``pos``."""
    a = max(0, pos - 45)
    words = _WORD.findall(text, a, pos)[-4:]
    if any(w in _FUT_CUES or (w[:1] in _PROC and w[1:] in _FUT_CUES) for w in words):
        return True
    return _FUT_CUE_RX.search(text, a, pos) is not None


def _add_months(d: dt.date, k: int) -> tuple[int, int]:
    m = d.month - 1 + k
    return d.year + m // 12, m % 12 + 1


def _hijri_to_greg(y: int, m: int, d: int) -> dt.date | None:
    try:
        from hijridate import Hijri
        return Hijri(y, m, d).to_gregorian()
    except Exception:
        return None


def _greg_to_hijri_year(d: dt.date) -> int | None:
    try:
        from hijridate import Gregorian
        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except Exception:
        return None


def _infer_year(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    y = published.year
    try:
        cand = dt.date(y, month, min(day, calendar.monthrange(y, month)[1]))
    except ValueError:
        return None
    if (cand - published).days > 62:
        y -= 1
    return y


def _num_value(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s in _ORD:
        return _ORD[s]
    from marsad.text.numbers import parse_numbers
    ns = parse_numbers(s)
    if len(ns) == 1 and ns[0].start == 0 and ns[0].end == len(s):
        return ns[0].value
    return None


def _resolve(kind: str, m: re.Match, text: str, pub: dt.date | None):
    """(value, precision, relative, future) or None to drop the match."""
    g = m.groupdict()
    if kind in ("iso", "ymd", "dmy"):
        y, mo, d = int(g["year"]), int(g["mon"]), int(g["day"])
        if kind == "dmy" and len(g["year"]) == 2:
            y += 2000 if y < 50 else 1900
        if g.get("hmark") or 1300 <= y < 1500:
            gd = _hijri_to_greg(y, mo, d)
            return (gd.isoformat(), "day", False, False) if gd else None
        if not (1900 <= y <= 2100):
            return None
        try:
            return dt.date(y, mo, d).isoformat(), "day", False, False
        except ValueError:
            return None
    if kind in ("dmon", "dhij"):
        d = _num_value(re.sub(r"\s+", " ", g["day"]))
        if d is None or not 1 <= d <= 31:
            return None
        year = int(g["year"]) if g.get("year") else None
        if kind == "dhij" or g.get("hmark"):
            if kind != "dhij":
                return None
            mo = _HIJ[re.sub(r"\s+", " ", g["hmon"])]
            if year is None:
                if pub is None:
                    return None, "day", False, False
                year = _greg_to_hijri_year(pub)
                if year is None:
                    return None
                gd = _hijri_to_greg(year, mo, d)
                if gd and (gd - pub).days > 62:
                    gd = _hijri_to_greg(year - 1, mo, d)
            else:
                if not 1300 <= year < 1500:
                    return None
                gd = _hijri_to_greg(year, mo, d)
            return (gd.isoformat(), "day", False, False) if gd else None
        mo = _GREG[re.sub(r"\s+", " ", g["mon"])]
        if year is not None and not 1900 <= year <= 2100:
            return None
        yrel = re.sub(r"\s+", " ", g["yrel"]) if g.get("yrel") else None
        if year is None:
            if pub is None:
                return None, "day", False, False
            if yrel in _YCUR:
                year = pub.year
            elif yrel in _YPREV:
                year = pub.year - 1
            elif yrel in _YNEXT:
                year = pub.year + 1
            elif yrel in _MON_PAST:
                year = pub.year if (mo, d) < (pub.month, pub.day) else pub.year - 1
            elif yrel in _MON_FUT:
                year = pub.year if (mo, d) > (pub.month, pub.day) else pub.year + 1
            else:
                year = _infer_year(mo, d, pub)
            if year is None:
                return None, "day", False, False
        try:
            v = dt.date(year, mo, d)
        except ValueError:
            return None
        return v.isoformat(), "day", False, bool(pub and yrel and v > pub)
    if kind == "dcur":
        if not g["day"].isdigit() and re.sub(r"\s+", " ", g["cur"] or "") in _CUR_BARE:
            return None      # an ordinal needs "من الشهر الجاري": "محتكرها الاول الحالي" is no date
        d = _num_value(re.sub(r"\s+", " ", g["day"]))
        if d is None or not 1 <= d <= 31:
            return None
        if pub is None:
            return None, "day", True, False
        y, mo = _add_months(pub, -1 if g.get("prev") else 0)
        try:
            return dt.date(y, mo, d).isoformat(), "day", True, False
        except ValueError:
            return None
    if kind == "monyear":
        y, mo = int(g["year"]), _GREG[re.sub(r"\s+", " ", g["mon"])]
        if g.get("hmark") or not 1900 <= y <= 2100:
            return None
        return f"{y:04d}-{mo:02d}", "month", False, False
    if kind == "hmonyear":
        y, mo = int(g["year"]), _HIJ[re.sub(r"\s+", " ", g["hmon"])]
        if not 1300 <= y < 1500:
            return None
        gd = _hijri_to_greg(y, mo, 15)
        return (f"{gd.year:04d}-{gd.month:02d}", "month", False, False) if gd else None
    if kind == "hmonlead":
        # a Hijri month without its year: the one of the publication's Hijri year (or the year
        # before when that is more than two months ahead, or after "الماضي" still to come)
        if pub is None:
            return None, "month", False, False
        mo = _HIJ[re.sub(r"\s+", " ", g["hmon"])]
        hy = _greg_to_hijri_year(pub)
        if hy is None:
            return None
        mod = g.get("mod")
        gd = _hijri_to_greg(hy, mo, 15)
        if gd is None:
            return None
        if mod in _MON_FUT:
            if _hijri_to_greg(hy, mo, 1) <= pub:
                gd = _hijri_to_greg(hy + 1, mo, 15)
        elif (mod in _MON_PAST and _hijri_to_greg(hy, mo, 1) > pub) or (gd - pub).days > 62:
            gd = _hijri_to_greg(hy - 1, mo, 15)
        return (f"{gd.year:04d}-{gd.month:02d}", "month", False, bool(gd - dt.timedelta(days=14) > pub)) \
            if gd else None
    if kind in ("monmod", "monlead", "monshahr"):
        mo = _GREG[re.sub(r"\s+", " ", g["mon"])]
        mod = g.get("mod")
        if pub is None:
            return None, "month", False, False
        if mod in _MON_PAST:
            y = pub.year if mo < pub.month else pub.year - 1
            return f"{y:04d}-{mo:02d}", "month", False, False
        if mod in _MON_FUT:
            y = pub.year if mo > pub.month else pub.year + 1
            return f"{y:04d}-{mo:02d}", "month", False, True
        y = _infer_year(mo, 1, pub)
        return f"{y:04d}-{mo:02d}", "month", False, False
    if kind == "year":
        y = int(g["year"])
        if g.get("hmark"):
            if not 1300 <= y < 1500:
                return None
            gd = _hijri_to_greg(y, 6, 1)
            return (f"{gd.year:04d}", "year", False, False) if gd else None
        if not 1900 <= y <= 2100:
            return None
        # a count, not a year: "2020 قتيلا"
        global _COUNTED
        if _COUNTED is None:
            _COUNTED = _count_nouns()
        nxt = _next_word(text, m.end("m"))
        if nxt in _COUNTED:
            return None
        return f"{y:04d}", "year", False, False
    if kind == "named":
        v = _NAMED[re.sub(r"\s+", " ", g["m"])]
        return v, {10: "day", 7: "month"}.get(len(v), "year"), False, False
    if kind == "weekday":
        wd = _WD[g["wd"]]
        if _prev_word(text, m.start("m")) in _WD_BLOCK_B or _next_word(text, m.end("m")) in _WD_BLOCK_A:
            return None
        mod = g.get("mod")
        future = mod in _WD_FUT
        cued = mod is None and _future_cued(text, m.start("m"))
        if pub is None:
            return None, "day", True, future or cued
        if future or cued:
            delta = (wd - pub.weekday()) % 7
            if future and delta == 0:
                delta = 7
            return (pub + dt.timedelta(days=delta)).isoformat(), "day", True, True
        delta = (pub.weekday() - wd) % 7
        return (pub - dt.timedelta(days=delta)).isoformat(), "day", True, False
    if kind == "ago":
        k = _num_value(re.sub(r"\s+", " ", g["num"]))
        if k is None or k <= 0 or k > 200:
            return None
        u = _UNITS[re.sub(r"\s+", " ", g["unit"])]
        if pub is None:
            return None, u["precision"], True, False
        if "days" in u:
            d = pub - dt.timedelta(days=k * u["days"])
            return d.isoformat(), u["precision"], True, False
        if "months" in u:
            y, mo = _add_months(pub, -k * u["months"])
            return f"{y:04d}-{mo:02d}", "month", True, False
        return f"{pub.year - k * u['years']:04d}", "year", True, False
    if kind == "rel":
        phrase = re.sub(r"\s+", " ", g["m"])
        prec, off = _REL[phrase]
        if phrase.endswith(_TODAY) and (_next_word(text, m.end("m")) in _TODAY_BLOCK_A
                                        or _prev_word(text, m.start("m")) in _TODAY_BLOCK_B):
            return None
        future = off > 0
        if pub is None:
            return None, prec, True, future
        if prec in ("day", "week"):
            return (pub + dt.timedelta(days=off)).isoformat(), prec, True, future
        if prec == "month":
            y, mo = _add_months(pub, off)
            return f"{y:04d}-{mo:02d}", "month", True, future
        return f"{pub.year + off:04d}", "year", True, future
    return None


_ALMANAC_CUE = re.compile(_alt(_n("almanac_cues")))
_ALMANAC_LINE = re.compile(r"(?m)^\s*\d{4}\s*[-–:](?!\d)")
_ALMANAC_ENTRY = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})\s*[-–:](?!\d)")


def is_almanac_title(norm_title: str) -> bool:
    """Whether a (normalised) title announces an "on this day" almanac ("هذا اليوم في التاريخ")."""
    return _ALMANAC_CUE.search(norm_title) is not None


def _almanac(text: str, cands, pub: dt.date | None, by_day: bool = True) -> list:
    """"في مثل هذا اليوم … 1944 - انفجار قنبلة …": each entry dated on the almanac's day."""
    entries = list(_ALMANAC_ENTRY.finditer(text))
    if len(entries) < 2:
        return []
    first = entries[0].start()
    day = None
    for s, e, kind, r in sorted(cands):
        if s < first and kind in ("dmon", "dcur") and r[0] and len(r[0]) == 10:
            day = r[0][5:]
            break
    if day is None:
        if pub is None:
            return []
        day = pub.isoformat()[5:]
    out = []
    for m in entries:
        y = int(m.group("y"))
        if not 1000 <= y <= 2100:
            continue
        if not by_day:
            out.append((m.start(), m.start("y") + 4, "almanac", (f"{y:04d}", "year", False, False)))
            continue
        try:
            v = dt.date.fromisoformat(f"{y:04d}-{day}").isoformat()
        except ValueError:
            continue
        out.append((m.start(), m.start("y") + 4, "almanac", (v, "day", False, False)))
    return out


def find_dates(norm_text: str, published: dt.date | None, *, almanac: bool = False) -> list[DateMention]:
    """Date mentions in ``norm_text`` (normalised), resolved against ``published``.

    ``almanac``: the article is an "on this day" list (its title says so, see ``is_almanac_title``):
    its "1944 - …" entries are dated on the almanac's day, not only to their year."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if isinstance(published, dt.datetime):
        published = published.date()
    cands = []
    seen = set()
    hits = _ANCHOR_AC.hits(norm_text)
    n_years = 0
    for m in _DIGIT_RUN.finditer(norm_text):
        hits.append((m.start(), m.end(), _DIGIT_KINDS))
        if m.end() - m.start() == 4:
            n_years += 1
            # a year: its lead words ("في عام 2020") are found looking back from the digits
            lb = _LEAD_BACK_Y.search(norm_text, max(0, m.start() - 30), m.start())
            if lb:
                hits.append((lb.start(), m.start(), ("year",)))
    for pos, _end, kinds in hits:
        for kind in kinds:
            if kind in ("@monlead", "@hmonlead"):
                # "في سبتمبر", "شهر سبتمبر الماضي", "خلال شهر رمضان": look back for the lead word
                lb = _LEAD_BACK_M.search(norm_text, max(0, pos - 25), pos)
                if lb is None:
                    continue
                pos2 = lb.start()
                for k2 in (("monmod", "monlead", "monshahr") if kind == "@monlead" else ("hmonlead",)):
                    m = _RX[k2].match(norm_text, pos2)
                    if m is not None:
                        s, e = m.span("m")
                        r = _resolve(k2, m, norm_text, published)
                        if r is not None and (s, e, k2) not in seen:
                            seen.add((s, e, k2))
                            cands.append((s, e, k2, r))
                continue
            m = _RX[kind].match(norm_text, pos)
            if m is None:
                continue
            s, e = m.span("m")
            if (s, e, kind) in seen:
                continue
            seen.add((s, e, kind))
            r = _resolve(kind, m, norm_text, published)
            if r is None:
                continue
            cands.append((s, e, kind, r))
    cue = _ALMANAC_CUE.search(norm_text) if n_years >= 2 else None
    if cue or (n_years >= 3 and (almanac or len(_ALMANAC_LINE.findall(norm_text)) >= 3)):
        if cue:     # "في مثل هذا اليوم" is not today
            cands = [c for c in cands if c[1] <= cue.start() or c[0] >= cue.end()]
        # without a cue (in the text or, via ``almanac``, the title) "1944 - …" lines may be a
        # timeline: dated to the year only
        cands.extend(_almanac(norm_text, cands, published, by_day=bool(cue or almanac)))
    # longest first, then earliest; drop overlaps
    cands.sort(key=lambda c: (c[2] != "named", -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str, tuple]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c[0])
    out = _join(norm_text, taken)
    return [_with_bound(norm_text, d, k) for d, k in out]


def _with_bound(text: str, d: DateMention, kind: str) -> DateMention:
    """Mark a date that bounds a period: "منذ عام 2020" (since), "حتى عام 2030" (until)."""
    if kind == "ago":
        return d
    start = d.start
    m = _BOUND_AT.match(text, start)
    if m is not None and m.end() < d.end:
        start = m.end()          # the bound word is not part of the date: "منذ [عام 2020]"
        while start < d.end and text[start].isspace():
            start += 1
    else:
        m = _BOUND_BEFORE.search(text[max(0, start - 20):start])
    if m is None:
        return d
    word = re.sub(r"\s+", " ", m.group("w"))
    bound = "since" if word in _SINCE else "until"
    return DateMention(start, d.end, text[start:d.end], d.value, d.precision, d.relative, d.future, bound)


def _join(norm_text: str, taken) -> list[tuple[DateMention, str]]:
    # a weekday right before a full date joins it: "الأربعاء 14 سبتمبر"
    out: list[tuple[DateMention, str]] = []
    i = 0
    while i < len(taken):
        s, e, kind, r = taken[i]
        if kind == "weekday" and i + 1 < len(taken) and taken[i + 1][2] in ("dmon", "dhij", "dmy", "iso", "ymd") \
                and _JOIN.match(norm_text[e:taken[i + 1][0]]):
            s2, e2, _, r2 = taken[i + 1]
            out.append((DateMention(s, e2, norm_text[s:e2], r2[0], r2[1], r2[2], r2[3]), taken[i + 1][2]))
            i += 2
            continue
        if kind == "rel" and r[1] == "day" and i + 1 < len(taken) and taken[i + 1][2] == "weekday" \
                and _JOIN_WD.match(norm_text[e:taken[i + 1][0]]):
            # "امس الاثنين", "اليوم (الثلاثاء)": one mention, the relative phrase decides
            e2 = taken[i + 1][1]
            if norm_text[e2:e2 + 1] == ")":
                e2 += 1
            out.append((DateMention(s, e2, norm_text[s:e2], r[0], r[1], r[2], r[3]), kind))
            i += 2
            continue
        out.append((DateMention(s, e, norm_text[s:e], r[0], r[1], r[2], r[3]), kind))
        i += 1
    return out
