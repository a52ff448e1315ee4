"""Offset-keeping normalisation of Arabic news text.

``normalise(text)`` returns a ``Text`` whose ``norm`` string is what matchers read and whose
``offsets`` map every character of ``norm`` back to the character of the original it came from, so
every span found in ``norm`` can be shown in the original article.

What is normalised, and why:
- diacritics (harakat, tanwin, shadda, superscript alef) and tatweel are dropped: the press uses
  them inconsistently, so ``جندياً`` and ``جنديا`` must read the same;
- alef forms أ إ آ ٱ → ا, alef maqsura ى → ي, ta marbuta ة → ه, hamza seats ؤ → و, ئ → ي: the same
  word is spelled all these ways across outlets (and the scorer folds them the same way);
- Arabic-Indic ٠–٩ and Persian ۰–۹ digits → 0–9; Arabic decimal/thousands separators → . and ,;
- bidi controls and zero-width characters are dropped, odd spaces become a plain space;
- presentation forms (ﻻ, ﷲ …) are unfolded with NFKC, each output character pointing at the one
  original character;
- Latin letters are lower-cased.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_DROP = set(range(0x064B, 0x0660)) | {0x0670, 0x0640} | set(range(0x0610, 0x061B)) \
    | set(range(0x06D6, 0x06EE)) - {0x06E5, 0x06E6} \
    | {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2060} \
    | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ي": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "٫": ".", "٬": ",", "،": "،",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)
for _cp in range(0x2000, 0x200B):
    _MAP[chr(_cp)] = " "


@dataclass(frozen=True)
class Text:
    original: str
    norm: str
    offsets: tuple[int, ...]   # offsets[i] = index in original of norm[i]; len(norm)+1 entries

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``norm`` to the matching span of ``original``."""
        if start >= end:
            o = self.offsets[min(start, len(self.offsets) - 1)]
            return o, o
        b = self.offsets[end - 1] + 1
        # marks that were dropped after the last character (tanwin, shadda) belong to the span
        while b < len(self.original) and not fold_char(self.original[b]) and not self.original[b].isspace():
            b += 1
        return self.offsets[start], b

    def original_text(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


def fold_char(ch: str) -> str:
    """The normalised form of one character ('' where it is dropped)."""
    cp = ord(ch)
    if cp in _DROP:
        return ""
    m = _MAP.get(ch)
    if m is not None:
        return m
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        nf = unicodedata.normalize("NFKC", ch)
        if nf == ch:   # ornate parentheses and other forms with no decomposition stay as they are
            return ch
        return "".join(fold_char(c) for c in nf)
    if "A" <= ch <= "Z":
        return ch.lower()
    return ch


# One table for str.translate: every character that folds to something else. Presentation forms
# are unfolded through fold_char (NFKC); everything else maps through the table or stays.
_TABLE: dict[int, str] = {cp: "" for cp in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
_TABLE.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
for _cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
    if _cp not in _TABLE:
        _f = fold_char(chr(_cp))
        if _f != chr(_cp):
            _TABLE[_cp] = _f


def normalise(text: str) -> Text:
    out: list[str] = []
    offsets: list[int] = []
    table = _TABLE
    for i, ch in enumerate(text):
        f = table.get(ord(ch), ch)
        if not f:
            continue
        out.append(f)
        if len(f) == 1:
            offsets.append(i)
        else:
            offsets.extend([i] * len(f))
    offsets.append(len(text))
    return Text(text, "".join(out), tuple(offsets))


def norm(s: str) -> str:
    """Normalise a string with no need of offsets (lexicon entries, keys)."""
    return s.translate(_TABLE)
