"""Importing a routine from a stretching article (plain text or Markdown).

People find routines as web articles: exercise names as headings, numbered or bulleted steps,
label lines ("Reps: 10 | Hold: 5 sec"), tables, prose, wrapped in text that is not part of
the routine (image credits, "Related Reading", ads, tips, "why it helps" notes, warnings).
:func:`import_article` turns such an article into the routine YAML file a person would write
by hand, to review, edit and build; :func:`looks_like_article` tells an article from a
routine file. The README's "Importing articles" describes the behaviour for users.

How an article is read (one module per stage)
---------------------------------------------
1. **Input** (:mod:`.decode`): at most :data:`MAX_ARTICLE_BYTES` bytes, UTF-8 (UTF-16/32,
   binary and undecodable bytes are one-line errors).
2. **Lines** (:mod:`.text`, :mod:`.furniture`): Markdown and HTML reduced to text, made fit to
   be spoken (no emoji, symbols, addresses, footnote markers; entities decoded); page
   furniture named (:func:`.furniture.furniture_kind`).
3. **Blocks** (:mod:`.blocks`, :mod:`.tables`, :mod:`.headings`): headings, list items (the
   marker may stand alone on its line; a step may wrap; emoji bullets; lettered steps),
   labels (:mod:`.labels`: "How to do it:", "Starting position:", "Tip:", "Warning:", timing
   fields), paragraphs, Markdown tables (one exercise per row).
4. **Sections** (:mod:`.sections`): one per heading. A section's text is sorted into candidate
   steps (numbered items and "How to do it" blocks first; prose beside them is commentary),
   safety sentences (:mod:`.safety`, split from an instruction they share a sentence with),
   timing for every exercise (:mod:`.general`) and text left out, each with its reason.
   Imperative sentences are found by verb lists and, for other verbs, by their shape
   (:mod:`.words`: "Pedal your feet").
5. **Exercises** (:mod:`.exercises`, :mod:`.timing`): each candidate's timing is read with the
   routine loader's vocabulary (:mod:`stretchaudio.phrases`, :mod:`stretchaudio.language`)
   after a few rewrites of article phrasing ("x10", "do 2 sets", "holding each stretch for",
   "then turn to the left and hold again"); a section is an exercise when it gives an
   instruction or timing and its heading names no group or advice.
6. **Shape** (:mod:`.shape`): the exercise as a person would write it: timing-only steps
   joined to their movement, return steps as ``after``, the starting position as ``setup``,
   side-neutral movements after a sided one marked ``both_sides``, a count that belongs to one
   step kept there.
7. **Intro** (:mod:`.intro`): the safety sentences, condensed, each said once, at most
   :data:`.intro.MAX_INTRO_SENTENCES`.
8. **Ledger** (:mod:`.ledger`): every piece used or left out is recorded; a final sweep reports
   any sentence no stage accounted for, so every sentence of the article is in the YAML, the
   intro or a ``source:line: skipped '...': reason`` message.
9. **YAML** (:mod:`.yaml_out`) and **limits** (:mod:`.limits`): the routine file, with the
   article lines above changed steps and every default marked; refused when it gives more
   than :data:`MAX_EXERCISES` exercises or :data:`MAX_HOURS` hours of audio, or would be
   larger than the routine loader reads. A non-English article is named as such
   (:mod:`.english`).

Timing
------
Recognised timing is written as explicit keys (``hold:``, ``breaths:``, ``pause:``,
``switch_sides:``, ``after:``, the exercise's ``sides: both``, ``repetitions:``, ``sets:``),
and the spoken text keeps only the instruction, so nothing depends on the loader parsing the
sentence again (and the text written is a fixed point of that parse). Ranges take the lower
bound ("20-30 seconds" is 20 s, "ten to fifteen times" 10). Vague amounts ("a few breaths",
"hold for a moment") are ``breaths: true`` / ``hold: true``, and the value they get is written
in ``defaults`` marked ``# default applied``. Amounts outside what a routine allows are not
used; the step keeps its words and a warning says why.

Messages
--------
``ImportResult.warnings``: what was left out although it looked like an instruction or gave
timing, and timing that could not be used. ``ImportResult.left_out``: every other sentence
the routine does not say (page furniture, commentary, tips, sections that are not
exercises). Both are ``source:line: skipped '...': reason`` lines sorted by line;
:func:`import_command_output` gives what ``stretchaudio import`` prints (all of them, in
article order, warnings prefixed ``Warning:``), :func:`build_messages` what ``build`` prints.

Command line
------------
``stretchaudio import FILE|- [-o OUT] [--max-exercises N] [--max-hours H]``: reads the file
(:func:`import_file`) or standard input (:func:`read_limited`, :func:`import_bytes`), writes
the YAML to OUT (or standard output) and the messages to standard error. ``build``/``script``
import an article on the fly. A :class:`~stretchaudio.errors.RoutineError` (no exercise found,
unreadable or oversized input, too many exercises) is bad input: exit code 2.
"""

from __future__ import annotations

from .api import (
    MAX_ARTICLE_CHARS,
    ImportResult,
    build_messages,
    import_article,
    import_bytes,
    import_command_output,
    import_file,
    looks_like_article,
)
from .decode import MAX_ARTICLE_BYTES, read_limited
from .limits import MAX_EXERCISES, MAX_HOURS

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_CHARS",
    "MAX_EXERCISES",
    "MAX_HOURS",
    "ImportResult",
    "build_messages",
    "import_article",
    "import_bytes",
    "import_command_output",
    "import_file",
    "looks_like_article",
    "read_limited",
]
