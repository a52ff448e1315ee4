"""Statistical Arabic named-entity recognition (a CRF trained on ANERcorp; CPU, no torch).

    >>> from marsad.ner import tag
    >>> tag(text)            # [(start, end, "PER" | "ORG" | "LOC" | "MISC"), …] offsets into text

The model file ships in this package (``model.crfsuite``) and is loaded lazily, once per process.
"""
from marsad.ner.model import MODEL_PATH, tag, tag_tokens

__all__ = ["tag", "tag_tokens", "MODEL_PATH"]
