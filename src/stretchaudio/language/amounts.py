"""Amounts in instruction text: counts ("twelve", "a couple of") and durations ("20-30
seconds", "a minute and a half", "for a count of five"), read with the number words of
:mod:`.numerals`. The step-text parser (:mod:`stretchaudio.phrases`) builds its clause patterns
from the pattern texts here (``NUMBER``, ``DURATION``, ...) and reads the amounts it finds with
:func:`number_value` and :func:`duration_value`.
"""

from __future__ import annotations

import re

from . import numerals

__all__ = ["MAX_PARSE_CHARS", "duration_value", "number_value", "parse_count", "parse_duration"]

MAX_PARSE_CHARS = 2000
"""Text longer than this is prose, not a step: it is not searched for timing."""

# --- numbers -------------------------------------------------------------------------------


WORD_NUMBER = numerals.WORD_NUMBER
# Digits are capped at four (plus three decimals): longer runs are not a step's timing, and
# the cap keeps int()/float() away from enormous strings.
DECIMAL = r"(?<![0-9.])[0-9]{1,4}(?:\.[0-9]{1,3}|\s?\u00bd)?(?![0-9])"
INTEGER = numerals.DIGITS
ARTICLE = r"\ban?(?:\s+(?:full|whole|good))?\b"
COUPLE = r"a\s+couple(?:\s+of)?\b"
NUMBER = rf"(?:{DECIMAL}|{WORD_NUMBER}|{COUPLE}|{ARTICLE})"
VAGUE = r"(?:a\s+few|several|some|a\s+number\s+of|a\s+handful\s+of|a\s+series\s+of)\b"
COUNT = rf"(?:{INTEGER}|{WORD_NUMBER}|{VAGUE}|{COUPLE}|{ARTICLE}|another\b)"

_VAGUE_RE = re.compile(VAGUE, re.IGNORECASE)
_COUPLE_RE = re.compile(COUPLE, re.IGNORECASE)
_ARTICLE_RE = re.compile(ARTICLE + "|another", re.IGNORECASE)
_COUNT_RE = re.compile(COUNT, re.IGNORECASE)


def number_value(words: str) -> float | None:
    """The value of one number phrase ("12", "1.5", "forty-five", "an", "a couple of")."""
    words = " ".join(words.lower().split())
    if not words:
        return None
    if words[0] in "0123456789":
        whole, half = words.rstrip("\u00bd ").strip(), words.endswith("\u00bd")  # "1½"
        return float(whole) + (0.5 if half else 0.0)
    if _VAGUE_RE.fullmatch(words):
        return None
    if _COUPLE_RE.fullmatch(words):
        return 2.0
    if _ARTICLE_RE.fullmatch(words):
        return 1.0
    value = numerals.parse_number(words)
    return None if value is None else float(value)


def parse_count(text: str) -> int | None:
    """The whole number that ``text`` names, or None.

    ``text`` must be only a count: digits ("12"), number words ("twelve", "twenty-one"),
    "a"/"an"/"another" (1) or "a couple of" (2). Vague amounts ("a few", "several", "some")
    and anything else give None.

    >>> parse_count("forty-five"), parse_count("a few"), parse_count("hold")
    (45, None, None)
    """
    phrase = text.strip()
    if not _COUNT_RE.fullmatch(phrase):
        return None
    value = number_value(phrase)
    return None if value is None else int(value)


# --- durations ---------------------------------------------------------------------------

# A bare "s" counts as seconds only right after digits ("10s", "10 s"), never after a word.
SECONDS = r"(?:seconds?|secs?|(?<=[0-9])\s?s)\b"
MINUTES = r"(?:minutes?|mins?)\b"
UNIT = rf"(?:{SECONDS}|{MINUTES})"
GAP = r"\s*(?:-\s*)?"  # between a number and its unit: "30 seconds", "30s", "30-second"

# Each duration form has named groups for ``duration_value``; the search pattern joins the
# same forms with the names removed (a pattern cannot repeat a group name).
_DURATION_FORMS = (
    r"(?P<half>half\s+(?:a|an|one)\s+minute|a\s+half[-\s]minute|half[-\s]a[-\s]minute)",
    # "Hold for a count of five": a physiotherapist's count is about one a second.
    rf"(?:a\s+)?(?:slow\s+)?count\s+of\s+(?P<cnt>{DECIMAL}|{WORD_NUMBER})",
    rf"(?P<cnts>{DECIMAL}|{WORD_NUMBER})\s+(?:slow\s+)?counts\b",
    rf"(?P<n>{NUMBER})\s+(?:and\s+a\s+half\s+(?P<u>{UNIT})|(?P<u2>{UNIT})"
    rf"\s+and\s+a\s+half)",
    rf"(?P<m>{NUMBER}){GAP}{MINUTES}\s*(?:,\s*|and\s+)?(?P<s>{NUMBER}){GAP}{SECONDS}",
    # Before ranges, so that "forty-five seconds" is not read as the range "forty to five".
    rf"(?P<one>{NUMBER}){GAP}(?P<unit>{UNIT})",
    rf"(?P<lo>{NUMBER}){GAP}(?P<lou>{UNIT})?\s*(?:[-\u2013\u2014]|to|or|and)\s*(?P<hi>{NUMBER})"
    rf"{GAP}(?P<hiu>{UNIT})",
)
_DURATION_FORM_RES = tuple(re.compile(form, re.IGNORECASE) for form in _DURATION_FORMS)
DURATION = "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", f) for f in _DURATION_FORMS) + ")"
VAGUE_DURATION = (
    r"(?:(?:a\s+few|several|some|a\s+little)\s+(?:more\s+)?"
    r"(?:seconds|moments|minutes)|a\s+(?:moment|while|little\s+while|bit|few\s+moments))\b"
)
_DURATION_RE = re.compile(rf"{DURATION}|{VAGUE_DURATION}", re.IGNORECASE)


def _unit_seconds(unit: str | None) -> float:
    """Seconds in one ``unit`` (minutes or seconds)."""
    return 60.0 if unit and unit.strip().lower().startswith("m") else 1.0


def _scaled(number: str | None, unit: str | None) -> float | None:
    """``number`` of ``unit`` in seconds, or None when the number is vague."""
    value = number_value(number or "")
    return None if value is None else value * _unit_seconds(unit)


def duration_value(phrase: str) -> float | None:
    """Seconds in a duration phrase that ``_DURATION_RE`` matched; None if it is vague."""
    phrase = " ".join(phrase.split())
    for form in _DURATION_FORM_RES:
        match = form.fullmatch(phrase)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("half"):
            return 30.0
        if groups.get("cnt") or groups.get("cnts"):
            return _scaled(groups.get("cnt") or groups["cnts"], "s")
        if groups.get("n"):
            whole = number_value(groups["n"])
            unit = groups.get("u") or groups.get("u2")
            return None if whole is None else (whole + 0.5) * _unit_seconds(unit)
        if groups.get("m"):
            minutes, seconds = _scaled(groups["m"], "min"), _scaled(groups["s"], "s")
            return None if minutes is None or seconds is None else minutes + seconds
        if groups.get("one"):
            return _scaled(groups["one"], groups["unit"])
        low = _scaled(groups["lo"], groups.get("lou") or groups["hiu"])
        high = _scaled(groups["hi"], groups["hiu"])
        return None if low is None or high is None else min(low, high)
    return None


def parse_duration(text: str) -> float | None:
    """Seconds in the first duration phrase found in ``text``, or None.

    Understands "30 seconds", "90 secs", "10s", "1 minute", "1.5 minutes", "half a minute",
    "a minute and a half", "1 minute 30 seconds" and ranges ("20-30 seconds", "1 to 2
    minutes"), which give their lower bound. Vague phrases ("a few seconds") give None.

    >>> parse_duration("Hold for about 20-30 seconds."), parse_duration("a minute and a half")
    (20.0, 90.0)
    """
    match = _DURATION_RE.search(text[:MAX_PARSE_CHARS])
    return None if match is None else duration_value(match.group(0))
