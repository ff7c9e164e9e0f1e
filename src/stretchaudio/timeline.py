"""Place a plan on the time axis: exact sample positions for every line, window and cue.

``layout(plan, lengths)`` needs only the length in samples of each spoken line (measured from
the synthesised clips, or estimated for a dry run). Lines and windows are laid back to back;
cues are placed inside their windows. A cue that would run past its window or slot, or collide
with a cue of higher priority, is dropped and the drop is noted: a window is never stretched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .language import clock
from .planner import CueSpec, Plan, Role, Say, Wait, Where, gap_samples, to_samples
from .planner.items import NOWHERE, Placed
from .sounds import sound_length


class _Span:
    """Something that starts at ``start`` and lasts ``length`` samples."""

    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length


class _Placed(_Span, Placed):
    """Something on the timeline that belongs somewhere in the routine."""


@dataclass(frozen=True)
class Event(_Placed):
    """A line or a window on the timeline, in samples."""

    start: int
    length: int
    kind: str  # "speech" or "silence"
    role: Role
    text: str | None = None
    where: Where = NOWHERE


@dataclass(frozen=True)
class Cue(_Placed):
    """A spoken cue or a generated sound placed inside a window."""

    start: int
    length: int
    role: Role
    text: str | None = None
    sound: str | None = None
    where: Where = NOWHERE
    gain: float = 1.0
    """Level relative to the instructions (decided by the planner with the cue)."""


@dataclass(frozen=True)
class Timeline:
    """Every event and cue with its exact start and length, in samples at ``sample_rate``."""

    title: str
    sample_rate: int
    events: tuple[Event, ...]
    exercise_names: tuple[str, ...] = ()
    cues: tuple[Cue, ...] = ()
    notes: tuple[str, ...] = field(default=())
    language: str = "en"
    """The language it is narrated in (chapter titles and sidecars follow it)."""

    @property
    def total_samples(self) -> int:
        return self.events[-1].end if self.events else 0

    @property
    def seconds(self) -> float:
        return self.total_samples / self.sample_rate


def layout(the_plan: Plan, lengths: Mapping[str, int]) -> Timeline:
    """Place every item back to back and every cue inside its window."""
    rate = the_plan.sample_rate
    events: list[Event] = []
    cues: list[Cue] = []
    notes: list[str] = []
    pos = 0
    for item in the_plan.items:
        event, placed, dropped = place(item, pos, lengths, rate)
        events.append(event)
        cues.extend(placed)
        notes.extend(dropped)
        pos = event.end
    cues.sort(key=lambda c: c.start)
    return Timeline(
        the_plan.title,
        rate,
        tuple(events),
        the_plan.exercise_names,
        tuple(cues),
        tuple(notes),
        the_plan.language,
    )


def place(
    item: Say | Wait, pos: int, lengths: Mapping[str, int], rate: int
) -> tuple[Event, list[Cue], list[str]]:
    """One item at ``pos``: its event, the cues placed inside it and notes on dropped ones.

    Depends only on the item, ``pos`` and the lengths of its own texts (``needs``), so a plan
    can be laid out item by item while its speech is still being synthesised."""
    if isinstance(item, Say):
        n = lengths[item.text]
        return Event(pos, n, "speech", item.role, item.text, item.where), [], []
    placed, dropped = _place_cues(item, pos, lengths, rate)
    event = Event(pos, item.samples, "silence", item.role, None, item.where)
    return event, placed, dropped


def needs(item: Say | Wait) -> list[str]:
    """The texts whose lengths ``place`` needs for this item."""
    if isinstance(item, Say):
        return [item.text]
    return [c.text for c in item.cues if c.text is not None]


def _place_cues(
    window: Wait, start: int, lengths: Mapping[str, int], rate: int
) -> tuple[list[Cue], list[str]]:
    """The window's cues that fit, by priority: each inside its slot, ending at least
    ``MIN_GAP`` before the window does, and ``MIN_GAP`` away from every other cue."""
    gap = gap_samples(rate)
    placed: list[Cue] = []
    dropped: list[str] = []
    for spec in sorted(window.cues, key=lambda c: c.priority):
        n = lengths[spec.text] if spec.text is not None else sound_length(spec.sound or "", rate)
        reason = _misfit(spec, n, window, placed, start, gap, rate)
        if reason:
            at = start + max(spec.at, 0)
            dropped.append(
                f"{clock(at, rate)}: dropped {spec.role.value} cue "
                f"{spec.text or spec.sound or '?'!r} in the {window.role.value} window: {reason}"
            )
            continue
        where = window.where
        placed.append(Cue(start + spec.at, n, spec.role, spec.text, spec.sound, where, spec.gain))
    return placed, dropped


def _misfit(
    spec: CueSpec, n: int, window: Wait, placed: list[Cue], start: int, gap: int, rate: int
) -> str | None:
    """Why a cue of ``n`` samples cannot be placed, or None when it can."""
    a, b = spec.at, spec.at + n
    clash = next((c for c in placed if a < c.end - start + gap and c.start - start < b + gap), None)
    if a < 0:
        return "the window is too short for it"
    if b + gap > window.samples:
        return "it would end too close to the end of the window"
    if n > spec.slot:
        return f"it takes {n / rate:.2f} s but its slot is {spec.slot / rate:.2f} s"
    if clash is not None:
        return f"it would come too close to {clash.text or clash.sound!r}"
    return None


def estimate_lengths(the_plan: Plan, words_per_minute: float = 160.0) -> dict[str, int]:
    """Rough speech lengths for a dry run without synthesis (about 160 words a minute)."""
    per_word = 60.0 / words_per_minute
    rate = the_plan.sample_rate
    return {t: to_samples(max(1, len(t.split())) * per_word, rate) for t in the_plan.texts()}
