"""Corpus evidence for the gazetteer's precision guard.

For every candidate place form we count, in the shared Arabic news corpora, how often it occurs as a
standalone word sequence (``n``), how often right after a place cue (``p``: a preposition or place
noun such as في، من، إلى، قرب، مدينة، محافظة — ``sources/place_cues.txt`` — or with the locative
clitic بـ attached), and how often right after a strong cue (``s``: a place noun only — مدينة، بلدة،
قرية، محافظة، العاصمة، ريف … — ``sources/place_cues_strong.txt``). A form that is
frequent in the news but rarely used as a place (أمل، سلام، نور، عمر، الحرية …) is a common word or
first name, and ``build`` drops it.

The counts are cached in ``marsad/kb/sources/form_stats.tsv.gz`` so the build is reproducible
without the corpora (they are research data and not shipped).
"""
from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import regex

from marsad.text import normalise as _nm

# A translate table with the normaliser's letter folding (fast over 50M characters of news).
_TABLE = {cp: None for cp in _nm._DROP}
_TABLE.update({ord(k): v for k, v in _nm._MAP.items()})


def norm(s: str) -> str:
    return s.translate(_TABLE)

HERE = Path(__file__).resolve().parent
STATS = HERE / "sources" / "form_stats.tsv.gz"
CUES = HERE / "sources" / "place_cues.txt"
STRONG_CUES = HERE / "sources" / "place_cues_strong.txt"
DEFAULT_CORPORA = ("saudinewsnet-2015.jsonl.gz", "egypt-news-credibility-2013.jsonl.gz")

_TOKEN = regex.compile(r"[\p{Arabic}]+")
_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def strip_article(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and len(tok) > 4 else tok


def form_key(form: str) -> tuple[str, ...]:
    """Key of a form: normalised tokens, the article dropped from the first."""
    toks = _TOKEN.findall(norm(form))
    if not toks:
        return ()
    # only a plain-alef ال is the article: ألماتي، آلما are foreign names, not ال + ماتي
    first = strip_article(toks[0]) if form.lstrip().startswith("ال") else toks[0]
    return (first,) + tuple(toks[1:])


def _stems(tok: str) -> list[tuple[str, bool]]:
    """(stem, locative) readings of a token with clitics stripped; locative where بـ was attached.
    Both readings of an article are kept: a key may be written with its ال (آلاشهر → الاشهر) or
    without (القاهرة → قاهرة)."""
    out = [(tok, False)]
    if strip_article(tok) != tok:
        out.append((strip_article(tok), False))
    for p in _PREFIXES:
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            rest = tok[len(p):]
            loc = "ب" in p
            if p.endswith("ال") or p == "لل":
                out.append((rest, loc))
                out.append(("ال" + rest, loc))
            else:
                out.append((rest, loc))
                if strip_article(rest) != rest:
                    out.append((strip_article(rest), loc))
    return out


def load_cues(path: Path = CUES) -> set[str]:
    return {norm(w.strip()) for w in path.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}


def count_forms(keys: set[tuple[str, ...]], corpora: list[Path], limit: int | None = None
                ) -> dict[tuple[str, ...], tuple[int, int]]:
    """Occurrences (n) and after-a-place-cue occurrences (p) of each key in the corpora."""
    cues = load_cues()
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for k in keys:
        firsts.setdefault(k[0], []).append(k)
    strong = load_cues(STRONG_CUES)
    n: Counter = Counter()
    p: Counter = Counter()
    s: Counter = Counter()
    seen = 0
    for path in corpora:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                toks = _TOKEN.findall(norm(text))
                for i, tok in enumerate(toks):
                    done: set = set()
                    for stem, loc in _stems(tok):
                        cands = firsts.get(stem)
                        if not cands:
                            continue
                        for k in cands:
                            if k in done:
                                continue
                            done.add(k)
                            if len(k) > 1 and tuple(toks[i + 1:i + len(k)]) != k[1:]:
                                continue
                            # a longer form continuing here is not this form standing alone
                            n[k] += 1
                            if loc or (i > 0 and toks[i - 1] in cues):
                                p[k] += 1
                            if i > 0 and toks[i - 1] in strong:
                                s[k] += 1
                seen += 1
                if limit and seen >= limit:
                    break
    return {k: (n[k], p[k], s[k]) for k in keys}


def read_stats() -> dict[tuple[str, ...], tuple[int, int, int]]:
    out: dict[tuple[str, ...], tuple[int, int, int]] = {}
    if not STATS.exists():
        return out
    with gzip.open(STATS, "rt", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            form, n, p, s = line.rstrip("\n").split("\t")
            out[tuple(form.split(" "))] = (int(n), int(p), int(s))
    return out


def write_stats(stats: dict[tuple[str, ...], tuple[int, int]]) -> None:
    import io
    with io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", compresslevel=9, mtime=0,
                                        fileobj=open(STATS, "wb")), encoding="utf-8") as fh:
        fh.write("form\tn\tp\ts\n")
        for k in sorted(stats):
            fh.write(f"{' '.join(k)}\t{stats[k][0]}\t{stats[k][1]}\t{stats[k][2]}\n")
