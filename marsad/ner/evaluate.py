"""Entity-level evaluation of the NER model on a ``token TAG`` BIO file.

Exact-match spans, micro-averaged over types: the CoNLL / seqeval (default, non-strict) convention.
An ``I-X`` that does not continue an ``X`` span starts a new one, as in conlleval.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path


def read_bio(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``(tokens, tags)`` from a file of ``token TAG`` lines, blank line between
    sentences.  Extra columns (nested layers) are ignored; a missing tag reads as ``O``."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            words.append(parts[0])
            tags.append(parts[1] if len(parts) > 1 else "O")
    if words:
        sents.append((words, tags))
    return sents


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """``[(start, end_exclusive, type)]`` of the entities in a BIO (or IOB1) tag sequence."""
    out = []
    start = None
    cur = None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != cur) or "-" not in t:
            if cur is not None:
                out.append((start, i, cur))
                cur = None
            if t.startswith(("B-", "I-")):
                start, cur = i, t[2:]
        # an I- continuing the current type extends it
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per-type and micro ``{'tp','fp','fn','p','r','f1','support'}``; key ``'ALL'`` is micro."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        gs, ps = set(spans(g)), set(spans(p))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    out = {}
    for typ in sorted(set(tp) | set(fp) | set(fn)) + ["ALL"]:
        if typ == "ALL":
            a, b, c = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            a, b, c = tp[typ], fp[typ], fn[typ]
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[typ] = {"tp": a, "fp": b, "fn": c, "p": p, "r": r, "f1": f, "support": a + c}
    return out


def format_table(res: dict[str, dict[str, float]]) -> str:
    lines = [f"{'type':<6} {'prec':>7} {'rec':>7} {'f1':>7} {'support':>8}"]
    for typ, m in res.items():
        name = "micro" if typ == "ALL" else typ
        lines.append(f"{name:<6} {m['p']:7.4f} {m['r']:7.4f} {m['f1']:7.4f} {m['support']:8d}")
    return "\n".join(lines)


def evaluate_file(path: str | Path, model_path: str | Path | None = None) -> dict[str, dict[str, float]]:
    """Tag the tokens of a gold BIO file with the shipped (or given) model and score it."""
    from marsad.ner.model import tag_tokens

    sents = read_bio(path)
    gold = [t for _, t in sents]
    pred = [tag_tokens(w, model_path=model_path) for w, _ in sents]
    return score(gold, pred)
