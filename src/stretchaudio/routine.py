"""Reading routine files: YAML text in, validated :class:`~stretchaudio.model.Routine` out.

:func:`load_routines` reads a file, :func:`load_routines_text` a string, :func:`load_builtin` a
routine that ships with the package, and :func:`resolve` whichever a command-line argument names.
This module reads the bytes (at most :data:`MAX_FILE_BYTES`, UTF-8) and parses the YAML;
:mod:`stretchaudio.schema` checks the result against the routine format (documented there) and
builds the model.

Every problem is reported as a :class:`~stretchaudio.errors.RoutineError` that names the file,
the line and column, and the field (``exercises[2].steps[0].hold``: list positions count from
0), and says what to change. No other exception escapes from this module.
"""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml
from yaml.nodes import Node

from .errors import Location, RoutineError
from .model import Routine
from .schema import _Builder, _short

__all__ = [
    "BUILTIN_DIR",
    "MAX_FILE_BYTES",
    "builtin_names",
    "load_builtin",
    "load_routines",
    "load_routines_text",
    "resolve",
]

BUILTIN_DIR: Traversable = files("stretchaudio") / "routines"
MAX_FILE_BYTES = 1_000_000
YAML_SUFFIXES = (".yaml", ".yml")

# --- reading -------------------------------------------------------------------------------


def _compose(text: str, source: str) -> list[Node]:
    """All YAML documents of ``text`` as node trees, or a located RoutineError."""
    if "\x00" in text:
        raise RoutineError(_BINARY_MESSAGE, Location(source))
    try:
        documents = yaml.compose_all(text, Loader=yaml.SafeLoader)
        return [node for node in documents if node is not None]
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, source) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise RoutineError(
            f"the text contains the control character U+{code:04X}, which YAML does not "
            "allow; delete it",
            Location(source, line, column),
        ) from None
    except yaml.YAMLError as error:
        raise RoutineError(f"YAML error: {_short(str(error), 200)}", Location(source)) from None
    except RecursionError:
        raise RoutineError(
            "the YAML is nested too deeply to read; a routine needs only a few levels",
            Location(source),
        ) from None


def _syntax_error(error: yaml.MarkedYAMLError, source: str) -> RoutineError:
    """A RoutineError at the place the YAML parser gave up."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if error.context and error.problem:
        message += f" ({error.context})"
    if "\\t" in problem or "'\\t'" in problem:
        message += "; indent with spaces, not tabs"
    else:
        message += "; check the indentation and quoting on this line and the one before"
    location = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
    return RoutineError(" ".join(message.split()), location)


_BINARY_MESSAGE = (
    "this looks like a binary file, not YAML text (it contains NUL bytes); "
    "give the path of a .yaml routine file"
)


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text of a file's bytes, or a RoutineError saying how to fix the file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RoutineError(
            "the file is saved as UTF-16; save it as UTF-8 text instead", Location(source)
        )
    if b"\x00" in data:
        raise RoutineError(_BINARY_MESSAGE, Location(source))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RoutineError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read); "
            "open it in a text editor and save it with UTF-8 encoding",
            Location.of_byte(source, data, error.start),
        ) from None


def _read(path: Path) -> bytes:
    """The bytes of a routine file, or a RoutineError saying what is wrong with the path."""
    where = Location(str(path))
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # bounded, even for /dev/zero
    except (OSError, ValueError) as error:
        raise RoutineError(_path_problem(error), where) from None
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError(
            f"the file is larger than {MAX_FILE_BYTES} bytes, more than a routine file can "
            "be; check that this is the right file",
            where,
        )
    return data


def _path_problem(error: OSError | ValueError) -> str:
    """What went wrong opening a routine file, and what to do."""
    if isinstance(error, FileNotFoundError):
        return "no such file; check the path and spelling"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a routine file; give the path of a .yaml file"
    if isinstance(error, PermissionError):
        return "permission denied; make the file readable or copy it somewhere readable"
    if isinstance(error, OSError):
        return f"cannot read the file ({error.strerror or error}); check the path"
    return "this is not a valid file path; check it for stray characters"


def _exists(spec: str) -> bool:
    """Whether ``spec`` names something on disk (False for paths the system rejects)."""
    try:
        return Path(spec).exists()
    except (OSError, ValueError):
        return False


def load_routines_text(
    text: str, source: str = "<string>", language: str | None = None
) -> list[Routine]:
    """The routines in YAML ``text``; ``source`` names it in error messages. ``language``
    is the language of routines that do not state one (``language:``); English if None."""
    documents = _compose(text, source)
    try:
        return _Builder(source, language).routines(documents)
    except RecursionError:
        raise RoutineError(
            "the YAML refers to itself too deeply to read; remove the looping alias",
            Location(source),
        ) from None


def load_routines(path: Path | str, language: str | None = None) -> list[Routine]:
    """The routines in the YAML file at ``path`` (``language``: see load_routines_text)."""
    path = Path(path)
    return load_routines_text(_decode(_read(path), str(path)), str(path), language)


# --- built-in routines -----------------------------------------------------------------------


def _builtin_files() -> dict[str, Traversable]:
    """Built-in routine files by name (file name without ``.yaml``)."""
    try:
        entries = list(BUILTIN_DIR.iterdir())
    except OSError:
        return {}
    found: dict[str, Traversable] = {}
    for entry in entries:
        stem, suffix = os.path.splitext(entry.name)
        if suffix in YAML_SUFFIXES and entry.is_file():
            found.setdefault(stem, entry)
    return found


def builtin_names() -> list[str]:
    """Names of the routines that ship with the package, sorted."""
    return sorted(_builtin_files())


def _available() -> str:
    """ "built-in routines: a, b" or a note that there are none."""
    names = builtin_names()
    return f"built-in routines: {', '.join(names)}" if names else "there are no built-in routines"


def load_builtin(name: str) -> list[Routine]:
    """The routines of the built-in routine file called ``name`` (written in English)."""
    entry = _builtin_files().get(name)
    if entry is None:
        raise RoutineError(f"there is no built-in routine named '{_short(name)}'; {_available()}")
    source = f"built-in:{entry.name}"
    try:
        data = entry.read_bytes()
    except OSError as error:
        raise RoutineError(
            f"cannot read the built-in routine ({error})", Location(source)
        ) from None
    return load_routines_text(_decode(data, source), source, "en")


def _looks_like_path(spec: str) -> bool:
    """Whether ``spec`` names a file rather than a built-in routine."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in spec for sep in separators) or spec.lower().endswith(YAML_SUFFIXES)


def resolve(spec: str, language: str | None = None) -> list[Routine]:
    """The routines named by a command-line argument: a file path or a built-in name.
    ``language``: the language of routine files that do not state one."""
    if spec and (_exists(spec) or _looks_like_path(spec)):
        return load_routines(spec, language)
    if spec in _builtin_files():
        return load_builtin(spec)
    raise RoutineError(
        f"no routine file or built-in routine named '{_short(spec)}'; {_available()}. "
        "Give the path of a .yaml routine file or one of the built-in names"
    )
