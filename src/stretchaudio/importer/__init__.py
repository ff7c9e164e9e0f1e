"""Importing a routine from a stretching article (plain text or Markdown).

People find routines as web articles: exercise names as headings, numbered or bulleted steps,
"hold for 30 seconds", "repeat on the other side", wrapped in text that is not part of the
routine (image credits, "Related Reading", ads, tips, "why it helps" notes, medical warnings).
:func:`import_article` turns such an article into a routine YAML file the user can review,
edit and build; :func:`looks_like_article` tells an article from a routine file.

How an article is read
----------------------
1. **Lines.** Markdown is reduced to text (links keep their words; images, tables, code and
   HTML tags go). Lines that are page furniture are dropped: image credits, "Advertisement",
   "Video of the Day", "Related Reading", "Report an Issue", "Screenshot loading...",
   "Activity Stretching", share/subscribe prompts, bare links, bylines.
2. **Blocks.** Each line is a heading (Markdown ``#``, a setext underline, a line that is all
   bold, or in plain text a short title-like line standing alone), a list item (``1.``,
   ``1)``, ``(1)``, ``Step 1:``, ``-``, ``*``, ``•``; the marker may stand alone with the text on
   the next line), a label (``How to do it:``, ``Instructions:``, ``Tip:``, ``Why it helps:``,
   ``Warning:``, ``Hold: 30 seconds`` ...) or paragraph text. A numbered line is a *heading*
   ("1. Basic Hamstring Stretch") rather than a step when it is short, title-like, has no
   full stop, and is followed by its own content (a paragraph, or a list that starts again or
   is indented deeper) instead of the next number. "**Name:** text" at the start of a
   paragraph or list item is an exercise name followed by its description.
3. **Sections.** Each heading starts a section. Its steps are, in order of preference: the
   items of numbered lists and of "How to do it:" blocks (then plain paragraphs in the section
   are commentary); otherwise the imperative sentences of its paragraphs plus bulleted lists
   that give instructions. Text under "Tip:", "Why it helps:", "Benefits:", "Note:",
   "Variations:" ... is left out.
4. **Exercises.** A section is an exercise when at least one step is an imperative body
   instruction (sit, stand, lie, place, lean, reach, pull, bend, hold, lift, lower, press,
   rotate, breathe, kneel, squeeze ... possibly after "Slowly", "Then," or a lead-in such as
   "With your right foot planted,") or carries timing, and its heading does not name a group
   or advice ("Exercises to Try", "3 More Things You Can Do", "Tips", "Causes", questions).
   Advice headings such as "Strengthen Your Core" with only prose about why it helps are not
   exercises. When no section qualifies, the article's own title section may be the one
   exercise (an article about a single stretch).
5. **Warnings.** Safety sentences (see a doctor or physical therapist, stop if it hurts,
   herniated discs, pregnancy, recent surgery...) become the spoken ``intro``, never steps:
   those before and inside the exercises, and any under a "Warning:"/"Safety" label or heading.
   Quoted speech is left out, and attributions ("according to ...") are trimmed.

Timing
------
Step text goes through :func:`stretchaudio.phrases.parse_step_text`, after a few rewrites it
does not cover: count ranges, "twice", "(each side)", "before switching sides", "repeat with
your left leg", "then do the other side". Recognised timing is written as explicit keys
(``hold:``, ``breaths:``, ``pause:``, ``switch_sides:``, the exercise's ``sides: both`` and
``repetitions:``), and the spoken text keeps only the instruction, so nothing depends on the
loader parsing the sentence again. The original line is kept as a YAML comment above each such
step.

* **Ranges take the lower bound**, the gentle end, for every kind of amount: "20-30 seconds"
  (with a hyphen or an en dash) is 20 s, "1-2 minutes" 60 s, "3-5 times" and "three to five
  reps" are 3 repetitions, "3-5 breaths" 3 breaths. This is the rule of
  :mod:`stretchaudio.phrases` for durations, extended here to counts.
* Nothing is invented silently. Vague amounts ("a few breaths", "hold the stretch") are written
  as ``breaths: true`` / ``hold: true``, and the value they get is written in the routine's
  ``defaults`` with the comment ``# default applied: ...``. Exercises the article gives no
  timing for get no hold; a comment says so.
* Amounts outside what a routine allows (a 20-minute hold, 500 repetitions) are not used; the
  step keeps its words and a warning says why.

Warnings
--------
``ImportResult.warnings`` has one line per thing left out that looked like an instruction
(an imperative body instruction or timing words), and per timing that could not be used, each as
``source:line: skipped '...': reason``, sorted by line. Page furniture, tips and "why it
helps" notes are left out without a warning: they never look like instructions.

Command line
------------
``stretchaudio import FILE|- [-o OUT]``: read the text (UTF-8; ``-`` for standard input), call
``import_article(text, source=FILE or "<stdin>")``, write ``routine_yaml`` to OUT (or standard
output) and each warning to standard error (:func:`import_command_output` gives both). For
``stretchaudio build --from-article FILE``, or a FILE for which :func:`looks_like_article` is
true, build ``result.routine`` directly after printing the warnings. :func:`import_file` reads
a file with the same checks as routine files. A :class:`~stretchaudio.errors.RoutineError`
(no exercise found, unreadable file) is bad input: exit code 2 like other routine errors.
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
