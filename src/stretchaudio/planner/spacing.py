"""Never two sounds closer than ``MIN_GAP``: room is made between items, never inside them.

Lines are laid back to back, so two lines, or a line and a window whose first cue starts at
once (a chime, "Breathe in.", a tempo word), would touch. This pass inserts the missing quiet
as a short gap between them; windows keep their exact lengths. Inside windows, ``timeline``
keeps every cue ``MIN_GAP`` away from the next cue and from the window's end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .items import Item, Role, Say, Wait, gap_samples


def spaced(items: Iterable[Item], rate: int) -> Iterator[Item]:
    """``items`` with a gap wherever a sound would start less than ``MIN_GAP`` after the
    previous one ended."""
    gap = gap_samples(rate)
    quiet = gap  # samples of quiet since the last sound (the track starts quiet)
    for item in items:
        starts = 0 if isinstance(item, Say) else min((c.at for c in item.cues), default=None)
        if starts is not None and quiet + starts < gap:
            yield Wait(gap - quiet - starts, Role.GAP, item.where)
        yield item
        if isinstance(item, Say):
            quiet = 0
        elif item.cues:
            quiet = gap  # timeline ends every cue at least MIN_GAP before its window does
        else:
            quiet += item.samples
