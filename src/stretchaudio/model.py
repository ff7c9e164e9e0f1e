"""The routine model: what a routine file says, validated, with no audio and no timing yet.

Durations are seconds (floats) here, as a person writes them; the planner turns them into
whole samples. ``None`` means "not given here": the planner resolves it from the exercise,
then the routine defaults, then the built-in defaults, and command-line options win over all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import Location


class ActionKind(StrEnum):
    """A timed thing the listener does after a spoken step."""

    HOLD = "hold"  # hold the position for ``seconds``
    BREATHS = "breaths"  # stay for ``count`` breaths of ``breath_seconds`` each
    PAUSE = "pause"  # a plain pause of ``seconds`` (time to get into position)


@dataclass(frozen=True)
class Action:
    """A timed action attached to a step.

    ``seconds`` (HOLD, PAUSE) or ``count`` (BREATHS) may be None: the planner uses the
    exercise's or routine's default then.
    """

    kind: ActionKind
    seconds: float | None = None
    count: int | None = None


@dataclass(frozen=True)
class Step:
    """One instruction: text to speak (may be empty), an optional timed action after it, and
    text to speak once the action's window is over (``after``: "Slowly release.").

    ``switch_sides`` marks a step that ends a side ("... and then switch sides"); it makes the
    exercise two-sided. On the second side a step is said again only if it changes when left
    and right are swapped, or carries the timed action, or ``both_sides`` forces it.
    """

    text: str
    action: Action | None = None
    switch_sides: bool = False
    location: Location | None = None
    after: str = ""
    both_sides: bool = False


@dataclass(frozen=True)
class Phase:
    """One part of a repetition's tempo: a cue word spoken as the phase starts, and its length.

    E.g. a glute bridge: ("Lift", 2), ("Hold", 3), ("Lower", 2).
    """

    cue: str
    seconds: float


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    ``sides`` is 1 or 2. ``setup`` is spoken once; ``steps`` once per side. With a ``tempo``,
    each of the ``repetitions`` is then counted aloud and guided phase by phase; without one,
    the steps themselves are repeated. ``sets`` repeats the whole exercise with a rest between.
    """

    name: str
    steps: tuple[Step, ...]
    setup: tuple[Step, ...] = ()
    description: str | None = None
    hold: float | None = None
    breaths: int | None = None
    sides: int = 1
    repetitions: int = 1
    tempo: tuple[Phase, ...] = ()
    sets: int | None = None
    rest: float | None = None
    location: Location | None = None

    @property
    def slug(self) -> str:
        from .naming import slugify

        return slugify(self.name)


@dataclass(frozen=True)
class Routine:
    """A whole routine: what one MP3 holds."""

    title: str
    exercises: tuple[Exercise, ...]
    description: str | None = None
    intro: str | None = None
    closing: str | None = None
    defaults: Mapping[str, object] = field(default_factory=dict)
    """Settings the file's ``defaults:`` gives, by name, checked against their ranges
    (:mod:`stretchaudio.settings`); the user's own choices outrank them."""
    source: str = "<memory>"
    location: Location | None = None
    language: str = "en"
    """The language the routine's own text is written in (a code such as ``de``): the
    file's ``language:`` key, else the language the loader was given, else English. It
    picks the phrases the program adds, their number words, the voice, and the words the
    second side swaps; ``--lang`` (``Options.lang`` given by the user) overrides it."""
