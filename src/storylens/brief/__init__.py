"""Briefs: cited multi-document summaries, key facts, quotes, timelines and their exports."""
