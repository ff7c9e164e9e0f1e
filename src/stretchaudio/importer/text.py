"""Reading article text, stage 1: clean-up, page furniture, labels, words, warnings, sentences.

The pieces the later stages share: markup removed from a line, lines that are page furniture,
labels ("How to do it:", "Tip:"), imperative verbs and title-like lines, safety warnings, and
text cut into sentences. See the package docstring for how an article is read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..language.text import sentence_spans

# --- text clean-up ---------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\u00ad\ufeff]")
# Everything YAML cannot carry (it has to be written back out) becomes a space.
UNPRINTABLE_RE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)


def clean_text(text: str) -> str:
    """Newlines normalised, tabs expanded, invisible and unprintable characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\t", "    ").replace("\xa0", " ")
    return UNPRINTABLE_RE.sub(" ", text)


_IMAGE_MD_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_MD_RE = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(?:https?://|www\.)[^>]*>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
LINK_ONLY_RE = re.compile(
    r"^\s*(?:[-*+\u2022]\s*)?(?:\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+|www\.\S+)"
    r"[\s.,;|]*$"
)


def inline_text(text: str) -> str:
    """Markdown and HTML inline markup removed, entities decoded, spaces collapsed."""
    text = _IMAGE_MD_RE.sub(" ", text)
    text = _LINK_MD_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _HTML_TAG_RE.sub(" ", text)
    for _ in range(3):
        text = _EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("`", "").replace("~~", "")
    text = html.unescape(text)
    text = UNPRINTABLE_RE.sub(" ", _INVISIBLE_RE.sub("", text.replace("\xa0", " ")))
    return " ".join(text.split())


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One piece of article text and the line it starts on."""

    text: str
    line: int


def split_sentences(text: str, offsets: list[tuple[int, int]]) -> list[Piece]:
    """``text`` cut into sentences, each with its line (``offsets``: (char offset, line))."""
    return [Piece(text[a:b], _line_at(offsets, a)) for a, b in sentence_spans(text)]


def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
    """The line that the character at ``position`` came from."""
    line = offsets[0][1] if offsets else 0
    for offset, number in offsets:
        if offset > position:
            break
        line = number
    return line
