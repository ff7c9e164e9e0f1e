"""Reading article text, stage 4: sections and exercises.

:class:`Importer` cuts the blocks into sections (one per heading), finds each section's steps,
timing and safety warnings, and records what it skips; the helpers below turn a section into
the exercise it would give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language.text import tidy
from ..model import Action, ActionKind
from .blocks import Block
from .furniture import is_noise
from .labels import Label, find_label
from .safety import is_warning
from .text import Piece, split_sentences
from .timing import (
    FREQUENCY_ONLY_RE,
    FREQUENCY_RE,
    Timing,
    find_timing,
    has_timing_words,
    instruction_like,
    label_timing,
    unused_timing,
)
from .words import (
    ADVICE_GROUP_RE,
    ADVICE_VERB_RE,
    EXERCISE_GROUP_RE,
    EXERCISE_NOUNS_RE,
    NOT_EXERCISE_HEADING_RE,
    SAFETY_HEADING_RE,
    SMALL_WORDS,
    imperative_kind,
)

_MAX_QUOTE = 70  # characters of an article line quoted in a warning or comment


# --- sections and exercises ------------------------------------------------------------------


@dataclass
class StepDraft:
    """A step of an exercise as it will be written."""

    text: str
    line: int
    original: str
    action: Action | None = None
    switch_sides: bool = False
    instructive: bool = False  # an imperative body instruction, or timed
    after: str = ""  # said once the timed action is over


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
    notes: list[str] = field(default_factory=list)  # article lines that only set sides/reps

    def timed(self) -> bool:
        """Whether the article gives any timing for this exercise."""
        return any(step.action for step in self.steps) or (self.repetitions or 1) > 1


@dataclass
class _Candidate:
    """A piece of text that might be a step, and where it came from."""

    text: str
    line: int
    source: str  # "howto", "numbered", "bullet" or "prose"


@dataclass
class _Section:
    """A heading and what follows it, up to the next heading."""

    heading: Block | None
    index: int
    blocks: list[Block] = field(default_factory=list)
    parent: _Section | None = None  # the section of the nearest higher-level heading


@dataclass
class Draft:
    """What a section would give as an exercise, and whether it qualifies."""

    section: _Section
    exercise: ExerciseDraft
    structured: bool  # steps from numbered lists or a "How to do it" block
    excluded: str  # why the heading does not name an exercise ("" when it does)

    @property
    def instructive(self) -> bool:
        """At least one imperative body instruction or timing."""
        ex = self.exercise
        return bool(ex.steps) and (
            any(step.instructive for step in ex.steps) or ex.two_sided or ex.timed()
        )


@dataclass
class SafetyNote:
    """A safety sentence, where it was found, and whether a label or heading marked it."""

    text: str
    line: int
    section: int
    labelled: bool


class Importer:
    """Finds exercises, steps, timing and warnings in an article's blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[tuple[int, str]] = []
        self.safety: list[SafetyNote] = []

    def warn(self, line: int, text: str, reason: str) -> None:
        """Record one ``source:line: skipped '...': reason`` warning."""
        message = f"{self.source}:{line}: skipped '{quote(text)}': {reason}"
        if (line, message) not in self.warnings:
            self.warnings.append((line, message))

    # --- sections ---------------------------------------------------------------------------

    @staticmethod
    def sections(blocks: list[Block]) -> tuple[str, list[_Section]]:
        """The title and the sections (the first one is the title's own)."""
        title = ""
        sections = [_Section(None, 0)]
        for block in blocks:
            if block.kind == "blank":
                continue
            if not title:
                title, block_left = _split_title(block)
                if block_left is None:
                    continue
                block = block_left
            if block.kind == "heading":
                parent = next(
                    (
                        section
                        for section in reversed(sections[1:])
                        if section.heading is not None and section.heading.level < block.level
                    ),
                    None,
                )
                sections.append(_Section(block, len(sections), parent=parent))
            else:
                sections[-1].blocks.append(block)
        return title, sections

    def draft(self, section: _Section, name: str | None = None) -> Draft | None:
        """The exercise a section would give (None for sections that cannot be one)."""
        heading = section.heading
        if heading is not None and heading.noise:
            return None
        safety_section = heading is not None and bool(SAFETY_HEADING_RE.search(heading.text))
        candidates, labels, structured = self.candidates(section, safety_section)
        if safety_section:
            return None
        name = heading.text if heading is not None else name
        if name is None:
            return None
        name, heading_timing = _name_and_timing(name)
        exercise = ExerciseDraft(name, heading.line if heading else 1)
        if heading is not None and (heading_timing.found or heading_timing.rest is not None):
            exercise.notes.append(f"line {heading.line}: {quote(heading.text, 100)}")
        _apply(exercise, heading_timing, whole_exercise=True)
        for line, label, timing in labels:
            exercise.notes.append(f"line {line}: {quote(label.name.capitalize())}: {label.rest}")
            _apply(exercise, timing, whole_exercise=True)
        for candidate in candidates:
            step = self.step(candidate, exercise)
            if step is not None:
                exercise.steps.append(step)
        _finish(exercise)
        return Draft(section, exercise, structured, _excluded(section))

    def reject(self, draft: Draft) -> None:
        """Warn about the instructions of a section that did not become an exercise."""
        heading = draft.section.heading
        if heading is None or not draft.excluded:
            return
        reason = f"under '{quote(heading.text, 40)}', which is not an exercise ({draft.excluded})"
        for step in draft.exercise.steps:
            if step.instructive:
                self.warn(step.line, step.original, reason)

    def candidates(
        self, section: _Section, safety_section: bool
    ) -> tuple[list[_Candidate], list[tuple[int, Label, Timing]], bool]:
        """The texts that may be steps (in order), timing from labels, and whether the steps
        come from numbered lists or "How to do it" blocks."""
        structured: list[_Candidate] = []
        loose: list[_Candidate] = []
        labels: list[tuple[int, Label, Timing]] = []
        scope: Label | None = None
        scope_whole = False  # the label was a heading: it lasts until the next label
        blocks = section.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind == "blank":
                index += 1
                continue
            if block.kind == "label" and block.label is not None:
                index += 1
                if block.label.kind == "timing":
                    labels.append((block.line, block.label, label_timing(block.label)))
                elif block.text:
                    self.unit([block], block.label.kind, section, structured, loose, safety_section)
                    scope = None
                else:
                    scope, scope_whole = block.label, block.from_heading
                continue
            unit, index = _unit(blocks, index)
            kind = scope.kind if scope is not None else "normal"
            self.unit(unit, kind, section, structured, loose, safety_section)
            if not scope_whole:
                scope = None
        if not structured:
            return loose, labels, False
        for candidate in loose:
            if candidate.source == "prose":
                self.note_skipped(candidate, "commentary beside the numbered steps")
        kept = [c for c in loose if c.source != "prose"]
        return sorted(structured + kept, key=lambda c: c.line), labels, True

    def unit(
        self,
        unit: list[Block],
        scope: str,
        section: _Section,
        structured: list[_Candidate],
        loose: list[_Candidate],
        safety_section: bool,
    ) -> None:
        """Sort one paragraph or list into steps, warnings and text to leave out."""
        instructive_list = any(
            block.kind == "item" and instruction_like(block.text) for block in unit
        )
        for block in unit:
            if block.kind == "item":
                label = find_label(block.text)
                if label is not None and label.kind == "timing":
                    continue
                if label is not None and label.kind != "howto":
                    para = Block("para", block.line, label.rest)
                    self.unit([para], label.kind, section, structured, loose, safety_section)
                    continue
                pieces = [Piece(label.rest if label is not None else block.text, block.line)]
            else:
                pieces = split_sentences(block.text, block.parts)
            for piece in pieces:
                candidate = self.piece(piece, block, scope, section, safety_section)
                if candidate is None:
                    continue
                if candidate.source == "bullet" and not instructive_list:
                    continue
                is_structured = candidate.source in ("numbered", "howto")
                (structured if is_structured else loose).append(candidate)

    def piece(
        self, piece: Piece, block: Block, scope: str, section: _Section, safety_section: bool
    ) -> _Candidate | None:
        """One sentence or list item: a candidate step, or None (kept as a warning, or left
        out)."""
        text = piece.text
        if not text or is_noise(text):
            return None
        if scope == "warning" or (safety_section and is_warning(text)):
            self.safety.append(SafetyNote(text, piece.line, section.index, labelled=True))
            return None
        if is_warning(text):
            self.safety.append(SafetyNote(text, piece.line, section.index, labelled=False))
            return None
        if scope == "skip" or safety_section:
            return None
        if scope == "howto":
            source = "howto"
        elif block.kind == "item":
            source = "numbered" if block.marker in ("num", "step") else "bullet"
        else:
            source = "prose"
        candidate = _Candidate(text, piece.line, source)
        if block.kind != "item" and not instruction_like(text):
            if source == "prose" and unused_timing(text):
                reason = "timing in a sentence that is not an instruction"
                self.note_skipped(candidate, reason, always=True)
            return None
        return candidate

    def note_skipped(self, candidate: _Candidate, reason: str, *, always: bool = False) -> None:
        """Warn about a sentence left out, if it looked like an instruction."""
        if always or instruction_like(candidate.text, body_only=True):
            self.warn(candidate.line, candidate.text, reason)

    # --- steps ------------------------------------------------------------------------------

    def step(self, candidate: _Candidate, exercise: ExerciseDraft) -> StepDraft | None:
        """A step from one candidate text; sides and repetitions go to ``exercise``."""
        text = candidate.text
        frequency = FREQUENCY_RE.search(text)
        if frequency:
            text = tidy(text[: frequency.start()] + text[frequency.end() :])
            if FREQUENCY_ONLY_RE.match(text):
                self.warn(candidate.line, candidate.text, "says how often, not what to do")
                return None
        timing = find_timing(text)
        _apply(exercise, timing)
        keep = bool(timing.text or timing.action or timing.switch_sides or timing.after)
        for problem in timing.problems:
            rest = "; the step keeps its other words" if keep else ""
            self.warn(candidate.line, candidate.text, problem + rest)
        if timing.text and not (timing.found or timing.problems) and has_timing_words(timing.text):
            self.warn(
                candidate.line,
                candidate.text,
                "its timing was not understood (the words stay in the spoken step); add "
                "'hold:', 'breaths:' or 'repetitions:' by hand",
            )
        if not keep:  # only "on each side" / "10 times": the exercise has it now
            exercise.notes.append(f"line {candidate.line}: {quote(candidate.text, 100)}")
            return None
        instructive = timing.found or imperative_kind(candidate.text) == "body"
        return StepDraft(
            text=timing.text,
            line=candidate.line,
            original=candidate.text,
            action=timing.action,
            switch_sides=timing.switch_sides,
            instructive=instructive,
            after=timing.after,
        )


def _excluded(section: _Section) -> str:
    """Why a section's heading does not name one exercise ("" when it may)."""
    heading = section.heading
    if heading is None:
        return ""
    name = _NAME_PREFIX_RE.sub("", heading.text)
    if NOT_EXERCISE_HEADING_RE.search(name):
        return "it names a group or advice"
    if ADVICE_VERB_RE.match(name) and not EXERCISE_NOUNS_RE.search(name):
        return "it gives advice"
    parent = section.parent
    while parent is not None and parent.heading is not None:
        group = parent.heading.text
        if ADVICE_GROUP_RE.search(group) and not EXERCISE_GROUP_RE.search(group):
            return f"it is listed under '{quote(group, 40)}'"
        parent = parent.parent
    return ""


def _split_title(block: Block) -> tuple[str, Block | None]:
    """The routine title from the article's first block, and what is left of that block."""
    if block.kind == "heading":
        return _uncapitalise(block.text), None
    if block.kind != "para":
        return "Imported routine", block
    if len(block.parts) > 1:
        split = block.parts[1][0]
        rest = Block("para", block.parts[1][1], block.text[split:].strip(), end=block.end)
        rest.parts = [(offset - split, line) for offset, line in block.parts[1:]]
        rest.parts[0] = (0, rest.parts[0][1])
        return _short_title(block.text[:split]), rest
    words = block.text.split()
    if len(words) <= 16:
        return _short_title(block.text), None
    return _short_title(block.text), block


def _short_title(text: str) -> str:
    """A title of at most a dozen words."""
    words = " ".join(text.split()).rstrip(":").split()
    return " ".join(words) if len(words) <= 16 else " ".join(words[:12]) + "..."


def _apply(exercise: ExerciseDraft, timing: Timing, *, whole_exercise: bool = False) -> None:
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


def _finish(exercise: ExerciseDraft) -> None:
    """Apply a hold or breaths the article gives for the whole exercise ("Hold: 30 seconds").

    Steps that say "hold" without an amount get it; if no step has a timed action at all, the
    last step gets it.
    """
    steps = exercise.steps
    for index, step in enumerate(steps):
        action = step.action
        if action is None:
            continue
        if action.kind is ActionKind.HOLD and action.seconds is None and exercise.hold:
            steps[index].action = Action(ActionKind.HOLD, seconds=exercise.hold)
        elif action.kind is ActionKind.BREATHS and action.count is None and exercise.breaths:
            steps[index].action = Action(ActionKind.BREATHS, count=exercise.breaths)
    if not steps or any(step.action for step in steps):
        return
    if exercise.hold is not None:
        steps[-1].action = Action(ActionKind.HOLD, seconds=exercise.hold)
    elif exercise.breaths is not None:
        steps[-1].action = Action(ActionKind.BREATHS, count=exercise.breaths)


def quote(text: str, limit: int = _MAX_QUOTE) -> str:
    """An article line shortened for a message, on one line."""
    text = " ".join(text.split()).replace("'", "\u2019")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _unit(blocks: list[Block], index: int) -> tuple[list[Block], int]:
    """A paragraph, or a whole list (items with blank lines between), from ``index`` on."""
    block = blocks[index]
    if block.kind != "item":
        return [block], index + 1
    unit = [block]
    index += 1
    while index < len(blocks):
        following = index
        while following < len(blocks) and blocks[following].kind == "blank":
            following += 1
        if following == len(blocks) or blocks[following].kind != "item":
            break
        unit.append(blocks[following])
        index = following + 1
    return unit, index


_NAME_PREFIX_RE = re.compile(
    r"^(?:(?:exercise|stretch|move|pose|no\.?|number|part|day)\s*)?#?\d{1,2}\s*[:.)\-\u2013\u2014]"
    r"\s*|^(?:exercise|stretch|move)\s+#?\d{1,2}\s+",
    re.IGNORECASE,
)
HOW_TO_RE = re.compile(r"^how\s+to\s+(?:do|perform|try)?\s*(?:(?:a|an|the)\s+)?", re.IGNORECASE)


def _name_and_timing(heading: str) -> tuple[str, Timing]:
    """An exercise name from its heading, and any timing the heading adds ("(30 s each side)")."""
    name = _NAME_PREFIX_RE.sub("", heading.strip())
    name = HOW_TO_RE.sub("", name).strip() or name
    timing = Timing("")
    for match in list(re.finditer(r"\(([^()]*)\)", name)):
        found = find_timing(match.group(1))
        if not found.found:
            found = label_timing(Label("timing", "hold", match.group(1)))
        if found.found or found.rest is not None:
            timing = found
            name = name.replace(match.group(0), " ")
    parts = re.split(r"\s+[-\u2013\u2014|]\s+|:\s+", name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        found = find_timing(parts[1])
        if not found.found:
            found = label_timing(Label("timing", "hold", parts[1]))
        if found.found:
            timing, name = found, parts[0]
    name = _uncapitalise(" ".join(name.split()).strip(" :-\u2013\u2014"))
    if name:
        name = name[0].upper() + name[1:]
    return name, timing


def _uncapitalise(text: str) -> str:
    """ "PELVIC TILT" as "Pelvic Tilt" (all-capital headings read badly); other text as is."""
    if text != text.upper() or not re.search(r"[A-Z]{4}", text):
        return text
    words = text.split()
    return " ".join(
        word.lower() if index and word.lower() in SMALL_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )
