"""Run-time NER: the shipped CRF model (python-crfsuite), loaded once per process.

    >>> from marsad.ner import tag
    >>> tag("قال وزير الخارجية الأمريكي أنتوني بلينكن")
    [(27, 40, 'PER')]
"""
from __future__ import annotations

import threading
from pathlib import Path

from marsad.ner.evaluate import spans
from marsad.ner.features import sent_features, sentences, tokenize

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
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


def tag_tokens(words: list[str], model_path: str | Path | None = None) -> list[str]:
    """BIO tags (``B-PERS``, ``I-LOC`` …, as in the training data) for one sentence of tokens."""
    if not words:
        return []
    return get_tagger(model_path).tag(sent_features(words))


def tag(text: str, model_path: str | Path | None = None) -> list[tuple[int, int, str]]:
    """Named-entity spans ``(start, end, type)`` in raw ``text``; type in PER/ORG/LOC/MISC.

    Offsets index ``text`` itself.  The text is tokenised and split into sentences first.
    """
    toks = tokenize(text)
    if not toks:
        return []
    tagger = get_tagger(model_path)
    out: list[tuple[int, int, str]] = []
    for sent in sentences(toks, text):
        words = [toks[i][2] for i in sent]
        tags = tagger.tag(sent_features(words))
        for s, e, typ in spans(tags):
            out.append((toks[sent[s]][0], toks[sent[e - 1]][1], TYPE_MAP.get(typ, typ)))
    return out
