"""What a plan is made of: lines to say, windows to wait, cues inside windows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from ..settings import Options

MIN_GAP = 0.25
"""Seconds of quiet between any two separate sounds (lines, cues, chimes): closer than this,
listeners and speech recognisers hear two words as one ("One." + "Lift." -> "one-lift")."""
CUE_GAIN = 10 ** (-1 / 20)
"""Spoken cues (countdown, "Halfway.", breathing) sit 1 dB under the instructions; tempo words
are instructions and keep full level. Chimes and tones are generated well under the voice."""


class Role(StrEnum):
    """Why a line is spoken, a window is silent, or a cue plays."""

    TITLE = "title"
    INTRO = "intro"
    ANNOUNCE = "announce"  # "First up: Knee-to-chest stretch." / "Next up: ..."
    EXERCISE = "exercise"  # "Exercise two of five."
    STEP = "step"  # an instruction from the routine
    CUE = "cue"  # a generated instruction: "Hold for twenty seconds.", "Release."
    COUNT = "count"  # a repetition or set number
    CLOSING = "closing"
    GAP = "gap"  # a short pause after a line
    PREP = "prep"  # get-ready lead-in before the first exercise
    HOLD = "hold"
    BREATHS = "breaths"
    PAUSE = "pause"
    SWITCH = "switch"
    REST = "rest"
    TEMPO = "tempo"  # one phase of a repetition
    # Cues inside windows:
    CHIME = "chime"
    COUNTDOWN = "countdown"
    HALFWAY = "halfway"
    BREATH = "breath"
    TEMPO_CUE = "tempo-cue"


WINDOW_ROLES = frozenset(
    {Role.PREP, Role.HOLD, Role.BREATHS, Role.PAUSE, Role.SWITCH, Role.REST, Role.TEMPO}
)


@dataclass(frozen=True)
class Where:
    """Where in the routine an item belongs; None where it does not apply."""

    exercise: int | None = None
    """Index into ``routine.exercises``."""
    side: int | None = None
    """1 or 2 in a two-sided exercise."""
    set_no: int | None = None
    """1-based set number, in an exercise of several sets (``sets`` of them)."""
    sets: int | None = None
    rep: int | None = None
    """1-based repetition number, inside a counted repetition (``reps`` of them)."""
    reps: int | None = None


NOWHERE = Where()


@dataclass(frozen=True)
class CueSpec:
    """A cue inside a window: a spoken ``text`` or a generated ``sound``, ``at`` samples after
    the window starts. ``slot`` is the most samples it may take (a countdown number: one
    second). ``priority``: lower wins when cues collide; the loser is dropped, never the window.
    """

    role: Role
    at: int
    slot: int
    priority: int
    text: str | None = None
    sound: str | None = None
    gain: float = 1.0
    """Level relative to the instructions: spoken cues sit just under them (``CUE_GAIN``)."""


class Placed:
    """Something that belongs somewhere in the routine (``where``)."""

    where: Where

    @property
    def exercise(self) -> int | None:
        return self.where.exercise

    @property
    def side(self) -> int | None:
        return self.where.side


@dataclass(frozen=True)
class Say(Placed):
    """A line to speak."""

    text: str
    role: Role
    where: Where = NOWHERE


@dataclass(frozen=True)
class Wait(Placed):
    """A window of exactly ``samples`` samples; silent but for its cues."""

    samples: int
    role: Role
    where: Where = NOWHERE
    cues: tuple[CueSpec, ...] = ()


Item = Say | Wait


@dataclass(frozen=True)
class Stretch:
    """Factors on every hold and rest, set by fitting a routine to a length (``--minutes``);
    not a user setting, so never range-checked as one."""

    holds: float = 1.0
    rests: float = 1.0
    breaths: float = 1.0
    """Factor on every breath count (rounded, at least one breath)."""


@dataclass(frozen=True)
class Plan:
    """What happens, in order, before speech lengths are known."""

    title: str
    sample_rate: int
    items: tuple[Item, ...]
    exercise_names: tuple[str, ...]
    options: Options
    """The settings this plan was made with: the user's over the routine file's defaults."""
    stretch: Stretch = Stretch()
    vocabulary: tuple[str, ...] = ()
    """Cue words that some hold length would need ("Halfway.", countdown numbers). They are
    synthesised even when unused, so a hold change needs new speech only for lines that say
    the new length."""
    language: str = "en"
    """The language the plan is narrated in (see ``planner.narration_language``)."""

    def texts(self) -> list[str]:
        """Distinct lines (and spoken cues) to synthesise, in first-use order, then the
        vocabulary this plan does not use (so the speech can stream out in order)."""
        out: dict[str, None] = {}
        for item in self.items:
            if isinstance(item, Say):
                out[item.text] = None
            else:
                out.update((c.text, None) for c in item.cues if c.text is not None)
        out.update(dict.fromkeys(self.vocabulary))
        return list(out)


def to_samples(seconds: float, rate: int) -> int:
    """Seconds to whole samples, rounding to the nearest sample (never accumulating floats)."""
    return round(seconds * rate)


def gap_samples(rate: int) -> int:
    """:data:`MIN_GAP` in whole samples, rounded up: never less than 0.25 s (at 22050 Hz,
    0.25 s is 5512.5 samples; 5512 would be a hair short)."""
    return math.ceil(MIN_GAP * rate - 1e-9)
