"""One exception hierarchy. Every message says what is wrong, where, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


class StretchAudioError(Exception):
    """Root of every error this package raises on purpose.

    The CLI prints ``str(error)`` on one line and exits with ``exit_code``; no traceback.
    """

    exit_code = 1


class UsageError(StretchAudioError, ValueError):
    """Raised when options or arguments contradict each other or are out of range."""

    exit_code = 2


@dataclass(frozen=True)
class Location:
    """Where in a routine file something was found (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    @classmethod
    def of_byte(cls, file: str, data: bytes, offset: int) -> Location:
        """The line and column of byte ``offset`` in a file's ``data``."""
        line = data.count(b"\n", 0, offset) + 1
        return cls(file, line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            where += f": {self.field}"
        return where


class RoutineError(StretchAudioError, ValueError):
    """Raised when a routine file cannot be read or does not match the routine format."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class EngineError(StretchAudioError, RuntimeError):
    """Raised when a speech engine is unavailable or fails to synthesise a phrase."""


class AudioError(StretchAudioError, RuntimeError):
    """Raised when decoding, mixing or encoding audio fails (ffmpeg missing or failing)."""


class OutputError(StretchAudioError, OSError):
    """Raised when the output file cannot be written (folder missing, unwritable, disk full)."""
