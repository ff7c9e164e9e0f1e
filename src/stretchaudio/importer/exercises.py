"""Reading article text, stage 4b: an exercise from its candidate steps.

:class:`ExerciseDraft` is an exercise as the importer finds it: its name, its steps (with the
article text each came from), sides, repetitions, sets and the timing its labels and heading
give. :func:`make_step` turns one candidate text into a step; :func:`finish` applies the
exercise's own hold or breaths; :func:`name_and_timing` reads a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language import numerals
from ..language.text import tidy
from ..model import Action, ActionKind
from .labels import label_timing
from .ledger import Entry
from .text import calm_caps
from .timing import FREQUENCY_ONLY_RE, FREQUENCY_RE, Timing, find_timing, has_timing_words
from .words import SMALL_WORDS, imperative_kind, is_position, is_return


@dataclass
class StepDraft:
    """A step of an exercise as it will be written."""

    text: str
    line: int
    original: str
    end: int = 0
    action: Action | None = None
    switch_sides: bool = False
    instructive: bool = False  # an imperative body instruction, or timed
    after: str = ""  # said once the timed action is over
    setup: bool = False  # the starting position: said once
    both_sides: bool = False  # said again on the second side
    source: str = ""  # "setup", "howto", "numbered", "bullet", "prose" or "table"
    count: int | None = None  # the exercise's repetitions, when this step gave them
    note: str = ""  # a comment for the YAML ("a default applied")
    originals: list[tuple[int, str]] = field(default_factory=list)  # merged steps' lines

    def __post_init__(self) -> None:
        self.end = max(self.end, self.line)
        if not self.originals:
            self.originals = [(self.line, self.original)]


@dataclass
class ExerciseDraft:
    """An exercise found in the article."""

    name: str
    line: int
    steps: list[StepDraft] = field(default_factory=list)
    two_sided: bool = False
    repetitions: int | None = None
    hold: float | None = None
    breaths: int | None = None
    sets: int | None = None
    rest: float | None = None
    notes: list[Entry] = field(default_factory=list)  # article lines that set sides, reps...

    def timed(self) -> bool:
        """Whether the article gives any timing for this exercise."""
        return any(step.action for step in self.steps) or (self.repetitions or 1) > 1

    def note(self, line: int, text: str) -> None:
        """Keep an article line that only sets timing (it is written as a comment)."""
        self.notes.append(Entry(line, line, text))


@dataclass
class Problem:
    """Something to report about one candidate step: the reason, and whether it is a
    warning (``notable``) or only text left out."""

    reason: str
    notable: bool = True


def make_step(
    text: str, line: int, end: int, source: str, exercise: ExerciseDraft
) -> tuple[StepDraft | None, list[Problem]]:
    """A step from one candidate text (sides, repetitions and sets go to ``exercise``), and
    what to report about it. None when the text only sets timing or says how often."""
    problems: list[Problem] = []
    said = text
    frequency = FREQUENCY_RE.search(said)
    if frequency:
        said = tidy(said[: frequency.start()] + said[frequency.end() :])
        if FREQUENCY_ONLY_RE.match(said):
            return None, [Problem("says how often to do it, not what to do", notable=False)]
    timing = find_timing(said)
    counted = exercise.repetitions is None and timing.repetitions is not None
    apply_timing(exercise, timing)
    keep = bool(timing.text or timing.action or timing.switch_sides or timing.after)
    for problem in timing.problems:
        problems.append(Problem(problem + ("; the step keeps its other words" if keep else "")))
    if timing.text and not (timing.found or timing.problems) and has_timing_words(timing.text):
        problems.append(
            Problem(
                "its timing was not understood, so it is spoken as written; add 'hold:', "
                "'breaths:' or 'repetitions:' by hand"
            )
        )
    if not keep:  # only "on each side" / "10 times": the exercise has it now
        exercise.note(line, text)
        return None, problems
    action = timing.action
    if action is not None and action.kind is ActionKind.PAUSE and timing.text:
        action = Action(ActionKind.HOLD, seconds=action.seconds)  # "reach forward and rest"
    step = StepDraft(
        text=calm_caps(timing.text),
        line=line,
        original=text,
        end=end,
        action=action,
        switch_sides=timing.switch_sides,
        instructive=timing.found or imperative_kind(text) == "body",
        after=calm_caps(timing.after),
        setup=source == "setup",
        source=source,
        count=timing.repetitions if counted else None,
    )
    return step, problems


def apply_timing(exercise: ExerciseDraft, timing: Timing, *, whole_exercise: bool = False) -> None:
    """Sides, repetitions and sets for the exercise; with ``whole_exercise`` (labels and
    headings) also its hold, breaths and rest."""
    if timing.switch_sides or timing.each_side:
        exercise.two_sided = True
    if timing.repetitions is not None and exercise.repetitions is None:
        exercise.repetitions = timing.repetitions
    if timing.sets is not None and exercise.sets is None:
        exercise.sets = timing.sets
    if not whole_exercise:
        return
    if timing.rest is not None and exercise.rest is None:
        exercise.rest = timing.rest
    action = timing.action
    if action is None:
        return
    if action.kind is ActionKind.BREATHS and action.count is not None:
        exercise.breaths = exercise.breaths or action.count
    elif action.kind is ActionKind.HOLD and action.seconds is not None:
        exercise.hold = exercise.hold or action.seconds


def finish(exercise: ExerciseDraft) -> None:
    """Apply a hold or breaths the article gives for the whole exercise ("Hold: 30 seconds").

    Steps that say "hold" without an amount get it; if no step has a timed action at all, the
    last step that is not the starting position gets it.
    """
    steps = exercise.steps
    for index, step in enumerate(steps):
        action = step.action
        if action is None:
            continue
        vague_breathing = action.kind is ActionKind.BREATHS and action.count is None
        if exercise.hold and not exercise.breaths and vague_breathing:
            steps[index].action = Action(ActionKind.HOLD, seconds=exercise.hold)  # "breathe"
        elif action.kind is ActionKind.HOLD and action.seconds is None and exercise.hold:
            steps[index].action = Action(ActionKind.HOLD, seconds=exercise.hold)
        elif action.kind is ActionKind.BREATHS and action.count is None and exercise.breaths:
            steps[index].action = Action(ActionKind.BREATHS, count=exercise.breaths)
    if not steps or any(step.action for step in steps):
        return
    target = _movement(steps)
    if exercise.hold is not None:
        target.action = Action(ActionKind.HOLD, seconds=exercise.hold)
    elif exercise.breaths is not None:
        target.action = Action(ActionKind.BREATHS, count=exercise.breaths)


def _movement(steps: list[StepDraft]) -> StepDraft:
    """The step that takes the exercise's hold: the last body movement that is neither the
    starting position nor a return ("Lower slowly")."""
    for step in reversed(steps):
        if step.setup or is_position(step.text) or is_return(step.text):
            continue
        if imperative_kind(step.text) == "body":
            return step
    return next((step for step in reversed(steps) if not step.setup), steps[-1])


# --- names -----------------------------------------------------------------------------------

NAME_PREFIX_RE = re.compile(
    rf"^(?:(?:exercise|stretch|move|movement|pose|position|drill|no\.?|number|part|step)\s*)?#?"
    rf"(?:\d{{1,2}}|{numerals.WORD_NUMBER})\s*[:.)\-\u2013\u2014]\s*"
    r"|^(?:exercise|stretch|move|pose)\s+#?\d{1,2}\s+",
    re.IGNORECASE,
)
HOW_TO_RE = re.compile(r"^how\s+to\s+(?:do|perform|try)?\s*(?:(?:a|an|the)\s+)?", re.IGNORECASE)


def name_and_timing(heading: str) -> tuple[str, Timing]:
    """An exercise name from its heading, and any timing the heading adds ("(30 s each side)",
    "Bridge - 10 reps")."""
    name = NAME_PREFIX_RE.sub("", heading.strip())
    name = HOW_TO_RE.sub("", name).strip() or name
    timing = Timing("")
    for match in list(re.finditer(r"\(([^()]*)\)", name)):
        found = _heading_timing(match.group(1))
        if found.found or found.rest is not None:
            timing = found
            name = name.replace(match.group(0), " ")
    parts = re.split(r"\s+[-\u2013\u2014|]\s+|:\s+", name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        found = _heading_timing(parts[1])
        if found.found:
            timing, name = found, parts[0]
    name = uncapitalise(" ".join(name.split()).strip(" :-\u2013\u2014"))
    if name:
        name = name[0].upper() + name[1:]
    return name, timing


def _heading_timing(text: str) -> Timing:
    """Timing in a heading's brackets or after its dash: a phrase or label fields."""
    found = find_timing(text)
    if found.found and not found.text:
        return found
    fields = label_timing(text)
    return fields if not fields.text else Timing("")


def uncapitalise(text: str) -> str:
    """ "PELVIC TILT" as "Pelvic Tilt" (all-capital headings read badly); other text as is."""
    if text != text.upper() or not re.search(r"[A-Z]{4}", text):
        return text
    words = text.split()
    return " ".join(
        word.lower() if index and word.lower() in SMALL_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )
