"""Sensible bounds on what an import may give: exercises, hours of audio, file size.

A text that gives hundreds of exercises or a day of audio is not a stretching article (a book,
a forum dump, the wrong file). :func:`check_limits` refuses it with the figures and the option
that allows it; it also refuses a routine file larger than the routine loader reads, so
``import`` never writes a file that ``build`` would refuse.
"""

from __future__ import annotations

import math

from ..errors import RoutineError
from ..model import Action, ActionKind, Exercise, Routine
from ..routine import MAX_FILE_BYTES, load_routines_text
from ..settings import Options

MAX_EXERCISES = 60
"""More exercises than any stretching article gives; ``--max-exercises`` allows more."""
MAX_HOURS = 3.0
"""More audio than any routine a person would follow; ``--max-hours`` allows more."""


def check_count(count: int, source: str, max_exercises: int) -> None:
    """Refuse an article that gives more than ``max_exercises`` exercises."""
    if count > max_exercises:
        raise RoutineError(
            f"{source} gives {count} exercises, more than the {max_exercises} an article "
            "normally has; check that this is the right file, or allow more with "
            f"'stretchaudio import --max-exercises {count}'"
        )


def check_limits(routine_yaml: str, source: str, max_hours: float) -> Routine:
    """The routine ``routine_yaml`` holds, once it is known to fit in a routine file and to
    last at most ``max_hours``."""
    size = len(routine_yaml.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise RoutineError(
            f"the routine imported from {source} would be {size:,} bytes, more than a routine "
            f"file may hold ({MAX_FILE_BYTES:,}); import a shorter part of the article"
        )
    routine = load_routines_text(routine_yaml, f"{source} (imported)")[0]
    hours = audio_hours(routine)
    if hours > max_hours:
        raise RoutineError(
            f"{source} gives about {hours:.1f} hours of audio ({len(routine.exercises)} "
            f"exercises), more than the {max_hours:g} hours a routine normally lasts; check the "
            "repetitions and holds in the article, or allow it with 'stretchaudio import "
            f"--max-hours {math.ceil(hours * 10) / 10:g}'"
        )
    return routine


_WORDS_PER_SECOND = 2.5  # speech, with the program's own cue words ("Hold.", "Release.")
_REP_MOVE = 5.0  # seconds a repetition adds to its hold: moving there and back, counting


def audio_hours(routine: Routine) -> float:
    """About how long the routine's audio is with the default settings, in hours.

    An estimate from the routine alone (the importer comes before the planner in the data
    flow): speech from its words, the timed actions, repetitions, sides, sets and rests. It
    is within about a fifth of what ``stretchaudio script --estimate`` gives, which is enough
    to tell an article from a book.
    """
    options = Options()
    seconds = 0.0
    for exercise in routine.exercises:
        steps = (*exercise.setup, *exercise.steps)
        words = sum(len(f"{step.text} {step.after}".split()) for step in steps) + 8
        timed = sum(_action_seconds(step.action, exercise, options) for step in exercise.steps)
        reps = exercise.repetitions
        side = words / _WORDS_PER_SECOND + len(steps) * options.step_pause
        side += reps * (timed + _REP_MOVE) if reps > 1 else timed
        one_set = exercise.sides * side + (exercise.sides - 1) * options.switch
        sets = exercise.sets or 1
        rest = exercise.rest if exercise.rest is not None else options.rest
        seconds += sets * one_set + (sets - 1) * rest + rest + options.prep
    return seconds / 3600


def _action_seconds(action: Action | None, exercise: Exercise, options: Options) -> float:
    """How long one timed action lasts with the default settings."""
    if action is None:
        return 0.0
    if action.kind is ActionKind.BREATHS:
        count = action.count or exercise.breaths or options.breaths
        return count * options.breath_seconds
    if action.kind is ActionKind.PAUSE:
        return action.seconds or options.step_pause
    return action.seconds or exercise.hold or options.hold
