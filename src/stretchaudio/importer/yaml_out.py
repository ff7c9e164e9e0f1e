"""Writing the result, stage 5: the routine YAML file.

The exercises found are written as a routine file to review, with the article line above each
step whose timing was recognised and every default applied marked as such.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import yaml

from ..model import ActionKind
from ..settings import Options
from .exercises import ExerciseDraft, StepDraft
from .general import General
from .ledger import Entry, quote
from .text import UNPRINTABLE_RE
from .timing import plain_number

# --- YAML ------------------------------------------------------------------------------------


_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;'()!?\-\u2019]*[A-Za-z0-9.!?)]")
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null"])


def _scalar(text: str) -> str:
    """``text`` as one YAML scalar on one line: plain when that is safe, quoted otherwise."""
    if _PLAIN_RE.fullmatch(text) and text.lower() not in _YAML_WORDS and "  " not in text:
        return text  # letters, digits and plain punctuation: always a plain string
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=False)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if "\n" not in dumped and _loads_as(dumped, text):
        return dumped
    return _double_quoted(text)


def _loads_as(dumped: str, text: str) -> bool:
    """Whether ``dumped`` reads back as ``text``."""
    try:
        return bool(yaml.safe_load(dumped) == text)
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that escapes everything outside printable ASCII."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _folded(key: str, text: str) -> list[str]:
    """``key: text``, as a folded block over several lines when it is long."""
    lines = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
    simple = text == " ".join(text.split()) and len(lines) > 1
    if not simple or any(line.startswith(("#", " ")) for line in lines):
        return [f"{key}: {_scalar(text)}"]
    return [f"{key}: >-", *(f"  {line}" for line in lines)]


def _comment(text: str) -> str:
    """Text that is safe inside a YAML comment (one line, printable)."""
    return " ".join(UNPRINTABLE_RE.sub(" ", text).split())


@dataclass
class _DefaultsUsed:
    """How many steps take their amount from the routine's defaults."""

    hold: int = 0
    breaths: int = 0
    pause: int = 0


def _defaults_used(exercises: list[ExerciseDraft]) -> _DefaultsUsed:
    """Count the steps whose amount comes from the defaults."""
    used = _DefaultsUsed()
    for exercise in exercises:
        for step in exercise.steps:
            action = step.action
            if action is None:
                continue
            if action.kind is ActionKind.HOLD and action.seconds is None:
                used.hold += 1
            elif action.kind is ActionKind.BREATHS and action.count is None:
                used.breaths += 1
            elif action.kind is ActionKind.PAUSE and action.seconds is None:
                used.pause += 1
    return used


def write_routine(
    source: str, title: str, intro: str, exercises: list[ExerciseDraft], general: General
) -> str:
    """The routine file; ``general`` is the timing the article gives for every exercise."""
    builtin = Options()
    used = _defaults_used(exercises)
    lines = [
        f"# Imported from {_comment(source)} by 'stretchaudio import'.",
        "# Review it before you build it: check each exercise's name, steps, holds, breaths,",
        "# sides and repetitions against the article. Above each step whose timing was",
        "# recognised is the article line it came from. Values marked 'default applied' are",
        "# not in the article.",
        f"title: {_scalar(title)}",
        "language: en  # the importer reads English articles; other languages: see the README",
    ]
    if intro:
        lines.extend(_folded("intro", intro))
    lines.append("# Used wherever the article gives no amount; command-line flags override them.")
    lines.append("defaults:")
    applied = "# default applied: the article gives no"
    said = _said(general.lines)
    if general.hold is not None:
        lines.append(f"  hold: {plain_number(general.hold)}  # {said}")
    elif used.hold:
        lines.append(
            f"  hold: {plain_number(builtin.hold)}  {applied} duration ({_times(used.hold)})"
        )
    if general.breaths is not None:
        lines.append(f"  breaths: {general.breaths}  # {said}")
    elif used.breaths:
        count = _times(used.breaths)
        lines.append(f"  breaths: {builtin.breaths}  {applied} number of breaths ({count})")
    if general.pace is not None:
        lines.append(f"  inhale: {plain_number(general.pace[0])}  # {_said(general.pace_lines)}")
        lines.append(f"  exhale: {plain_number(general.pace[1])}")
    if used.pause:
        count = _times(used.pause)
        lines.append(
            f"  step_pause: {plain_number(builtin.step_pause)}  {applied} duration ({count})"
        )
    if general.rest is not None:
        lines.append(f"  rest: {plain_number(general.rest)}  # {_said(general.rest_lines)}")
    else:
        lines.append(f"  rest: {plain_number(builtin.rest)}  {applied} rest between exercises")
    lines.append("exercises:")
    for exercise in exercises:
        lines.extend(_write_exercise(exercise))
    return "\n".join(lines) + "\n"


def _said(entries: list[Entry]) -> str:
    """The article lines a default came from, for its comment."""
    return "; ".join(f"line {e.line}: {_comment(quote(e.text, 80))}" for e in entries)


def _times(count: int) -> str:
    """ "1 step" / "3 steps"."""
    return f"{count} step" if count == 1 else f"{count} steps"


def _write_exercise(exercise: ExerciseDraft) -> list[str]:
    """One exercise as YAML lines: set-up steps under ``setup:``, the others under
    ``steps:``, each with the article lines it came from."""
    lines = [f"  - name: {_scalar(exercise.name)}"]
    lines.extend(
        f"    # line {note.line}: {_comment(quote(note.text, 100))}" for note in exercise.notes
    )
    if exercise.two_sided:
        lines.append("    sides: both")
    if exercise.repetitions is not None:
        lines.append(f"    repetitions: {exercise.repetitions}")
    if exercise.sets is not None:
        lines.append(f"    sets: {exercise.sets}")
    if exercise.rest is not None:
        lines.append(f"    rest: {plain_number(exercise.rest)}")
    if not exercise.timed():
        lines.append("    # the article gives no hold, breaths or repetitions for this exercise;")
        lines.append("    # each step is followed by a short pause (add 'hold: 30' to a step)")
    setup = [step for step in exercise.steps if step.setup]
    if setup:
        lines.append("    setup:")
        for step in setup:
            lines.extend(_write_step(step))
    lines.append("    steps:")
    for step in exercise.steps:
        if not step.setup:
            lines.extend(_write_step(step))
    return lines


def _write_step(step: StepDraft) -> list[str]:
    """One step: plain text, or a mapping with explicit timing keys; above it, the article
    lines it came from when its text is not theirs word for word."""
    lines: list[str] = []
    if len(step.originals) > 1 or step.text != step.original.strip():
        for line, original in sorted(step.originals, key=lambda pair: pair[0]):
            lines.append(f"      # line {line}: {_comment(quote(original, 100))}")
    plain = step.action is None and not (step.switch_sides or step.after or step.both_sides)
    if plain:
        return [*lines, f"      - {_scalar(step.text)}"]
    keys: list[str] = []
    if step.text:
        keys.append(f"text: {_scalar(step.text)}")
    action = step.action
    if action is not None:
        if action.kind is ActionKind.BREATHS:
            amount = "true" if action.count is None else str(action.count)
        else:
            amount = "true" if action.seconds is None else str(plain_number(action.seconds))
        keys.append(f"{action.kind.value}: {amount}" + (f"  # {step.note}" if step.note else ""))
    if step.after:
        keys.append(f"after: {_scalar(step.after)}")
    if step.switch_sides:
        keys.append("switch_sides: true")
    if step.both_sides:
        keys.append("both_sides: true")
    lines.append(f"      - {keys[0]}")
    lines.extend(f"        {key}" for key in keys[1:])
    return lines
