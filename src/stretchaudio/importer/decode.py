"""Reading an article's bytes: a file or standard input, bounded, decoded as UTF-8.

Whatever arrives (a UTF-16 export from a word processor, Windows-1252 text piped in, an
image, an endless stream), the result is the text or a one-line
:class:`~stretchaudio.errors.RoutineError` that says what the input is and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..errors import Location, RoutineError

MAX_ARTICLE_BYTES = 2_000_000
"""Larger input is not an article (a book, a log, a stream that never ends): it is refused."""

STDIN = "<stdin>"

_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _fix(source: str, encoding: str) -> str:
    """What to do with text in ``encoding``: save the file as UTF-8, or convert the stream."""
    if source == STDIN:
        return f"convert it first, e.g. 'iconv -f {encoding} -t UTF-8 FILE | stretchaudio import -'"
    return "save it as UTF-8 text (in most editors: Save As, encoding UTF-8)"


def read_limited(stream: BinaryIO, source: str) -> bytes:
    """At most :data:`MAX_ARTICLE_BYTES` from ``stream``; a longer input is an error.

    Only one byte more than the limit is ever read, so an endless stream is refused quickly
    and in bounded memory.
    """
    try:
        data = stream.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise RoutineError(f"cannot read the input ({reason})", _where(source)) from None
    if len(data) > MAX_ARTICLE_BYTES:
        what = "standard input" if source == STDIN else "the file"
        raise RoutineError(
            f"{what} is longer than {MAX_ARTICLE_BYTES:,} bytes, more than an article can "
            "be; check that this is the right input (import a shorter part of it)",
            _where(source),
        )
    return data


def read_file(path: Path | str) -> bytes:
    """The bytes of the article file at ``path`` (bounded), or a located error."""
    where = Location(str(path))
    try:
        with Path(path).open("rb") as stream:
            return read_limited(stream, str(path))
    except RoutineError:
        raise
    except FileNotFoundError:
        raise RoutineError("no such file; check the path and spelling", where) from None
    except IsADirectoryError:
        raise RoutineError("this is a folder; give the path of an article file", where) from None
    except PermissionError:
        raise RoutineError(
            "permission denied; make the file readable or copy it somewhere readable", where
        ) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise RoutineError(f"cannot read the file ({reason}); check the path", where) from None


def decode(data: bytes, source: str) -> str:
    """The text of an article's bytes (UTF-8, with or without a byte-order mark).

    UTF-16 and UTF-32 (with or without a byte-order mark) are named as such, NUL bytes
    otherwise mean a binary file, and any other undecodable byte is located by line and
    column; each is a :class:`RoutineError` that says to save the text as UTF-8.
    """
    what = "standard input" if source == STDIN else "the file"
    encoding = _wide_encoding(data)
    if encoding is not None:
        raise RoutineError(f"{what} is {encoding} text; {_fix(source, encoding)}", _where(source))
    if b"\x00" in data:
        raise RoutineError(
            f"{what} looks like a binary file, not an article (it contains NUL bytes); give "
            "a plain-text or Markdown file",
            _where(source),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RoutineError(
            f"{what} is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read; it may "
            f"be Windows-1252 or Latin-1); {_fix(source, 'WINDOWS-1252')}",
            Location.of_byte(source, data, error.start),
        ) from None


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``data`` is text in one of them, else None.

    Without a byte-order mark, mostly-ASCII text in these encodings shows NUL bytes at fixed
    positions of each character (every other byte, or three bytes of four).
    """
    if data.startswith(_UTF32_BOMS):
        return "UTF-32"
    if data.startswith(_UTF16_BOMS):
        return "UTF-16"
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        shares = [_nul_share(sample, width, offset) for offset in range(width)]
        text_at = [i for i, share in enumerate(shares) if share <= 0.1]
        if len(text_at) == 1 and all(s >= 0.6 for i, s in enumerate(shares) if i != text_at[0]):
            return name
    return None


def _nul_share(sample: bytes, width: int, offset: int) -> float:
    """The share of NUL bytes at ``offset`` within each ``width``-byte unit of ``sample``."""
    units = sample[offset::width]
    return units.count(0) / len(units) if units else 0.0


def _where(source: str) -> Location:
    return Location(source)
