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


def _spell(word: str) -> str:
    """Letter-by-letter spelling of one word (no article)."""
    _, _, letters = _tables()
    out: list[str] = []
    prev = ""  # class of the previous letter: cons | vowel | ""
    n = len(word)
    for i, ch in enumerate(word):
        lat, cls = letters.get(ch, ("", "cons"))
        nxt = word[i + 1] if i + 1 < n else ""
        nxt_cls = letters.get(nxt, ("", "cons"))[1] if nxt else ""
        if cls == "glide":
            if i == 0 or prev == "vowel" or nxt_cls in ("vowel", "glide"):
                lat, cls = ("w" if ch == "و" else "y"), "cons"
            else:
                cls = "vowel"
        if cls == "end":
            lat = "a" if i == n - 1 else "t"
            cls = "vowel" if i == n - 1 else "cons"
        if ch == "ه" and i == n - 1 and prev == "cons":
            lat = "ah"
        if cls == "cons" and prev == "cons" and out:
            out.append("a")
        if ch in "اأ" and i == 0:
            lat = "a"
        if ch == "ا" and i > 0 and prev == "vowel":
            lat = ""
        out.append(lat)
        prev = cls if lat else prev
    s = "".join(out).replace("''", "'").strip("'")
    s = re.sub(r"(.)\1\1+", r"\1\1", s)
    return s[:1].upper() + s[1:]


def _part(word: str) -> str:
    names, _, _ = _tables()
    hit = names.get((norm(word),))
    if hit:
        return hit
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        r = names.get((norm(rest),))
        return "al-" + (r or _spell(rest))
    return _spell(word)


def transliterate(arabic_name: str) -> str:
    """A readable English spelling of an Arabic personal name ('' for an empty name)."""
    names, longest, _ = _tables()
    words = _WORD.findall(_DIACRITICS.sub("", arabic_name or ""))
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
    text = " ".join(p for p in out if p)
    return text[:1].upper() + text[1:] if text else ""
