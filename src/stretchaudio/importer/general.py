"""Timing an article gives for all its exercises: "Hold each stretch for 30 seconds."

Such a sentence (before the first exercise, or under a heading that is not an exercise)
becomes the routine's default (``defaults: hold: 30``, with the article line as a comment),
and an exercise whose own text gives no timing at all gets a hold (or breaths) that uses it.
A count ("Repeat each stretch three times") goes to every exercise without a count. A rest
between exercises ("Rest for 20 seconds between each stretch", wherever it stands) is the
routine's ``rest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Action, ActionKind
from ..phrases import breath_pace, parse_duration
from .exercises import ExerciseDraft, finish
from .ledger import Entry
from .timing import PHASE_RANGE, REST_RANGE, find_timing

_EACH_RE = re.compile(
    r"\b(?:each|every|all)\s+(?:of\s+(?:these|the|them)\s+)?(?:stretch|stretches|pose|poses"
    r"|position|positions|exercise|exercises|move|moves|one|movement|movements)\b",
    re.IGNORECASE,
)

_REST_BETWEEN_RE = re.compile(
    r"\b(?:rest|pause|break|recover)\w*\b.{0,40}\b(?:between|before\s+(?:the\s+|your\s+)?next"
    r"|after\s+(?:each|every))\s+(?:each\s+|every\s+|the\s+|your\s+)?(?:stretch|stretches|pose"
    r"|poses|exercise|exercises|move|moves|movement|movements|one)\b",
    re.IGNORECASE,
)


@dataclass
class General:
    """The timing the article gives for every exercise, and the lines that give it."""

    hold: float | None = None
    breaths: int | None = None
    repetitions: int | None = None
    rest: float | None = None
    pace: tuple[float, float] | None = None
    lines: list[Entry] = field(default_factory=list)
    rest_lines: list[Entry] = field(default_factory=list)
    pace_lines: list[Entry] = field(default_factory=list)

    def add_pace(self, text: str, line: int, end: int) -> None:
        """Note how the article paces a breath ("Breathe in for 4, out for 6"): the first
        such pace within the allowed range is the routine's ``inhale`` and ``exhale``. The
        sentence stays where it is (it is also a step)."""
        pace = breath_pace(text)
        if pace is None or self.pace is not None:
            return
        if all(PHASE_RANGE[0] <= seconds <= PHASE_RANGE[1] for seconds in pace):
            self.pace = pace
            self.pace_lines.append(Entry(line, end, text))

    def add_rest(self, text: str, line: int, end: int) -> bool:
        """Read one sentence; False if it is not a rest between exercises."""
        if not _REST_BETWEEN_RE.search(text):
            return False
        seconds = parse_duration(text)
        if seconds is None or not REST_RANGE[0] <= seconds <= REST_RANGE[1]:
            return False
        if self.rest is None:
            self.rest = seconds
        self.rest_lines.append(Entry(line, end, text))
        return True

    def add(self, text: str, line: int, end: int) -> bool:
        """Read one sentence; False if it is not timing for every exercise."""
        if not _EACH_RE.search(text):
            return False
        timing = find_timing(text)
        action = timing.action
        if action is None and timing.repetitions is None:
            return False
        if action is not None and action.kind is ActionKind.HOLD and self.hold is None:
            self.hold = action.seconds
        elif action is not None and action.kind is ActionKind.BREATHS and self.breaths is None:
            self.breaths = action.count
        if timing.repetitions is not None and self.repetitions is None:
            self.repetitions = timing.repetitions
        self.lines.append(Entry(line, end, text))
        return True

    def apply(self, exercise: ExerciseDraft) -> None:
        """Give an exercise without any timing of its own the article's general timing (an
        exercise with its own repetitions keeps its own timing)."""
        if exercise.repetitions is not None:
            return  # its own count: a strength exercise, not a stretch held
        exercise.repetitions = self.repetitions
        if exercise.hold or exercise.breaths or any(step.action for step in exercise.steps):
            return
        if self.hold is not None:
            exercise.hold = self.hold
        elif self.breaths is not None:
            exercise.breaths = self.breaths
        finish(exercise)
        for step in exercise.steps:  # the amount is the routine's default, written once
            if step.action == Action(ActionKind.HOLD, seconds=self.hold):
                step.action = Action(ActionKind.HOLD)
            elif step.action == Action(ActionKind.BREATHS, count=self.breaths):
                step.action = Action(ActionKind.BREATHS)
        exercise.hold = exercise.breaths = None
