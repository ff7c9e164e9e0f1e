"""The words a listener hears, in order, and the windows between them.

The shape of a routine, as a physiotherapist would say it:

* the title, the spoken intro, then "First up: <name>." with the exercise's starting position
  and "Get ready." before the get-ready window (with its countdown);
* each exercise opens with "Exercise two of five." (its name was said before the rest) and its
  set-up steps, then its steps with their timed actions: "Hold for twenty seconds." and the
  hold; "Stay here for three slow breaths." and the breaths; what a step says to do after the
  hold ("Slowly release.") comes after the window;
* a two-sided exercise continues with "Now the other side." and the time to change position,
  then only what differs on that side: the steps whose left and right swap, the step that
  carries the timed action, and steps marked ``both_sides`` ("Now the other side, the same
  way." when nothing differs);
* an exercise with repetitions says its steps once (per side), "Ten times, slowly.", then
  counts each repetition with its phases: the tempo's words ("One: lift." "Hold." "Lower."),
  or, without a tempo, the step's own per-repetition hold ("One." "Hold." "And back.");
* between exercises: "Release." when a hold just ended, "Next up: <name>." with the next
  starting position, then "Rest for ten seconds." and the rest, so the listener moves into
  position during it; sets repeat with "Set two of three." after a rest;
* the closing line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..language import mirror_sides
from ..language.phrasebook import Phrasebook
from ..language.text import is_position
from ..model import Action, ActionKind, Exercise, Phase, Routine, Step
from ..settings import Options
from .cues import Cues
from .items import Item, Role, Say, Stretch, Wait, Where, to_samples

LINE_GAP = 0.8
"""Seconds of quiet after a heading or a generated line, before the next line."""
MOVE_SECONDS = 2.0
"""A repetition's moving phases when it has no tempo of its own (lifting, coming back)."""
REP_SECONDS = 3.0
"""A whole repetition with neither a tempo nor a hold."""
REP_HOLD_SECONDS = 3.0
"""A per-repetition hold that gives no length ("lift your hips and hold")."""


def starting_position(ex: Exercise) -> Step | None:
    """The step that says how to get into position, said before the rest: the first set-up
    step, or else a first step that reads as a position ("Lie on your back ...") and has no
    timed action of its own."""
    first = ex.setup[0] if ex.setup else ex.steps[0]
    plain = first.action is None and not first.switch_sides and not first.after and first.text
    if not plain or (not ex.setup and (len(ex.steps) < 2 or not is_position(first.text))):
        return None
    return first


def _changes_on_side_two(step: Step) -> bool:
    """Whether a step is said again on the second side (see the module docstring)."""
    mirrored = mirror_sides(step.text) != step.text or mirror_sides(step.after) != step.after
    return mirrored or step.action is not None or step.both_sides


@dataclass
class Narrator:
    """Turns one routine into items; ``user`` is what the user chose, ``opts`` that over the
    routine's defaults (the user's choices outrank durations written in steps)."""

    routine: Routine
    user: Options
    opts: Options
    cues: Cues
    stretch: Stretch
    hold_for: dict[int, float]
    book: Phrasebook
    _held: bool = field(default=False, init=False)
    """Whether the last thing was a hold or breaths window (then "Release." ends the side)."""

    @property
    def rate(self) -> int:
        return self.opts.sample_rate

    def chosen(self, name: str) -> Any:
        """The user's value of a setting, None when the user did not choose it."""
        return getattr(self.user, name) if self.user.given(name) else None

    def say(self, text: str, role: Role, where: Where, gap: float = 0.0) -> Iterator[Item]:
        self._held = False
        yield Say(text, role, where)
        yield from self.wait(gap, Role.GAP, where)

    def wait(self, seconds: float, role: Role, where: Where, cues: Any = ()) -> Iterator[Item]:
        samples = to_samples(seconds, self.rate)
        if samples > 0:
            yield Wait(samples, role, where, tuple(cues))

    # --- the routine ---------------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        r, book, nowhere = self.routine, self.book, Where()
        yield from self.say(book.title(r.title), Role.TITLE, nowhere, LINE_GAP)
        if r.intro:
            yield from self.say(r.intro.strip(), Role.INTRO, nowhere, 2 * LINE_GAP)
        yield from self.announce(0)
        for i, ex in enumerate(r.exercises):
            yield from self.exercise(i, ex)
            if i + 1 < len(r.exercises):
                yield from self.announce(i + 1)
        yield Say(book.title(r.closing) if r.closing else book.closing(), Role.CLOSING, nowhere)

    def announce(self, i: int) -> Iterator[Item]:
        """The next exercise's name and starting position, then the get-ready or rest window,
        in which the listener gets into position."""
        ex, where = self.routine.exercises[i], Where(exercise=i)
        name = self.book.first_up(ex.name) if i == 0 else self.book.next_up(ex.name)
        yield from self.say(name, Role.ANNOUNCE, where, LINE_GAP)
        position = starting_position(ex)
        if position is not None:
            yield from self.say(position.text, Role.STEP, where, LINE_GAP)
        if i == 0:
            prep = to_samples(self.opts.prep, self.rate)
            if prep > 0:
                yield from self.say(self.book.get_ready(), Role.CUE, where)
                yield Wait(prep, Role.PREP, where, self.cues.countdown(prep))
        else:
            yield from self.rest(self.routine.exercises[i - 1], where)

    def rest(self, ex: Exercise, where: Where) -> Iterator[Item]:
        """ "Rest for ten seconds." and the rest after ``ex`` (nothing when it is 0)."""
        seconds = _first(self.chosen("rest"), ex.rest, self.opts.rest) * self.stretch.rests
        samples = to_samples(seconds, self.rate)
        if samples > 0:
            said = seconds if self.opts.say_durations else None
            yield from self.say(self.book.rest(said), Role.CUE, where)
            yield Wait(samples, Role.REST, where)

    # --- one exercise ----------------------------------------------------------------------------

    def exercise(self, i: int, ex: Exercise) -> Iterator[Item]:
        sets = int(_first(self.chosen("sets"), ex.sets, self.opts.sets, 1))
        position = starting_position(ex)
        for set_no in range(1, sets + 1):
            where = Where(i, None, set_no, sets) if sets > 1 else Where(i)
            if set_no == 1:
                total = len(self.routine.exercises)
                yield from self.say(
                    self.book.exercise_number(i + 1, total), Role.EXERCISE, where, LINE_GAP
                )
                if sets > 1:
                    yield from self.say(self.book.set_number(1, sets), Role.COUNT, where, LINE_GAP)
                for step in ex.setup:
                    if step is not position:
                        yield from self.step(step, where, i, ex, mirrored=False)
            else:
                yield from self.say(self.book.set_number(set_no, sets), Role.COUNT, where, LINE_GAP)
                if position is not None:  # back into the starting position after the rest
                    yield from self.say(position.text, Role.STEP, where, self.opts.step_pause)
            for side in range(1, ex.sides + 1):
                yield from self.side(i, ex, replace(where, side=side if ex.sides == 2 else None))
            if set_no < sets:
                yield from self.rest(ex, where)

    def side(self, i: int, ex: Exercise, where: Where) -> Iterator[Item]:
        """One side of an exercise (or the whole of a one-sided one)."""
        second = where.side == 2
        position = None if ex.setup else starting_position(ex)
        if second:  # only what differs: set-up and steps whose sides swap, the timed step
            setup = [s for s in ex.setup if mirror_sides(s.text) != s.text or s.both_sides]
            steps = [*setup, *(s for s in ex.steps if _changes_on_side_two(s))]
            same = not any(mirror_sides(s.text) != s.text or s.both_sides for s in steps)
            line = self.book.same_other_side() if same else self.book.other_side()
            yield from self.say(line, Role.CUE, where)
            yield from self.wait(self.opts.switch, Role.SWITCH, where)
        else:
            steps = [s for s in ex.steps if s is not position]
        if ex.tempo or ex.repetitions > 1:
            if (where.set_no or 1) > 1 and not second:
                steps = []  # later sets: the listener knows the movement; only the count
            yield from self.repetitions(i, ex, steps, where)
        else:
            for step in steps:
                yield from self.step(step, where, i, ex, mirrored=second)
        if self._held:
            yield from self.say(self.book.release(), Role.CUE, where, LINE_GAP)

    # --- steps and their timed actions -----------------------------------------------------------

    def step(
        self, step: Step, where: Where, i: int, ex: Exercise, mirrored: bool
    ) -> Iterator[Item]:
        text = mirror_sides(step.text) if mirrored else step.text
        action = step.action
        if text:
            # Time to follow the instruction, unless the step's own pause is that time.
            paused = action is not None and action.kind is ActionKind.PAUSE
            follow = 0.0 if paused else self.opts.step_pause
            yield from self.say(text, Role.STEP, where, follow)
        if action is not None:
            yield from self.action(action, where, i, ex)
        after = mirror_sides(step.after) if mirrored else step.after
        if after:
            yield from self.say(after, Role.STEP, where, self.opts.step_pause)

    def hold_seconds(self, action: Action, i: int, ex: Exercise) -> float:
        s = self.opts
        seconds = _first(self.hold_for.get(i), self.chosen("hold"), action.seconds, ex.hold, s.hold)
        return seconds * (s.scale or 1.0) * self.stretch.holds

    def action(self, action: Action, where: Where, i: int, ex: Exercise) -> Iterator[Item]:
        durations = self.opts.say_durations
        if action.kind is ActionKind.HOLD:
            seconds = self.hold_seconds(action, i, ex)
            yield from self.say(self.book.hold(seconds if durations else None), Role.CUE, where)
            samples = to_samples(seconds, self.rate)
            yield Wait(samples, Role.HOLD, where, self.cues.hold(samples, seconds))
            self._held = True
        elif action.kind is ActionKind.BREATHS:
            count = int(_first(self.chosen("breaths"), action.count, ex.breaths, self.opts.breaths))
            line = self.book.breaths(count if durations else None)
            # Phases are rounded to samples once, then repeated: every breath is identical.
            inhale = to_samples(self.cues.settings.inhale, self.rate)
            exhale = to_samples(self.cues.settings.breath_seconds, self.rate) - inhale
            cues = self.cues.breaths(count, inhale, exhale)
            yield from self.say(line, Role.CUE, where, LINE_GAP / 2 if cues else 0.0)
            yield Wait((inhale + exhale) * count, Role.BREATHS, where, cues)
            self._held = True
        else:
            yield from self.wait(_first(action.seconds, self.opts.step_pause), Role.PAUSE, where)

    # --- repetitions -----------------------------------------------------------------------------

    def repetitions(self, i: int, ex: Exercise, steps: list[Step], where: Where) -> Iterator[Item]:
        """The steps said once, then every repetition counted with its phases."""
        reps = ex.repetitions
        if self.user.reps is not None:
            reps = self.user.reps
        hold = next((s.action for s in ex.steps if _holds(s)), None)
        durations = self.opts.say_durations
        for step in steps:
            if _holds(step):  # the hold of each repetition: described once, not held here
                yield from self.rep_hold_step(step, ex, where)
            else:
                yield from self.step(step, where, i, ex, mirrored=where.side == 2)
        yield from self.say(
            self.book.reps(reps if durations else None, on_count=True), Role.CUE, where, LINE_GAP
        )
        phases = ex.tempo or self.derived_tempo(hold)
        for rep in range(1, reps + 1):
            yield from self.repetition(replace(where, rep=rep, reps=reps), phases)

    def rep_hold_step(self, step: Step, ex: Exercise, where: Where) -> Iterator[Item]:
        """A repetition's step with its own hold: "Lift your hips." "Hold each one for five
        seconds." "Lower slowly." (on the second side only what changes)."""
        assert step.action is not None
        second = where.side == 2
        text = mirror_sides(step.text) if second else step.text
        after = mirror_sides(step.after) if second else step.after
        if text and not (second and text == step.text):
            yield from self.say(text, Role.STEP, where, self.opts.step_pause)
        if not ex.tempo and not second:  # a tempo gives the repetition's phases itself
            seconds = _first(step.action.seconds, REP_HOLD_SECONDS)
            line = self.book.rep_hold(seconds if self.opts.say_durations else None)
            yield from self.say(line, Role.CUE, where, LINE_GAP)
        if after and not (second and after == step.after):
            yield from self.say(after, Role.STEP, where, self.opts.step_pause)

    def derived_tempo(self, hold: Action | None) -> tuple[Phase, ...]:
        """The phases of a repetition whose exercise gives no tempo: move, the step's own
        per-repetition hold, and back; or one plain repetition when nothing is held."""
        if hold is None:
            return (Phase("", REP_SECONDS),)
        seconds = _first(hold.seconds, REP_HOLD_SECONDS)
        back = self.book.tempo_back()
        return (
            Phase("", MOVE_SECONDS),
            Phase(self.book.tempo_hold(), seconds),
            Phase(back, MOVE_SECONDS),
        )

    def repetition(self, where: Where, phases: tuple[Phase, ...]) -> Iterator[Item]:
        """ "Three: lift." and the phase windows; the first phase's word is said with the count
        (never as two sounds at once), the others as each phase starts."""
        first, *rest = phases
        assert where.rep is not None
        yield from self.say(self.book.count(where.rep, first.cue or None), Role.COUNT, where)
        yield from self.wait(first.seconds, Role.TEMPO, where)
        for phase in rest:
            samples = to_samples(phase.seconds, self.rate)
            word = self.book.title(phase.cue) if phase.cue else None
            cues = self.cues.tempo(word, samples) if word else ()
            yield Wait(samples, Role.TEMPO, where, cues)


def _holds(step: Step) -> bool:
    return step.action is not None and step.action.kind is ActionKind.HOLD


def _first(*values: float | None) -> float:
    for value in values:
        if value is not None:
            return value
    raise ValueError("no value")  # pragma: no cover - the last argument is never None
