"""Loudness: every spoken clip is brought to the spoken-word target, with its peaks limited.

Measurement uses pyloudnorm (ITU-R BS.1770 K-weighting and gating), not hand-written code.
Normalising each clip, rather than the finished track, gives the same integrated loudness for
the whole routine (silence is gated out of the measure) and lets the gain be known before the
first sample is encoded, so the mix can stream. The peak limiter is a look-ahead gain envelope
that keeps every sample under a ceiling with enough margin for inter-sample peaks and MP3
encoding.

scipy and pyloudnorm are imported only when a clip is prepared (a cold render), never on the
warm path, because prepared clips are cached.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]

MONO_OFFSET = 3.0
"""A mono file played on two speakers measures ~3 LU louder than the same file as one channel."""
PEAK_CEILING_DB = -2.0
"""Ceiling for a clip's sample peaks. Inter-sample peaks and MP3 encoding add up to ~1 dB at
speech frequencies, so the encoded file stays at or under -1 dBTP (measured by ffmpeg's
ebur128 in the tests)."""
LOOKAHEAD_S = 0.005
RELEASE_S = 0.040


def preload() -> None:
    """Import the measurement libraries (about 0.7 s, so callers may do it in the background)."""
    import pyloudnorm  # noqa: F401
    from scipy.ndimage import minimum_filter1d  # noqa: F401


TRACK_OFFSET = 0.6
"""Measured: a track of clips each levelled to L reads about 0.5 LU under L, because 400 ms
blocks that straddle the edges of lines pass the relative gate. Clips are levelled this much
higher so the whole track lands on the target."""


def mono_target(lufs: float) -> float:
    """The per-clip loudness for a mono track that a stereo player measures as ``lufs``."""
    return lufs - MONO_OFFSET + TRACK_OFFSET


CONTEXT_S = 0.4
"""Silence around a clip when it is measured: in the track every line sits between pauses, and
the 400 ms blocks that straddle its edges count towards the track's loudness."""


def measure(samples: Samples, rate: int, context: float = CONTEXT_S) -> float:
    """Integrated loudness (LUFS, one channel) of a clip as it sounds between pauses.

    The clip is measured with ``context`` seconds of silence on each side (repeated until the
    measure has a few blocks to gate, for very short clips)."""
    import pyloudnorm

    x = samples.astype(np.float64) / 32768.0
    if len(x) == 0 or not np.any(x):
        return float("-inf")
    pad = np.zeros(int(rate * context))
    unit = np.concatenate([pad, x, pad]) if context > 0 else x
    repeats = max(1, int(np.ceil(rate * 2.0 / len(unit))))
    meter = pyloudnorm.Meter(rate)
    return float(meter.integrated_loudness(np.tile(unit, repeats)))


def limit(x: npt.NDArray[np.float64], rate: int, ceiling_db: float) -> npt.NDArray[np.float64]:
    """Look-ahead peak limiter: a smooth gain that keeps every sample under the ceiling.

    The required gain per sample is min-filtered over look-ahead + release, then averaged over
    the look-ahead: an average of values that are each at most the required gain never exceeds
    it, so the ceiling holds exactly while the gain moves smoothly (no clicks, little distortion).
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_db / 20)
    peak = np.abs(x)
    if peak.max(initial=0.0) <= ceiling:
        return x
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    ahead = max(1, int(rate * LOOKAHEAD_S))
    hold = max(1, int(rate * RELEASE_S))
    floor = minimum_filter1d(need, size=2 * (ahead + hold) + 1, mode="nearest")
    smooth = uniform_filter1d(floor, size=2 * ahead + 1, mode="nearest")
    out: npt.NDArray[np.float64] = x * np.minimum(smooth, need)
    return out


def normalise(samples: Samples, rate: int, target_lufs: float) -> Samples:
    """Bring a clip to ``target_lufs`` (one channel), its sample peaks limited to the ceiling."""
    loudness = measure(samples, rate)
    if not np.isfinite(loudness):
        return samples
    x = samples.astype(np.float64) * (10 ** ((target_lufs - loudness) / 20) / 32768.0)
    y = limit(x, rate, PEAK_CEILING_DB)
    # Limiting takes a little energy away; give it back once (the energy ratio tracks the
    # loudness change closely, so no second loudness measurement is needed).
    wanted = float(np.sum(x * x))
    boost = 1.0
    for _ in range(4):
        lost = wanted / max(float(np.sum(y * y)), 1e-12)
        if lost < 1.01:
            break
        boost *= np.sqrt(lost)
        y = limit(x * boost, rate, PEAK_CEILING_DB)
    out: Samples = np.clip(np.round(y * 32767), -32768, 32767).astype(np.int16)
    return out
