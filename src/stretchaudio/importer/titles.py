"""What a heading says: whether it names one exercise, and the article's title.

:func:`excluded` tells why a heading names no exercise (a group, advice, tips, or a heading
listed under such a group); :func:`split_title` takes the routine's title from the article's
first block.
"""

from __future__ import annotations

from .blocks import Block
from .exercises import HOW_TO_RE, NAME_PREFIX_RE, uncapitalise
from .ledger import quote
from .words import (
    ADVICE_GROUP_RE,
    ADVICE_VERB_RE,
    EXERCISE_GROUP_RE,
    EXERCISE_NOUNS_RE,
    NOT_EXERCISE_HEADING_RE,
)


def excluded(heading: Block | None, ancestors: list[Block]) -> str:
    """Why ``heading`` does not name one exercise ("" when it may); ``ancestors`` are the
    headings it is listed under, nearest first."""
    if heading is None:
        return ""
    name = NAME_PREFIX_RE.sub("", heading.text)
    if heading.label is not None:
        return "it introduces tips or notes"
    if NOT_EXERCISE_HEADING_RE.search(name):
        return "it names a group or advice"
    if ADVICE_VERB_RE.match(name) and not EXERCISE_NOUNS_RE.search(name):
        return "it gives advice"
    for group in ancestors:
        advice = ADVICE_GROUP_RE.search(group.text) and not EXERCISE_GROUP_RE.search(group.text)
        if advice or group.label is not None:
            return f"it is listed under '{quote(group.text, 40)}'"
    return ""


def split_title(block: Block) -> tuple[str, Block | None]:
    """The routine title from the article's first block, and what is left of that block."""
    if block.kind == "heading":
        return uncapitalise(block.text), None
    if block.kind != "para":
        return "Imported routine", block
    if len(block.parts) > 1:
        split = block.parts[1][0]
        rest = Block("para", block.parts[1][1], block.text[split:].strip(), end=block.end)
        rest.parts = [(offset - split, line) for offset, line in block.parts[1:]]
        rest.parts[0] = (0, rest.parts[0][1])
        return short_title(block.text[:split]), rest
    words = block.text.split()
    if len(words) <= 16:
        return short_title(block.text), None
    return short_title(block.text), block


def short_title(text: str) -> str:
    """A title of at most a dozen words."""
    words = " ".join(text.split()).rstrip(":").split()
    return " ".join(words) if len(words) <= 16 else " ".join(words[:12]) + "..."


def title_name(title: str) -> str:
    """The name of the one exercise of an article about a single stretch, from its title."""
    return HOW_TO_RE.sub("", title).strip() or title or "Exercise"
