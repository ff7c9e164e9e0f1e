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
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import UsageError
from .language import mirror_sides, number_words
from .language.text import sentence as _sentence
from .model import Action, ActionKind, Exercise, Routine, Step
from .naming import slugify
from .settings import Options
from .sounds import sound_length

CUES_COUNTDOWN = 3
CUE_GAIN = 10 ** (-1 / 20)
"""Spoken cues (countdown, "Halfway.", breathing) sit 1 dB under the instructions; tempo words
are instructions and keep full level. Chimes and tones are generated well under the voice."""
LINE_GAP = 0.8
"""Seconds of pause after headings and cues before the next line."""


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
class Stretch:
    """Factors on every hold and rest, set by fitting a routine to a length (``--minutes``);
    not a user setting, so never range-checked as one."""

    holds: float = 1.0
    rests: float = 1.0


@dataclass(frozen=True)
class Resolved:
    """The settings that follow from others: breath phases and which cues play."""

    inhale: float
    breath_seconds: float
    chime: bool
    countdown: int
    halfway: float
    breath_cues: str

    @property
    def exhale(self) -> float:
        return self.breath_seconds - self.inhale

    @property
    def cues_on(self) -> bool:
        return self.chime or self.countdown > 0


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
    options: Options
    """The settings this plan was made with: the user's over the routine file's defaults."""
    stretch: Stretch = Stretch()
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


def resolve(options: Options) -> Resolved:
    """The breath phases and the cues that ``options`` (over a routine's defaults) give.

    --no-cues (or ``cues: false``) silences the countdown, "Halfway" and breathing cues unless
    one is set on its own; --chime adds chimes either way."""
    inhale, breath = breath_split(options)
    cues = options.cues
    chime = options.chime if options.set_anywhere("chime") else cues
    countdown = options.countdown if options.set_anywhere("countdown") else 0
    if cues and not options.set_anywhere("countdown"):
        countdown = CUES_COUNTDOWN
    cues_on = chime or countdown > 0
    halfway = options.halfway if options.set_anywhere("halfway") or cues_on else 0.0
    breath_cues = options.breath_cues
    if not (options.set_anywhere("breath_cues") or cues_on):
        breath_cues = "none"
    return Resolved(inhale, breath, chime, countdown, halfway, breath_cues)


def breath_split(options: Options) -> tuple[float, float]:
    """(inhale, breath) seconds. An inhale, exhale or breath length the user gives outranks
    the routine file's; a breath length alone keeps the file's inhale if it still fits."""
    user = {k: float(getattr(options, k)) for k in _BREATH_KEYS if options.given(k)}
    file = {k: float(v) for k in _BREATH_KEYS if (v := options.lower_value(k)) is not None}
    _check_breath(user, True, "give --breath-seconds or --inhale and --exhale, not both")
    _check_breath(file, False, "give two of the three in the routine's defaults")
    if "breath_seconds" in user:
        values = dict(user)
        fits = "inhale" in file and file["inhale"] < user["breath_seconds"]
        if fits and not {"inhale", "exhale"} & user.keys():
            values["inhale"] = file["inhale"]
    else:
        values = {**file, **user}
    breath = values.get("breath_seconds", options.breath_seconds)
    inhale, exhale = values.get("inhale"), values.get("exhale")
    if inhale is not None and exhale is not None:
        breath = inhale + exhale
    elif exhale is not None:
        inhale = breath - exhale
    elif inhale is None:
        inhale = round(breath * 0.4, 3)
    if not 0 < inhale < breath:
        raise UsageError(
            f"an inhale of {inhale:g} s does not fit in a breath of {breath:g} s; "
            "give --inhale and --exhale, or a longer --breath-seconds (or fix inhale, exhale "
            "and breath_seconds in the routine's defaults)"
        )
    return inhale, breath


_BREATH_KEYS = ("inhale", "exhale", "breath_seconds")


def _check_breath(values: dict[str, float], flags: bool, fix: str) -> None:
    """Inhale + exhale must make the breath when all three are given together."""
    if len(values) < 3:
        return
    inhale, exhale, breath = (values[k] for k in _BREATH_KEYS)
    if abs(inhale + exhale - breath) > 1e-6:
        name = {k: ("--" + k.replace("_", "-")) if flags else k for k in _BREATH_KEYS}
        raise UsageError(
            f"{name['inhale']} {inhale:g} s + {name['exhale']} {exhale:g} s make a "
            f"{inhale + exhale:g}-second breath, but {name['breath_seconds']} is {breath:g} s; "
            f"{fix}"
        )


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


def plan(routine: Routine, options: Options | None = None, stretch: Stretch = Stretch()) -> Plan:
    """Turn a routine into an ordered list of lines and exact windows with their cues.

    ``options`` are the user's choices; the routine file's ``defaults`` fill in the rest."""
    user = options or Options()
    resolved = user.over(routine.defaults)
    hold_for = {match_exercise(n, routine): s for n, s in user.hold_for}
    builder = _Builder(routine, user, resolved, resolve(resolved), stretch, hold_for)
    return Plan(
        title=routine.title,
        sample_rate=resolved.sample_rate,
        items=tuple(builder.items()),
        exercise_names=tuple(e.name for e in routine.exercises),
        options=resolved,
        stretch=stretch,
        vocabulary=_vocabulary(builder.cue),
    )


def _vocabulary(cue: Resolved) -> tuple[str, ...]:
    words = [_sentence(number_words(k).capitalize()) for k in range(cue.countdown, 0, -1)]
    if cue.halfway > 0:
        words.append("Halfway.")
    return tuple(words)


@dataclass
class _Builder:
    routine: Routine
    user: Options
    """What the user chose: it outranks the durations written in the routine's steps."""
    opts: Options
    """The user's choices over the routine's defaults."""
    cue: Resolved
    stretch: Stretch
    hold_for: dict[int, float]

    @property
    def rate(self) -> int:
        return self.opts.sample_rate

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

    def chosen(self, name: str) -> Any:
        """The user's value of a setting, None when the user did not choose it."""
        return getattr(self.user, name) if self.user.given(name) else None

    def items(self) -> Iterator[Item]:
        r, s = self.routine, self.opts
        yield Say(_sentence(r.title), Role.TITLE)
        yield from self.wait(LINE_GAP, Role.GAP)
        if r.intro:
            yield Say(r.intro.strip(), Role.INTRO)
            yield from self.wait(LINE_GAP * 2, Role.GAP)
        if s.prep > 0:
            yield Say(f"Get ready. First up: {_sentence(r.exercises[0].name)}", Role.CUE)
            yield from self.wait(s.prep, Role.PREP, cues=self.countdown(self.n(s.prep)))
        last = len(r.exercises) - 1
        for i, ex in enumerate(r.exercises):
            sets = int(_first(self.user.sets, ex.sets, s.sets, 1))
            for set_no in range(1, sets + 1):
                yield from self.exercise(i, ex, set_no, sets)
                if set_no < sets:
                    yield Say("Release, and rest.", Role.CUE, i)
                    yield from self.rest(i, ex)
            if i < last:
                yield Say("Release, and rest.", Role.CUE, i)
                yield from self.wait(LINE_GAP, Role.GAP, i)
                yield Say(f"Next up: {_sentence(r.exercises[i + 1].name)}", Role.CUE, i)
                yield from self.rest(i, ex)
            else:
                yield Say("Release.", Role.CUE, i)
                yield from self.wait(LINE_GAP * 2, Role.GAP, i)
        yield Say(_sentence(r.closing or "That's the end of the routine. Well done."), Role.CLOSING)

    def rest(self, i: int, ex: Exercise) -> Iterator[Item]:
        seconds = _first(self.chosen("rest"), ex.rest, self.opts.rest) * self.stretch.rests
        yield from self.wait(seconds, Role.REST, i)

    def exercise(self, i: int, ex: Exercise, set_no: int, sets: int) -> Iterator[Item]:
        s = self.opts
        count = len(self.routine.exercises)
        if set_no == 1:
            header = f"Exercise {number_words(i + 1)} of {number_words(count)}: {ex.name}"
            yield Say(_sentence(header), Role.EXERCISE, i)
            yield from self.wait(LINE_GAP, Role.GAP, i)
            for step in ex.setup:
                yield from self.step(step, i, ex, None, mirrored=False)
        if sets > 1:
            yield Say(f"Set {number_words(set_no)} of {number_words(sets)}.", Role.COUNT, i)
            yield from self.wait(LINE_GAP, Role.GAP, i)
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
                    yield from self.wait(LINE_GAP / 2, Role.GAP, i, side_no)
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
        s = self.opts
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
        s = self.opts
        seconds = _first(self.hold_for.get(i), self.chosen("hold"), action.seconds, ex.hold, s.hold)
        return seconds * (s.scale or 1.0) * self.stretch.holds

    def action(self, action: Action, i: int, ex: Exercise, side: int | None) -> Iterator[Item]:
        s, cue = self.opts, self.cue
        if action.kind is ActionKind.HOLD:
            seconds = self.hold_seconds(action, i, ex)
            line = f"Hold for {_seconds_words(seconds)}." if s.say_durations else "Hold."
            yield Say(line, Role.CUE, i, side)
            samples = self.n(seconds)
            yield Wait(samples, Role.HOLD, i, side, self.hold_cues(samples, seconds))
        elif action.kind is ActionKind.BREATHS:
            breaths = int(_first(self.chosen("breaths"), action.count, ex.breaths, s.breaths))
            if s.say_durations:
                noun = "breath" if breaths == 1 else "breaths"
                line = f"Stay here for {number_words(breaths)} slow {noun}."
            else:
                line = "Stay here, and breathe slowly."
            yield Say(line, Role.CUE, i, side)
            # Phases are rounded to samples once, then repeated: every breath is identical.
            inhale = self.n(cue.inhale)
            exhale = self.n(cue.breath_seconds) - inhale
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
        for k in range(self.cue.countdown, 0, -1):
            text = _sentence(number_words(k).capitalize())
            at = samples - k * self.rate
            out.append(CueSpec(Role.COUNTDOWN, at, self.rate, 2, text=text, gain=CUE_GAIN))
        return tuple(out)

    def hold_cues(self, samples: int, seconds: float) -> tuple[CueSpec, ...]:
        s = self.cue
        cues: list[CueSpec] = []
        if s.chime:
            start = sound_length("chime_start", self.rate)
            end = sound_length("chime_end", self.rate)
            cues.append(CueSpec(Role.CHIME, 0, start, 0, sound="chime_start"))
            cues.append(CueSpec(Role.CHIME, samples - end, end, 1, sound="chime_end"))
        cues.extend(self.countdown(samples))
        if s.halfway > 0 and seconds >= s.halfway:
            half = samples // 2
            cues.append(CueSpec(Role.HALFWAY, half, half, 3, text="Halfway.", gain=CUE_GAIN))
        return tuple(cues)

    def breath_cues(self, breaths: int, inhale: int, exhale: int) -> tuple[CueSpec, ...]:
        style = self.cue.breath_cues
        if style == "none":
            return ()
        cues = []
        for b in range(breaths):
            t = b * (inhale + exhale)
            if style == "voice":
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, "Breathe in.", gain=CUE_GAIN))
                out = CueSpec(Role.BREATH, t + inhale, exhale, 0, "Breathe out.", gain=CUE_GAIN)
                cues.append(out)
            else:
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, sound="tone_in"))
                cues.append(CueSpec(Role.BREATH, t + inhale, exhale, 0, sound="tone_out"))
        return tuple(cues)


def _first(*values: float | None) -> float:
    for value in values:
        if value is not None:
            return value
    raise ValueError("no value")  # pragma: no cover - the last argument is never None


def _seconds_words(seconds: float) -> str:
    """A duration as a listener would say it: "forty-five seconds", "one minute"."""
    whole = round(seconds)
    if whole == 60:
        return "one minute"
    if whole > 90 and whole % 60 == 0:
        return f"{number_words(whole // 60)} minutes"
    if whole == 1:
        return "one second"
    return f"{number_words(whole)} seconds"
