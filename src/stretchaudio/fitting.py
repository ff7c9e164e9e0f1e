"""Fit a routine to a length (``--minutes``): a step above the planner.

The time goes where an instructor would put it: into the holds and the number of breaths,
which grow (or shrink) together; rests keep their length unless the routine has nothing
else to stretch. Holds scale linearly, so the plan is laid out with the real speech lengths,
the factor solved, and the holds then fine-tuned to land on the target (breath counts are
whole numbers, and a spoken duration changes with the hold: "Hold for forty seconds.").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from .errors import UsageError
from .model import Routine
from .planner import Plan, Role, Stretch, plan, to_samples
from .settings import Options, number_setting
from .timeline import Timeline, layout

Measure = Callable[[list[str]], Mapping[str, int]]
"""Speech lengths in samples for the given texts (synthesising what is not cached)."""

SHORTEST_HOLD = 5.0
"""Fitting never shortens a hold below this (or below the routine's own shortest hold)."""
ROUNDS = 8


def fitted_plan(routine: Routine, options: Options, measure: Measure) -> Plan:
    """The plan of ``routine`` whose total length is ``options.minutes`` (within a twentieth
    of a second). Raises UsageError when that cannot be reached."""
    minutes = options.minutes
    if minutes is None:
        return plan(routine, options)
    if options.scale is not None:
        raise UsageError("--minutes and --scale both set the hold lengths; give only one")
    base = plan(routine, options)
    target = to_samples(minutes * 60, base.sample_rate)
    laid = layout(base, measure(base.texts()))
    holds, breaths, rests = (_total(laid, role) for role in (Role.HOLD, Role.BREATHS, Role.REST))
    if not holds + breaths + rests:
        raise UsageError(
            f"--minutes: this routine has no holds, breaths or rests to stretch; it lasts "
            f"{laid.seconds / 60:.1f} minutes as it is"
        )
    fit = _Fit(routine, options, measure, target, _hold_lengths(laid))
    stretch = Stretch()
    if holds + breaths:  # grow holds and breath counts together, then land with the holds
        factor = (target - (laid.total_samples - holds - breaths)) / (holds + breaths)
        fit.check(factor)
        stretch = Stretch(holds=factor, breaths=factor)
    return fit.land(stretch)


class _Fit:
    """Plans at trial factors until the total lands on ``target``."""

    def __init__(
        self,
        routine: Routine,
        options: Options,
        measure: Measure,
        target: int,
        hold_lengths: list[float],
    ) -> None:
        self.routine, self.options, self.measure = routine, options, measure
        self.target, self.hold_lengths = target, hold_lengths
        self.minutes = options.minutes or 0.0

    def trial(self, stretch: Stretch) -> tuple[Plan, Timeline]:
        result = plan(self.routine, self.options, stretch)
        return result, layout(result, self.measure(result.texts()))

    def land(self, stretch: Stretch) -> Plan:
        """Fine-tune the holds (or the rests, when there are no holds) until it lands."""
        result, laid = self.trial(stretch)
        rate = laid.sample_rate
        for _ in range(ROUNDS):
            error = self.target - laid.total_samples
            if abs(error) <= rate // 20:
                return result
            holds, rests = _total(laid, Role.HOLD), _total(laid, Role.REST)
            if holds:
                stretch = replace(stretch, holds=stretch.holds * (1 + error / holds))
                self.check(stretch.holds)
            elif rests:
                stretch = replace(stretch, rests=max(0.0, stretch.rests * (1 + error / rests)))
            else:
                break
            result, laid = self.trial(stretch)
        if abs(self.target - laid.total_samples) <= rate:
            return result
        raise UsageError(
            f"--minutes {self.minutes:g} cannot be reached exactly: this routine's breathing "
            "windows come in whole breaths, and it has no holds or rests to make up the rest"
        )

    def check(self, factor: float) -> None:
        """Refuse a factor that makes a hold shorter or longer than allowed."""
        if factor <= 0:
            raise UsageError(
                f"--minutes {self.minutes:g} cannot be reached: the speech and fixed pauses "
                "alone take longer. Give more minutes, or shorten --step-pause, --switch or "
                "--prep."
            )
        if not self.hold_lengths:
            return
        low = min(SHORTEST_HOLD, *self.hold_lengths)
        high = number_setting("hold").high
        if min(self.hold_lengths) * factor < low * 0.999:
            raise UsageError(
                f"--minutes {self.minutes:g} cannot be reached: the holds would be shorter "
                f"than {low:g} s. Give more minutes, or shorten --step-pause, --switch or --prep."
            )
        if max(self.hold_lengths) * factor > high * 1.001:
            raise UsageError(
                f"--minutes {self.minutes:g} would need holds longer than {high:g} s; give fewer "
                "minutes or add --sets."
            )


def _total(timeline: Timeline, role: Role) -> int:
    return sum(e.length for e in timeline.events if e.role is role)


def _hold_lengths(timeline: Timeline) -> list[float]:
    """Every hold's length in seconds (at factor 1)."""
    rate = timeline.sample_rate
    return [e.length / rate for e in timeline.events if e.role is Role.HOLD]
