"""Sentence splitting over the normalised text, keeping token ranges and paragraphs.

A sentence ends at . ! ? ؟ or a line break; a paragraph is a run of lines with no blank line — the
press puts one paragraph per line, so each line is a paragraph here too.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from marsad.find.matcher import Token

_END = regex.compile(r"[.!?؟]+(?=\s|$|[\"»”'])|\n+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    token_start: int
    token_end: int
    paragraph: int


def split_sentences(norm_text: str, tokens: list[Token]) -> list[Sentence]:
    bounds = []
    pos = 0
    para = 0
    for m in _END.finditer(norm_text):
        # a dot between digits (1.5) or after a single letter (initials) is no sentence end
        if m.group().startswith(".") and m.start() > 0 and norm_text[m.start() - 1].isdigit() \
                and m.end() < len(norm_text) and norm_text[m.end():m.end() + 1].isdigit():
            continue
        bounds.append((pos, m.end(), para))
        if "\n" in m.group():
            para += 1
        pos = m.end()
    if pos < len(norm_text):
        bounds.append((pos, len(norm_text), para))
    out = []
    ti = 0
    for a, b, p in bounds:
        t0 = ti
        while ti < len(tokens) and tokens[ti].start < b:
            ti += 1
        if ti > t0:
            out.append(Sentence(a, b, t0, ti, p))
    if not out:
        out.append(Sentence(0, len(norm_text), 0, len(tokens), 0))
    return out
