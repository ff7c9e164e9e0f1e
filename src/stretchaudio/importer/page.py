"""Reading an article saved as a web page: HTML turned into the Markdown the importer reads.

A page saved from a browser (or a fragment of one, copied with its tags) is HTML: headings in
``<h2>``, steps in ``<ol><li>``, paragraphs in ``<p>``. :func:`is_html` tells such a page from
Markdown that only has a tag here and there (``<br>``, ``<img>``), which the line stage
cleans itself. :func:`page_markdown` converts the page with html2text (headings become
``#`` lines, list items numbered or bulleted items, images ``![alt](...)``, links their
text), after dropping what is never part of an article: scripts, styles, navigation, forms,
asides and footers. The page's ``<title>`` is not used: the article's own ``<h1>`` is its
title, as it is in Markdown.

>>> is_html("<h1>Stretches</h1><ol><li>Lie down.</li></ol>"), is_html("# Stretches<br>")
(True, False)
>>> print(page_markdown("<nav>Home</nav><h2>Bridge</h2><ol><li>Lie down.</li></ol>").strip())
## Bridge
<BLANKLINE>
  1. Lie down.
"""

from __future__ import annotations

import re

from .text import HTML_TAG_RE, IMAGE_MD_RE

_DOCUMENT_RE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html\b)", re.IGNORECASE)
_BLOCK_RE = re.compile(r"</(?:p|li|h[1-6]|div|ol|ul|section|article|td|tr|table)\s*>", re.I)
_NEVER_CONTENT_RE = re.compile(
    r"<(script|style|nav|footer|aside|form|noscript|template|svg|button|iframe|select)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
MIN_BLOCKS = 2
"""Closing block tags a text must have to be a page (or a fragment of one), besides starting
with a tag."""


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n") or " "


def is_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or a fragment of one (it starts with a tag and closes
    at least :data:`MIN_BLOCKS` block elements), rather than Markdown or plain text."""
    if _DOCUMENT_RE.match(text):
        return True
    start = text.lstrip()[:1]
    return start == "<" and len(_BLOCK_RE.findall(text, 0, 200_000)) >= MIN_BLOCKS


def page_markdown(text: str) -> str:
    """The page's content as Markdown (see the module docstring)."""
    import html2text

    original = text
    # Dropped parts keep their newlines, so the lines after them keep their numbers.
    text = _COMMENT_RE.sub(_blank, text)
    text = _NEVER_CONTENT_RE.sub(_blank, text)
    text = _BR_RE.sub(" ", text)  # a line break inside a paragraph or list item: one line
    converter = html2text.HTML2Text()
    converter.body_width = 0  # one line per paragraph and per list item, as the reader expects
    converter.ignore_links = True
    converter.ignore_emphasis = True
    converter.ignore_tables = False
    converter.unicode_snob = True  # "é", not "e"
    markdown: str = converter.handle(text)
    # html2text escapes what would read as a list marker: "<h2>1. Pigeon Pose</h2>" is
    # "## 1\. Pigeon Pose"; the reader wants the number as written.
    markdown = _ESCAPED_MARKER_RE.sub(r"\1\2", markdown)
    return on_page_lines(markdown, original)


_ESCAPED_MARKER_RE = re.compile(r"(?m)^(\s*(?:#{1,6}\s+)?\d{1,3})\\([.)])")


_ALT_RE = re.compile(r"<img\b[^>]*?\balt\s*=\s*[\"']([^\"']*)[\"'][^>]*>", re.IGNORECASE)
_BLOCK_START_RE = re.compile(r"\s*(?:#{1,6}\s|[*+-]\s|\d{1,3}[.)]\s|>|\|)")
_MARKER_RE = re.compile(r"^\s*(?:#{1,6}\s+|[*+-]\s+|\d{1,3}[.)]\s+|>\s*)*")
_KEY_CHARS = 24


def _key(text: str) -> str:
    return " ".join(text.split())[:_KEY_CHARS].lower()


def on_page_lines(markdown: str, page: str) -> str:
    """``markdown`` with each line moved to the line of ``page`` it came from (blank lines
    between), so that "line 12" in messages and comments is line 12 of the page. When a line
    cannot be found in order (a page written on one line, or text the converter changed),
    the Markdown is returned as it is."""
    import html

    def text_of(line: str) -> str:  # an image is its description, as html2text writes it
        return html.unescape(HTML_TAG_RE.sub(" ", _ALT_RE.sub(r" \1 ", line)))

    page_lines = [" ".join(text_of(line).split()).lower() for line in page.split("\n")]
    placed: list[tuple[int, str]] = []
    at = 0
    for line in markdown.split("\n"):
        if not line.strip():
            continue
        described = IMAGE_MD_RE.sub(lambda m: m[1] or m[2] or "", _MARKER_RE.sub("", line))
        key = _key(described)
        found = next((k for k in range(at, len(page_lines)) if key and key in page_lines[k]), -1)
        if found < 0:
            return markdown
        if placed and found == placed[-1][0]:
            if _BLOCK_START_RE.match(line):  # two blocks on one line of the page
                return markdown
            placed[-1] = (found, f"{placed[-1][1]} {line.strip()}")  # a <br> inside a block
            continue
        placed.append((found, line))
        at = found
    out = [""] * (placed[-1][0] + 1 if placed else 0)
    for k, line in placed:
        out[k] = line
    return "\n".join(out) + "\n"
