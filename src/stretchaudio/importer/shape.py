"""Giving an exercise the shape a person would write by hand.

Articles spread one movement over several lines ("Lift your hips." / "Hold for 5 seconds." /
"Lower slowly." / "Switch sides."). A physiotherapist recording the routine would say the
starting position once, then the movement with its hold, what to do after the hold, and
which steps to say again on the second side. :func:`shape` does that to an exercise:

1. A step that is only timing ("Hold for 30 seconds", "Switch legs") joins the movement step
   before it: ``{text: Lift your hips., hold: 5}``. In an exercise with repetitions, a
   return step between them ("Lift your hips." / "Slowly lower." / "Hold 3 seconds at the
   top.") becomes the movement's ``after``.
2. A sentence right after the timed step that says how to hold it ("Keep your hips facing
   forward.") joins its text, so it is said before the window, not after it. A return step
   right after the timed step ("Release slowly.") becomes its ``after``.
3. The first steps that only take up the starting position ("Lie on your back...", "Sit
   on a chair...", "Stand facing a wall...") are ``setup``: said once. In a two-sided
   exercise a step that names a side is never set-up (the other side needs its mirror).
4. In a two-sided exercise, a movement step that names no side but comes after one that
   does ("Lean forward from the hips.") is said on the second side too (``both_sides``);
   when no step names a side ("Bring one knee to your chest."), every movement step is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..language import numerals
from ..model import Action, ActionKind
from ..phrases import describes_holding
from .exercises import ExerciseDraft, StepDraft
from .words import is_position, is_return

_SIDE_RE = re.compile(r"\b(?:left|right)\b", re.IGNORECASE)
# Words that name one side without saying which: the second side needs the step again.
_ONE_SIDE_RE = re.compile(
    r"\b(?:left|right|one|other|opposite|that|this)\s+(?:leg|arm|foot|hand|knee|side|hip|heel"
    r"|ankle|shoulder|elbow|wrist)\b|\b(?:left|right)\b",
    re.IGNORECASE,
)
# "Lean to the right, then to the left, 5 times each side": one step does both sides.
_ALTERNATES_RE = re.compile(
    r"\bto\s+the\s+(?P<a>right|left)\b.{0,60}?\b(?:then|and|before)\b.{0,30}?\bto\s+the\s+"
    r"(?!(?P=a)\b)(?:right|left)\b",
    re.IGNORECASE,
)


def shape(exercise: ExerciseDraft) -> None:
    """Merge, mark set-up and mark second-side steps (see the module docstring)."""
    _local_count(exercise)
    reps = (exercise.repetitions or 1) > 1
    if reps:  # a pause at the top of each repetition is its hold
        for step in exercise.steps:
            if step.action is not None and step.action.kind is ActionKind.PAUSE:
                step.action = Action(ActionKind.HOLD, seconds=step.action.seconds)
    steps = _merge_timing(exercise.steps, reps)
    steps = _merge_after(_merge_during(steps))
    exercise.steps = _merge_switch(steps)
    if exercise.two_sided and not any(s.switch_sides for s in exercise.steps):
        exercise.two_sided = not any(_ALTERNATES_RE.search(s.text) for s in exercise.steps)
    _mark_setup(exercise)
    if exercise.two_sided or any(step.switch_sides for step in exercise.steps):
        _mark_both_sides(exercise.steps)


_COUNT_WORDS_RE = re.compile(
    rf"(?:\bfor\s+)?\b(?:{numerals.RANGE})\s+(?:(?:more|slow|gentle|full|controlled)\s+)?"
    r"(?P<noun>times|reps|repetitions|rounds)\b",
    re.IGNORECASE,
)
_SECONDS_PER_ROUND = 4
_LONG_HOLD = 10.0


def _local_count(exercise: ExerciseDraft) -> None:
    """ "Flow between the two for 5 rounds. Hold for 30 seconds.": the count is that step's,
    not the exercise's repetitions (which would repeat the 30-second hold five times). The
    step keeps its count in words, with time to do it."""
    counted = next((s for s in exercise.steps if s.count is not None), None)
    if counted is None or counted.action is not None:
        return
    later = exercise.steps[exercise.steps.index(counted) + 1 :]
    if not any(_long_action(step) for step in later):
        return
    match = _COUNT_WORDS_RE.search(counted.original)
    noun = match.group("noun").lower() if match else "times"
    count = counted.count or 1
    exercise.repetitions = None
    counted.text = f"{counted.text.rstrip('.!?')} ({count} {noun})."
    counted.action = Action(ActionKind.PAUSE, seconds=count * _SECONDS_PER_ROUND)
    counted.note = f"pause: about {_SECONDS_PER_ROUND} seconds a round (not in the article)"
    counted.count = None


def _long_action(step: StepDraft) -> bool:
    """Whether a step holds a position for a while (a hold of 10 s or more, or breaths)."""
    action = step.action
    if action is None:
        return False
    if action.kind is ActionKind.BREATHS:
        return True
    return action.kind is ActionKind.HOLD and (action.seconds or _LONG_HOLD) >= _LONG_HOLD


def _takes_timing(step: StepDraft) -> bool:
    """Whether a step can take the timing of the step after it (it has none, or only a vague
    breathing cue: "... and breathe")."""
    vague = step.action is not None and step.action == Action(ActionKind.BREATHS)
    return (
        bool(step.text) and (step.action is None or vague) and not (step.switch_sides or step.after)
    )


def _absorb(target: StepDraft, other: StepDraft) -> None:
    """``other``'s timing, side switch and lines go to ``target``."""
    if target.action == Action(ActionKind.BREATHS) and other.action is not None:
        target.action = None  # "twist and breathe" + "hold 20 s": the hold is the timing
    target.action = target.action or other.action
    target.switch_sides = target.switch_sides or other.switch_sides
    target.after = " ".join(filter(None, (target.after, other.after)))
    target.originals.extend(other.originals)
    target.line, target.end = min(target.line, other.line), max(target.end, other.end)
    target.instructive = target.instructive or other.instructive
    target.setup = False


def _merge_timing(steps: list[StepDraft], reps: bool) -> list[StepDraft]:
    """Timing-only steps joined to the movement before them (step 1 of the module doc)."""
    out: list[StepDraft] = []
    for step in steps:
        timing_only = not step.text and step.action is not None
        if (
            timing_only
            and out
            and _takes_timing(out[-1])
            and not (reps and is_return(out[-1].text))
        ):
            _absorb(out[-1], step)
            continue
        movement = out[-2] if len(out) >= 2 else None
        returning = bool(out) and _takes_timing(out[-1]) and is_return(out[-1].text)
        if timing_only and reps and movement is not None and _takes_timing(movement) and returning:
            back = out.pop()
            _absorb(movement, step)
            movement.after = " ".join(filter(None, (movement.after, back.text)))
            movement.originals.extend(back.originals)
            movement.end = max(movement.end, back.end)
            continue
        out.append(step)
    return out


def _merge_into_timed(
    steps: list[StepDraft],
    fits: Callable[[StepDraft, StepDraft], bool],
    take: Callable[[StepDraft, StepDraft], None],
) -> list[StepDraft]:
    """Each untimed step right after a timed step (with no ``after`` yet) that ``fits`` it
    joins it: ``take`` moves its words, and its article lines go with them."""
    out: list[StepDraft] = []
    for step in steps:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.action is not None
            and not previous.after
            and step.action is None
            and step.text
            and fits(previous, step)
        ):
            take(previous, step)
            previous.originals.extend(step.originals)
            previous.end = max(previous.end, step.end)
            continue
        out.append(step)
    return out


def _merge_during(steps: list[StepDraft]) -> list[StepDraft]:
    """A step that says how to hold the timed step before it joins that step's text (step 2)."""

    def take(timed: StepDraft, step: StepDraft) -> None:
        timed.text = " ".join(filter(None, (timed.text, step.text)))

    return _merge_into_timed(
        steps, lambda _, step: not step.switch_sides and describes_holding(step.text), take
    )


def _merge_after(steps: list[StepDraft]) -> list[StepDraft]:
    """A return step right after a timed step becomes its ``after`` (step 2)."""

    def take(timed: StepDraft, step: StepDraft) -> None:
        timed.after, timed.switch_sides = step.text, step.switch_sides

    return _merge_into_timed(
        steps, lambda timed, step: not timed.switch_sides and is_return(step.text), take
    )


def _merge_switch(steps: list[StepDraft]) -> list[StepDraft]:
    """A step that only switches sides joins the step before it."""
    out: list[StepDraft] = []
    for step in steps:
        only_switch = step.switch_sides and not step.text and step.action is None
        if only_switch and out and not out[-1].switch_sides:
            out[-1].switch_sides = True
            out[-1].originals.extend(step.originals)
            out[-1].end = max(out[-1].end, step.end)
            continue
        out.append(step)
    return out


def _mark_setup(exercise: ExerciseDraft) -> None:
    """The leading starting-position steps are said once (step 3)."""
    two_sided = exercise.two_sided or any(step.switch_sides for step in exercise.steps)
    in_setup = True
    for step in exercise.steps:
        plain = step.action is None and not step.switch_sides and not step.after
        sided = two_sided and _ONE_SIDE_RE.search(step.text) is not None
        labelled = step.source == "setup"
        position = is_position(step.text)
        in_setup = in_setup and plain and not sided and (labelled or position)
        step.setup = in_setup
    if exercise.steps and all(step.setup for step in exercise.steps):
        exercise.steps[-1].setup = False  # an exercise needs a step to say on each side


def _mark_both_sides(steps: list[StepDraft]) -> None:
    """Second-side repeats of movement steps that name no side (step 4)."""
    movement = [step for step in steps if not step.setup]
    sided = [i for i, step in enumerate(movement) if _SIDE_RE.search(step.text)]
    first = sided[0] if sided else -1
    for index, step in enumerate(movement):
        if step.action is not None or not step.text or _SIDE_RE.search(step.text):
            continue
        step.both_sides = index > first
