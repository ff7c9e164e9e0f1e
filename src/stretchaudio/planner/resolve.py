"""Settings that follow from other settings: breath phases, which cues play, --hold-for."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..model import Routine
from ..naming import slugify
from ..settings import Options


@dataclass(frozen=True)
class Resolved:
    """The breath phases and the cues that play inside windows."""

    inhale: float
    breath_seconds: float
    chime: bool
    countdown: int
    halfway: float
    breath_cues: str

    @property
    def exhale(self) -> float:
        return self.breath_seconds - self.inhale


def resolve(options: Options) -> Resolved:
    """The breath phases and cues that ``options`` (over a routine's defaults) give.

    Cues are on by default: a countdown of the last seconds of holds, "Halfway" in long holds
    and breathing cues. --no-cues (or ``cues: false``) silences all of them except those set
    on their own (``--no-cues --countdown 5``); chimes play only when asked for."""
    inhale, breath = breath_split(options)

    def wanted(name: str) -> bool:
        return options.cues or options.set_anywhere(name)

    return Resolved(
        inhale=inhale,
        breath_seconds=breath,
        chime=options.chime,
        countdown=options.countdown if wanted("countdown") else 0,
        halfway=options.halfway if wanted("halfway") else 0.0,
        breath_cues=options.breath_cues if wanted("breath_cues") else "none",
    )


_BREATH_KEYS = ("inhale", "exhale", "breath_seconds")


def breath_split(options: Options) -> tuple[float, float]:
    """(inhale, breath) seconds. An inhale, exhale or breath length the user gives outranks
    the routine file's; a breath length alone keeps the file's inhale if it still fits."""
    user = {k: float(getattr(options, k)) for k in _BREATH_KEYS if options.given(k)}
    file = {k: float(v) for k in _BREATH_KEYS if (v := options.lower_value(k)) is not None}
    _check_breath(user, True, "give --breath-seconds or --inhale and --exhale, not both")
    _check_breath(file, False, "give two of the three in the routine's defaults")
    if "breath_seconds" in user:
        values = dict(user)
        fits = "inhale" in file and file["inhale"] < user["breath_seconds"]
        if fits and not {"inhale", "exhale"} & user.keys():
            values["inhale"] = file["inhale"]
    else:
        values = {**file, **user}
    breath = values.get("breath_seconds", options.breath_seconds)
    inhale, exhale = values.get("inhale"), values.get("exhale")
    if inhale is not None and exhale is not None:
        breath = inhale + exhale
    elif exhale is not None:
        inhale = breath - exhale
    elif inhale is None:
        inhale = round(breath * 0.4, 3)
    if not 0 < inhale < breath:
        raise UsageError(
            f"an inhale of {inhale:g} s does not fit in a breath of {breath:g} s; "
            "give --inhale and --exhale, or a longer --breath-seconds (or fix inhale, exhale "
            "and breath_seconds in the routine's defaults)"
        )
    return inhale, breath


def _check_breath(values: dict[str, float], flags: bool, fix: str) -> None:
    """Inhale + exhale must make the breath when all three are given together."""
    if len(values) < 3:
        return
    inhale, exhale, breath = (values[k] for k in _BREATH_KEYS)
    if abs(inhale + exhale - breath) > 1e-6:
        name = {k: ("--" + k.replace("_", "-")) if flags else k for k in _BREATH_KEYS}
        raise UsageError(
            f"{name['inhale']} {inhale:g} s + {name['exhale']} {exhale:g} s make a "
            f"{inhale + exhale:g}-second breath, but {name['breath_seconds']} is {breath:g} s; "
            f"{fix}"
        )


def match_exercise(name: str, routine: Routine) -> int:
    """Index of the exercise NAME names: its slug, or a case-insensitive prefix of its name."""
    wanted = name.strip().lower()
    slugs = [e.slug for e in routine.exercises]
    if slugify(wanted) in slugs:
        return slugs.index(slugify(wanted))
    hits = [i for i, e in enumerate(routine.exercises) if e.name.lower().startswith(wanted)]
    hits = hits or [i for i, s in enumerate(slugs) if s.startswith(slugify(wanted))]
    valid = ", ".join(slugs)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UsageError(f"--hold-for: no exercise called {name!r}; valid names: {valid}")
    both = ", ".join(slugs[i] for i in hits)
    raise UsageError(f"--hold-for: {name!r} matches several exercises ({both}); be more precise")
