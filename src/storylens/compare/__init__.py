"""The compare stage: what a story's sources agree on, what only one reports, where they differ.

:func:`compare_story` takes the articles of one story (with the copies the stories stage
found) and returns a :class:`~storylens.model.Comparison`: aligned quotes, numbers, events and
statements labelled corroborated, single-source or conflicting; quotes that drift between
outlets, with a word diff; and each outlet's coverage.
"""

from storylens.compare.sources import Sources, credited_outlet
from storylens.compare.story import CompareSettings, compare_story

__all__ = ["CompareSettings", "Sources", "compare_story", "credited_outlet"]
