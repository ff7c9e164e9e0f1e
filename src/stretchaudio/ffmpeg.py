"""Locate ffmpeg and use it to decode audio to samples.

A system ffmpeg on PATH is preferred; otherwise the static binary shipped in the
``imageio-ffmpeg`` wheel is used, so nothing beyond pip is ever needed. That binary has no
ffprobe, so we always call ffmpeg itself with explicit raw formats.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .errors import AudioError


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary: $STRETCHAUDIO_FFMPEG, then PATH, then imageio-ffmpeg's."""
    configured = os.environ.get("STRETCHAUDIO_FFMPEG")
    if configured:
        if not (Path(configured).is_file() and os.access(configured, os.X_OK)):
            raise AudioError(
                f"STRETCHAUDIO_FFMPEG points to {configured!r}, which is not an executable file. "
                "Unset it or point it at an ffmpeg binary."
            )
        return configured
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
        return exe
    except Exception as exc:
        raise AudioError(
            "ffmpeg was not found on PATH and the bundled one (imageio-ffmpeg) is unavailable: "
            f"{exc}. Reinstall stretchaudio with pip, or install ffmpeg."
        ) from exc


def decode(
    data: bytes | None = None,
    *,
    path: Path | None = None,
    sample_rate: int,
    input_format: str | None = None,
    input_args: list[str] | None = None,
    filters: str | None = None,
) -> npt.NDArray[np.int16]:
    """Decode audio bytes or a file to mono int16 at ``sample_rate`` (ffmpeg resamples).

    ``filters`` is an ffmpeg ``-af`` filter chain applied before resampling (e.g. ``atempo``).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error"]
    if input_format:
        cmd += ["-f", input_format]
    cmd += input_args or []
    cmd += ["-i", str(path) if path is not None else "pipe:0"]
    if filters:
        cmd += ["-af", filters]
    cmd += ["-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"]
    try:
        proc = subprocess.run(
            cmd, input=data if path is None else None, capture_output=True, check=False
        )
    except OSError as exc:
        raise AudioError(f"could not run ffmpeg ({cmd[0]}): {exc}") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = msg[-1] if msg else f"exit code {proc.returncode}"
        source = path or "audio data"
        raise AudioError(f"ffmpeg could not decode {source}: {detail}")
    raw = proc.stdout
    return np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.int16)
