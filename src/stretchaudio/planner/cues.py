"""Cues inside windows: the countdown, chimes, "Halfway", breathing cues and tempo words.

Each cue is placed at an exact sample of its window; ``timeline`` drops (and notes) a cue that
would come closer than ``MIN_GAP`` to another sound or to the window's end, never moving or
stretching anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language.phrasebook import Phrasebook
from ..sounds import sound_length
from .items import CUE_GAIN, CueSpec, Role, gap_samples, to_samples
from .resolve import Resolved

LONG_HOLD = 120.0
"""Holds at least this long also get "One minute left." (with the halfway call)."""
CALLS_APART = 10
"""Seconds: "Halfway." is left out when "One minute left." falls closer than this to it."""
SHORT_BREATH = 1.5
"""Breath phases shorter than this get the short words "In." and "Out." (so both fit)."""


@dataclass(frozen=True)
class Cues:
    """Makes the cues for windows, with the settings and phrases of one plan."""

    settings: Resolved
    book: Phrasebook
    rate: int

    def countdown(self, samples: int) -> tuple[CueSpec, ...]:
        """ "Three.", "Two.", "One." starting exactly on the last seconds of the window, for
        the numbers that leave at least a second of quiet before them."""
        out = []
        slot = self.rate - gap_samples(self.rate)
        for k in range(self.settings.countdown, 0, -1):
            at = samples - k * self.rate
            if at >= self.rate:
                text = self.book.countdown(k)
                out.append(CueSpec(Role.COUNTDOWN, at, slot, 1, text=text, gain=CUE_GAIN))
        return tuple(out)

    def hold(self, samples: int, seconds: float) -> tuple[CueSpec, ...]:
        """A hold's cues: chimes (if on), the countdown, and "Halfway." in long holds."""
        s = self.settings
        cues: list[CueSpec] = []
        if s.chime:
            start = sound_length("chime_start", self.rate)
            cues.append(CueSpec(Role.CHIME, 0, start, 0, sound="chime_start"))
        countdown = self.countdown(samples)
        cues.extend(countdown)
        if s.chime and not countdown:  # the countdown marks the end when there is one
            end = sound_length("chime_end", self.rate)
            at = samples - end - gap_samples(self.rate)
            cues.append(CueSpec(Role.CHIME, at, end, 2, sound="chime_end"))
        half, minute_left = samples // 2, samples - 60 * self.rate
        long = s.halfway > 0 and seconds >= LONG_HOLD  # "Halfway" alone is far from the end
        # In a hold of about two minutes both fall together: "One minute left." says more.
        near = long and abs(minute_left - half) < CALLS_APART * self.rate
        if s.halfway > 0 and seconds >= s.halfway and not near:
            text = self.book.halfway()
            cues.append(CueSpec(Role.HALFWAY, half, half, 3, text=text, gain=CUE_GAIN))
        if long:
            text = self.book.minute_left()
            slot = 30 * self.rate
            cues.append(CueSpec(Role.HALFWAY, minute_left, slot, 4, text=text, gain=CUE_GAIN))
        return tuple(cues)

    def breaths(self, breaths: int, inhale: int, exhale: int) -> tuple[CueSpec, ...]:
        """ "Breathe in." / "Breathe out." (or soft tones) at the start of every phase."""
        style = self.settings.breath_cues
        if style == "none":
            return ()
        cues = []
        for b in range(breaths):
            t = b * (inhale + exhale)
            if style == "voice":
                short = min(inhale, exhale) < to_samples(SHORT_BREATH, self.rate)
                breathe_in = self.book.breathe_in(short)
                breathe_out = self.book.breathe_out(short)
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, breathe_in, gain=CUE_GAIN))
                out = CueSpec(Role.BREATH, t + inhale, exhale, 0, breathe_out, gain=CUE_GAIN)
                cues.append(out)
            else:
                cues.append(CueSpec(Role.BREATH, t, inhale, 0, sound="tone_in"))
                cues.append(CueSpec(Role.BREATH, t + inhale, exhale, 0, sound="tone_out"))
        return tuple(cues)

    def tempo(self, word: str, samples: int) -> tuple[CueSpec, ...]:
        """A tempo phase's word, spoken as the phase starts (an instruction: full level)."""
        return (CueSpec(Role.TEMPO_CUE, 0, samples, 0, text=word),)
