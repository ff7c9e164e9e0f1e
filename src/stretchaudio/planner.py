"""The planner: routine + options -> what happens, in order. Pure and deterministic.

``plan(routine, overrides)`` lists lines to ``Say`` and windows to ``Wait`` (holds, breaths,
pauses, side switches, rests, tempo phases, the get-ready lead-in), each window an exact number
of samples, plus the cues that belong inside windows (chimes, a spoken countdown, "halfway",
breathing cues, tempo words). ``timeline.layout`` then places everything on the time axis once
the length of every spoken line is known. Nothing here touches audio.

A window starts where the previous line's speech ends and lasts exactly its samples, whatever
cues play inside it: a 30-second hold is 30 seconds from the end of "Hold." to the start of the
next instruction. Time is integer samples throughout; seconds appear only at the edges.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from .errors import UsageError
from .model import Action, ActionKind, Exercise, Routine, Step
from .naming import slugify
from .sounds import sound
from .words import mirror_sides, number_words, seconds_words

DEFAULT_SAMPLE_RATE = 22050

# Upper bounds keep a typo (hold 3000) from producing hours of silence.
MAX_SECONDS = 600.0
MAX_BREATHS = 50
MAX_COUNT = 100
BREATH_CUE_STYLES = ("voice", "tones", "none")
CUES_COUNTDOWN = 3


class Role(StrEnum):
    """Why a line is spoken, a window is silent, or a cue plays."""

    TITLE = "title"
    INTRO = "intro"
    EXERCISE = "exercise"  # "Exercise two of five: Knee-to-chest stretch."
    STEP = "step"  # an instruction from the routine
    CUE = "cue"  # a generated instruction: "Hold.", "Switch sides.", "Release."
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
class Settings:
    """Resolved settings (seconds unless said otherwise). Flags override the routine file."""

    hold: float = 30.0
    """Seconds of every hold with no duration of its own."""
    breaths: int = 3
    """Breaths in a breathing pause with no count of its own."""
    breath_seconds: float = 5.0
    """Seconds per breath (inhale + exhale)."""
    inhale: float = 2.0
    """Seconds of each inhale; the exhale is the rest of the breath."""
    rest: float = 10.0
    """Rest between exercises (and between sets)."""
    step_pause: float = 2.0
    """Time after a spoken step with no timed action, to follow the instruction."""
    switch: float = 5.0
    """Time after "Switch sides." to change position."""
    prep: float = 5.0
    """Get-ready time before the first exercise (0 for none)."""
    line_gap: float = 0.8
    """Pause after headings and cues before the next line."""
    chime: bool = False
    """Soft chimes at the start and end of every hold (on with ``--cues`` or ``--chime``)."""
    countdown: int = 0
    """Spoken countdown of the last N seconds of holds and of the get-ready time (0: off;
    ``--cues`` makes it 3)."""
    halfway: float = 30.0
    """Holds at least this long get a "Halfway." cue (0: never)."""
    breath_cues: str = "voice"
    """Breathing cues: voice ("Breathe in." / "Breathe out."), tones, or none."""
    scale: float = 1.0
    """Multiplies every hold."""
    rest_scale: float = 1.0
    """Multiplies every rest (set by ``--minutes`` fitting)."""
    sets: int | None = None
    """Sets of every exercise (None: each exercise's own, else 1)."""
    reps: int | None = None
    """Repetitions of every exercise that has repetitions (None: the exercise's own)."""
    say_durations: bool = False
    """Speak durations ("Hold for thirty seconds."). Off by default: the line then depends on
    the duration, so changing a hold time would need new speech synthesis."""

    @property
    def exhale(self) -> float:
        return self.breath_seconds - self.inhale

    @property
    def cues_on(self) -> bool:
        return self.chime or self.countdown > 0


@dataclass(frozen=True)
class Overrides:
    """Values from flags (or the config file / environment); None means "not given"."""

    hold: float | None = None
    hold_for: tuple[tuple[str, float], ...] = ()
    breaths: int | None = None
    breath_seconds: float | None = None
    inhale: float | None = None
    exhale: float | None = None
    rest: float | None = None
    step_pause: float | None = None
    switch: float | None = None
    prep: float | None = None
    cues: bool | None = None
    chime: bool | None = None
    countdown: int | None = None
    halfway: float | None = None
    breath_cues: str | None = None
    sets: int | None = None
    reps: int | None = None
    scale: float | None = None
    rest_scale: float | None = None
    minutes: float | None = None
    say_durations: bool | None = None
    sample_rate: int = DEFAULT_SAMPLE_RATE

    def __post_init__(self) -> None:
        for name in ("hold", "breath_seconds", "inhale", "exhale"):
            _check_range(_flag(name), getattr(self, name), 0.5, MAX_SECONDS)
        for name in ("rest", "step_pause", "switch", "prep", "halfway"):
            _check_range(_flag(name), getattr(self, name), 0.0, MAX_SECONDS)
        for name, seconds in self.hold_for:
            _check_range(f"--hold-for {name}", seconds, 0.5, MAX_SECONDS)
        _check_count("--breaths", self.breaths, 1, MAX_BREATHS)
        _check_count("--countdown", self.countdown, 0, 10)
        _check_count("--sets", self.sets, 1, 20)
        _check_count("--reps", self.reps, 1, MAX_COUNT)
        if self.scale is not None and not 0.1 <= self.scale <= 10:
            raise UsageError(f"--scale must be between 0.1 and 10, got {self.scale:g}")
        if self.minutes is not None and not 0 < self.minutes <= 600:
            raise UsageError(f"--minutes must be between 0 and 600, got {self.minutes:g}")
        if self.minutes is not None and self.scale is not None:
            raise UsageError("--minutes and --scale both set the hold lengths; give only one")
        if self.inhale is not None and self.exhale is not None and self.breath_seconds is not None:
            breath = self.inhale + self.exhale
            if abs(breath - self.breath_seconds) > 1e-6:
                raise UsageError(
                    f"--inhale {self.inhale:g} and --exhale {self.exhale:g} make a "
                    f"{breath:g}-second breath, but --breath-seconds is {self.breath_seconds:g}; "
                    "give --breath-seconds or --inhale and --exhale, not both"
                )
        if self.breath_cues is not None and self.breath_cues not in BREATH_CUE_STYLES:
            raise UsageError(f"--breath-cues must be one of {', '.join(BREATH_CUE_STYLES)}")
        if not 8000 <= self.sample_rate <= 48000:
            raise UsageError(
                f"--sample-rate must be between 8000 and 48000, got {self.sample_rate}"
            )


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _check_range(flag: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise UsageError(f"{flag} must be between {low:g} and {high:g} seconds, got {value:g}")


def _check_count(flag: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise UsageError(f"{flag} must be between {low} and {high}, got {value}")


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


@dataclass(frozen=True)
class Say:
    """A line to speak."""

    text: str
    role: Role
    exercise: int | None = None  # index into routine.exercises
    side: int | None = None  # 1 or 2 for two-sided exercises


@dataclass(frozen=True)
class Wait:
    """A window of exactly ``samples`` samples; silent but for its cues."""

    samples: int
    role: Role
    exercise: int | None = None
    side: int | None = None
    cues: tuple[CueSpec, ...] = ()


Item = Say | Wait


@dataclass(frozen=True)
class Plan:
    """What happens, in order, before speech lengths are known."""

    title: str
    sample_rate: int
    items: tuple[Item, ...]
    exercise_names: tuple[str, ...]
    settings: Settings
    vocabulary: tuple[str, ...] = ()
    """Cue words that some hold length would need ("Halfway.", countdown numbers). They are
    synthesised even when unused, so changing hold times never needs new speech."""

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


def resolve_settings(routine: Routine, overrides: Overrides) -> Settings:
    """Built-in defaults, then the routine's defaults, then flags; inhale/exhale reconciled."""
    names = {f.name for f in fields(Settings)}
    given: dict[str, object] = {}
    for source in (routine.defaults, overrides):
        for f in fields(source):
            value = getattr(source, f.name)
            if f.name in names and value is not None:
                given[f.name] = value
    inhale, exhale = _breath_split(routine, overrides)
    breath = given.get("breath_seconds", Settings.breath_seconds)
    assert isinstance(breath, float | int)
    if inhale is not None and exhale is not None:
        breath = inhale + exhale
    elif inhale is None and exhale is not None:
        inhale = breath - exhale
    elif inhale is None:
        inhale = round(breath * 0.4, 3)
    if not 0 < inhale < breath:
        raise UsageError(
            f"an inhale of {inhale:g} s does not fit in a breath of {breath:g} s; "
            "give --inhale and --exhale, or a longer --breath-seconds (or fix inhale, exhale "
            "and breath_seconds in the routine's defaults)"
        )
    given["breath_seconds"], given["inhale"] = float(breath), float(inhale)
    settings = replace(Settings(), **given)  # type: ignore[arg-type]
    # --cues (or "cues: true" in the file) turns on the chime and a 3-second countdown unless
    # those are set on their own.
    if _pick(overrides.cues, routine.defaults.cues):
        if _pick(overrides.chime, routine.defaults.chime) is None:
            settings = replace(settings, chime=True)
        if _pick(overrides.countdown, routine.defaults.countdown) is None:
            settings = replace(settings, countdown=CUES_COUNTDOWN)
    # Voice cues inside windows follow the chime/countdown switch unless set explicitly, so
    # "--no-chime --countdown 0" gives windows of pure silence.
    if _pick(overrides.halfway, routine.defaults.halfway) is None and not settings.cues_on:
        settings = replace(settings, halfway=0.0)
    if _pick(overrides.breath_cues, routine.defaults.breath_cues) is None and not settings.cues_on:
        settings = replace(settings, breath_cues="none")
    return settings


def _breath_split(routine: Routine, overrides: Overrides) -> tuple[float | None, float | None]:
    """(inhale, exhale) as given, after checking the routine's own three breath settings agree.

    A breath length from the command line (or environment, or config) outranks the split the
    routine file gives for its own breath length: the file's exhale is then derived, and its
    inhale kept only if it still fits."""
    d = routine.defaults
    if None not in (d.inhale, d.exhale, d.breath_seconds):
        assert d.inhale is not None and d.exhale is not None and d.breath_seconds is not None
        if abs(d.inhale + d.exhale - d.breath_seconds) > 1e-6:
            raise UsageError(
                f"the routine's defaults give inhale {d.inhale:g} s + exhale {d.exhale:g} s = "
                f"{d.inhale + d.exhale:g} s, but breath_seconds {d.breath_seconds:g} s; "
                "give two of the three (the third follows)"
            )
    if overrides.breath_seconds is not None:
        inhale = overrides.inhale
        if inhale is None and overrides.exhale is None and d.inhale is not None:
            inhale = d.inhale if d.inhale < overrides.breath_seconds else None
        return inhale, overrides.exhale
    return _first_or_none(overrides.inhale, d.inhale), _first_or_none(overrides.exhale, d.exhale)


def _pick(*values: float | str | None) -> float | str | None:
    return next((v for v in values if v is not None), None)


def _first_or_none(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def to_samples(seconds: float, rate: int) -> int:
    """Seconds to whole samples, rounding to the nearest sample (never accumulating floats)."""
    return round(seconds * rate)


def match_exercise(name: str, routine: Routine) -> int:
    """Index of the exercise NAME names: its slug, or a case-insensitive prefix of its name."""
    wanted = name.strip().lower()
    slugs = [e.slug for e in routine.exercises]
    if slugify(wanted) in slugs:
        return slugs.index(slugify(wanted))
    hits = [i for i, e in enumerate(routine.exercises) if e.name.lower().startswith(wanted)]
    hits = hits or [i for i, s in enumerate(slugs) if s.startswith(slugify(wanted))]
    valid = ", ".join(slugs)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UsageError(f"--hold-for: no exercise called {name!r}; valid names: {valid}")
    both = ", ".join(slugs[i] for i in hits)
    raise UsageError(f"--hold-for: {name!r} matches several exercises ({both}); be more precise")


def plan(routine: Routine, overrides: Overrides | None = None) -> Plan:
    """Turn a routine into an ordered list of lines and exact windows with their cues."""
    overrides = overrides or Overrides()
    settings = resolve_settings(routine, overrides)
    hold_for = {match_exercise(n, routine): s for n, s in overrides.hold_for}
    builder = _Builder(routine, overrides, settings, hold_for, overrides.sample_rate)
    return Plan(
        title=routine.title,
        sample_rate=overrides.sample_rate,
        items=tuple(builder.items()),
        exercise_names=tuple(e.name for e in routine.exercises),
        settings=settings,
        vocabulary=_vocabulary(settings),
    )


def _vocabulary(s: Settings) -> tuple[str, ...]:
    words = [_sentence(number_words(k).capitalize()) for k in range(s.countdown, 0, -1)]
    if s.halfway > 0:
        words.append("Halfway.")
    return tuple(words)


@dataclass
class _Builder:
    routine: Routine
    overrides: Overrides
    settings: Settings
    hold_for: dict[int, float]
    rate: int

    def n(self, seconds: float) -> int:
        return to_samples(seconds, self.rate)

    def wait(
        self,
        seconds: float,
        role: Role,
        ex: int | None = None,
        side: int | None = None,
        cues: tuple[CueSpec, ...] = (),
    ) -> Iterator[Item]:
        samples = self.n(seconds)
        if samples > 0:
            yield Wait(samples, role, ex, side, cues)

    def items(self) -> Iterator[Item]:
        r, s = self.routine, self.settings
        yield Say(_sentence(r.title), Role.TITLE)
        yield from self.wait(s.line_gap, Role.GAP)
        if r.intro:
            yield Say(r.intro.strip(), Role.INTRO)
            yield from self.wait(s.line_gap * 2, Role.GAP)
        if s.prep > 0:
            yield Say(f"Get ready. First up: {_sentence(r.exercises[0].name)}", Role.CUE)
            yield from self.wait(s.prep, Role.PREP, cues=self.countdown(self.n(s.prep)))
        last = len(r.exercises) - 1
        for i, ex in enumerate(r.exercises):
            sets = int(_first(self.overrides.sets, ex.sets, s.sets, 1))
            for set_no in range(1, sets + 1):
                yield from self.exercise(i, ex, set_no, sets)
                if set_no < sets:
                    yield Say("Release, and rest.", Role.CUE, i)
                    yield from self.rest(i, ex)
            if i < last:
                yield Say("Release, and rest.", Role.CUE, i)
                yield from self.wait(s.line_gap, Role.GAP, i)
                yield Say(f"Next up: {_sentence(r.exercises[i + 1].name)}", Role.CUE, i)
                yield from self.rest(i, ex)
            else:
                yield Say("Release.", Role.CUE, i)
                yield from self.wait(s.line_gap * 2, Role.GAP, i)
        yield Say(_sentence(r.closing or "That's the end of the routine. Well done."), Role.CLOSING)

    def rest(self, i: int, ex: Exercise) -> Iterator[Item]:
        s = self.settings
        seconds = _first(self.overrides.rest, ex.rest, s.rest) * s.rest_scale
        yield from self.wait(seconds, Role.REST, i)

    def exercise(self, i: int, ex: Exercise, set_no: int, sets: int) -> Iterator[Item]:
        s = self.settings
        count = len(self.routine.exercises)
        if set_no == 1:
            header = f"Exercise {number_words(i + 1)} of {number_words(count)}: {ex.name}"
            yield Say(_sentence(header), Role.EXERCISE, i)
            yield from self.wait(s.line_gap, Role.GAP, i)
            for step in ex.setup:
                yield from self.step(step, i, ex, None, mirrored=False)
        if sets > 1:
            yield Say(f"Set {number_words(set_no)} of {number_words(sets)}.", Role.COUNT, i)
            yield from self.wait(s.line_gap, Role.GAP, i)
        reps = ex.repetitions
        if s.reps is not None and (ex.repetitions > 1 or ex.tempo):
            reps = s.reps
        for side in range(1, ex.sides + 1):
            side_no = side if ex.sides == 2 else None
            if side == 2:
                yield Say("Switch sides.", Role.CUE, i, side_no)
                yield from self.wait(s.switch, Role.SWITCH, i, side_no)
            if ex.tempo:
                for step in ex.steps:
                    yield from self.step(step, i, ex, side_no, mirrored=side == 2)
                for rep in range(1, reps + 1):
                    yield from self.tempo_rep(rep, i, ex, side_no)
                continue
            for rep in range(1, reps + 1):
                if reps > 1:
                    yield Say(_sentence(number_words(rep).capitalize()), Role.COUNT, i, side_no)
                    yield from self.wait(s.line_gap / 2, Role.GAP, i, side_no)
                for step in ex.steps:
                    yield from self.step(step, i, ex, side_no, mirrored=side == 2)

    def tempo_rep(self, rep: int, i: int, ex: Exercise, side: int | None) -> Iterator[Item]:
        yield Say(_sentence(number_words(rep).capitalize()), Role.COUNT, i, side)
        for phase in ex.tempo:
            samples = self.n(phase.seconds)
            cue = CueSpec(Role.TEMPO_CUE, 0, samples, 0, text=_sentence(phase.cue))
            yield Wait(samples, Role.TEMPO, i, side, (cue,))

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

    def hold_seconds(self, action: Action, i: int, ex: Exercise) -> float:
        s, o = self.settings, self.overrides
        return _first(self.hold_for.get(i), o.hold, action.seconds, ex.hold, s.hold) * s.scale

    def action(self, action: Action, i: int, ex: Exercise, side: int | None) -> Iterator[Item]:
        s, o = self.settings, self.overrides
        if action.kind is ActionKind.HOLD:
            seconds = self.hold_seconds(action, i, ex)
            line = f"Hold for {seconds_words(seconds)}." if s.say_durations else "Hold."
            yield Say(line, Role.CUE, i, side)
            samples = self.n(seconds)
            yield Wait(samples, Role.HOLD, i, side, self.hold_cues(samples, seconds))
        elif action.kind is ActionKind.BREATHS:
            breaths = int(_first(o.breaths, action.count, ex.breaths, s.breaths))
            if s.say_durations:
                noun = "breath" if breaths == 1 else "breaths"
                line = f"Stay here for {number_words(breaths)} slow {noun}."
            else:
                line = "Stay here, and breathe slowly."
            yield Say(line, Role.CUE, i, side)
            # Phases are rounded to samples once, then repeated: every breath is identical.
            inhale = self.n(s.inhale)
            exhale = self.n(s.breath_seconds) - inhale
            yield Wait(
                (inhale + exhale) * breaths,
                Role.BREATHS,
                i,
                side,
                self.breath_cues(breaths, inhale, exhale),
            )
        else:
            seconds = _first(action.seconds, s.step_pause)
            yield from self.wait(seconds, Role.PAUSE, i, side)

    def countdown(self, samples: int) -> tuple[CueSpec, ...]:
        """ "Three.", "Two.", "One." starting exactly on the last seconds of the window."""
        out = []
        for k in range(self.settings.countdown, 0, -1):
            text = _sentence(number_words(k).capitalize())
            out.append(CueSpec(Role.COUNTDOWN, samples - k * self.rate, self.rate, 2, text=text))
        return tuple(out)

    def hold_cues(self, samples: int, seconds: float) -> tuple[CueSpec, ...]:
        s = self.settings
        cues: list[CueSpec] = []
        if s.chime:
            start, end = sound("chime_start", self.rate), sound("chime_end", self.rate)
            cues.append(CueSpec(Role.CHIME, 0, len(start), 0, sound="chime_start"))
            cues.append(CueSpec(Role.CHIME, samples - len(end), len(end), 1, sound="chime_end"))
        cues.extend(self.countdown(samples))
        if s.halfway > 0 and seconds >= s.halfway:
            cues.append(CueSpec(Role.HALFWAY, samples // 2, samples // 2, 3, text="Halfway."))
        return tuple(cues)

    def breath_cues(self, breaths: int, inhale: int, exhale: int) -> tuple[CueSpec, ...]:
        style = self.settings.breath_cues
        if style == "none":
            return ()
        cues = []
        for b in range(breaths):
            t = b * (inhale + exhale)
            if style == "voice":
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, text="Breathe in."))
                cues.append(CueSpec(Role.BREATH, t + inhale, exhale, 0, text="Breathe out."))
            else:
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, sound="tone_in"))
                cues.append(CueSpec(Role.BREATH, t + inhale, exhale, 0, sound="tone_out"))
        return tuple(cues)


def _first(*values: float | None) -> float:
    for value in values:
        if value is not None:
            return value
    raise ValueError("no value")  # pragma: no cover - the last argument is never None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."
