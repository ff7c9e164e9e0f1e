"""Reading article text, stage 4a: sections, and what each would give as an exercise.

:class:`Importer` cuts the blocks into sections (one per heading), sorts each section's text
into candidate steps, timing labels, safety sentences and text to leave out (with the reason),
and builds the exercise the section would give (:class:`Draft`). Which drafts become
exercises is decided afterwards (:mod:`.api`); :meth:`Importer.settle` then records in the
ledger what became of each section's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .exercises import (
    ExerciseDraft,
    apply_timing,
    finish,
    make_step,
    name_and_timing,
)
from .furniture import furniture_kind
from .general import General
from .labels import Label, find_label, label_timing
from .ledger import Entry, Ledger, quote
from .safety import split_warning
from .text import Piece, split_sentences
from .timing import find_timing, instruction_like, unused_timing
from .titles import excluded, split_title
from .words import (
    SAFETY_HEADING_RE,
    imperative_kind,
    mentions_body,
)

_STRUCTURED = ("numbered", "howto", "setup")
_WHOLE_ROUTINE_RE = re.compile(
    r"\b(?:repeat|do|complete|go\s+through|run\s+through|perform)\s+(?:(?:the|this)\s+)?(?:(?:whole"
    r"|entire|full)\s+(?:sequence|routine|circuit|workout|programme|program|series|flow|set)"
    r"|(?:routine|circuit|workout|programme|program))\b(?!\s+(?:on|with|for)\s+the\s+other)",
    re.IGNORECASE,
)
"""A repeat of the whole routine ("Repeat the whole sequence twice"): no exercise's count."""
_ROUNDS_RE = re.compile(r"\b(?:times|twice|rounds?|laps?)\b", re.IGNORECASE)


@dataclass
class Candidate:
    """A piece of text that might be a step, and where it came from."""

    text: str
    line: int
    end: int
    source: str  # "setup", "howto", "numbered", "bullet" or "prose"


@dataclass
class Section:
    """A heading and what follows it, up to the next heading."""

    heading: Block | None
    index: int
    blocks: list[Block] = field(default_factory=list)
    parent: Section | None = None  # the section of the nearest higher-level heading

    @property
    def excluded(self) -> str:
        """Why this section's heading names no exercise ("" when it may)."""
        ancestors = []
        parent = self.parent
        while parent is not None and parent.heading is not None:
            ancestors.append(parent.heading)
            parent = parent.parent
        return excluded(self.heading, ancestors)


@dataclass
class SafetyNote:
    """A safety sentence, where it was found, and whether a label or heading marked it."""

    text: str
    line: int
    end: int
    section: int
    labelled: bool


@dataclass
class Draft:
    """What a section would give as an exercise, and whether it qualifies."""

    section: Section
    exercise: ExerciseDraft
    structured: bool  # steps from numbered lists or a "How to do it" block
    excluded: str  # why the heading does not name an exercise ("" when it does)
    left_out: list[Entry] = field(default_factory=list)  # text this exercise leaves out
    labels: list[Entry] = field(default_factory=list)  # label lines read for timing

    @property
    def instructive(self) -> bool:
        """At least one imperative body instruction or timing, and a body part, position or
        exercise named in its name or steps (a recipe's "Fold the flour" is no exercise)."""
        ex = self.exercise
        given = any(step.instructive for step in ex.steps) or ex.two_sided or ex.timed()
        named = mentions_body(ex.name, name=True) or any(
            mentions_body(s.original) for s in ex.steps
        )
        return bool(ex.steps) and given and named

    def leave_out(self, piece: Piece | Candidate, reason: str, *, notable: bool = False) -> None:
        """Note that ``piece`` is not a step, and why."""
        self.left_out.append(
            Entry(piece.line, max(piece.line, piece.end), piece.text, reason, notable)
        )


class Importer:
    """Finds exercises, steps, timing and warnings in an article's blocks."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.safety: list[SafetyNote] = []
        self.general = General()  # "Hold each stretch for 30 seconds"

    # --- sections ---------------------------------------------------------------------------

    def sections(self, blocks: list[Block]) -> tuple[str, list[Section]]:
        """The title and the sections (the first one is the title's own). A "How to do it"
        heading after a tips heading ("### Benefits") belongs to the exercise above them."""
        title = ""
        sections = [Section(None, 0)]
        open_headings: list[Section] = []  # the nearest heading of each higher level
        target = sections[0]
        for block in blocks:
            if block.kind == "blank":
                continue
            if not title:
                title, block_left = split_title(block)
                if block_left is None or block_left.line != block.line:
                    self.ledger.use(block.line, title)
                if block_left is None:
                    continue
                block = block_left
            if block.kind == "heading":
                while open_headings and _level(open_headings[-1]) >= block.level:
                    open_headings.pop()
                parent = open_headings[-1] if open_headings else None
                target = Section(block, len(sections), parent=parent)
                sections.append(target)
                open_headings.append(target)
                continue
            if _steps_label(block):
                while target.heading is not None and target.heading.label is not None:
                    target = target.parent or sections[0]
            target.blocks.append(block)
        return title, sections

    def draft(self, section: Section, name: str | None = None) -> Draft | None:
        """The exercise a section would give (None for sections that cannot be one: page
        furniture and safety advice, which go to the ledger and the intro right away)."""
        heading = section.heading
        if heading is not None and heading.noise:
            for entry in _texts(section.blocks):
                self.ledger.skip(
                    entry.line,
                    entry.text,
                    f"under '{quote(heading.text, 40)}', page furniture",
                    end=entry.end,
                )
            return None
        if heading is not None and SAFETY_HEADING_RE.search(heading.text):
            self.safety_section(section)
            return None
        name = heading.text if heading is not None else name
        if name is None:
            return None
        name, heading_timing = name_and_timing(name)
        exercise = ExerciseDraft(name, heading.line if heading else 1)
        draft = Draft(section, exercise, False, section.excluded)
        if heading is not None and (heading_timing.found or heading_timing.rest is not None):
            exercise.note(heading.line, heading.text)
        apply_timing(exercise, heading_timing, whole_exercise=True)
        candidates = self.candidates(section, draft)
        for candidate in candidates:
            step, problems = make_step(
                candidate.text, candidate.line, candidate.end, candidate.source, exercise
            )
            for problem in problems:
                draft.leave_out(candidate, problem.reason, notable=problem.notable)
            if step is not None:
                exercise.steps.append(step)
            else:
                draft.labels.append(Entry(candidate.line, candidate.end, candidate.text))
        finish(exercise)
        return draft

    def safety_section(self, section: Section) -> None:
        """A "Safety" or "Precautions" section: all of it is advice for the intro."""
        assert section.heading is not None
        self.ledger.skip(
            section.heading.line,
            section.heading.text,
            "the heading of safety advice (the advice itself is in the intro)",
        )
        for block in section.blocks:
            text = f"{block.label.rest}" if block.label is not None else block.text
            for piece in split_sentences(text, block.parts) if text else []:
                end = max(piece.line, piece.end)
                self.safety.append(SafetyNote(piece.text, piece.line, end, section.index, True))

    def settle(self, draft: Draft, chosen: bool, reason: str = "") -> None:
        """Record in the ledger what became of a section: as an exercise, its name, labels and
        steps are used and the rest is left out with its own reason; otherwise all of it is
        left out because of ``reason``."""
        exercise = draft.exercise
        heading = draft.section.heading
        if chosen:
            if heading is not None:
                self.ledger.use(heading.line, heading.text)
            for entry in [*draft.labels, *exercise.notes]:
                self.ledger.use(entry.line, entry.text, entry.end)
            for step in exercise.steps:
                self.ledger.use(step.line, step.original, step.end)
            for entry in draft.left_out:
                self.ledger.skip(
                    entry.line, entry.text, entry.reason, end=entry.end, notable=entry.notable
                )
            return
        if heading is not None:
            self.ledger.skip(heading.line, heading.text, _heading_reason(reason))
        for entry in [*draft.labels, *exercise.notes]:
            self.ledger.skip(entry.line, entry.text, reason, end=entry.end)
        for step in exercise.steps:
            self.ledger.skip(
                step.line, step.original, reason, end=step.end, notable=step.instructive
            )
        for entry in draft.left_out:
            self.ledger.skip(entry.line, entry.text, reason, end=entry.end, notable=entry.notable)

    # --- the text of a section --------------------------------------------------------------

    def candidates(self, section: Section, draft: Draft) -> list[Candidate]:
        """The texts that may be steps, in order; labels, warnings and text left out go to
        ``draft`` and the intro."""
        structured: list[Candidate] = []
        loose: list[Candidate] = []
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
                    self.timing_label(block, block.label, draft)
                elif block.text:
                    draft.leave_out(Piece(block.label.name, block.line), _label_reason(block.label))
                    self.unit([block], block.label, section, draft, (structured, loose))
                    scope = None
                else:
                    scope, scope_whole = block.label, block.from_heading
                    draft.leave_out(Piece(block.label.name, block.line), _label_reason(scope))
                continue
            unit, index = _unit(blocks, index)
            self.unit(unit, scope, section, draft, (structured, loose))
            if not scope_whole:
                scope = None
        return self.beside_structured(structured, loose, draft)

    @staticmethod
    def beside_structured(
        structured: list[Candidate], loose: list[Candidate], draft: Draft
    ) -> list[Candidate]:
        """All candidates in order; with numbered steps, prose beside them is left out except
        instructions before the first numbered step (the starting position). A "Starting
        position:" block alone is no list of steps: the prose after it is the movement."""
        if not structured:
            return loose
        if all(candidate.source == "setup" for candidate in structured):
            return sorted([*structured, *loose], key=lambda candidate: candidate.line)
        draft.structured = True
        first = min(candidate.line for candidate in structured)
        kept = []
        for candidate in loose:
            body = imperative_kind(candidate.text) == "body"
            if candidate.source != "prose" or (body and candidate.line < first):
                kept.append(candidate)
            elif instruction_like(candidate.text, body_only=True):
                reason = "an instruction beside the numbered steps, not one of them"
                draft.leave_out(
                    candidate, reason + "; add it to the steps if it belongs there", notable=True
                )
            else:
                draft.leave_out(candidate, "commentary beside the numbered steps")
        return sorted(structured + kept, key=lambda c: c.line)

    def timing_label(self, block: Block, label: Label, draft: Draft) -> None:
        """A label line of timing fields ("Reps: 10 | Hold: 5 sec")."""
        text = label.rest if label.name == "fields" else f"{label.name}: {label.rest}"
        timing = label_timing(text)
        apply_timing(draft.exercise, timing, whole_exercise=True)
        draft.exercise.note(block.line, text)
        draft.labels.append(Entry(block.line, block.end, text))
        if timing.text:
            piece = Piece(timing.text, block.line)
            draft.leave_out(
                piece, "part of a label line that is not timing the importer reads", notable=True
            )

    def unit(
        self,
        unit: list[Block],
        scope: Label | None,
        section: Section,
        draft: Draft,
        out: tuple[list[Candidate], list[Candidate]],
    ) -> None:
        """Sort one paragraph or list into steps, warnings and text to leave out."""
        instructive_list = any(
            block.kind == "item" and instruction_like(block.text) for block in unit
        )
        for block in unit:
            if block.kind == "item":
                label = find_label(block.text)
                if label is not None and label.kind not in ("howto", "timing"):
                    para = Block("para", block.line, label.rest, end=block.end)
                    draft.leave_out(Piece(label.name, block.line), _label_reason(label))
                    self.unit([para], label, section, draft, out)
                    continue
                text = label.rest if label is not None and label.kind == "howto" else block.text
                pieces = [Piece(_without_commentary(text, block, draft), block.line)]
            else:
                pieces = split_sentences(block.text, block.parts)
            for piece in pieces:
                end = block.end if block.kind == "item" else max(piece.line, piece.end)
                for candidate in self.piece(piece, end, block, scope, section, draft):
                    if candidate.source == "bullet" and not instructive_list:
                        draft.leave_out(candidate, "an item of a list that gives no instructions")
                        continue
                    (out[0] if candidate.source in _STRUCTURED else out[1]).append(candidate)

    def piece(
        self,
        piece: Piece,
        end: int,
        block: Block,
        scope: Label | None,
        section: Section,
        draft: Draft,
    ) -> list[Candidate]:
        """One sentence or list item: candidate steps, or none (a warning for the intro, or
        text left out)."""
        kind = furniture_kind(piece.text)
        if kind is not None:
            draft.leave_out(piece, f"page furniture ({kind})")
            return []
        if scope is not None and scope.kind == "warning":
            self.safety.append(SafetyNote(piece.text, piece.line, end, section.index, True))
            return []
        source = _source(block, scope.kind if scope is not None else "")
        outside = section.index == 0 or bool(section.excluded)
        if outside and self.general.add(piece.text, piece.line, end):
            return []  # timing for every exercise: the routine's default
        self.general.add_pace(piece.text, piece.line, end)
        if self.general.add_rest(piece.text, piece.line, end):
            return []  # "Rest for 20 seconds between each stretch": the routine's rest
        if _WHOLE_ROUTINE_RE.search(piece.text) and _ROUNDS_RE.search(piece.text):
            reason = "a repeat of the whole routine, not of this exercise; play the file again"
            draft.leave_out(piece, reason, notable=True)
            return []
        candidates = []
        for text, warning in split_warning(piece.text):
            if warning:
                self.safety.append(SafetyNote(text, piece.line, end, section.index, False))
                continue
            candidate = Candidate(text, piece.line, end, source)
            if scope is not None and scope.kind == "skip":
                draft.leave_out(candidate, f"under '{quote(scope.name, 30)}', not a step")
            elif block.kind == "item" or source in _STRUCTURED or instruction_like(text):
                candidates.append(candidate)
            elif unused_timing(text):
                draft.leave_out(
                    candidate, "timing in a sentence that is not an instruction", notable=True
                )
            else:
                draft.leave_out(candidate, "commentary, not an instruction")
        return candidates


def _without_commentary(text: str, block: Block, draft: Draft) -> str:
    """A list item without the sentences after its first that only comment ("This helps
    stretch the piriformis."); those go to ``draft`` as left out."""
    pieces = split_sentences(text, [(0, block.line)])
    if len(pieces) < 2:
        return text
    kept = [pieces[0].text]
    for piece in pieces[1:]:
        addressed = re.match(r"(?:you|your)\b", piece.text, re.IGNORECASE) is not None
        if addressed or instruction_like(piece.text) or find_timing(piece.text).found:
            kept.append(piece.text)
        else:
            draft.leave_out(
                Piece(piece.text, block.line, block.end), "commentary, not an instruction"
            )
    return " ".join(kept)


def _label_reason(label: Label) -> str:
    """Why a label's own words ("How to do it:", "Tip:") are not spoken."""
    if label.kind in ("howto", "setup"):
        return "a label, not an instruction (the steps it introduces are in the routine)"
    return "a label, not an instruction (what it introduces is not a step)"


def _steps_label(block: Block) -> bool:
    """A "How to do it" or "Starting position" label written as a heading."""
    label = block.label
    return block.from_heading and label is not None and label.kind in ("howto", "setup")


def _level(section: Section) -> int:
    return section.heading.level if section.heading is not None else 0


def _source(block: Block, scope: str) -> str:
    """Where a candidate comes from: a "setup" or "howto" label, a list, or prose."""
    if scope in ("howto", "setup"):
        return scope
    if block.kind == "item":
        return "numbered" if block.marker in ("num", "step") else "bullet"
    return "prose"


def _heading_reason(reason: str) -> str:
    """Why a section's heading is left out, from why its text is."""
    if reason.startswith("under '"):
        return "a heading" + reason[reason.index("',") + 1 :] if "'," in reason else reason
    return reason


def _texts(blocks: list[Block]) -> list[Entry]:
    """The text of every block, as ledger entries."""
    entries = []
    for block in blocks:
        text = block.text if block.label is None else f"{block.label.name}: {block.label.rest}"
        if text.strip():
            entries.append(Entry(block.line, block.end, text))
    return entries


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
