"""Run-time NER: the shipped CRF model, loaded once per process.

The model is trained with python-crfsuite (``model.crfsuite``).  For speed, tagging uses the same
weights exported to ``model.npz`` (labels, attribute names, state and transition weights) and a
NumPy Viterbi decoder whose emission scores are cached per word form: most of a token's features
depend on its own word or on one neighbour's word, so their weight sums are computed once per form.
The output equals crfsuite's Viterbi path (tested).  Without ``model.npz`` the weights are read
from the ``.crfsuite`` file at load time.

    >>> from marsad.ner import tag
    >>> tag("قال وزير الخارجية الأمريكي أنتوني بلينكن")
    [(27, 40, 'PER')]
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from marsad.ner.evaluate import spans
from marsad.ner.features import _info, sentences, seq_features, tokenize

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
OFFSETS = (-2, -1, 1, 2)
TYPE_MAP = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}

_TAGGERS: dict[str, object] = {}
_LOCK = threading.Lock()


def get_tagger(model_path: str | Path | None = None):
    """The ``pycrfsuite.Tagger`` for a model file (the shipped one by default), opened once."""
    key = str(model_path or MODEL_PATH)
    tagger = _TAGGERS.get(key)
    if tagger is None:
        with _LOCK:
            tagger = _TAGGERS.get(key)
            if tagger is None:
                import pycrfsuite

                if not Path(key).exists():
                    raise FileNotFoundError(f"NER model not found: {key} (train it with `marsad train ner`)")
                tagger = pycrfsuite.Tagger()
                tagger.open(key)
                _TAGGERS[key] = tagger
    return tagger


def _sha1(path: str | Path) -> str:
    import hashlib

    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def export_weights(model_path: str | Path, out: str | Path | None = None) -> dict:
    """Labels, attributes and weights of a crfsuite model; saved as ``.npz`` when ``out`` is given."""
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(model_path))
    info = t.info()
    labels = sorted(info.labels, key=lambda y: int(info.labels[y]))
    lid = {y: i for i, y in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features})
    aid = {a: i for i, a in enumerate(attrs)}
    W = np.zeros((len(attrs), len(labels)), dtype=np.float64)
    for (a, y), w in info.state_features.items():
        W[aid[a], lid[y]] = w
    T = np.zeros((len(labels), len(labels)), dtype=np.float64)
    for (y1, y2), w in info.transitions.items():
        T[lid[y1], lid[y2]] = w
    d = {"labels": np.array(labels), "attrs": np.array("\n".join(attrs)), "W": W.astype(np.float32),
         "T": T.astype(np.float32), "source_sha1": np.array(_sha1(model_path))}
    if out is not None:
        np.savez_compressed(out, **d)
    return d


class FastCRF:
    """Viterbi decoding with crfsuite weights; per-word emission vectors are cached."""

    def __init__(self, d: dict):
        self.labels = [str(x) for x in d["labels"]]
        attrs = str(d["attrs"]).split("\n") if str(d["attrs"]) else []
        self.aid = {a: i for i, a in enumerate(attrs)}
        L = len(self.labels)
        self.W = np.asarray(d["W"], dtype=np.float64).reshape(-1, L)
        self.T = np.asarray(d["T"], dtype=np.float64)
        self.wid: dict[str, int] = {}
        self.cap = 0
        self.OWN = np.zeros((0, L))
        self.CTX = {off: np.zeros((0, L)) for off in OFFSETS}
        self.lock = threading.Lock()

    def _word_id(self, word: str) -> int:
        i = self.wid.get(word)
        if i is not None:
            return i
        with self.lock:
            i = self.wid.get(word)
            if i is not None:
                return i
            i = len(self.wid)
            if i >= self.cap:
                if i >= 250_000:  # bound the cache (~90 MB): start afresh
                    self.wid.clear()
                    self.cap = 0
                    i = 0
                self.cap = max(1024, self.cap * 2)
                L = len(self.labels)
                grow = lambda A: np.vstack([A, np.zeros((self.cap - len(A), L))]) if len(A) else np.zeros((self.cap, L))
                self.OWN = grow(self.OWN)
                self.CTX = {o: grow(A) for o, A in self.CTX.items()}
            own, ctx = _info(word).features()
            aid = self.aid
            rows, cols = [], []
            for k, fs in enumerate((own, *(ctx[o] for o in OFFSETS))):
                for f in fs:
                    a = aid.get(f)
                    if a is not None:
                        rows.append(k)
                        cols.append(a)
            if rows:  # one-hot (segment × feature) @ weights: sums per segment
                H = np.zeros((1 + len(OFFSETS), len(rows)))
                H[rows, np.arange(len(rows))] = 1.0
                V = H @ self.W[cols]
            else:
                V = np.zeros((1 + len(OFFSETS), len(self.labels)))
            self.OWN[i] = V[0]
            for k, off in enumerate(OFFSETS, 1):
                self.CTX[off][i] = V[k]
            self.wid[word] = i
            return i

    def viterbi_batch(self, Es: list[np.ndarray]) -> list[list[int]]:
        """Viterbi paths of several sentences at once (padded; padded steps carry the score)."""
        S, L = len(Es), len(self.labels)
        lens = np.array([len(e) for e in Es])
        n = int(lens.max())
        E = np.zeros((S, n, L))
        for k, e in enumerate(Es):
            E[k, : len(e)] = e
        T = self.T[None]
        rows = np.arange(S)
        ident = np.broadcast_to(np.arange(L), (S, L))
        back = np.empty((S, n, L), dtype=np.int64)
        score = E[:, 0].copy()
        for t in range(1, n):
            cand = score[:, :, None] + T
            bp = cand.argmax(axis=1)
            best = cand.max(axis=1) + E[:, t]
            active = (lens > t)[:, None]
            score = np.where(active, best, score)
            back[:, t] = np.where(active, bp, ident)
        y = score.argmax(axis=1)
        path = np.empty((S, n), dtype=np.int64)
        path[:, n - 1] = y
        for t in range(n - 1, 0, -1):
            y = back[rows, t, y]
            path[:, t - 1] = y
        return [path[k, : lens[k]].tolist() for k in range(S)]

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0] if words else []

    def _index_attrs(self) -> None:
        """Row lookups for the sentence-level features (bigrams, edges, gazetteer)."""
        self.bg_first: set[str] = set()
        for attr in self.aid:
            if attr.startswith(("bg-=", "bg+=")):
                body = attr[4:]
                for k, ch in enumerate(body):
                    if ch == "|":
                        self.bg_first.add(body[:k])

    def emissions_many(self, sents: list[list[str]]) -> list[np.ndarray]:
        """Emission scores of several sentences, computed over their concatenation at once.

        Must add up exactly the features of ``features.sent_features`` (tested)."""
        if not hasattr(self, "bg_first"):
            self._index_attrs()
        wid, aid, bg_first = self.wid, self.aid, self.bg_first
        words = [w for ws in sents for w in ws]
        N = len(words)
        ids = np.array([wid[w] if w in wid else self._word_id(w) for w in words], dtype=np.int64)
        lens = [len(ws) for ws in sents]
        sid = np.repeat(np.arange(len(sents)), lens)
        E = self.OWN[ids]
        for off in OFFSETS:
            k = abs(off)
            if N <= k:
                continue
            same = (sid[k:] == sid[:-k])[:, None]
            if off < 0:   # token i sees word i-k
                E[k:] += np.where(same, self.CTX[off][ids[:-k]], 0.0)
            else:         # token i sees word i+k
                E[:-k] += np.where(same, self.CTX[off][ids[k:]], 0.0)
        rows, cols = [], []
        start = 0
        for n in lens:
            for i, fs in enumerate(seq_features([_info(w) for w in words[start:start + n]], bg_first)):
                for f in fs:
                    a = aid.get(f)
                    if a is not None:
                        rows.append(start + i)
                        cols.append(a)
            start += n
        if rows:
            np.add.at(E, np.array(rows), self.W[np.array(cols)])
        return np.split(E, np.cumsum(lens)[:-1])

    def tag_many(self, sents: list[list[str]]) -> list[list[str]]:
        idx = [k for k, w in enumerate(sents) if w]
        out: list[list[str]] = [[] for _ in sents]
        if not idx:
            return out
        labels = self.labels
        paths = self.viterbi_batch(self.emissions_many([sents[k] for k in idx]))
        for k, p in zip(idx, paths):
            out[k] = [labels[i] for i in p]
        return out


_FAST: dict[str, FastCRF] = {}


def get_fast(model_path: str | Path | None = None) -> FastCRF:
    key = str(model_path or MODEL_PATH)
    m = _FAST.get(key)
    if m is None:
        with _LOCK:
            m = _FAST.get(key)
            if m is None:
                npz = Path(key).with_suffix(".npz")
                d = None
                if npz.exists():
                    with np.load(npz) as z:
                        d = {k: z[k] for k in z.files}
                    # the export must come from this very .crfsuite file
                    if Path(key).exists() and str(d.get("source_sha1", "")) != _sha1(key):
                        d = None
                if d is None:
                    if not Path(key).exists():
                        raise FileNotFoundError(f"NER model not found: {key} (train it with `marsad train ner`)")
                    d = export_weights(key)
                m = _FAST[key] = FastCRF(d)
    return m


def tag_tokens(words: list[str], model_path: str | Path | None = None) -> list[str]:
    """BIO tags (``B-PERS``, ``I-LOC`` …, as in the training data) for one sentence of tokens."""
    if not words:
        return []
    return get_fast(model_path).tag(words)


def tag(text: str, model_path: str | Path | None = None) -> list[tuple[int, int, str]]:
    """Named-entity spans ``(start, end, type)`` in raw ``text``; type in PER/ORG/LOC/MISC.

    Offsets index ``text`` itself.  The text is tokenised and split into sentences first.
    """
    toks = tokenize(text)
    if not toks:
        return []
    sents = sentences(toks, text)
    all_tags = get_fast(model_path).tag_many([[toks[i][2] for i in sent] for sent in sents])
    out: list[tuple[int, int, str]] = []
    for sent, tags in zip(sents, all_tags):
        for s, e, typ in spans(tags):
            out.append((toks[sent[s]][0], toks[sent[e - 1]][1], TYPE_MAP.get(typ, typ)))
    return out
