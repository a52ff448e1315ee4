"""marsad — Arabic news reports in, sourced PLOVER event records out.

    >>> import marsad
    >>> result = marsad.extract(text, published="2022-09-15")
    >>> result.to_dict()["events"]
"""
from marsad.pipeline import extract, extract_article, extract_many
from marsad.records import Article, ArticleResult, Entity, Event

__all__ = ["extract", "extract_article", "extract_many", "Article", "ArticleResult", "Entity", "Event"]
__version__ = "0.1.0"
