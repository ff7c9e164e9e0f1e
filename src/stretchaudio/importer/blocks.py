"""Reading article text, stage 2: lines into blocks (headings, list items, labels, text).

:class:`Reader` turns the article's lines into blocks; :func:`find_headings` then decides
which numbered items and (in plain text) which short lines are exercise headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language import number_words
from .furniture import LINKS_HEADER_RE, furniture_kind, is_credit, is_noise
from .labels import Label, find_label
from .ledger import Ledger, quote
from .tables import read_table
from .text import LEADING_KEYCAP_RE, LINK_ONLY_RE, image_texts, inline_text, is_symbol
from .timing import find_timing, has_timing_words
from .words import EXERCISE_NOUNS_RE, imperative_kind, title_like

# --- blocks ----------------------------------------------------------------------------------


@dataclass
class Block:
    """A heading, list item, label, paragraph or blank line of the article."""

    kind: str  # "heading", "item", "label", "para", "blank"
    line: int
    text: str = ""
    indent: int = 0
    marker: str = ""  # items: "num", "step" or "bullet"
    number: int | None = None
    label: Label | None = None
    strong: bool = False  # headings marked up as such (# or bold or underlined)
    noise: bool = False  # headings of link lists ("Related articles"): skip the section
    from_heading: bool = False  # labels and steps written as headings ("### How to do it")
    heading: str = ""  # steps written as headings: the heading's words ("Step 2: Lift")
    level: int = 0  # headings: 1-6 for Markdown, larger for weaker headings
    end: int = 0  # last line
    parts: list[tuple[int, int]] = field(default_factory=list)  # (offset, line) of each line

    def __post_init__(self) -> None:
        self.end = self.end or self.line
        if not self.parts:
            self.parts = [(0, self.line)]

    def add(self, text: str, line: int) -> None:
        """Append a continuation line."""
        if self.text:
            self.text += " "
        self.parts.append((len(self.text), line))
        self.text += text
        self.end = line


# Heading levels: Markdown's 1-6, then the weaker kinds. In plain text, a numbered title under
# an unnumbered heading belongs to it ("3 More Things You Can Do" > "1. Strengthen Your Core").
_MARKDOWN_LEVELS = 6
PLAIN_LEVEL = 2
NUMBERED_LEVEL = 3
BOLD_LEVEL = 7
INLINE_LEVEL = 8
TABLE_LEVEL = 9

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_RULE_RE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_SETEXT_H1_RE = re.compile(r"^\s*=+\s*$")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BLOCKQUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_BULLETS = "-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u27a4\u25ba\u2713\u2714\u2043"
_BULLET_RE = re.compile(rf"^(\s*)[{re.escape(_BULLETS)}]\s+(.*\S)\s*$")
_BULLET_ALONE_RE = re.compile(rf"^(\s*)[{re.escape(_BULLETS)}]\s*$")
_NUM_RE = re.compile(r"^(\s*)\(?(\d{1,2})[.)]\s+(.*\S)\s*$")
_NUM_ALONE_RE = re.compile(r"^(\s*)\(?(\d{1,2})[.)]?\s*$")
# "a) Lean forward": lettered steps (a to h) count as numbered ones.
_LETTER_RE = re.compile(r"^(\s*)\(?([a-h])[.)]\s+([A-Z].*\S)\s*$")
_STEP_WORDS = tuple(number_words(n) for n in range(1, 13))  # "Step one" ... "Step twelve"
_STEP_RE = re.compile(
    rf"^(\s*)step\s+(\d{{1,2}}|{'|'.join(_STEP_WORDS)})\b\s*(?:[:.)\-\u2013\u2014]\s*(.*\S)?)?\s*$",
    re.IGNORECASE,
)
# "**Step 1:** Lie down" and "**1.** Lie down": the marker in bold is still a marker.
_BOLD_MARKER_RE = re.compile(r"^(\s*)(\*\*|__)((?:step\s+\w+|\d{1,2})\s*[:.)]?)\s*\2", re.I)
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_INLINE_NAME_BOLD_RES = (
    re.compile(r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)[:.]\s*(?:\*\*|__)\s*(?P<rest>\S.*)$"),
    re.compile(
        r"^(?:\*\*|__)(?P<name>[^*_]{2,80}?)(?:\*\*|__)\s*(?:[:.\-\u2013\u2014]\s*)?(?P<rest>\S.*)$"
    ),
)
_INLINE_NAME_PLAIN_RE = re.compile(
    r"^(?P<name>[^:.!?]{2,50}?)\s*(?::|\s[-\u2013\u2014])\s+(?P<rest>[A-Za-z].*)$"
)


def _step_number(word: str) -> int:
    """``"3"`` or ``"three"`` as 3."""
    return int(word) if word.isdigit() else _STEP_WORDS.index(word.lower()) + 1


@dataclass
class _Marker:
    """A list marker alone on its line, waiting for its text on the next line."""

    kind: str
    indent: int
    number: int | None
    line: int


class Reader:
    """Turns article lines into blocks; what it leaves out goes to the ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.blocks: list[Block] = []
        self.swallow = ""  # inside a list of links after "Related reading": that header
        self.table: list[tuple[int, str]] = []  # rows of a Markdown table being read
        self.last_number = 0  # the number of the last numbered item

    def read(self, lines: list[str]) -> list[Block]:
        """All blocks of the article's lines."""
        in_fence = False
        pending: _Marker | None = None
        for index, raw in enumerate(lines):
            number = index + 1
            if _FENCE_RE.match(raw):
                in_fence = not in_fence
                self.blank(number)
                continue
            if in_fence:
                self.ledger.skip(number, raw, "a code block, not article text")
                continue
            line = _BOLD_MARKER_RE.sub(r"\1\3", _BLOCKQUOTE_RE.sub("", raw))
            line = symbol_bullet(lines, index, LEADING_KEYCAP_RE.sub(r"\1\2. ", line))
            for alt in image_texts(line):
                self.ledger.skip(number, alt, "the description of an image, not spoken")
            if self.table_line(line, number):
                continue
            if not line.strip():
                self.blank(number)
                continue
            if pending is not None:
                marker, pending = pending, None
                if not self.is_marker(line):
                    self.add_item(marker.kind, marker.indent, marker.number, line, number)
                    continue
            if self.swallowed(line, number) or self.structure_line(line, number):
                continue
            pending = self.marker_alone(line, number)
            if pending is None:
                self.text_line(line, number)
        self.table_line("", len(lines) + 1)
        return step_headings(self.blocks, self.ledger)

    def table_line(self, line: str, number: int) -> bool:
        """Collect the rows of a Markdown table; at its end, add its blocks."""
        if line.lstrip().startswith("|") and line.count("|") >= 2:
            self.table.append((number, line))
            return True
        if self.table:
            self.blank(self.table[0][0])
            self.blocks.extend(table_blocks(self.table, self.ledger))
            self.table = []
            self.blank(number)
        return False

    def swallowed(self, line: str, number: int) -> bool:
        """A line of a list of links after "Related reading" (left out)."""
        if not self.swallow:
            return False
        numbered = _NUM_RE.match(line)
        continues = numbered is not None and int(numbered.group(2)) == self.last_number + 1
        if not continues and (_BULLET_RE.match(line) or numbered or is_noise(inline_text(line))):
            self.ledger.skip(number, line, f"a link listed under '{quote(self.swallow, 40)}'")
            return True
        self.swallow = ""
        return False

    def blank(self, number: int) -> None:
        """A blank line (or a rule, table, bare link)."""
        if self.blocks and self.blocks[-1].kind != "blank":
            self.blocks.append(Block("blank", number))

    @staticmethod
    def is_marker(line: str) -> bool:
        """Whether ``line`` is itself a list marker or a heading."""
        return any(
            pattern.match(line)
            for pattern in (
                _NUM_RE,
                _LETTER_RE,
                _BULLET_RE,
                _MD_HEADING_RE,
                _NUM_ALONE_RE,
                _BULLET_ALONE_RE,
                _STEP_RE,
            )
        )

    @staticmethod
    def marker_alone(line: str, number: int) -> _Marker | None:
        """A list marker with nothing after it: the text is on the next line."""
        match = _NUM_ALONE_RE.match(line)
        if match:
            return _Marker("num", len(match.group(1)), int(match.group(2)), number)
        match = _BULLET_ALONE_RE.match(line)
        if match:
            return _Marker("bullet", len(match.group(1)), None, number)
        match = _STEP_RE.match(line)
        if match and not match.group(3):
            return _Marker("step", len(match.group(1)), _step_number(match.group(2)), number)
        return None

    def structure_line(self, line: str, number: int) -> bool:
        """Headings, rules, list items; True when ``line`` was one of them."""
        if _SETEXT_H1_RE.match(line) or (_RULE_RE.match(line) and line.strip()[0] == "-"):
            previous = self.blocks[-1] if self.blocks else None
            if previous is not None and previous.kind == "para" and previous.line == number - 1:
                level = 1 if line.strip()[0] == "=" else 2
                self.blocks[-1] = self.heading_or_label(previous.text, previous.line, level)
                return True
        if _RULE_RE.match(line):
            self.blank(number)
            return True
        aside = _aside(line)
        if aside:
            words = _LIST_MARK_RE.sub("", inline_text(line)) if aside == "a link" else ""
            self.ledger.skip(number, words or line.strip(), aside)
            self.blank(number)
            return True
        match = _MD_HEADING_RE.match(line)
        if match:
            text = inline_text(match.group(2))
            step = _STEP_RE.match(text)
            if step and step.group(3):
                self.add_item("step", 0, _step_number(step.group(2)), step.group(3), number)
                last = self.blocks[-1] if self.blocks else None
                if last is not None and last.kind == "item" and last.line == number:
                    last.from_heading, last.level = True, len(match.group(1))  # "## Step 1: X"
                    last.heading = text
            elif text and is_noise(text):
                level = len(match.group(1))
                heading = Block("heading", number, text, strong=True, noise=True, level=level)
                self.blocks.append(heading)
                self.ledger.skip(number, text, f"page furniture ({furniture_kind(text)})")
            elif text:
                self.blocks.append(self.heading_or_label(text, number, len(match.group(1))))
            return True
        return self.item_line(line, number)

    def item_line(self, line: str, number: int) -> bool:
        """A numbered, "Step N:" or bulleted list item."""
        step = _STEP_RE.match(line)
        if step and step.group(3):
            indent, count = len(step.group(1)), _step_number(step.group(2))
            self.add_item("step", indent, count, step.group(3), number)
            return True
        match = _NUM_RE.match(line)
        if match:
            indent, count = len(match.group(1)), int(match.group(2))
            self.add_item("num", indent, count, match.group(3), number)
            return True
        match = _LETTER_RE.match(line)
        if match:
            indent, count = len(match.group(1)) + 1, ord(match.group(2)) - ord("a") + 1
            self.add_item("num", indent, count, match.group(3), number)
            return True
        match = _BULLET_RE.match(line)
        if match and not _BOLD_LINE_RE.match(line):
            self.add_item("bullet", len(match.group(1)), None, match.group(2), number)
            return True
        return False

    def add_item(self, marker: str, indent: int, count: int | None, raw: str, number: int) -> None:
        """A list item (or, for "**Name:** text", a heading and a paragraph)."""
        if self.inline_name(raw, number, marker=marker):
            return
        text = inline_text(raw)
        kind = furniture_kind(text)
        if kind is not None:
            self.ledger.skip(number, text, f"page furniture ({kind})")
            return
        label = find_label(text)
        if label is not None and label.kind == "timing":
            self.blocks.append(Block("label", number, label.rest, label=label))
        elif text:
            item = Block("item", number, text, indent=indent, marker=marker, number=count)
            self.blocks.append(item)
            if marker == "num" and count is not None:
                self.last_number = count

    def inline_name(self, raw: str, number: int, *, marker: str = "") -> bool:
        """Split "**Cat-Cow:** Start on ..." or "Cat-Cow Stretch: Start on ..." in two."""
        stripped = raw.strip()
        match = next((m for p in _INLINE_NAME_BOLD_RES if (m := p.match(stripped))), None)
        bold = match is not None
        if match is None:
            match = _INLINE_NAME_PLAIN_RE.match(inline_text(stripped))
        if match is None:
            return False
        name = inline_text(match.group("name")).rstrip(":. ")
        rest = inline_text(match.group("rest"))
        label = find_label(name + ":")
        if label is not None:
            if label.kind == "timing":
                return False
            self.blocks.append(
                Block("label", number, rest, label=Label(label.kind, label.name, rest))
            )
            return True
        if not name or not title_like(name, strict=not bold):
            return False
        if not bold and not EXERCISE_NOUNS_RE.search(name):
            return False
        if not bold and len(rest.split()) < 4:
            return False  # "Shoulder Rehab - Week 1": a title, not a name and its steps
        if rest[:1].islower():
            if imperative_kind(rest) is None:
                return False  # "Neck pain: it affects many people"
            rest = rest[0].upper() + rest[1:]
        heading = Block("heading", number, name, marker=marker, level=INLINE_LEVEL)
        self.blocks.append(heading)
        if rest:
            self.blocks.append(Block("para", number, rest))
        return True

    @staticmethod
    def heading_or_label(text: str, number: int, level: int) -> Block:
        """A heading, or a label when the heading is "How to do it" or "Tips". A Markdown
        heading of tips or notes ("## Common Mistakes") stays a heading (its sub-headings are
        not exercises), marked with its label."""
        label = find_label(text.rstrip(":") + ":")
        tips_heading = label is not None and label.kind == "skip" and level <= _MARKDOWN_LEVELS
        if label is not None and label.kind != "timing" and not label.rest and not tips_heading:
            return Block("label", number, "", label=label, from_heading=True)
        text = text.rstrip(":").strip()
        heading = Block("heading", number, text, strong=True, level=level)
        if label is not None and label.kind == "skip" and not label.rest:
            heading.label = label
        return heading

    def text_line(self, line: str, number: int) -> None:
        """Paragraph text: continues an item, label or paragraph, or starts a paragraph."""
        text = inline_text(line)
        if not text:
            return
        previous = self.blocks[-1] if self.blocks else None
        kind = furniture_kind(text)
        if kind is not None:
            self.ledger.skip(number, text, f"page furniture ({kind})")
            caption = previous is not None and previous.kind == "para" and len(previous.parts) == 1
            if caption and is_credit(text) and previous is not None and previous.end == number - 1:
                self.blocks.pop()  # the caption of the credited image
                self.ledger.skip(previous.line, previous.text, "the caption of an image")
            self.swallow = text if LINKS_HEADER_RE.match(text) else ""
            return
        if _BOLD_LINE_RE.match(line) and not (text.endswith(".") and has_timing_words(text)):
            block = self.heading_or_label(text, number, BOLD_LEVEL)
            if block.kind == "label" or len(text.split()) <= 12:
                self.blocks.append(block)
                return
        label = find_label(text)
        if label is not None:
            self.blocks.append(Block("label", number, label.rest, label=label))
            return
        if self.inline_name(line, number):
            return
        indent = len(line) - len(line.lstrip())
        if previous is not None and previous.kind != "blank" and previous.end == number - 1:
            title = len(previous.parts) == 1 and (
                title_like(previous.text, strict=True) or _named_then_told(previous.text, text)
            )
            named = title and text[:1].isupper()  # "1. Glute Bridge" + "   Lie on your back."
            if (
                previous.kind == "item"
                and not named
                and (
                    indent > previous.indent
                    or text[0].islower()
                    or not (previous.text.endswith((".", "!", "?", ":")) or title)
                )
            ):
                previous.add(text, number)
                return
            if previous.kind == "para" or (previous.kind == "label" and previous.text):
                previous.add(text, number)
                return
        self.blocks.append(Block("para", number, text))


def _named_then_told(first: str, line: str) -> bool:
    """ "4) March on the spot" then, on the next line, "Lift one knee, then the other.": a
    short line with no full stop, then an instruction of its own, is a name and its steps,
    not one wrapped line ("March on the spot Lift one knee")."""
    short = len(first.split()) <= 6 and not first.endswith((".", "!", "?", ":", ","))
    return short and line[:1].isupper() and imperative_kind(line) is not None


def timed(text: str) -> bool:
    """Whether ``text`` gives a timing the importer reads ("hold for 20 seconds")."""
    return has_timing_words(text) and find_timing(text).found


def _names_an_exercise(body: list[Block]) -> bool:
    """Whether the text under a "## Step 1: Name" heading is a whole exercise: timed text of
    its own, or a list of steps of its own."""
    items = sum(1 for b in body if b.kind == "item")
    return items >= 2 or any(timed(b.text) for b in body if b.kind != "blank")


def step_headings(blocks: list[Block], ledger: Ledger) -> list[Block]:
    """Markdown headings "## Step 1: Walk it out" (two or more). When each has its own timed
    text or its own list of steps under it, each names an exercise, as a listicle numbers its
    moves. Otherwise they are the steps of one exercise, and a step's paragraph under its
    heading is its text ("## Step 2: Lift" + "Lift your hips and hold for 5 seconds."): the
    short title is left out, with a note."""
    marked = [i for i, b in enumerate(blocks) if b.kind == "item" and b.from_heading]
    if len(marked) < 2:
        return blocks
    bodies = []
    for start, end in zip(marked, [*marked[1:], len(blocks)], strict=True):
        body = blocks[start + 1 : end]
        stop = next((k for k, b in enumerate(body) if b.kind == "heading"), len(body))
        bodies.append(body[:stop])
    out = list(blocks)
    if all(_names_an_exercise(body) for body in bodies):
        for i in marked:
            step = blocks[i]
            out[i] = Block("heading", step.line, step.text, strong=True, level=step.level)
        return out
    merged: dict[int, Block | None] = {}  # id of a block -> its step, or None: dropped
    for i, body in zip(marked, bodies, strict=True):
        stop = next((k for k, b in enumerate(body) if b.kind == "item"), len(body))
        body = body[:stop]
        paras = [b for b in body if b.kind == "para"]
        if not paras or any(b.kind not in ("para", "blank") for b in body):
            continue
        title = blocks[i]
        ledger.skip(title.line, title.heading, "the title of a step; its own text follows")
        step = Block("item", paras[0].line, "", marker="step", number=title.number)
        for para in paras:
            for k, (offset, line) in enumerate(para.parts):
                end = para.parts[k + 1][0] if k + 1 < len(para.parts) else len(para.text)
                step.add(para.text[offset:end].strip(), line)
            merged[id(para)] = None
        step.parts[0] = (0, paras[0].line)
        merged[id(title)] = step
    kept = [merged.get(id(b), b) for b in blocks]
    return [b for b in kept if b is not None]


_LIST_MARK_RE = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,2}[.)])\s+")
_FOOTNOTE_DEFINITION_RE = re.compile(r"^\s*\[\^?[^\]]{1,40}\]:\s")
_FORM_FIELD_RE = re.compile(r"_{4,}|\.{6,}")
_SYMBOL_BULLET_RE = re.compile(r"^(\s*)(\S+?)\s+(\S.*)$")


def _aside(line: str) -> str:
    """Why a whole line is left out before it is read (a link, a footnote, a form field), or
    "" when it is article text."""
    if LINK_ONLY_RE.match(line):
        return "a link"
    if _FOOTNOTE_DEFINITION_RE.match(line):
        return "a footnote or link reference"
    if _FORM_FIELD_RE.search(line) and len(inline_text(_FORM_FIELD_RE.sub(" ", line))) < 60:
        return "a form field to fill in"
    return ""


def _symbols(text: str) -> bool:
    """Whether ``text`` is all emoji or decorative symbols (a bullet or an ornament)."""
    return bool(text) and all(is_symbol(char) or char in _BULLETS for char in text)


def symbol_bullet(lines: list[str], index: int, line: str) -> str:
    """A line that starts with an emoji or symbol ("👉 Sit tall", "✅ Lift your arms") as a
    bullet item when it is one of a list (its neighbours start with symbols too) or a
    sentence; otherwise (a title "🔥 7 Desk Stretches") without the symbol."""
    match = _SYMBOL_BULLET_RE.match(line)
    if match is None or not _symbols(match.group(2)) or match.group(2) in _BULLETS:
        return line
    indent, rest = match.group(1), match.group(3)
    listed = any(
        (m := _SYMBOL_BULLET_RE.match(lines[i])) is not None and _symbols(m.group(2))
        for i in (index - 1, index + 1)
        if 0 <= i < len(lines)
    )
    if listed or rest.rstrip().endswith((".", "!", "?")):
        return f"{indent}- {rest}"
    return f"{indent}{rest}"


def table_blocks(rows: list[tuple[int, str]], ledger: Ledger) -> list[Block]:
    """A Markdown table as blocks: per exercise row a heading, its timing as a label and its
    instructions as a paragraph."""
    blocks: list[Block] = []
    for row in read_table(rows, ledger):
        blocks.append(Block("heading", row.line, row.name, marker="table", level=TABLE_LEVEL))
        if row.fields:
            label = Label("timing", "fields", row.fields)
            blocks.append(Block("label", row.line, row.fields, label=label))
        if row.text:
            blocks.append(Block("para", row.line, row.text))
        blocks.append(Block("blank", row.line))
    return blocks
