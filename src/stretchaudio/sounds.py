"""Cue sounds generated in code (no audio assets): soft chimes and breathing tones.

Each sound is a short sum of sine partials with a smooth attack and an exponential decay,
rendered at the track's sample rate as int16. Levels sit well under the voice.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CHIME_SECONDS = 0.6
END_CHIME_SECONDS = 0.4  # short, so it fits after a countdown's "One."
TONE_SECONDS = 0.9
SECONDS = {
    "chime_start": CHIME_SECONDS,
    "chime_end": END_CHIME_SECONDS,
    "tone_in": TONE_SECONDS,
    "tone_out": TONE_SECONDS,
}
"""Every cue sound and its length, known without generating it (numpy is only needed to
make the samples, in the mixer)."""
SOUNDS = tuple(SECONDS)


def sound_length(name: str, rate: int) -> int:
    """Samples in the named sound at ``rate``: exactly ``len(sound(name, rate))``."""
    if name not in SECONDS:
        raise KeyError(f"unknown sound {name!r}; known: {', '.join(SOUNDS)}")
    return round(SECONDS[name] * rate)


def _bell(
    rate: int, freqs: tuple[float, ...], seconds: float, level_db: float
) -> npt.NDArray[np.int16]:
    import numpy as np

    n = round(seconds * rate)
    t = np.arange(n) / rate
    wave = np.zeros(n)
    for k, f in enumerate(freqs):
        wave += np.sin(2 * np.pi * f * t) / (k + 1)  # softer upper partials
    envelope = np.exp(-t * 6.0 / seconds)  # about -52 dB by the end
    attack = min(n, round(0.008 * rate))
    envelope[:attack] *= np.linspace(0.0, 1.0, attack, endpoint=False)
    envelope[-attack:] *= np.linspace(1.0, 0.0, attack)
    wave *= envelope
    wave *= 10 ** (level_db / 20) / max(1e-9, float(np.abs(wave).max()))
    out: npt.NDArray[np.int16] = np.round(wave * 32767).astype(np.int16)
    return out


def _glide(
    rate: int, f0: float, f1: float, seconds: float, level_db: float
) -> npt.NDArray[np.int16]:
    import numpy as np

    n = round(seconds * rate)
    t = np.arange(n) / rate
    freq = np.geomspace(f0, f1, n)
    phase = 2 * np.pi * np.cumsum(freq) / rate
    envelope = np.sin(np.pi * t / seconds) ** 2  # swells in and out, no click
    wave = np.sin(phase) * envelope * 10 ** (level_db / 20)
    out: npt.NDArray[np.int16] = np.round(wave * 32767).astype(np.int16)
    return out


@functools.cache
def sound(name: str, rate: int) -> npt.NDArray[np.int16]:
    """The named cue sound at ``rate``: chime_start (rising pair), chime_end (falling pair),
    tone_in (a rising glide for inhaling), tone_out (a falling glide for exhaling)."""
    if name == "chime_start":
        return _bell(rate, (880.0, 1318.5, 2637.0), CHIME_SECONDS, -14.0)
    if name == "chime_end":
        return _bell(rate, (659.3, 987.8, 1975.5), END_CHIME_SECONDS, -14.0)
    if name == "tone_in":
        return _glide(rate, 330.0, 495.0, TONE_SECONDS, -20.0)
    if name == "tone_out":
        return _glide(rate, 495.0, 330.0, TONE_SECONDS, -20.0)
    raise KeyError(f"unknown sound {name!r}; known: {', '.join(SOUNDS)}")
