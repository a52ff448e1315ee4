"""Readable English spellings for Arabic personal names no actor table knows.

``transliterate("عبد الرحمن بن عبيد اليوبي")`` → ``"Abdulrahman bin Obaid al-Youbi"`` (roughly): name
parts the press uses most take their usual English spelling from ``lexicons/translit_names.tsv``
(محمد → Mohammed, عبد الله → Abdullah); any other part is spelled letter by letter from
``lexicons/translit_letters.tsv`` with an ``a`` between consonants (Arabic leaves short vowels
unwritten). Known people never come here: they take their Wikipedia spelling from the actor table.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from marsad.text.normalise import norm

LEX = Path(__file__).resolve().parent.parent / "lexicons"
_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (LEX / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out[1:]  # header


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, ...], str], int, dict[str, tuple[str, str]]]:
    names: dict[tuple[str, ...], str] = {}
    for cells in _rows("translit_names.tsv"):
        key = tuple(norm(cells[0]).split())
        names.setdefault(key, cells[1])
    longest = max(len(k) for k in names)
    letters = {c[0]: (c[1], c[2]) for c in _rows("translit_letters.tsv")}
    return names, longest, letters


def _units(word: str) -> list[tuple[str, str]]:
    """(latin, cons|vowel) per letter, long vowels and glides resolved."""
    _, _, letters = _tables()
    out: list[tuple[str, str]] = []
    n = len(word)
    for i, ch in enumerate(word):
        lat, cls = letters.get(ch, ("", "cons"))
        nxt = word[i + 1] if i + 1 < n else ""
        nxt_cls = letters.get(nxt, ("", "cons"))[1] if nxt else ""
        prev_cls = out[-1][1] if out else ""
        if cls == "glide":
            if i == 0 or prev_cls == "vowel" or nxt_cls in ("vowel", "glide"):
                lat, cls = ("w" if ch == "و" else "y"), "cons"
            else:
                cls = "vowel"
        elif cls == "end":
            lat, cls = ("a", "vowel") if i == n - 1 else ("t", "cons")
        elif ch == "ه" and i == n - 1 and prev_cls == "cons":
            lat, cls = "ah", "vowel"
        if ch == "ا" and prev_cls == "vowel":
            continue
        if lat:
            out.append((lat, cls))
    return out


def _spell(word: str) -> str:
    """Letter-by-letter spelling of one word (no article). Arabic leaves short vowels unwritten, so
    a run of consonants gets one: C·a·C at the start of a word (مرزوق → Marzouq), V·C|C·a·C inside
    (باحمدان → Bahmadan), and e between the last two (قاسم → Qasem, عادل → Adel)."""
    units = _units(word)
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        if units[i][1] == "vowel":
            out.append(units[i][0])
            i += 1
            continue
        j = i
        while j < n and units[j][1] == "cons":
            j += 1
        run = [u[0] for u in units[i:j]]
        at_start, at_end = i == 0, j == n
        for k, c in enumerate(run):
            out.append(c)
            if k == len(run) - 1:
                break
            pos = k + 1  # 1-based position in the run
            if at_end and k == len(run) - 2:
                out.append("e" if not at_start or len(run) > 2 else "a")
            elif (at_start and pos % 2 == 1) or (not at_start and pos % 2 == 0):
                out.append("a")
        i = j
    s = "".join(out).replace("''", "'").strip("'")
    s = re.sub(r"(.)\1\1+", r"\1\1", s)
    return s[:1].upper() + s[1:]


def _part(word: str) -> str:
    names, _, _ = _tables()
    hit = names.get((norm(word),))
    if hit:
        return hit
    if word.startswith("عبدال") and len(word) > 6:
        return "Abdul " + _part(word[5:]).replace("al-", "")
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        r = names.get((norm(rest),))
        return "al-" + (r or _spell(rest))
    return _spell(word)


def transliterate(arabic_name: str) -> str:
    """A readable English spelling of an Arabic personal name ('' for an empty name)."""
    names, longest, _ = _tables()
    words = []
    for w in _WORD.findall(_DIACRITICS.sub("", arabic_name or "")):
        # عبدالستار is عبد الستار written joined: split it so the name table sees both words
        if w.startswith("عبدال") and len(w) > 6 and (norm(w),) not in names:
            words += ["عبد", w[3:]]
        else:
            words.append(w)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(norm(w) for w in words[i:i + size])
            if size > 1 and key in names:
                out.append(names[key])
                i += size
                break
        else:
            out.append(_part(words[i]))
            i += 1
    merged: list[str] = []
    for p in out:
        if merged and merged[-1] == "Abd" and p.startswith("al-"):
            merged[-1] = "Abdul " + p[3:4].upper() + p[4:]
        else:
            merged.append(p)
    text = " ".join(p for p in merged if p)
    return text[:1].upper() + text[1:] if text else ""
