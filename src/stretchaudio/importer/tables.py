"""Markdown tables of exercises: one row per exercise.

The header says what each column holds: the exercise's name ("Exercise", "Stretch", or the
first column), how to do it ("How to do it", "Instructions", "Description"), and timing
("Hold", "Reps", "Sets", "Sides", "Breaths", "Rest"). Other columns ("Benefits", "Targets")
are left out, and so is a table with no instructions and no timing (a schedule, a price list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ledger import Ledger, quote
from .text import inline_text
from .words import imperative_kind

_SEPARATOR_ROW_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NAME_RE = re.compile(
    r"^(?:exercises?|stretch(?:es)?|moves?|movements?|poses?|names?|activit(?:y|ies)|drills?"
    r"|what)$",
    re.I,
)
_HOW_RE = re.compile(
    r"\b(?:how|instructions?|steps?|descriptions?|directions?|cues?|technique|what\s+to\s+do"
    r"|form|details?|method|execution)\b",
    re.I,
)
_TIMING_RE = re.compile(
    r"^(?:hold(?:\s+(?:time|for))?|duration|time|length|reps?|repetitions?|repeats?|times|count"
    r"|sets?|rounds|breaths?|rest|recovery|sides?|each\s+side|per\s+side|legs?|dosage|dose)$",
    re.I,
)


@dataclass(frozen=True)
class TableRow:
    """One exercise from a table: its name, instructions and timing fields ("Hold: 30 s")."""

    line: int
    name: str
    text: str
    fields: str


def read_table(rows: list[tuple[int, str]], ledger: Ledger) -> list[TableRow]:
    """The exercises of a Markdown table (``rows``: line number and text); what is left out
    goes to ``ledger``."""
    cells = [(line, _cells(text)) for line, text in rows if not _SEPARATOR_ROW_RE.match(text)]
    if len(cells) < 2:
        for line, row in cells:
            ledger.skip(line, " ".join(row), "a table without rows")
        return []
    header_line, header = cells[0]
    kinds = _column_kinds(header, [row for _, row in cells[1:]])
    if "how" not in kinds and "timing" not in kinds:
        for line, row in cells:
            ledger.skip(line, " | ".join(row), "a table that gives no instructions or timing")
        return []
    ledger.skip(
        header_line,
        " | ".join(header),
        "the header of a table of exercises (each row below it is an exercise)",
    )
    rows_read = (_row(line, row, header, kinds, ledger) for line, row in cells[1:])
    return [row for row in rows_read if row is not None]


def _cells(text: str) -> list[str]:
    """The cells of one table row, as plain text."""
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [inline_text(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", inner)]


def _column_kinds(header: list[str], rows: list[list[str]]) -> list[str]:
    """What each column holds: "name", "how", "timing" or "other". Without a "how" column, a
    column of instructions ("Notes": "Roll your shoulders back") is one."""
    kinds = []
    for cell in header:
        if _NAME_RE.match(cell.strip()):
            kinds.append("name")
        elif _TIMING_RE.match(cell.strip()):
            kinds.append("timing")
        elif _HOW_RE.search(cell):
            kinds.append("how")
        else:
            kinds.append("other")
    if "name" not in kinds and kinds and kinds[0] == "other":
        kinds[0] = "name"
    if "how" not in kinds:
        for index, kind in enumerate(kinds):
            cells = [row[index] for row in rows if index < len(row) and row[index]]
            said = sum(1 for cell in cells if imperative_kind(cell) is not None)
            if kind == "other" and cells and said * 2 >= len(cells):
                kinds[index] = "how"
                break
    return kinds


def _row(
    line: int, row: list[str], header: list[str], kinds: list[str], ledger: Ledger
) -> TableRow | None:
    """One row as an exercise; None (and a ledger entry) when it names no exercise."""
    name, how, fields = "", [], []
    for index, cell in enumerate(row):
        if not cell:
            continue
        kind = kinds[index] if index < len(kinds) else "other"
        title = header[index] if index < len(header) else ""
        if kind == "name" and not name:
            name = cell
        elif kind == "how":
            how.append(cell if cell.endswith((".", "!", "?")) else cell + ".")
        elif kind == "timing":
            fields.append(f"{title}: {cell}")
        else:
            ledger.skip(line, cell, f"the '{quote(title, 30)}' column of a table, not a step")
    if not name:
        ledger.skip(line, " | ".join(row), "a table row without an exercise name")
        return None
    return TableRow(line, name, " ".join(how), " | ".join(fields))
