"""Small text transformations the planner needs: mirroring sides and numbers as words."""

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


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0..999 as English words ("forty-five"); other numbers as digits."""
    if n < 0 or n > 999:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return head + (f" and {number_words(rest)}" if rest else "")


def seconds_words(seconds: float) -> str:
    """A duration as a listener would say it: "forty-five seconds", "one minute"."""
    whole = round(seconds)
    if whole == 60:
        return "one minute"
    if whole > 90 and whole % 60 == 0:
        return f"{number_words(whole // 60)} minutes"
    if whole == 1:
        return "one second"
    return f"{number_words(whole)} seconds"
