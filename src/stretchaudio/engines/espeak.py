"""espeak-ng: a tiny, robotic but dependable offline fallback, when the program is installed.

It runs the ``espeak-ng`` command (``apt install espeak-ng``, ``brew install espeak-ng``) and
reads the WAV it writes to standard output.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from typing import Any, ClassVar

import numpy as np

from ..errors import EngineError
from .base import Clip, EngineSettings

BASE_WPM = 160  # espeak-ng's default speaking rate, in words per minute


def _exe() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


class EspeakEngine:
    """espeak-ng: small, robotic offline voice (needs the espeak-ng program)."""

    name: ClassVar[str] = "espeak"
    concurrency: ClassVar[int] = 2  # separate processes: use the cores

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        exe = _exe()
        if exe is None:
            raise EngineError(
                "the espeak engine needs the espeak-ng program, which is not installed. "
                "Install it (e.g. apt install espeak-ng) or use --engine piper."
            )
        self.exe = exe

    @classmethod
    def availability(cls) -> str | None:
        if _exe() is None:
            return "espeak-ng is not installed (apt install espeak-ng / brew install espeak-ng)"
        return None

    @classmethod
    def voices(cls) -> list[str]:
        """``--lang CODE: Name`` for every voice, each once. ``-v`` takes a language code or
        a voice file's name; where several voices share a language (espeak-ng 1.51 has two
        for ``yue``), the first is reached by the code and the others by their file names."""
        exe = _exe()
        if exe is None:
            return []
        out = subprocess.run([exe, "--voices"], capture_output=True, text=True, check=False)
        listed: dict[str, str] = {}
        for row in out.stdout.splitlines()[1:]:
            # Pty Language Age/Gender VoiceName File Other-languages (names use _ for spaces)
            cols = row.split()
            if len(cols) < 5:
                continue
            lang, name, file = cols[1], cols[3].replace("_", " "), cols[4]
            code = lang if lang not in listed else file.rsplit("/", 1)[-1]
            listed.setdefault(code, name)
        return [f"--lang {code}: {name}" for code, name in listed.items()]

    def identity(self) -> dict[str, Any]:
        version = subprocess.run(
            [self.exe, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        return {
            "engine": self.name,
            "lang": self.settings.lang,
            "speed": self.settings.speed,
            "version": version,
        }

    def synthesize(self, text: str) -> Clip:
        wpm = str(round(BASE_WPM * self.settings.speed))
        cmd = [self.exe, "-v", self.settings.lang, "-s", wpm, "--stdout", text]
        try:
            proc = subprocess.run(cmd, capture_output=True, check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"espeak-ng failed to run: {exc}") from exc
        if proc.returncode != 0 or not proc.stdout:
            detail = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
            raise EngineError(f"espeak-ng could not speak {text[:40]!r}: {detail}")
        with wave.open(io.BytesIO(proc.stdout)) as wav:
            rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
        return Clip(np.frombuffer(frames, dtype="<i2").astype(np.int16), rate)
