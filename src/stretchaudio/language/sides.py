"""Left and right: the words the second side of a two-sided exercise swaps."""

from __future__ import annotations

import re

_SIDE = re.compile(r"\b(left|right)\b", re.IGNORECASE)
_MIRROR = {"left": "right", "right": "left"}


def mirror_sides(text: str) -> str:
    """Swap "left" and "right" (whole words, keeping case): the text for the second side.

    >>> mirror_sides("Extend your Right leg; keep the left knee bent.")
    'Extend your Left leg; keep the right knee bent.'
    """

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = _MIRROR[word.lower()]
        if word.isupper():
            return new.upper()
        if word[0].isupper():
            return new.capitalize()
        return new

    return _SIDE.sub(swap, text)
