"""The public functions: :func:`import_article`, :func:`import_file`, :func:`looks_like_article`.

They run the stages (text, blocks, exercises, timing, YAML) over an article; the package
docstring describes how an article is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import RoutineError
from ..model import Routine
from ..naming import slugify
from .blocks import Reader
from .decode import STDIN, decode, read_file
from .english import language_problem
from .exercises import ExerciseDraft
from .headings import find_headings
from .intro import make_intro
from .ledger import Ledger, quote
from .limits import MAX_EXERCISES, MAX_HOURS, check_count, check_limits
from .page import is_html, page_markdown
from .sections import Draft, Importer, Section
from .shape import shape
from .text import clean_text
from .timing import instruction_like
from .titles import title_name
from .yaml_out import write_routine

MAX_ARTICLE_CHARS = 2_000_000
"""Longer text is not an article; :func:`import_article` refuses it."""
_EARLY_STOP = 4  # reading stops at this many times the exercises allowed


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_article` made of an article.

    ``routine_yaml`` is the routine file to write (it loads with
    :func:`~stretchaudio.routine.load_routines_text`); ``routine`` is that file loaded.
    ``warnings`` lists what was left out although it looked like an instruction or gave
    timing, and what could not be used; ``left_out`` every other sentence the routine does not
    say (page furniture, commentary, tips). Both are ``source:line: skipped '...': reason``
    lines sorted by line: together with the YAML and the intro they account for every
    sentence of the article.
    """

    routine_yaml: str
    warnings: list[str]
    routine: Routine
    left_out: list[str] = field(default_factory=list)
    report: list[tuple[int, str]] = field(default_factory=list, repr=False)
    """Every warning (prefixed "Warning: ") and left-out line, in line order."""


def import_command_output(result: ImportResult) -> tuple[str, list[str]]:
    """What ``stretchaudio import`` prints: the YAML (stdout or ``-o``) and, for standard
    error, every warning ("Warning: ...") and every sentence left out, in article order."""
    return result.routine_yaml, [line for _, line in result.report]


def build_messages(result: ImportResult, source: str) -> list[str]:
    """What ``build`` and ``script`` print when they import an article on the fly: the
    warnings, and one line counting the rest (``import`` lists them)."""
    lines = [f"Warning: {warning}" for warning in result.warnings]
    if result.left_out:
        count = len(result.left_out)
        lines.append(
            f"Note: {count} other sentence{'s' if count != 1 else ''} of {source} (page "
            f"furniture, commentary, tips) {'are' if count != 1 else 'is'} not in the routine; "
            f"'stretchaudio import {source}' lists each"
        )
    return lines


# --- the public functions -------------------------------------------------------------------


def _dedupe_names(exercises: list[ExerciseDraft]) -> None:
    """Give every exercise a name of its own (the loader needs distinct slugs)."""
    seen: set[str] = set()
    for number, exercise in enumerate(exercises, start=1):
        name = exercise.name or f"Exercise {number}"
        candidate, suffix = name, 2
        while slugify(candidate) in seen:
            candidate, suffix = f"{name} ({suffix})", suffix + 1
        seen.add(slugify(candidate))
        exercise.name = candidate


def _drafts(
    importer: Importer, sections: list[Section], source: str, max_exercises: int, lines: int
) -> list[Draft]:
    """The drafts of the sections; reading stops (with an error) once far more exercises
    than ``max_exercises`` are found, so that a book is refused quickly."""
    drafts: list[Draft] = []
    found = 0
    for section in sections:
        draft = importer.draft(section)
        if draft is None:
            continue
        drafts.append(draft)
        found += draft.instructive and not draft.excluded
        if found > max(_EARLY_STOP * max_exercises, max_exercises + 1):
            line = draft.exercise.line
            check_count(found, f"{source} (counted up to line {line} of {lines})", max_exercises)
    return drafts


def _choose(drafts: list[Draft], title_draft: Draft | None) -> list[Draft]:
    """The drafts that become exercises.

    Sections whose heading names an exercise and that give instructions; failing that, the
    article's title section (an article about one exercise); failing that, sections with
    numbered steps even under a group heading ("Morning stretches").
    """
    chosen = [d for d in drafts if d.instructive and not d.excluded]
    if chosen:
        return chosen
    if title_draft is not None and title_draft.instructive:
        return [title_draft]
    return [d for d in drafts if d.instructive and d.structured]


def _why_not(draft: Draft) -> str:
    """Why a section is not an exercise: the reason for leaving out its text."""
    heading = draft.section.heading
    if heading is None:
        return "the article's introduction, before the first exercise"
    name = quote(heading.text, 40)
    if draft.excluded:
        return f"under '{name}', which is not an exercise ({draft.excluded})"
    return f"under '{name}', which gives no instructions to follow"


def import_article(
    text: str,
    source: str = "<article>",
    *,
    max_exercises: int = MAX_EXERCISES,
    max_hours: float = MAX_HOURS,
) -> ImportResult:
    """Read a plain-text, Markdown or HTML article and write it as a routine (see the module
    doc; a web page is read as the Markdown :mod:`.page` makes of it).

    Raises :class:`~stretchaudio.errors.RoutineError` when the article is too long, has no
    exercise at all, or gives more than ``max_exercises`` exercises or ``max_hours`` hours of
    audio (see :mod:`.limits`).
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise RoutineError(
            f"{source} is longer than {MAX_ARTICLE_CHARS:,} characters, more than an article "
            "can be; check that this is the right file"
        )
    if is_html(text):  # a saved web page: its content as Markdown (line numbers are its)
        text = page_markdown(text)
    ledger = Ledger(source)
    lines = _strip_front_matter(clean_text(text)).split("\n")
    blocks = Reader(ledger).read(lines)
    strong = sum(1 for block in blocks if block.kind == "heading" and block.strong)
    importer = Importer(ledger)
    title, sections = importer.sections(find_headings(blocks, plain_text=strong < 2))
    exercises = _exercises(importer, sections, title, text, source, max_exercises, len(lines))
    intro = make_intro(importer.safety, ledger)
    ledger.sweep(lines, instruction_like)
    problem = language_problem(text)
    if problem is not None:
        reason = f"the article may not be in English ({problem}); the importer reads English "
        ledger.skip(1, title or source, reason + "only, so check every step", notable=True)
    general = importer.general
    routine_yaml = write_routine(source, title or "Imported routine", intro, exercises, general)
    routine = check_limits(routine_yaml, source, max_hours)
    return _result(routine_yaml, routine, ledger)


def _exercises(
    importer: Importer,
    sections: list[Section],
    title: str,
    text: str,
    source: str,
    max_exercises: int,
    lines: int,
) -> list[ExerciseDraft]:
    """The exercises of the article's sections, shaped and named; what each section leaves out
    goes to the ledger."""
    drafts = _drafts(importer, sections[1:], source, max_exercises, lines)
    title_draft = importer.draft(sections[0], name=title_name(title))
    chosen = _choose(drafts, title_draft)
    if not chosen:
        raise _no_exercises(text, source)
    check_count(len(chosen), source, max_exercises)
    for draft in [*([title_draft] if title_draft else []), *drafts]:
        is_chosen = any(draft is other for other in chosen)
        importer.settle(draft, is_chosen, "" if is_chosen else _why_not(draft))
    exercises = [draft.exercise for draft in chosen]
    for exercise in exercises:
        importer.general.apply(exercise)
        shape(exercise)
    for entry in [*importer.general.lines, *importer.general.rest_lines]:
        importer.ledger.use(entry.line, entry.text, entry.end)
    _dedupe_names(exercises)
    return exercises


def _result(routine_yaml: str, routine: Routine, ledger: Ledger) -> ImportResult:
    """The result, with the ledger's messages."""
    warnings, left_out = ledger.messages(notable=True), ledger.messages(notable=False)
    report = sorted(
        [(line, f"Warning: {message}") for line, message in warnings]
        + [(line, message) for line, message in left_out],
        key=lambda pair: pair[0],
    )
    return ImportResult(
        routine_yaml, [m for _, m in warnings], routine, [m for _, m in left_out], report
    )


def _no_exercises(text: str, source: str) -> RoutineError:
    """The error for an article without any exercise (naming a language problem)."""
    problem = language_problem(text)
    if problem is not None:
        return RoutineError(
            f"no exercises found in {source}, which does not look like English ({problem}); "
            "the importer reads English articles only: write the routine file by hand (see "
            "'Routine files' in the README)"
        )
    return RoutineError(
        f"no exercises found in {source}: expected headings or numbered steps with "
        "instructions such as 'Lie on your back' or 'Hold for 30 seconds' (exercise names "
        "as headings or numbered titles, each followed by numbered or bulleted steps, a "
        "'How to do it:' block or a paragraph of instructions)"
    )


def import_bytes(
    data: bytes,
    source: str = STDIN,
    *,
    max_exercises: int = MAX_EXERCISES,
    max_hours: float = MAX_HOURS,
) -> ImportResult:
    """Import an article given as bytes (standard input): decoded as UTF-8, or a one-line
    :class:`RoutineError` naming UTF-16, a binary file or the byte that cannot be read."""
    text = decode(data, source)
    return import_article(text, source, max_exercises=max_exercises, max_hours=max_hours)


def import_file(
    path: Path | str, *, max_exercises: int = MAX_EXERCISES, max_hours: float = MAX_HOURS
) -> ImportResult:
    """Import the article in the file at ``path`` (its path is the source in messages)."""
    text = decode(read_file(path), str(path))
    return import_article(text, str(path), max_exercises=max_exercises, max_hours=max_hours)


_FRONT_MATTER_RE = re.compile(r"\A---\n(?:.*\n){0,200}?(?:---|\.\.\.)\n")


def _strip_front_matter(text: str) -> str:
    """Markdown front matter (``---`` ... ``---`` at the top) blanked, keeping line numbers."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


_EXERCISES_KEY_RE = re.compile(r"^(?:-\s+)?exercises\s*:", re.MULTILINE)


def looks_like_article(text: str) -> bool:
    """Whether ``text`` is an article to import rather than a routine YAML file.

    A routine file has an ``exercises:`` key at the start of a line, or is YAML whose documents
    are all mappings (or lists of them), one with a ``title``. Anything else with some text in
    it is taken for an article. Empty text is not an article.
    """
    if not text.strip() or _EXERCISES_KEY_RE.search(text):
        return False
    try:
        documents = list(_first_documents(text))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return True
    if not documents:
        return True
    structured = all(isinstance(doc, dict | list) or doc is None for doc in documents)
    return not (structured and any(_has_title(doc) for doc in documents))


def _has_title(document: object) -> bool:
    """Whether a parsed YAML document is (or lists) a mapping with a ``title``."""
    items = document if isinstance(document, list) else [document]
    return any(isinstance(item, dict) and "title" in item for item in items)


def _first_documents(text: str, limit: int = 20) -> Iterator[object]:
    """Up to ``limit`` parsed YAML documents of ``text``."""
    for count, document in enumerate(yaml.safe_load_all(text)):
        if count >= limit:
            return
        yield document
