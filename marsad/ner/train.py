"""Train the NER CRF (python-crfsuite, L-BFGS) and write ``marsad/ner/model.crfsuite``.

    marsad train ner                     # the shipped model: fixed settings, full ANERcorp train
    marsad train ner --tune              # also pick c1/c2 on a holdout carved from train
    python -m marsad.ner.train --help

The holdout is the last 10 % of the ANERcorp train sentences (contiguous, so whole documents are
held out).  The test split is never read here.
"""
from __future__ import annotations

import itertools
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from marsad.ner.evaluate import read_bio, score
from marsad.ner.features import sent_features
from marsad.ner.model import MODEL_PATH, export_weights

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner"
ANERCORP_TRAIN = SHARED / "anercorp" / "train.txt"
WOJOOD_TRAIN = SHARED / "wojood-sample" / "train.txt"

# Settings chosen on the holdout (see MODEL.md).
DEFAULTS = {"c1": 0.05, "c2": 0.05, "minfreq": 1, "max_iter": 300}

# Wojood's outer layer mapped onto the ANERcorp types; the rest is O.
WOJOOD_MAP = {"PERS": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def map_tags(tags: list[str], mapping: dict[str, str]) -> list[str]:
    out = []
    for t in tags:
        if t == "O" or "-" not in t:
            out.append("O")
            continue
        bio, typ = t.split("-", 1)
        m = mapping.get(typ)
        out.append(f"{bio}-{m}" if m else "O")
    # an I- whose predecessor was mapped away becomes B-
    for i, t in enumerate(out):
        if t.startswith("I-") and (i == 0 or out[i - 1][2:] != t[2:]):
            out[i] = "B-" + t[2:]
    return out


def load_wojood(path: Path = WOJOOD_TRAIN) -> list[tuple[list[str], list[str]]]:
    sents = []
    for words, tags in read_bio(path):
        keep = [(w, t) for w, t in zip(words, tags) if w != "$#$"]
        if keep:
            w, t = zip(*keep)
            sents.append((list(w), map_tags(list(t), WOJOOD_MAP)))
    return sents


def train_model(sents, model_path: str | Path, c1: float, c2: float, minfreq: int = 2,
                max_iter: int = 300, verbose: bool = False) -> float:
    """Train a CRF on ``[(words, tags)]``; returns seconds spent."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for words, tags in sents:
        trainer.append(sent_features(words), tags)
    trainer.select("lbfgs", "crf1d")
    trainer.set_params({
        "c1": c1, "c2": c2, "max_iterations": max_iter, "feature.minfreq": minfreq,
        "feature.possible_transitions": True,
    })
    trainer.train(str(model_path))
    return time.perf_counter() - t0


def split_holdout(sents, frac: float = 0.1):
    n = int(len(sents) * (1 - frac))
    return sents[:n], sents[n:]


def holdout_f1(train_sents, dev_sents, params: dict, model_path: str) -> dict:
    import pycrfsuite

    secs = train_model(train_sents, model_path, **params)
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    pred = [tagger.tag(sent_features(w)) for w, _ in dev_sents]
    res = score([t for _, t in dev_sents], pred)
    return {**params, "f1": round(res["ALL"]["f1"], 4), "secs": round(secs, 1),
            "per_type": {k: round(v["f1"], 4) for k, v in res.items() if k != "ALL"}}


def _job(args):
    train_sents, dev_sents, params, path = args
    return holdout_f1(train_sents, dev_sents, params, path)


def tune(train_path: Path = ANERCORP_TRAIN, workers: int = 2, use_wojood: bool = False,
         grid: dict | None = None, tmp: str = "/tmp") -> list[dict]:
    sents = read_bio(train_path)
    tr, dev = split_holdout(sents)
    if use_wojood:
        tr = tr + load_wojood()
    grid = grid or {"c1": [0.02, 0.05, 0.1, 0.2], "c2": [0.01, 0.05]}
    keys = list(grid)
    jobs = []
    for i, vals in enumerate(itertools.product(*(grid[k] for k in keys))):
        params = {**DEFAULTS, **dict(zip(keys, vals))}
        jobs.append((tr, dev, params, f"{tmp}/ner-tune-{i}.crfsuite"))
    with ProcessPoolExecutor(workers) as ex:
        results = list(ex.map(_job, jobs))
    return sorted(results, key=lambda r: -r["f1"])


def train_shipped(train_path: Path = ANERCORP_TRAIN, out: Path = MODEL_PATH, use_wojood: bool = False,
                  **params) -> dict:
    sents = read_bio(train_path)
    if use_wojood:
        sents = sents + load_wojood()
    p = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None}}
    secs = train_model(sents, out, **p)
    export_weights(out, Path(out).with_suffix(".npz"))
    return {**p, "secs": round(secs, 1), "sentences": len(sents), "size_mb": round(out.stat().st_size / 1e6, 2)}


def main(argv=None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Train the marsad NER CRF.")
    ap.add_argument("--train", type=Path, default=ANERCORP_TRAIN)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--tune", action="store_true", help="grid over c1/c2 on a holdout of train first")
    ap.add_argument("--wojood", action="store_true", help="add the mapped Wojood sample")
    ap.add_argument("--c1", type=float)
    ap.add_argument("--c2", type=float)
    ap.add_argument("--minfreq", type=int)
    ap.add_argument("--max-iter", type=int, dest="max_iter")
    args = ap.parse_args(argv)
    params = {"c1": args.c1, "c2": args.c2, "minfreq": args.minfreq, "max_iter": args.max_iter}
    if args.tune:
        res = tune(args.train, use_wojood=args.wojood)
        for r in res:
            print(json.dumps(r))
        params.update(c1=res[0]["c1"], c2=res[0]["c2"])
    print(json.dumps(train_shipped(args.train, args.out, use_wojood=args.wojood, **params)))


if __name__ == "__main__":
    main()
