"""Measure decoded audio the way a listener (and the issue's check) does: silence is a run of
10 ms windows whose RMS is below -45 dBFS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from stretchaudio import ffmpeg

WINDOW_MS = 10
THRESHOLD_DBFS = -45.0


def decode(path: Path, rate: int = 22050) -> npt.NDArray[np.int16]:
    return ffmpeg.decode(path=path, sample_rate=rate)


def silent_runs(
    pcm: npt.NDArray[np.int16], rate: int, threshold_dbfs: float = THRESHOLD_DBFS
) -> list[tuple[float, float]]:
    """(start, end) seconds of every run of silent 10 ms windows."""
    win = rate * WINDOW_MS // 1000
    n = len(pcm) // win
    frames = pcm[: n * win].astype(np.float64).reshape(n, win)
    rms = np.sqrt((frames**2).mean(axis=1))
    silent = rms < 32768 * 10 ** (threshold_dbfs / 20)
    runs = []
    i = 0
    while i < n:
        if silent[i]:
            j = i
            while j < n and silent[j]:
                j += 1
            runs.append((i * win / rate, j * win / rate))
            i = j
        else:
            i += 1
    return runs


def gap_around(runs: list[tuple[float, float]], t: float) -> float:
    """Length of the silent run that contains time ``t`` (0 if none)."""
    for a, b in runs:
        if a <= t < b:
            return b - a
    return 0.0
