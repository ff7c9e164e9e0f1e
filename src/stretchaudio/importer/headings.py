"""Reading article text, stage 2b: which blocks are exercise headings.

:func:`find_headings` decides which numbered items ("1. Basic Hamstring Stretch" followed by
its own steps) and, in plain text, which short lines standing alone are headings.
"""

from __future__ import annotations

from .blocks import INLINE_LEVEL, NUMBERED_LEVEL, PLAIN_LEVEL, Block, timed
from .words import title_like


def _significant(blocks: list[Block], start: int, step: int) -> Block | None:
    """The next (``step`` 1) or previous (-1) block that is not blank."""
    index = start + step
    while 0 <= index < len(blocks):
        if blocks[index].kind != "blank":
            return blocks[index]
        index += step
    return None


def find_headings(blocks: list[Block], plain_text: bool) -> list[Block]:
    """Blocks with headings recognised: numbered titles and (in plain text) title lines."""
    out: list[Block] = []
    steps: set[int] = set()  # ids of numbered items taken as steps
    for index, block in enumerate(blocks):
        if block.kind == "item" and block.marker == "num":
            if _numbered_heading(blocks, index, steps):
                level = NUMBERED_LEVEL if plain_text else INLINE_LEVEL
                heading = Block("heading", block.line, block.text, marker="num", level=level)
                out.append(heading)
                continue
            steps.add(id(block))
        elif block.kind == "para" and plain_text:
            out.extend(_split_title_line(blocks, index))
            continue
        out.append(block)
    return out


def _named_by_body(item: Block, after: Block | None) -> bool:
    """ "4) March on the spot" with a timed paragraph of its own under it ("Lift one knee, then
    the other, for one minute."): a short name, though it starts like an instruction."""
    if after is None or after.kind != "para" or item.text.endswith((".", "!", "?", ":", ",")):
        return False
    return len(item.text.split()) <= 6 and timed(after.text)


def _numbered_heading(blocks: list[Block], index: int, steps: set[int]) -> bool:
    """Whether the numbered item at ``index`` is an exercise title rather than a step."""
    item = blocks[index]
    after = _significant(blocks, index, 1)
    named = title_like(item.text) or _named_by_body(item, after)
    if not named or len(item.text.split()) > 9 or item.end != item.line:
        return False
    before = _significant(blocks, index, -1)
    number = item.number or 0
    if after is not None and after.kind == "item":
        same_list = after.marker == "num" and abs(after.indent - item.indent) <= 1
        if same_list and after.number == number + 1:
            return False
        return after.number == 1 or after.indent > item.indent or after.marker != "num"
    continues = (
        before is not None
        and before.kind == "item"
        and before.marker == "num"
        and before.number == number - 1
        and abs(before.indent - item.indent) <= 1
        and id(before) in steps
    )
    return not continues


def _split_title_line(blocks: list[Block], index: int) -> list[Block]:
    """A plain-text paragraph whose (first) line is a heading, as heading + paragraph."""
    block = blocks[index]
    before = blocks[index - 1] if index > 0 else None
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    alone = before is None or before.kind in ("blank", "heading", "label")
    if len(block.parts) == 1:
        stands_alone = alone or (after is not None and after.kind in ("item", "label"))
        followed_by_text = after is not None and after.kind == "para"
        if (
            stands_alone
            and title_like(block.text)
            and (
                not followed_by_text
                or title_like(block.text, strict=True)
                or block.text.endswith(("?", ":"))
            )
        ):
            text = block.text.rstrip(":").strip()
            return [Block("heading", block.line, text, level=PLAIN_LEVEL)]
        return [block]
    split = block.parts[1][0]
    first, rest = block.text[:split].strip(), block.text[split:].strip()
    if alone and rest[:1].isupper() and title_like(first, strict=True):
        para = Block("para", block.parts[1][1], rest, end=block.end)
        para.parts = [(offset - split, line) for offset, line in block.parts[1:]]
        para.parts[0] = (0, para.parts[0][1])
        heading = Block("heading", block.line, first.rstrip(":").strip(), level=PLAIN_LEVEL)
        return [heading, para]
    return [block]
