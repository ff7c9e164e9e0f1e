"""The planner: routine + options -> a timed narration script. Pure and deterministic.

It works in two steps so that it never needs audio:

1. ``plan(routine, options)`` lists what happens, in order: lines to ``Say`` and windows to
   ``Wait`` (holds, breaths, pauses, side switches, rests), each wait an exact number of samples.
2. ``layout(plan, lengths)`` places every item on the timeline given each spoken line's length in
   samples (measured from the synthesised clips, or estimated for a dry run).

A wait starts where the previous line's speech ends and lasts exactly its samples, so a 30-second
hold is 30 seconds of silence between the end of "Hold." and the start of the next line.
Time is counted in integer samples throughout; seconds appear only at the edges.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import UsageError
from .model import Action, ActionKind, Exercise, Routine, Step
from .words import mirror_sides, number_words, seconds_words

DEFAULT_SAMPLE_RATE = 22050

# Upper bounds keep a typo (hold 3000) from producing hours of silence.
MAX_SECONDS = 600.0
MAX_BREATHS = 50


class Role(StrEnum):
    """Why a line is spoken or a window is silent."""

    TITLE = "title"
    INTRO = "intro"
    EXERCISE = "exercise"  # "Exercise 2 of 5: Knee-to-chest stretch."
    STEP = "step"  # an instruction from the routine
    CUE = "cue"  # a generated instruction: "Hold.", "Switch sides.", "Release."
    COUNT = "count"  # a repetition number
    CLOSING = "closing"
    GAP = "gap"  # a short pause after a line
    HOLD = "hold"
    BREATHS = "breaths"
    PAUSE = "pause"
    SWITCH = "switch"
    REST = "rest"


WINDOW_ROLES = frozenset({Role.HOLD, Role.BREATHS, Role.PAUSE, Role.SWITCH, Role.REST})


@dataclass(frozen=True)
class Settings:
    """Resolved timing settings in seconds. Command-line values override routine values."""

    hold: float = 30.0
    """Seconds of every hold with no duration of its own."""
    breaths: int = 3
    """Breaths in a breathing pause with no count of its own."""
    breath_seconds: float = 5.0
    """Seconds per breath (one inhale and one exhale)."""
    rest: float = 10.0
    """Seconds of rest between exercises."""
    step_pause: float = 2.0
    """Seconds after a spoken step with no timed action, to follow the instruction."""
    switch: float = 5.0
    """Seconds after "Switch sides." to change position."""
    line_gap: float = 0.8
    """Seconds after headings and cues before the next line."""
    say_durations: bool = False
    """Speak durations ("Hold for thirty seconds."). Off by default: the line's text then
    depends on the duration, so changing a hold time needs new speech synthesis."""


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; None means "not given" (the routine decides)."""

    hold: float | None = None
    breaths: int | None = None
    breath_seconds: float | None = None
    rest: float | None = None
    step_pause: float | None = None
    switch: float | None = None
    say_durations: bool | None = None
    sample_rate: int = DEFAULT_SAMPLE_RATE

    def __post_init__(self) -> None:
        for name in ("hold", "breath_seconds"):
            _check_range(f"--{name.replace('_', '-')}", getattr(self, name), 0.5, MAX_SECONDS)
        for name in ("rest", "step_pause", "switch"):
            _check_range(f"--{name.replace('_', '-')}", getattr(self, name), 0.0, MAX_SECONDS)
        if self.breaths is not None and not 1 <= self.breaths <= MAX_BREATHS:
            raise UsageError(f"--breaths must be between 1 and {MAX_BREATHS}, got {self.breaths}")
        if not 8000 <= self.sample_rate <= 48000:
            raise UsageError(
                f"--sample-rate must be between 8000 and 48000, got {self.sample_rate}"
            )


def _check_range(flag: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise UsageError(f"{flag} must be between {low:g} and {high:g} seconds, got {value:g}")


@dataclass(frozen=True)
class Say:
    """A line to speak."""

    text: str
    role: Role
    exercise: int | None = None  # index into routine.exercises
    side: int | None = None  # 1 or 2 for two-sided exercises


@dataclass(frozen=True)
class Wait:
    """A silent window of exactly ``samples`` samples."""

    samples: int
    role: Role
    exercise: int | None = None
    side: int | None = None


Item = Say | Wait


@dataclass(frozen=True)
class Plan:
    """What happens, in order, before speech lengths are known."""

    title: str
    sample_rate: int
    items: tuple[Item, ...]
    exercise_names: tuple[str, ...]
    settings: Settings

    def texts(self) -> list[str]:
        """Distinct lines to synthesise, in first-use order."""
        return list(dict.fromkeys(i.text for i in self.items if isinstance(i, Say)))


@dataclass(frozen=True)
class Event:
    """One item placed on the timeline, in samples."""

    start: int
    length: int
    kind: str  # "speech" or "silence"
    role: Role
    text: str | None = None
    exercise: int | None = None
    side: int | None = None

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class Timeline:
    """Every event with its exact start and length, in samples at ``sample_rate``."""

    title: str
    sample_rate: int
    events: tuple[Event, ...]
    exercise_names: tuple[str, ...] = field(default=())

    @property
    def total_samples(self) -> int:
        return self.events[-1].end if self.events else 0

    @property
    def seconds(self) -> float:
        return self.total_samples / self.sample_rate


def resolve_settings(routine: Routine, overrides: Overrides) -> Settings:
    """Routine defaults over built-in defaults, then command-line overrides over both."""
    base = Settings()
    d = routine.defaults
    from_file = {
        k: v
        for k, v in {
            "hold": d.hold,
            "breaths": d.breaths,
            "breath_seconds": d.breath_seconds,
            "rest": d.rest,
            "step_pause": d.step_pause,
            "switch": d.switch,
        }.items()
        if v is not None
    }
    from_flags = {
        k: getattr(overrides, k)
        for k in (
            "hold",
            "breaths",
            "breath_seconds",
            "rest",
            "step_pause",
            "switch",
            "say_durations",
        )
        if getattr(overrides, k) is not None
    }
    return replace(base, **{**from_file, **from_flags})


def to_samples(seconds: float, rate: int) -> int:
    """Seconds to whole samples, rounding to the nearest sample (never accumulating floats)."""
    return round(seconds * rate)


def plan(routine: Routine, overrides: Overrides | None = None) -> Plan:
    """Turn a routine into an ordered list of lines and exact silent windows."""
    overrides = overrides or Overrides()
    settings = resolve_settings(routine, overrides)
    builder = _Builder(routine, overrides, settings)
    return Plan(
        title=routine.title,
        sample_rate=overrides.sample_rate,
        items=tuple(builder.items()),
        exercise_names=tuple(e.name for e in routine.exercises),
        settings=settings,
    )


@dataclass
class _Builder:
    routine: Routine
    overrides: Overrides
    settings: Settings

    def wait(
        self, seconds: float, role: Role, ex: int | None = None, side: int | None = None
    ) -> Iterator[Item]:
        samples = to_samples(seconds, self.overrides.sample_rate)
        if samples > 0:
            yield Wait(samples, role, ex, side)

    def items(self) -> Iterator[Item]:
        r, s = self.routine, self.settings
        yield Say(_sentence(r.title), Role.TITLE)
        yield from self.wait(s.line_gap, Role.GAP)
        if r.intro:
            yield Say(r.intro.strip(), Role.INTRO)
            yield from self.wait(s.line_gap * 2, Role.GAP)
        last = len(r.exercises) - 1
        for i, ex in enumerate(r.exercises):
            yield from self.exercise(i, ex)
            if i < last:
                yield Say("Release, and rest.", Role.CUE, i)
                rest = (
                    self.overrides.rest
                    if self.overrides.rest is not None
                    else (ex.rest if ex.rest is not None else s.rest)
                )
                yield from self.wait(rest, Role.REST, i)
            else:
                yield Say("Release.", Role.CUE, i)
                yield from self.wait(s.line_gap * 2, Role.GAP, i)
        yield Say(_sentence(r.closing or "That's the end of the routine. Well done."), Role.CLOSING)

    def exercise(self, i: int, ex: Exercise) -> Iterator[Item]:
        s = self.settings
        count = len(self.routine.exercises)
        header = f"Exercise {number_words(i + 1)} of {number_words(count)}: {ex.name}"
        yield Say(_sentence(header), Role.EXERCISE, i)
        yield from self.wait(s.line_gap, Role.GAP, i)
        for step in ex.setup:
            yield from self.step(step, i, ex, None, mirrored=False)
        for side in range(1, ex.sides + 1):
            side_no = side if ex.sides == 2 else None
            if side == 2:
                yield Say("Switch sides.", Role.CUE, i, side_no)
                yield from self.wait(s.switch, Role.SWITCH, i, side_no)
            for rep in range(1, ex.repetitions + 1):
                if ex.repetitions > 1:
                    yield Say(_sentence(number_words(rep).capitalize()), Role.COUNT, i, side_no)
                    yield from self.wait(s.line_gap / 2, Role.GAP, i, side_no)
                for step in ex.steps:
                    yield from self.step(step, i, ex, side_no, mirrored=side == 2)

    def step(
        self, step: Step, i: int, ex: Exercise, side: int | None, mirrored: bool
    ) -> Iterator[Item]:
        s = self.settings
        text = mirror_sides(step.text) if mirrored else step.text
        if text:
            yield Say(text, Role.STEP, i, side)
        action = step.action
        # After a spoken step comes time to follow it, unless the step's own pause is that time.
        if text and (action is None or action.kind is not ActionKind.PAUSE):
            yield from self.wait(s.step_pause, Role.GAP, i, side)
        if action is not None:
            yield from self.action(action, i, ex, side)

    def action(self, action: Action, i: int, ex: Exercise, side: int | None) -> Iterator[Item]:
        s, o = self.settings, self.overrides
        if action.kind is ActionKind.HOLD:
            seconds = _first(o.hold, action.seconds, ex.hold, s.hold)
            line = f"Hold for {seconds_words(seconds)}." if s.say_durations else "Hold."
            yield Say(line, Role.CUE, i, side)
            yield from self.wait(seconds, Role.HOLD, i, side)
        elif action.kind is ActionKind.BREATHS:
            breaths = int(_first(o.breaths, action.count, ex.breaths, s.breaths))
            if s.say_durations:
                noun = "breath" if breaths == 1 else "breaths"
                line = f"Stay here for {number_words(breaths)} slow {noun}."
            else:
                line = "Stay here, and breathe slowly."
            yield Say(line, Role.CUE, i, side)
            # Samples per breath are rounded once, then multiplied: every breath is equal.
            per_breath = to_samples(s.breath_seconds, o.sample_rate)
            yield Wait(per_breath * breaths, Role.BREATHS, i, side)
        else:
            seconds = _first(action.seconds, s.step_pause)
            yield from self.wait(seconds, Role.PAUSE, i, side)


def _first(*values: float | None) -> float:
    for value in values:
        if value is not None:
            return value
    raise ValueError("no value")  # pragma: no cover - the last argument is never None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def layout(plan: Plan, lengths: Mapping[str, int]) -> Timeline:
    """Place every item back to back, given each line's length in samples."""
    events: list[Event] = []
    pos = 0
    for item in plan.items:
        if isinstance(item, Say):
            n = lengths[item.text]
            events.append(Event(pos, n, "speech", item.role, item.text, item.exercise, item.side))
        else:
            n = item.samples
            events.append(Event(pos, n, "silence", item.role, None, item.exercise, item.side))
        pos += n
    return Timeline(plan.title, plan.sample_rate, tuple(events), plan.exercise_names)


def estimate_lengths(plan: Plan, words_per_minute: float = 160.0) -> dict[str, int]:
    """Rough speech lengths for a dry run without synthesis (about 160 words a minute)."""
    per_word = 60.0 / words_per_minute
    return {
        t: to_samples(max(1, len(t.split())) * per_word, plan.sample_rate) for t in plan.texts()
    }
