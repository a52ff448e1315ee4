"""Clitic-aware phrase matching over normalised Arabic text.

Phrases from the lexicons are compiled once into a token trie. Arabic glues conjunctions,
prepositions and the article to the word (``والأرمينية``, ``بأذربيجان``, ``للجيش``), so the first
token of a phrase is looked up under each way of peeling those prefixes off; whether the peeled form
carried the article is part of the key, so ``القاعدة`` (al-Qaeda) does not match ``قاعدة`` (a base).
The prefix inventory itself is data: ``lexicons/clitics.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # the C parser where libyaml is there


def _yaml_load(text):
    return yaml.load(text, Loader=_LOADER)

from marsad.text.normalise import norm

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"
TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+")
_END = "\x00"


@dataclass(frozen=True)
class Token:
    text: str
    start: int   # offsets into the normalised text
    end: int


def tokenize(norm_text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(norm_text)]


@lru_cache(maxsize=1)
def _clitics() -> tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]:
    data = _yaml_load((LEXICONS / "clitics.yaml").read_text(encoding="utf-8"))
    return (tuple(norm(x) for x in data["conjunctions"]), tuple(norm(x) for x in data["prepositions"]),
            norm(data["article"]), tuple(norm(x) for x in data["preposition_with_article"]))


@lru_cache(maxsize=1)
def _inherent() -> frozenset[str]:
    data = _yaml_load((LEXICONS / "clitics.yaml").read_text(encoding="utf-8"))
    return frozenset(norm(x) for x in data.get("inherent_initials") or ())


MIN_STEM = 2


def split_article(word: str) -> tuple[str, bool]:
    _, _, art, _ = _clitics()
    if word.startswith(art) and len(word) - len(art) >= MIN_STEM:
        return word[len(art):], True
    return word, False


@lru_cache(maxsize=200_000)
def variants(word: str) -> tuple[tuple[str, bool, int], ...]:
    """Ways to read a token: (stem, had_article, prefix_length), the unstripped reading first."""
    conj, preps, art, prep_art = _clitics()
    out: list[tuple[str, bool, int]] = []
    seen = set()

    def add(stem: str, had_art: bool, plen: int) -> None:
        if len(stem) >= MIN_STEM and (stem, had_art) not in seen:
            seen.add((stem, had_art))
            out.append((stem, had_art, plen))

    bases = [(word, 0)]
    if word in _inherent():
        conj, preps, prep_art = (), (), ()
    for c in conj:
        if word.startswith(c) and len(word) - len(c) >= MIN_STEM:
            bases.append((word[len(c):], len(c)))
    for w, plen in list(bases):
        for p in preps:
            if w.startswith(p) and len(w) - len(p) >= MIN_STEM:
                bases.append((w[len(p):], plen + len(p)))
    for w, plen in bases:
        for pa in prep_art:  # لل = ل + ال
            if w.startswith(pa) and len(w) - len(pa) >= MIN_STEM:
                add(w[len(pa):], True, plen + len(pa))
        add(*split_article(w), plen)
    return tuple(out)


_PLAIN = regex.compile(r"[\p{L}\p{N} ]+")


def phrase_key(phrase: str) -> tuple[tuple[str, bool], tuple[str, ...]] | None:
    n = norm(phrase)
    toks = n.split() if _PLAIN.fullmatch(n) else [t.text for t in tokenize(n)]
    if not toks:
        return None
    return split_article(toks[0]), tuple(toks[1:])


@dataclass
class Match:
    start: int            # offsets into the normalised text; start is after any peeled prefix
    end: int
    token_start: int
    token_end: int
    payloads: list[Any]
    prefix: str = ""      # the peeled clitics (و، ب، ل …)


@dataclass
class PhraseMatcher:
    """A token trie of phrases; payloads are whatever the caller attaches to a phrase."""
    trie: dict = field(default_factory=dict)
    size: int = 0

    def add(self, phrase: str, payload: Any) -> None:
        key = phrase_key(phrase)
        if key is None:
            return
        first, rest = key
        node = self.trie.setdefault(first, {})
        for t in rest:
            node = node.setdefault(t, {})
        bucket = node.setdefault(_END, [])
        if payload not in bucket:
            bucket.append(payload)
            self.size += 1

    def _walk(self, node: dict, i: int, tokens: list[Token], norm_text: str):
        """Longest phrase continuing from trie node at token i: (last token index, payloads)."""
        cand, j, n = None, i, len(tokens)
        while True:
            if _END in node:
                cand = (j, node[_END])
            if j + 1 >= n:
                return cand
            nxt = node.get(tokens[j + 1].text)
            if nxt is None:
                return cand
            # phrases do not run across sentence punctuation
            if any(ch in norm_text[tokens[j].end:tokens[j + 1].start] for ch in ".!?؟\n؛;:"):
                return cand
            node, j = nxt, j + 1

    def find(self, norm_text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Leftmost-longest, non-overlapping matches."""
        tokens = tokens if tokens is not None else tokenize(norm_text)
        out: list[Match] = []
        i, n = 0, len(tokens)
        while i < n:
            best = None
            for stem, had_art, plen in variants(tokens[i].text):
                # an entry written with the article needs it; one written without takes it or not
                for key in ((stem, True), (stem, False)) if had_art else ((stem, False),):
                    node = self.trie.get(key)
                    if node is None:
                        continue
                    cand = self._walk(node, i, tokens, norm_text)
                    if not cand:
                        continue
                    if best is not None and cand[0] == best[0] and plen == best[2]:
                        # the same words read with and without the article: keep both readings
                        best = (best[0], best[1] + [p for p in cand[1] if p not in best[1]], plen)
                    elif best is None or cand[0] > best[0] or (cand[0] == best[0] and plen < best[2]):
                        best = (cand[0], list(cand[1]), plen)
            if best:
                j, payloads, plen = best
                out.append(Match(tokens[i].start + plen, tokens[j].end, i, j + 1, list(payloads),
                                 tokens[i].text[:plen]))
                i = j + 1
            else:
                i += 1
        return out
