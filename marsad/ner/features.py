"""Tokens with character offsets, and the CRF features of each token.

The tokeniser splits on whitespace and punctuation; runs of letters (with their combining marks and
tatweel) and runs of digits are words.  Every token keeps ``(start, end)`` offsets into the original
text, so a tagged span maps straight back to the characters the analyst reads.

Features are built from word-level parts cached per word form (the tagger sees the same few thousand
forms again and again), plus a few sequence-level ones (gazetteer matches, bigrams, sentence edges).
Knowledge lives in ``data/``: ``countries.txt`` and ``titles.txt`` (gazetteers) and
``clusters.tsv.gz`` (word clusters from news text), all written by ``marsad/ner/build_data.py``
except ``titles.txt``, which is hand-written.
"""
from __future__ import annotations

import gzip
import os
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).with_name("data")

# A token: a run of letters/marks/tatweel, a number (with inner separators), or one other visible
# character.  Format characters (LRM, ZWNJ, BOM …) are skipped like whitespace.
_TOKEN = regex.compile(
    r"[\p{L}\p{M}\u0640]+"
    r"|\p{Nd}+(?:[.,\u066b\u066c]\p{Nd}+)*"
    r"|[^\s\p{Cf}]"
)

_DIACRITICS = dict.fromkeys(
    [*range(0x064B, 0x0653), 0x0670, 0x0640, 0x0654, 0x0655, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF], None)
_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
                       **{chr(0x0660 + i): str(i) for i in range(10)},
                       **{chr(0x06F0 + i): str(i) for i in range(10)}})
_NORM.update(_DIACRITICS)

# Proclitics, longest first; only one cluster of them is removed.
_CLITICS = ("وبال", "وكال", "وفال", "ولل", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

_ARABIC = regex.compile(r"^[\u0600-\u06FF]+$")
_LATIN = regex.compile(r"^[A-Za-z]+$")
_SENT_END = frozenset(".!?؟؛\n")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """``[(start, end, token), …]`` with ``text[start:end] == token``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def normalize(word: str) -> str:
    """Orthographic normal form: no diacritics/tatweel, bare alef, ى→ي, ة→ه, Western digits."""
    return word.translate(_NORM).lower()


def strip_clitics(norm: str) -> tuple[str, str]:
    """``(proclitic, stem)`` of a normalised word; ``("", norm)`` when nothing is stripped."""
    for c in _CLITICS:
        if norm.startswith(c) and len(norm) - len(c) >= (3 if len(c) == 1 else 2):
            return c, norm[len(c):]
    return "", norm


def sentences(tokens: list[tuple[int, int, str]], text: str, max_len: int = 80) -> list[list[int]]:
    """Split token indices into sentences at . ! ? ؟ ؛ and line breaks; cap the length."""
    out: list[list[int]] = []
    cur: list[int] = []
    prev_end = 0
    for i, (s, e, t) in enumerate(tokens):
        if cur and "\n" in text[prev_end:s]:
            out.append(cur)
            cur = []
        cur.append(i)
        prev_end = e
        if (t in _SENT_END and len(cur) > 1) or len(cur) >= max_len:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


# ---------------------------------------------------------------------------------------------
# Knowledge files


def _read_list(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=1)
def gazetteers() -> dict[str, dict[tuple[str, ...], int]]:
    """Gazetteer name → {normalised token tuple: length}, for multi-token matching."""
    out: dict[str, dict[tuple[str, ...], int]] = {}
    # on equal length the earlier kind wins: cue words before names
    for kind, fname in (("TTL", "titles.txt"), ("ORGH", "org_heads.txt"), ("LOCC", "loc_cues.txt"),
                        ("CTRY", "countries.txt"), ("CITY", "cities.txt"), ("NAME", "names.txt")):
        d: dict[tuple[str, ...], int] = {}
        for entry in _read_list(fname):
            toks = tuple(normalize(t) for _, _, t in tokenize(entry))
            if toks:
                d[toks] = len(toks)
        out[kind] = d
    return out


@lru_cache(maxsize=1)
def _gaz_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First token → [(entry, kind)], longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, d in gazetteers().items():
        for toks in d:
            index.setdefault(toks[0], []).append((toks, kind))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index


@lru_cache(maxsize=1)
def sport_words() -> frozenset[str]:
    out = set()
    for entry in _read_list("topic_sport.txt"):
        for _, _, t in tokenize(entry):
            out.add(normalize(t))
    return frozenset(out)


@lru_cache(maxsize=1)
def clusters2() -> dict[str, tuple[str, ...]]:
    """A second, independent clustering over a larger vocabulary (optional file)."""
    path = Path(os.environ.get("MARSAD_NER_CLUSTERS2") or DATA / "clusters2.tsv.gz")
    out: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return out
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out[parts[0]] = tuple(parts[1:])
    return out


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Normalised word → cluster ids at several granularities (coarse → fine)."""
    path = Path(os.environ.get("MARSAD_NER_CLUSTERS") or DATA / "clusters.tsv.gz")  # env: experiments
    out: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return out
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out[parts[0]] = tuple(parts[1:])
    return out


# ---------------------------------------------------------------------------------------------
# Features


def shape(word: str) -> str:
    if word.isdigit():
        return "D"
    if _ARABIC.match(word):
        return "A"
    if _LATIN.match(word):
        return "Lu" if word[:1].isupper() else "L"
    if any(ch.isdigit() for ch in word):
        return "DX"
    if len(word) == 1 and not word.isalnum():
        return "P"
    return "X"


class _WordInfo:
    """What the sentence-level features need of a word form (kept in a cache); the word's own
    and neighbour features are built on demand by ``features()``."""
    __slots__ = ("word", "norm", "stem", "pre", "keys", "sport")

    def __init__(self, word: str):
        norm = normalize(word)
        pre, stem = strip_clitics(norm)
        self.word = word
        self.norm = norm
        self.stem = stem
        self.pre = pre
        self.sport = norm in sport_words() or stem in sport_words()
        # forms a gazetteer entry may start with: والعراق → العراق / عراق
        keys = [norm]
        if pre.endswith("ال") or pre in ("لل", "ولل"):
            keys.append("ال" + stem)
        if stem != norm:
            keys.append(stem)
        self.keys = tuple(keys)

    def features(self) -> tuple[list[str], dict[int, list[str]]]:
        """``(own, ctx)``: the word's own features, and ``ctx[off]``, the features it gives the
        token at distance ``-off`` (i.e. as seen from a neighbour's position ``off``)."""
        word, norm, stem, pre = self.word, self.norm, self.stem, self.pre
        cl = clusters()
        cid = cl.get(norm) or cl.get(stem) or ()
        cl2 = clusters2()
        cid2 = cl2.get(norm) or cl2.get(stem) or ()
        sh = shape(norm)
        own = ["b", "w=" + word, "n=" + norm, "s=" + stem, "sh=" + sh, "pre=" + pre,
               "len=" + str(min(len(norm), 8))]
        for k in (1, 2, 3, 4):
            if len(norm) > k:
                own.append(f"p{k}=" + norm[:k])
                own.append(f"x{k}=" + norm[-k:])
        if stem != norm:
            for k in (2, 3):
                if len(stem) > k:
                    own.append(f"sp{k}=" + stem[:k])
                    own.append(f"sx{k}=" + stem[-k:])
        for i, c in enumerate(cid):
            own.append(f"c{i}=" + c)
        if not cid and sh == "A":
            own.append("c=none")
        for i, c in enumerate(cid2):
            own.append(f"d{i}=" + c)
        ctx = {}
        for off in (-2, -1, 1, 2):
            f = [f"{off}n=" + norm, f"{off}s=" + stem]
            if off in (-1, 1):
                f.append(f"{off}sh=" + sh)
                f.append(f"{off}pre=" + pre)
                if len(norm) > 2:
                    f.append(f"{off}x2=" + norm[-2:])
            for i, c in enumerate(cid if off in (-1, 1) else cid[:2]):
                f.append(f"{off}c{i}=" + c)
            if off in (-1, 1):
                for i, c in enumerate(cid2[1:2]):
                    f.append(f"{off}d1=" + c)
            ctx[off] = f
        return own, ctx


_CACHE: dict[str, _WordInfo] = {}
_CACHE_MAX = 200_000


def _info(word: str) -> _WordInfo:
    wi = _CACHE.get(word)
    if wi is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        wi = _CACHE[word] = _WordInfo(word)
    return wi


def word_infos(words: list[str]) -> list[_WordInfo]:
    return [_info(w) for w in words]


def gazetteer_tags(infos: list[_WordInfo]) -> list[str | None]:
    """BIO gazetteer label per token (``B-CTRY``, ``I-TTL`` …), longest match first.

    The first token of an entry may carry proclitics (``والعراق`` matches ``العراق``, ``لوزير``
    matches ``وزير``); later tokens match on their normal or clitic-stripped form.
    """
    index = _gaz_index()
    n = len(infos)
    out: list[str | None] = [None] * n
    i = 0
    while i < n:
        best = None
        for first in infos[i].keys:
            for toks, kind in index.get(first, ()):
                L = len(toks)
                if best and L <= best[0]:
                    break
                if i + L <= n and all(infos[i + j].norm == toks[j] or infos[i + j].stem == toks[j]
                                      for j in range(1, L)):
                    best = (L, kind)
                    break
        if best:
            L, kind = best
            out[i] = "B-" + kind
            for j in range(1, L):
                out[i + j] = "I-" + kind
            i += L
        else:
            i += 1
    return out


def seq_features(infos: list[_WordInfo], bg_first: set[str] | None = None) -> list[list[str]]:
    """The features of each token that depend on the sentence, not on one word form: sentence
    edges, word bigrams, gazetteer matches (here and at neighbours), sports topic.

    ``bg_first``: when given, bigram features are only built whose first word is in it (the
    decoder passes the words that start a bigram the model knows: same scores, less work)."""
    n = len(infos)
    norms = [wi.norm for wi in infos]
    gaz = gazetteer_tags(infos)
    sport = any(wi.sport for wi in infos)
    out = []
    for i in range(n):
        f = []
        if i == 0:
            f.append("BOS")
        elif bg_first is None or norms[i - 1] in bg_first:
            f.append("bg-=" + norms[i - 1] + "|" + norms[i])
        if i + 1 == n:
            f.append("EOS")
        elif bg_first is None or norms[i] in bg_first:
            f.append("bg+=" + norms[i] + "|" + norms[i + 1])
        g = gaz[i]
        if g:
            f.append("gz=" + g)
            if sport:
                f.append("sp|gz=" + g)
        if sport:
            f.append("sp")
        for off in (-2, -1, 1):
            j = i + off
            if 0 <= j < n and gaz[j]:
                f.append(f"{off}gz=" + gaz[j])
        out.append(f)
    return out


def sent_features(words: list[str]) -> list[list[str]]:
    """CRF features for one sentence of token strings: the word's own features, its neighbours'
    (at -2, -1, +1, +2) and the sentence-level ones."""
    infos = [_info(w) for w in words]
    n = len(infos)
    feats = [wi.features() for wi in infos]
    out = []
    for i, sf in enumerate(seq_features(infos)):
        f = list(feats[i][0])
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.extend(feats[j][1][off])
        f.extend(sf)
        out.append(f)
    return out
