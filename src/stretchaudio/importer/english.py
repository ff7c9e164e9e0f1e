"""Whether an article is in English: the importer reads English only.

Running English prose is about two fifths common function words ("the", "and", "your");
text in another language has few of them, and text in another script has few Latin letters.
"""

from __future__ import annotations

import re

_COMMON_WORDS = """
    the and to of a in is you your it for with on that this be are as at or if from not can
    will do have by an but so up out into over back down then them they their there here
    when while until each both one two three all any some more most other another should
    would could may might must about after before through between again also only just
    very too than what which who how why where my me we our us he she his her its was were
    been being has had did does don't it's you're keep hold feel stretch knee knees leg legs
    arm arms hand hands foot feet hip hips back neck head body side sides left right slowly
    breathe breath seconds minutes times repeat each floor chair wall
"""
_COMMON = frozenset(_COMMON_WORDS.split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SAMPLE_WORDS = 5000
_MIN_WORDS = 12
_MIN_SHARE = 0.12
_MIN_LATIN = 0.5


def language_problem(text: str) -> str | None:
    """Why ``text`` does not look like English ("only 3% of its words are common English
    words"), or None when it does (or is too short to tell)."""
    words = [word.lower() for word in _WORD_RE.findall(text[:200_000])[:_SAMPLE_WORDS]]
    if len(words) < _MIN_WORDS:
        return None
    latin = sum(1 for word in words if word.isascii()) / len(words)
    if latin < _MIN_LATIN:
        return f"most of its words ({round((1 - latin) * 100)}%) are not in the Latin alphabet"
    share = sum(1 for word in words if word in _COMMON) / len(words)
    if share < _MIN_SHARE:
        return f"only {round(share * 100)}% of its words are common English words"
    return None
