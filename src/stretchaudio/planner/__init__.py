"""The planner: routine + options -> what happens, in order. Pure and deterministic.

``plan(routine, options)`` lists lines to ``Say`` and windows to ``Wait`` (holds, breaths,
pauses, side switches, rests, tempo phases, the get-ready lead-in), each window an exact number
of samples, plus the cues that belong inside windows (a spoken countdown, "Halfway", breathing
cues, tempo words, chimes). ``timeline.layout`` then places everything on the time axis once
the length of every spoken line is known. Nothing here touches audio.

A window starts where the previous line's speech ends (or after a short gap, see
:mod:`.spacing`) and lasts exactly its samples, whatever cues play inside it: a 30-second
hold is 30 seconds from the end of "Hold for thirty seconds." to the next sound. Time is
integer samples throughout; seconds appear only at the edges.

What the listener hears, and in which order, is :mod:`.narration`; the words themselves come
from :class:`~stretchaudio.language.phrasebook.Phrasebook`, in the language of
:func:`narration_language`.
"""

from __future__ import annotations

from ..language.catalogue import base_language, language_name
from ..language.phrasebook import Phrasebook, phrasebook
from ..model import Routine
from ..settings import Options
from .cues import Cues
from .items import (
    CUE_GAIN,
    MIN_GAP,
    WINDOW_ROLES,
    CueSpec,
    Item,
    Plan,
    Role,
    Say,
    Stretch,
    Wait,
    Where,
    gap_samples,
    to_samples,
)
from .narration import Narrator
from .resolve import Resolved, breath_split, match_exercise, resolve
from .spacing import spaced

__all__ = [
    "CUE_GAIN",
    "MIN_GAP",
    "WINDOW_ROLES",
    "CueSpec",
    "Item",
    "Plan",
    "Resolved",
    "Role",
    "Say",
    "Stretch",
    "Wait",
    "Where",
    "breath_split",
    "gap_samples",
    "language_mismatch",
    "match_exercise",
    "narration_language",
    "plan",
    "resolve",
    "to_samples",
]


def plan(routine: Routine, options: Options | None = None, stretch: Stretch | None = None) -> Plan:
    """Turn a routine into an ordered list of lines and exact windows with their cues.

    ``options`` are the user's choices; the routine file's ``defaults`` fill in the rest.
    ``stretch`` scales holds and rests (set when fitting the routine to a length)."""
    user = options or Options()
    stretch = stretch or Stretch()
    resolved = user.over(routine.defaults)
    settings = resolve(resolved)
    language = narration_language(routine, user)
    book = phrasebook(language)
    cues = Cues(settings, book, resolved.sample_rate)
    hold_for = {match_exercise(n, routine): s for n, s in user.hold_for}
    narrator = Narrator(routine, user, resolved, cues, stretch, hold_for, book)
    return Plan(
        title=routine.title,
        sample_rate=resolved.sample_rate,
        items=tuple(spaced(narrator.items(), resolved.sample_rate)),
        exercise_names=tuple(e.name for e in routine.exercises),
        options=resolved,
        stretch=stretch,
        vocabulary=_vocabulary(settings, book),
        language=language,
    )


def narration_language(routine: Routine, options: Options) -> str:
    """The language a routine is narrated in: ``--lang`` when the user gave it (a flag,
    ``STRETCHAUDIO_LANG`` or ``Options(lang=...)``), else the routine's own
    (:attr:`~stretchaudio.model.Routine.language`: its ``language:`` key, else the config
    file's ``lang``, else English)."""
    return options.lang if options.given("lang") else routine.language


def language_mismatch(routine: Routine, options: Options) -> str | None:
    """A warning when the routine is narrated in another language than it is written in."""
    spoken, written = narration_language(routine, options), routine.language
    if base_language(spoken) == base_language(written):
        return None
    return (
        f"{routine.source}: '{routine.title}' is written in {language_name(written)} "
        f"({written}) but --lang {spoken} narrates it in {language_name(spoken)}: the "
        "program's phrases and the voice follow --lang, the routine's own text is spoken as "
        f"written. Drop --lang, or give the routine 'language: {spoken}' if that is its "
        "language"
    )


def _vocabulary(settings: Resolved, book: Phrasebook) -> tuple[str, ...]:
    """Cue words some hold length would need, synthesised whether used or not."""
    words = [book.countdown(k) for k in range(settings.countdown, 0, -1)]
    if settings.halfway > 0:
        words += [book.halfway(), book.minute_left()]
    return tuple(words)
