"""Fit a routine to a length (``--minutes``): a step above the planner.

Holds and rests grow linearly with their factor, so laying the plan out once at factor 1 with
the real speech lengths gives the factor exactly (up to rounding to samples, far below a
second). With spoken durations ("Hold for forty seconds."), the lines change with the factor,
so the new lines are measured and the factor refined until the total lands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .errors import UsageError
from .model import Routine
from .planner import Plan, Role, Stretch, plan, to_samples
from .settings import Options, number_setting
from .timeline import Timeline, layout

Measure = Callable[[list[str]], Mapping[str, int]]
"""Speech lengths in samples for the given texts (synthesising what is not cached)."""

STRETCHED = (Role.HOLD, Role.REST)


def fitted_plan(routine: Routine, options: Options, measure: Measure) -> Plan:
    """The plan of ``routine`` whose total length is ``options.minutes``.

    Raises UsageError when that cannot be reached: shorter than the speech and fixed pauses,
    or needing holds outside their allowed range."""
    minutes = options.minutes
    if minutes is None:
        return plan(routine, options)
    if options.scale is not None:
        raise UsageError("--minutes and --scale both set the hold lengths; give only one")
    base = plan(routine, options)
    target = to_samples(minutes * 60, base.sample_rate)
    laid = layout(base, measure(base.texts()))
    low, high = _factor_bounds(laid)
    result = base
    for _ in range(6):  # one round, unless spoken durations change with the factor
        stretched, fixed = _split(laid)
        if stretched == 0:
            raise UsageError(
                f"--minutes: this routine has no holds or rests to stretch; it lasts "
                f"{laid.seconds / 60:.1f} minutes as it is"
            )
        factor = (target - fixed) / stretched * _factor_of(result)
        if factor < low:
            raise UsageError(
                f"--minutes {minutes:g} cannot be reached: the speech and fixed pauses alone "
                f"take {fixed / base.sample_rate / 60:.1f} minutes. Give more minutes, or "
                "shorten --step-pause, --switch or --prep."
            )
        if factor > high:
            hold = number_setting("hold")
            raise UsageError(
                f"--minutes {minutes:g} would need holds longer than {hold.high:g} s; "
                "give fewer minutes or add --sets."
            )
        result = plan(routine, options, Stretch(holds=factor, rests=factor))
        laid = layout(result, measure(result.texts()))
        if abs(laid.total_samples - target) <= base.sample_rate // 20:
            break
    return result


def _split(timeline: Timeline) -> tuple[int, int]:
    """(samples that stretch, samples that do not)."""
    stretched = sum(e.length for e in timeline.events if e.role in STRETCHED)
    return stretched, timeline.total_samples - stretched


def _factor_of(the_plan: Plan) -> float:
    return the_plan.stretch.holds


def _factor_bounds(timeline: Timeline) -> tuple[float, float]:
    """The factors that keep every hold within the hold setting's range."""
    rate = timeline.sample_rate
    hold = number_setting("hold")
    holds = [e.length / rate for e in timeline.events if e.role is Role.HOLD]
    low = max((hold.low / h for h in holds), default=0.0)
    high = min((hold.high / h for h in holds), default=10.0)
    return max(low, 0.01), high
