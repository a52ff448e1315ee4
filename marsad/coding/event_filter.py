"""A small trained filter over event candidates: is this candidate an event an analyst codes?

Rules propose candidates generously; this logistic model, trained on the training gold
(``../shared/eval/gold-train.jsonl``, never on dev), scores each one from features of its trigger,
arguments and context. Inference is a dictionary look-up and a sigmoid: no ML library at run time.

Train: ``python -m marsad.coding.event_filter --articles ../shared/eval/train-articles.jsonl
--gold ../shared/eval/gold-train.jsonl`` (needs scikit-learn, the ``build`` extra); writes
``marsad/coding/data/event_filter.json`` with the weights, threshold and the cross-validated score.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).resolve().parent / "data" / "event_filter.json"
SENTENCE_WEIGHT = 0.25


@dataclass
class EventFilter:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_filter() -> EventFilter | None:
    if not MODEL.exists():
        return None
    d = json.loads(MODEL.read_text(encoding="utf-8"))
    return EventFilter(d["weights"], d["bias"], d["threshold"])


def _codes(side):
    return {(a.get("code") if isinstance(a, dict) else a) for a in side or [] if (a.get("code") if isinstance(a, dict) else a)}


def label_candidates(ex, gold_events):
    """Greedy one-to-one matching as the scorer does it: (features, label) per candidate."""
    cands = ex.merged_candidates()
    feats = [ex.features(c) for c in cands]
    used = set()
    labels = [0] * len(cands)
    for g in gold_events:
        gc = _codes(g.get("actor")) | _codes(g.get("recipient"))
        best = None
        for i, c in enumerate(cands):
            if i in used or c.type != g["type"]:
                continue
            pc = set(c.codes())
            if (gc & pc) or (not gc and not pc):
                jac = len(gc & pc) / len(gc | pc) if gc | pc else 1.0
                if best is None or jac > best[0]:
                    best = (jac, i)
        if best is not None:
            used.add(best[1])
            labels[best[1]] = 1
    return feats, labels


def sentence_examples(gsr_dir: str):
    """Extra examples from the judged ASSAULT/PROTEST sentences (openeventdata's arabic_event_gsr,
    the shared half): in a "yes" sentence the first candidate of the judged type is an event, in an
    "easy/difficult no" sentence none is. Candidates of other types are left out (not judged)."""
    import csv
    import re

    from marsad.coding.events import ArticleExtractor
    from marsad.records import Article

    X, y = [], []
    for kind in ("assault", "protest"):
        path = Path(gsr_dir) / f"{kind}_gsr.csv"
        if not path.exists():
            continue
        for r in csv.DictReader(open(path, encoding="utf-8")):
            if r["label"] == "ambiguous":
                continue
            m = re.search(r"_(\d{4})(\d\d)(\d\d)\.", r["id"])
            pub = "-".join(m.groups()) if m else None
            ex = ArticleExtractor(Article(text=r["text"], id=r["id"], published=pub))
            cands = [c for c in ex.merged_candidates() if c.type == kind.upper()]
            for i, c in enumerate(cands):
                X.append({f: 1.0 for f in ex.features(c)})
                y.append(1 if (r["label"] == "yes" and i == 0) else 0)
    return X, y


def train(articles_path: str, gold_path: str, out: Path = MODEL, folds: int = 5, seed: int = 13,
          sentences_dir: str | None = None) -> dict:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from marsad.coding.events import ArticleExtractor
    from marsad.records import Article

    gold = {}
    for line in open(gold_path, encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            gold[g["id"]] = g
    X, y, groups, n_gold = [], [], [], 0
    for line in open(articles_path, encoding="utf-8"):
        if not line.strip():
            continue
        a = json.loads(line)
        if a["id"] not in gold:
            continue
        ex = ArticleExtractor(Article(text=a["text"], id=a["id"], published=a.get("published"), title=a.get("title")))
        feats, labels = label_candidates(ex, gold[a["id"]]["events"])
        n_gold += len(gold[a["id"]]["events"])
        X += [{f: 1.0 for f in fs} for fs in feats]
        y += labels
        fold = int(hashlib.sha1(a["id"].encode()).hexdigest(), 16) % folds   # stable across runs
        groups += [fold] * len(labels)
    n_art = len(y)
    if sentences_dir:
        Xs, ys = sentence_examples(sentences_dir)
        X += Xs
        y += ys
        groups += [-1] * len(ys)   # always in training folds, never used to pick the threshold
    # judged sentences follow a narrower convention (no background events) than the article gold,
    # so they count for less
    weights = np.array([1.0] * n_art + [SENTENCE_WEIGHT] * (len(y) - n_art))
    vec = DictVectorizer()
    Xm = vec.fit_transform(X)
    y = np.array(y)
    groups = np.array(groups)
    # cross-validated probabilities choose the regularisation and the threshold that maximise event F1
    art = groups >= 0
    best = (0.0, 0.5, 0.5)
    for C in (0.1, 0.25, 0.5, 1.0, 2.0):
        probs = np.zeros(len(y))
        for k in range(folds):
            tr, te = groups != k, groups == k
            if te.sum() == 0 or len(set(y[tr])) < 2:
                continue
            m = LogisticRegression(C=C, max_iter=2000, random_state=seed).fit(Xm[tr], y[tr], sample_weight=weights[tr])
            probs[te] = m.predict_proba(Xm[te])[:, 1]
        for t in np.arange(0.1, 0.7, 0.02):
            keep = (probs >= t) & art
            tp = int((y[keep] == 1).sum())
            p = tp / max(keep.sum(), 1)
            r = tp / max(n_gold, 1)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            if f1 > best[0] + 1e-9:
                best = (f1, float(t), C)
    base_tp = int(y[art].sum())
    base_p, base_r = base_tp / max(n_art, 1), base_tp / max(n_gold, 1)
    model = LogisticRegression(C=best[2], max_iter=2000, random_state=seed).fit(Xm, y, sample_weight=weights)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-4}
    result = {"weights": weights, "bias": round(float(model.intercept_[0]), 4), "threshold": round(best[1], 3), "C": best[2],
              "trained_on": Path(gold_path).name, "candidates": n_art, "positives": base_tp, "sentence_examples": int(len(y) - n_art), "gold_events": n_gold,
              "cv_event_f1": round(float(best[0]), 3),
              "unfiltered_event_f1": round(2 * base_p * base_r / (base_p + base_r), 3) if base_p + base_r else 0.0,
              "command": "python -m marsad.coding.event_filter --articles ../shared/eval/train-articles.jsonl "
                         "--gold ../shared/eval/gold-train.jsonl"
                         + (" --sentences ../shared/data/events/arabic_event_gsr" if sentences_dir else "")}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    load_filter.cache_clear()
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--sentences", help="folder with assault_gsr.csv/protest_gsr.csv (extra ASSAULT/PROTEST examples)")
    a = ap.parse_args(argv)
    r = train(a.articles, a.gold, sentences_dir=a.sentences)
    print({k: v for k, v in r.items() if k != "weights"})


if __name__ == "__main__":
    main()
