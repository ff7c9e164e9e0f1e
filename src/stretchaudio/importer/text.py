"""Reading article text, stage 1: clean-up, page furniture, labels, words, warnings, sentences.

The pieces the later stages share: markup removed from a line, lines that are page furniture,
labels ("How to do it:", "Tip:"), imperative verbs and title-like lines, safety warnings, and
text cut into sentences. See the package docstring for how an article is read.
"""

from __future__ import annotations

import html
import re
import unicodedata
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


IMAGE_MD_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_ALT_HTML_RE = re.compile(r"<img\b[^>]*\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def image_texts(line: str) -> list[str]:
    """The descriptions (alt texts) of the images in a line: never spoken."""
    found = [a or b for a, b in IMAGE_MD_RE.findall(line)] + _ALT_HTML_RE.findall(line)
    return [text for text in found if text.strip()]


_LINK_MD_RE = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(?:https?://|www\.)[^>]*>")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
LINK_ONLY_RE = re.compile(
    r"^\s*(?:[-*+\u2022]\s*)?(?:\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+|www\.\S+)"
    r"[\s.,;|]*$"
)


def inline_text(text: str) -> str:
    """Markdown and HTML inline markup removed, entities decoded, text made fit to be spoken
    (:func:`speakable`), spaces collapsed."""
    text = IMAGE_MD_RE.sub(" ", text)
    text = _LINK_MD_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = HTML_TAG_RE.sub(" ", text)
    for _ in range(3):
        text = _EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("`", "").replace("~~", "")
    text = html.unescape(html.unescape(text))  # "&amp;amp;" too
    text = UNPRINTABLE_RE.sub(" ", _INVISIBLE_RE.sub("", text.replace("\xa0", " ")))
    return speakable(text)


# --- text fit to be spoken -------------------------------------------------------------------

_KEYCAP_RE = re.compile("([0-9])\ufe0f?\u20e3")  # a keycap digit: its digit
LEADING_KEYCAP_RE = re.compile("^(\\s*)([0-9])\ufe0f?\u20e3\\s+")  # a list number
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)\S+|(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|gov"
    r"|edu|info|app|co\.uk|org\.uk)\b(?:/[^\s)]*)?",
    re.IGNORECASE,
)
_FOOTNOTE_RE = re.compile(
    r"\[\^[^\]\s]{1,20}\]|\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]"
    "|[\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]+|(?<=[a-z.,;:!?)])\\*+(?=\\s|$)"
)
_DEGREES_RE = re.compile("(\\d)\\s*\u00b0\\s*(?![CF]\\b)")
_HANDLE_RE = re.compile(r"(?<![\w.])@\w+")
_HASHTAG_RE = re.compile(r"(?<![\w&#])#(?=[A-Za-z])")
_SPACE_BEFORE_RE = re.compile(r"\s+([,.;:!?)])")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]")


_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Co", "Cn", "Cs", "Me"})
_KEPT_SYMBOLS = frozenset("\u00a9\u00b1\u00d7\u00f7\u2212")  # (c) marks page furniture


def is_symbol(char: str) -> bool:
    """Whether ``char`` is an emoji, pictograph or decorative symbol: nothing to speak."""
    if char.isascii() or char in _KEPT_SYMBOLS:
        return False
    if char in "\u20e3\ufe0e\ufe0f":  # keycap and emoji presentation marks
        return True
    category = unicodedata.category(char)
    return category in _DROPPED_CATEGORIES or category == "Sm"


def speakable(text: str) -> str:
    """``text`` without what a voice should not read out: emoji, pictographs and decorative
    symbols, web addresses and @handles, footnote markers; "45\u00b0" as "45 degrees" and
    " & " as " and "; spaces collapsed."""
    text = LEADING_KEYCAP_RE.sub(r"\1\2. ", text)
    text = _KEYCAP_RE.sub(r"\1", text)
    text = _URL_RE.sub(" ", text)
    text = _HANDLE_RE.sub(" ", text)
    text = _HASHTAG_RE.sub("", text)
    text = _FOOTNOTE_RE.sub("", text)
    text = _DEGREES_RE.sub(r"\1 degrees ", text)
    if not text.isascii():
        text = "".join(" " if is_symbol(char) else char for char in text)
    text = text.replace(" & ", " and ")
    text = _EMPTY_BRACKETS_RE.sub(" ", text)
    text = _SPACE_BEFORE_RE.sub(r"\1", " ".join(text.split()))
    return text.strip()


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One piece of article text, the line it starts on and the line it ends on."""

    text: str
    line: int
    end: int = 0


def split_sentences(text: str, offsets: list[tuple[int, int]]) -> list[Piece]:
    """``text`` cut into sentences, each with its lines (``offsets``: (char offset, line))."""
    return [
        Piece(text[a:b], _line_at(offsets, a), _line_at(offsets, max(a, b - 1)))
        for a, b in sentence_spans(text)
    ]


def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
    """The line that the character at ``position`` came from."""
    line = offsets[0][1] if offsets else 0
    for offset, number in offsets:
        if offset > position:
            break
        line = number
    return line


def calm_caps(text: str) -> str:
    """A sentence written in capitals ("STOP IF PAIN INCREASES.") in sentence case, so that a
    voice does not read it as letters; other text as it is."""
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 8 or not all(char.isupper() for char in letters):
        return text
    lowered = text.lower()
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), lowered)
