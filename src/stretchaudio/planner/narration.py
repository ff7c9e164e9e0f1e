"""The words a listener hears, in order, and the windows between them.

The shape of a routine, as a physiotherapist would say it:

* the title and the spoken intro (a short safety line when the routine has none), then
  "First up: <name>." with the exercise's starting position and "Get ready." before the
  get-ready window (with its countdown);
* each exercise opens with "Exercise two of five." (its name was said before the rest) and its
  set-up steps, then its steps with their timed actions: "Hold for twenty seconds." and the
  hold; "Stay here for three slow breaths." and the breaths; what a step says to do after the
  hold ("Slowly release.") comes after the window;
* a two-sided exercise continues with "Release.", "Now the other side." and the time to change
  position, then only what differs on that side: the set-up and steps whose left and right
  swap, the step that carries the timed action (with the step before it when that one is only
  "Hold for 30 seconds."), and steps marked ``both_sides`` ("Now the other side, the same way."
  when nothing differs);
* an exercise with repetitions explains them once ("Lift your hips." "Hold each one for five
  seconds, then lower slowly." "Ten times, on my count."), then counts each one on a steady
  beat with its phases: the tempo's words ("One: lift." "Hold it." "Lower."), or, without a tempo,
  phases made from the steps (see :meth:`Narrator.derived_tempo`); "And relax." after the last;
* between exercises and sets: the next starting position, then "Rest for ten seconds." and the
  rest, so the listener moves into position during it;
* the closing line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..language import mirror_sides
from ..language.phrasebook import Phrasebook
from ..language.text import is_movement, is_position, is_rest, is_stretch
from ..model import Action, ActionKind, Exercise, Phase, Routine, Step
from ..settings import Options
from .cues import Cues
from .items import CueSpec, Item, Role, Say, Stretch, Wait, Where, gap_samples, to_samples

_HELD_NAME = re.compile(r"\b(?:lunge|stretch|pose|plank|squat|bridge|hold|position)", re.I)
"""An exercise named by a movement ("March on the spot") keeps its steps going, unless its
name says what is held ("Walking lunge")."""

LINE_GAP = 0.8
"""Seconds of quiet after a heading or a generated line, before the next line."""
END_QUIET = 2.0
"""Seconds of quiet after the closing line, so that the last words are never the last samples
of the file (a player that stops or fades at the end cuts nothing; Whisper heard the closing
"Sleep well." only with quiet after it)."""
MOVE_SECONDS = 2.0
"""A repetition's moving phases when it has no tempo of its own (3 s when done "slowly")."""
REP_HOLD_SECONDS = 3.0
"""A per-repetition hold that gives no length ("lift your hips and hold")."""
COUNTED_PHASE = 20.0
"""A repetition's phase at least this long (a 30-second hold in each one) gets the countdown
of its last seconds, as any hold does; shorter ones do not, so "Three. Two. One." is not
heard among the repetitions' own counts."""
PAUSE_SAID_FROM = 10.0
"""A step's own pause at least this long says its length ("Rest for one minute."): shorter
ones are time to move into the next position, and need no words."""
COUNT_ON_BEAT = 1.5
"""A first phase at least this long carries its count as a cue on the beat (a steady rhythm
whatever the number's length); a shorter one has the count said before it."""

_SLOW_RE = re.compile(r"\b(slowly|gently|with control|one .{1,20} at a time)\b", re.IGNORECASE)
_CIRCLE_RE = re.compile(
    r"\b(?:circles?|circling|(?:roll|rolls|rolling)\s+(?:your\s+|the\s+|both\s+)?(?:head|neck"
    r"|shoulders?|hips?|ankles?|wrists?))\b",
    re.IGNORECASE,
)
_BREATH_PACED_RE = re.compile(r"\b(inhale|exhale|breathe (in|out)|breathing (in|out))\b", re.I)


def starting_position(ex: Exercise) -> Step | None:
    """The step that says how to get into position, said before the rest: the first set-up
    step, or else a first step that reads as a resting position ("Lie on your back ...",
    "Sit on a chair ...") and has no timed action of its own."""
    first = ex.setup[0] if ex.setup else ex.steps[0]
    plain = first.action is None and not first.switch_sides and not first.after and first.text
    if not plain or (not ex.setup and (len(ex.steps) < 2 or not is_position(first.text))):
        return None
    return first


def _mirrored(step: Step, lang: str = "en") -> bool:
    """Whether the step's sides swap, in the routine's language ``lang``."""
    text, after = step.text, step.after
    return mirror_sides(text, lang) != text or mirror_sides(after, lang) != after


def side_two_steps(ex: Exercise, lang: str = "en") -> list[Step]:
    """What the second side says again: set-up and steps whose sides swap, the step with the
    timed action (and the step before it when that one is only timing), forced steps."""
    position = starting_position(ex)
    out = [s for s in ex.setup if _mirrored(s, lang) or s.both_sides]
    for k, step in enumerate(ex.steps):
        bare_timing_next = k + 1 < len(ex.steps) and not ex.steps[k + 1].text
        timed_next = bare_timing_next and ex.steps[k + 1].action is not None
        lead_in = timed_next and step is not position
        if _mirrored(step, lang) or step.action is not None or step.both_sides or lead_in:
            out.append(step)
    return out


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.casefold()) == re.findall(r"\w+", b.casefold())


def _holds(step: Step) -> bool:
    return step.action is not None and step.action.kind in (ActionKind.HOLD, ActionKind.BREATHS)


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
    _ending: str = field(default="", init=False)
    _last_text: str = field(default="", init=False)  # the last step said
    """What ends the side when the last thing was a window: "Release." after a hold or a
    stretch held for breaths, "And relax." after a movement kept up; else nothing."""

    @property
    def rate(self) -> int:
        return self.opts.sample_rate

    @property
    def lang(self) -> str:
        """The language the routine's text is written in (its sides swap in it)."""
        return self.routine.language

    def mirror(self, text: str) -> str:
        """``text`` for the second side, in the language the routine is written in."""
        return mirror_sides(text, self.lang)

    def chosen(self, name: str) -> Any:
        """The user's value of a setting, None when the user did not choose it."""
        return getattr(self.user, name) if self.user.given(name) else None

    def say(self, text: str, role: Role, where: Where, gap: float = 0.0) -> Iterator[Item]:
        self._ending = ""
        if role is Role.STEP and text[:1].islower():
            text = text[0].upper() + text[1:]
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
        intro = r.intro.strip() if r.intro else book.safety()
        yield from self.say(intro, Role.INTRO, nowhere, 2 * LINE_GAP)
        yield from self.announce(0)
        for i, ex in enumerate(r.exercises):
            yield from self.exercise(i, ex)
            if i + 1 < len(r.exercises):
                yield from self.announce(i + 1)
        closing = book.title(r.closing) if r.closing else book.closing()
        yield from self.say(closing, Role.CLOSING, nowhere, END_QUIET)

    def announce(self, i: int) -> Iterator[Item]:
        """The next exercise's name and starting position, then the get-ready or rest window,
        in which the listener gets into position."""
        ex, where = self.routine.exercises[i], Where(exercise=i)
        name = self.book.first_up(ex.name) if i == 0 else self.book.next_up(ex.name)
        titled = i == 0 and _same_words(ex.name, self.routine.title)  # just said as the title
        if not titled:
            yield from self.say(name, Role.ANNOUNCE, where, LINE_GAP)
        position = starting_position(ex)
        if position is not None:
            yield from self.say(position.text, Role.STEP, where, LINE_GAP)
        if i == 0:
            prep = to_samples(self.opts.prep, self.rate)
            window: list[Item] = []
            if prep > 0:
                window = [*self.say(self.book.get_ready(), Role.CUE, where)]
                window.append(Wait(prep, Role.PREP, where, self.cues.countdown(prep)))
        else:
            window = list(self.rest(self.routine.exercises[i - 1], where))
        yield from window
        if not window and position is not None:  # no rest: still time to get into position
            yield from self.wait(self.opts.step_pause, Role.GAP, where)

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
        self._last_text = ""
        sets = int(_first(self.chosen("sets"), ex.sets, self.opts.sets, 1))
        position = starting_position(ex)
        for set_no in range(1, sets + 1):
            where = Where(i, None, set_no, sets) if sets > 1 else Where(i)
            if set_no == 1:
                total = len(self.routine.exercises)
                number = self.book.exercise_number(i + 1, total)
                yield from self.say(number, Role.EXERCISE, where, LINE_GAP)
                if sets > 1:
                    yield from self.say(self.book.set_number(1, sets), Role.COUNT, where, LINE_GAP)
                for step in ex.setup:
                    if step is not position:
                        yield from self.step(step, where, i, ex, mirrored=False)
            else:
                yield from self.say(self.book.set_number(set_no, sets), Role.COUNT, where, LINE_GAP)
            for side in range(1, ex.sides + 1):
                yield from self.side(i, ex, replace(where, side=side if ex.sides == 2 else None))
            if set_no < sets:
                yield from self.between_sets(ex, replace(where, set_no=set_no + 1), position)

    def between_sets(self, ex: Exercise, where: Where, position: Step | None) -> Iterator[Item]:
        """The starting position again if the last set ended elsewhere (on the other side),
        then the rest: the listener moves during it."""
        if position is not None and ex.sides == 2 and _mirrored(position, self.lang):
            yield from self.say(position.text, Role.STEP, where, LINE_GAP)
        yield from self.rest(ex, where)

    def side(self, i: int, ex: Exercise, where: Where) -> Iterator[Item]:
        """One side of an exercise (or the whole of a one-sided one)."""
        second = where.side == 2
        later_set = (where.set_no or 1) > 1
        said_first = ""  # a second side's starting position, said before the switch
        repeated = bool(ex.tempo) or ex.repetitions > 1
        if second:
            steps = side_two_steps(ex, self.lang)
            same = not any(_mirrored(s, self.lang) or s.both_sides for s in steps)
            line = self.book.same_other_side() if same else self.book.other_side()
            yield from self.say(line, Role.CUE, where)
            first = steps[0] if steps else None
            if first is not None and first.action is None and is_position(first.text):
                # "Lie on your right side.": said before the time to change, to use it
                yield from self.step(first, where, i, ex, mirrored=True)
                steps, said_first = steps[1:], first.text
            yield from self.wait(self.opts.switch, Role.SWITCH, where)
        else:
            position = None if ex.setup else starting_position(ex)
            steps = [s for s in ex.steps if s is not position]
        if repeated:
            if later_set:  # the listener knows the movement: only which side it is on now
                steps = [s for s in self.later_set_steps(ex, second) if s.text != said_first]
            yield from self.repetitions(i, ex, steps, where)
            yield from self.say(self.book.relax(), Role.CUE, where, LINE_GAP)
            return
        for step in steps:
            yield from self.step(step, where, i, ex, mirrored=second)
        if self._ending:
            yield from self.say(self._ending, Role.CUE, where, LINE_GAP)

    def later_set_steps(self, ex: Exercise, second: bool) -> list[Step]:
        """What a later set of repetitions says again before its count: on a two-sided
        exercise, the set-up and steps whose sides swap (the last set ended on the other
        side), their words only; nothing else. On the first side the starting position was
        said before the rest (:meth:`between_sets`)."""
        if ex.sides != 2:
            return []
        position = None if second else starting_position(ex)
        sided = [s for s in (*ex.setup, *ex.steps) if s is not position and _mirrored(s, self.lang)]
        return [replace(s, action=None, after="", both_sides=True) for s in sided]

    # --- steps and their timed actions -----------------------------------------------------------

    def step(
        self, step: Step, where: Where, i: int, ex: Exercise, mirrored: bool
    ) -> Iterator[Item]:
        text = self.mirror(step.text) if mirrored else step.text
        action = step.action
        if text:
            # Time to follow the instruction, unless the step's own pause is that time.
            paused = action is not None and action.kind is ActionKind.PAUSE
            follow = 0.0 if paused else self.opts.step_pause
            if paused and action is not None and _said_pause(action):
                follow = LINE_GAP  # then "Rest for one minute."
            yield from self.say(text, Role.STEP, where, follow)
        if action is not None:
            yield from self.action(action, where, i, ex, spoken=text)
        # A bare timing that follows goes on as this step does, if this step had none itself
        self._last_text = text if action is None else ""
        after = self.mirror(step.after) if mirrored else step.after
        if after:
            yield from self.say(after, Role.STEP, where, self.opts.step_pause)

    def hold_seconds(self, action: Action, i: int, ex: Exercise) -> float:
        s = self.opts
        seconds = _first(self.hold_for.get(i), self.chosen("hold"), action.seconds, ex.hold, s.hold)
        return seconds * (s.scale or 1.0) * self.stretch.holds

    def breath_count(self, action: Action, ex: Exercise) -> int:
        count = _first(self.chosen("breaths"), action.count, ex.breaths, self.opts.breaths)
        return max(1, round(count * self.stretch.breaths))

    def action(
        self, action: Action, where: Where, i: int, ex: Exercise, spoken: str
    ) -> Iterator[Item]:
        """The line and window of a step's timed action; ``spoken`` is the step's own text
        (said just before), or empty."""
        durations = self.opts.say_durations
        if action.kind is ActionKind.HOLD:
            seconds = self.hold_seconds(action, i, ex)
            said = seconds if durations else None
            # "Rock gently side to side for 30 seconds" is not held: it goes on, then relaxes
            # (so does a step of "March on the spot"); "Rest here for two minutes" is a rest.
            # A bare "Do this for 2 minutes." goes on as the step before it did ("March ...").
            doing = spoken or self._last_text
            moving = is_movement(doing, self.lang) or (
                bool(doing) and is_movement(ex.name, self.lang) and not _HELD_NAME.search(ex.name)
            )
            resting = is_rest(spoken, self.lang)
            if resting:
                line = self.book.rest(said)
            else:
                line = self.book.keep_going(said) if moving else self.book.hold(said)
            yield from self.say(line, Role.CUE, where)
            samples = to_samples(seconds, self.rate)
            yield Wait(samples, Role.HOLD, where, self.cues.hold(samples, seconds))
            if not resting:
                self._ending = self.book.relax() if moving else self.book.release()
        elif action.kind is ActionKind.BREATHS:
            count = self.breath_count(action, ex)
            line = self.book.breaths(count if durations else None)
            # Phases are rounded to samples once, then repeated: every breath is identical.
            inhale = to_samples(self.cues.settings.inhale, self.rate)
            exhale = to_samples(self.cues.settings.breath_seconds, self.rate) - inhale
            cues = self.cues.breaths(count, inhale, exhale)
            yield from self.say(line, Role.CUE, where, LINE_GAP / 2 if cues else 0.0)
            yield Wait((inhale + exhale) * count, Role.BREATHS, where, cues)
            # Breathing in a stretch is released ("Let your upper body hang forward for 5
            # breaths"; and before the other side); breathing alone (lying still, belly
            # breathing) is not "released".
            stretching = ex.sides == 2 or any(is_stretch(st.text, self.lang) for st in ex.steps)
            self._ending = self.book.release() if stretching else ""
        else:
            seconds = _first(action.seconds, self.opts.step_pause)
            if (not spoken or _said_pause(action)) and to_samples(seconds, self.rate) > 0:
                said = seconds if durations and action.seconds is not None else None
                yield from self.say(self.book.rest(said), Role.CUE, where)  # "Rest for 1 min."
            yield from self.wait(seconds, Role.PAUSE, where)

    # --- repetitions -----------------------------------------------------------------------------

    def repetitions(self, i: int, ex: Exercise, steps: list[Step], where: Where) -> Iterator[Item]:
        """The repetitions explained once, then every one counted with its phases."""
        reps = self.user.reps if self.user.reps is not None else ex.repetitions
        for step in steps:
            yield from self.describe(step, ex, where)
        line = self.book.reps(reps if self.opts.say_durations else None, on_count=True)
        yield from self.say(line, Role.CUE, where, LINE_GAP)
        phases = ex.tempo or self.derived_tempo(ex)
        for rep in range(1, reps + 1):
            yield from self.repetition(replace(where, rep=rep, reps=reps), phases)

    def describe(self, step: Step, ex: Exercise, where: Where) -> Iterator[Item]:
        """One step of a repetition, said as an explanation (not done now): its text, then its
        own hold with what follows it in one line ("Hold each one for five seconds, then
        lower slowly."). On the second side only what changes."""
        second = where.side == 2
        text = self.mirror(step.text) if second else step.text
        after = self.mirror(step.after) if second else step.after
        if text and not (second and text == step.text and not step.both_sides):
            yield from self.say(text, Role.STEP, where, LINE_GAP)
        if step.action is not None and _holds(step) and not ex.tempo:
            if second:
                if after != step.after:
                    yield from self.say(after, Role.STEP, where, LINE_GAP)
                return
            if step.action.kind is ActionKind.BREATHS:
                count = self.breath_count(step.action, ex)
                line = self.book.rep_breaths(count, after)
            else:
                seconds = _first(step.action.seconds, REP_HOLD_SECONDS)
                line = self.book.rep_hold(seconds if self.opts.say_durations else None, after)
            yield from self.say(line, Role.CUE, where, LINE_GAP)
        elif after and not (second and after == step.after):
            yield from self.say(after, Role.STEP, where, LINE_GAP)

    def derived_tempo(self, ex: Exercise) -> tuple[Phase, ...]:
        """The phases of a repetition whose exercise gives no tempo, from its steps:

        * a step's own hold (or breaths): move (2 s, 3 s "slowly"), hold, and come back with a
          word from what the step says after it ("then lower slowly": "And lower.", 3 s);
        * steps paced by the breath ("inhale as you arch, exhale as you round"): one breath,
          "Breathe in." and "Breathe out.", at the routine's breath length;
        * a circle ("Roll your head slowly in a full circle"): the count alone, every 4 s (6 s
          "slowly");
        * otherwise: 2 s to move and 2 s back ("And back.")."""
        hold = next((s for s in ex.steps if _holds(s)), None)
        said = " ".join(s.text for s in (*ex.setup, *ex.steps))
        if hold is not None and hold.action is not None:
            if hold.action.kind is ActionKind.BREATHS:
                seconds = self.breath_count(hold.action, ex) * self.cues.settings.breath_seconds
            else:
                seconds = _first(hold.action.seconds, REP_HOLD_SECONDS)
            move = MOVE_SECONDS + (1.0 if _SLOW_RE.search(hold.text) else 0.0)
            back = MOVE_SECONDS + (1.0 if _SLOW_RE.search(hold.after) else 0.0)
            return (
                Phase("", move),
                Phase(self.book.tempo_hold(), seconds),
                Phase(self.book.tempo_return(hold.after), back),
            )
        if _BREATH_PACED_RE.search(said):
            s = self.cues.settings
            return (
                Phase(self.book.breathe_in(), s.inhale),
                Phase(self.book.breathe_out(), s.exhale),
            )
        if _CIRCLE_RE.search(said):  # a circle has no way back: one phase, the count alone
            return (Phase("", 2 * MOVE_SECONDS + (2.0 if _SLOW_RE.search(said) else 0.0)),)
        return (Phase("", MOVE_SECONDS), Phase(self.book.tempo_back(), MOVE_SECONDS))

    def repetition(self, where: Where, phases: tuple[Phase, ...]) -> Iterator[Item]:
        """ "Three: lift." and the phase windows. The count goes with the first phase's word
        (never as two sounds at once) and starts the first phase, on a steady beat; the other
        words start their phases."""
        first, *rest = phases
        assert where.rep is not None
        count = self.book.count(where.rep, first.cue or None)
        samples = to_samples(first.seconds, self.rate)
        if first.seconds >= COUNT_ON_BEAT:
            slot = samples - gap_samples(self.rate)
            self._ending = ""
            yield Wait(samples, Role.TEMPO, where, (CueSpec(Role.TEMPO_CUE, 0, slot, 0, count),))
        else:
            yield from self.say(count, Role.COUNT, where)
            yield from self.wait(first.seconds, Role.TEMPO, where)
        for phase in rest:
            samples = to_samples(phase.seconds, self.rate)
            word = self.book.title(phase.cue) if phase.cue else None
            cues = self.cues.tempo(word, samples) if word else ()
            if phase.seconds >= COUNTED_PHASE:  # a long hold in each repetition ends counted
                cues = (*cues, *self.cues.countdown(samples))
            yield Wait(samples, Role.TEMPO, where, cues)


def _said_pause(action: Action) -> bool:
    """Whether a step's own pause is long enough to say its length after the step."""
    return action.seconds is not None and action.seconds >= PAUSE_SAID_FROM


def _first(*values: float | None) -> float:
    for value in values:
        if value is not None:
            return value
    raise ValueError("no value")  # pragma: no cover - the last argument is never None
