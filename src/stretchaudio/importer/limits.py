"""Sensible bounds on what an import may give: exercises, hours of audio, file size.

A text that gives hundreds of exercises or a day of audio is not a stretching article (a book,
a forum dump, the wrong file). :func:`check_limits` refuses it with the figures and the option
that allows it; it also refuses a routine file larger than the routine loader reads, so
``import`` never writes a file that ``build`` would refuse.
"""

from __future__ import annotations

import math

from ..errors import RoutineError
from ..model import Routine
from ..routine import MAX_FILE_BYTES, load_routines_text

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


def audio_hours(routine: Routine) -> float:
    """How long the routine's audio is with the default settings, in hours (speech estimated
    from its words, as ``stretchaudio script --estimate`` does)."""
    from ..planner import plan
    from ..timeline import estimate_lengths, layout

    the_plan = plan(routine)
    timeline = layout(the_plan, estimate_lengths(the_plan))
    return timeline.total_samples / timeline.sample_rate / 3600
