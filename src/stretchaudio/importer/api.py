"""The public functions: :func:`import_article`, :func:`import_file`, :func:`looks_like_article`.

They run the stages (text, blocks, exercises, timing, YAML) over an article; the package
docstring describes how an article is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import Location, RoutineError
from ..model import Routine
from ..naming import slugify
from ..routine import load_routines_text
from .blocks import Reader, find_headings
from .exercises import HOW_TO_RE, Draft, ExerciseDraft, Importer, SafetyNote
from .safety import condense_warning
from .text import clean_text
from .yaml_out import write_routine

MAX_ARTICLE_CHARS = 2_000_000
"""Longer text is not an article; :func:`import_article` refuses it."""

_MAX_INTRO_SENTENCES = 5


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_article` made of an article.

    ``routine_yaml`` is the routine file to write (it loads with
    :func:`~stretchaudio.routine.load_routines_text`); ``routine`` is that file loaded;
    ``warnings`` lists what was skipped or not understood, one ``source:line: ...`` line each.
    """

    routine_yaml: str
    warnings: list[str]
    routine: Routine


def import_command_output(result: ImportResult) -> tuple[str, list[str]]:
    """What ``stretchaudio import`` prints: the YAML (stdout or ``-o``) and the warnings
    (stderr, one per line)."""
    return result.routine_yaml, list(result.warnings)


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


def _intro(warnings: list[SafetyNote], last_exercise: int) -> str:
    """The spoken intro: the safety sentences, condensed, without repeats."""
    chosen: list[str] = []
    seen: set[str] = set()
    for warning in sorted(warnings, key=lambda warning: warning.line):
        if not (warning.labelled or warning.section <= last_exercise):
            continue
        text = condense_warning(warning.text)
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        chosen.append(text)
        if len(chosen) == _MAX_INTRO_SENTENCES:
            break
    return " ".join(chosen)


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


def import_article(text: str, source: str = "<article>") -> ImportResult:
    """Read a plain-text or Markdown article and write it as a routine (see the module doc).

    Raises :class:`~stretchaudio.errors.RoutineError` when the article is too long or has no
    exercise at all.
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise RoutineError(
            f"{source} is longer than {MAX_ARTICLE_CHARS} characters, more than an article "
            "can be; check that this is the right file"
        )
    lines = _strip_front_matter(clean_text(text)).split("\n")
    blocks = Reader().read(lines)
    strong = sum(1 for block in blocks if block.kind == "heading" and block.strong)
    blocks = find_headings(blocks, plain_text=strong < 2)
    importer = Importer(source)
    title, sections = importer.sections(blocks)
    drafts = [d for d in (importer.draft(section) for section in sections[1:]) if d is not None]
    title_name = HOW_TO_RE.sub("", title).strip() or title or "Exercise"
    title_draft = importer.draft(sections[0], name=title_name)
    chosen = _choose(drafts, title_draft)
    if not chosen:
        raise RoutineError(
            f"no exercises found in {source}: expected headings or numbered steps with "
            "instructions such as 'Lie on your back' or 'Hold for 30 seconds' (exercise names "
            "as headings or numbered titles, each followed by numbered or bulleted steps, a "
            "'How to do it:' block or a paragraph of instructions)"
        )
    chosen_ids = {id(draft) for draft in chosen}
    for draft in drafts:
        if id(draft) not in chosen_ids:
            importer.reject(draft)
    exercises = [draft.exercise for draft in chosen]
    _dedupe_names(exercises)
    intro = _intro(importer.safety, max(draft.section.index for draft in chosen))
    routine_yaml = write_routine(source, title or "Imported routine", intro, exercises)
    routines = load_routines_text(routine_yaml, f"{source} (imported)")
    warnings = [message for _, message in sorted(importer.warnings, key=lambda w: w[0])]
    return ImportResult(routine_yaml, warnings, routines[0])


def import_file(path: Path | str) -> ImportResult:
    """Import the article in the file at ``path`` (its path is the source in messages)."""
    where = Location(str(path))
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(MAX_ARTICLE_CHARS * 4 + 1)  # bounded, even for /dev/zero
    except FileNotFoundError:
        raise RoutineError("no such file; check the path and spelling", where) from None
    except IsADirectoryError:
        raise RoutineError("this is a folder; give the path of an article file", where) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise RoutineError(f"cannot read the file ({reason}); check the path", where) from None
    if b"\x00" in data:
        raise RoutineError(
            "this looks like a binary file, not an article (it contains NUL "
            "bytes); give a plain-text or Markdown file",
            where,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RoutineError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start} cannot be read); save it as UTF-8",
            where,
        ) from None
    return import_article(text, str(path))


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
