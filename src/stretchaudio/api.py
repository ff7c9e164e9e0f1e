"""The Python API: a few functions over the stages, for programs that use stretchaudio.

Everything the command line does goes through these (the CLI only parses and reports)::

    import stretchaudio

    routine = stretchaudio.load("l5-s1")                     # a built-in name or a YAML path
    options = stretchaudio.Options(hold=20, profile="podcast")
    timeline = stretchaudio.script(routine, options, estimate=True)   # no engine needed
    result = stretchaudio.render(routine, "output", options)          # MP3 + sidecars

The words the listener hears are in ``timeline.events`` (``stretchaudio.script_text`` prints
them as ``stretchaudio script`` does). Engines are chosen by name (``Options(engine="gtts")``),
registered in-process (:func:`register_engine`) or passed as an instance (``engine=``).
See docs/api.md for examples that run as tests.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .engines.base import Engine, register_engine
from .errors import RoutineError, UsageError
from .importer import ImportResult, import_article
from .model import Routine
from .planner import Plan, language_mismatch
from .planner import plan as _plan
from .render import Renderer, RenderResult
from .settings import Options
from .timeline import Timeline, estimate_lengths, layout

log = logging.getLogger(__name__)

__all__ = [
    "Engine",
    "ImportResult",
    "Options",
    "Plan",
    "RenderResult",
    "Routine",
    "Timeline",
    "draw_picture",
    "follow_along_page",
    "import_article",
    "load",
    "load_all",
    "plan",
    "register_engine",
    "render",
    "script",
    "script_text",
]


def load_all(source: str | Path, language: str | None = None) -> list[Routine]:
    """Every routine in a YAML file (a file may hold several), or the built-in routine of
    that name. Raises RoutineError with the file, line and field of any problem.
    ``language``: the language of routines whose file states none (English if None)."""
    from .routine import resolve

    return resolve(str(source), language)


def load(source: str | Path, language: str | None = None) -> Routine:
    """The one routine in a YAML file or built-in name (RoutineError if there are several)."""
    routines = load_all(source, language)
    if len(routines) != 1:
        raise RoutineError(
            f"{source} holds {len(routines)} routines; use load_all() to get them all"
        )
    return routines[0]


def plan(routine: Routine, options: Options | None = None) -> Plan:
    """What happens, in order: lines to say and exact windows (no audio, no speech lengths).
    ``options.minutes`` needs speech lengths: use :func:`script` for it."""
    return _plan(routine, options)


def script(
    routine: Routine,
    options: Options | None = None,
    *,
    estimate: bool = False,
    engine: Engine | None = None,
    cache_dir: Path | None = None,
) -> Timeline:
    """Every line, window and cue at its exact sample. With ``estimate``, speech lengths are
    estimated from the words (no engine, no synthesis); otherwise they are those of the
    audio ``render`` makes with the same options (synthesising, or reading the clip cache)."""
    options = options or Options()
    if estimate:
        if options.minutes is not None:
            raise UsageError("--minutes needs the real speech lengths; drop --estimate")
        mismatch = language_mismatch(routine, options)  # a render warns in the Renderer
        if mismatch:
            log.warning("%s", mismatch)
        the_plan = _plan(routine, options)
        return layout(the_plan, estimate_lengths(the_plan))
    timeline, _ = Renderer(options, cache_dir=cache_dir, engine=engine).timeline(routine)
    return timeline


def script_text(timeline: Timeline) -> str:
    """The timeline as ``stretchaudio script`` prints it."""
    from .scriptfmt import to_text

    return to_text(timeline)


def render(
    routine: Routine,
    out_dir: str | Path = "output",
    options: Options | None = None,
    *,
    engine: Engine | None = None,
    cache_dir: Path | None = None,
    name: str | None = None,
) -> RenderResult:
    """Render ``routine`` to ``out_dir`` (an MP3 or WAV named after its title, or ``name``,
    with its sidecars), all or nothing: a failure leaves any earlier file as it was."""
    renderer = Renderer(options, cache_dir=cache_dir, engine=engine)
    return renderer.render(routine, Path(out_dir), name)


def draw_picture(timeline: Timeline, fmt: str = "png", size: int = 1400) -> bytes:
    """The routine's picture, as ``render`` embeds it as the cover and writes it beside the
    MP3: PNG bytes (``size`` px square), or with ``fmt="svg"`` an SVG document (UTF-8)."""
    from . import picture

    if fmt == "svg":
        return picture.svg(timeline, size).encode("utf-8")
    if fmt != "png":
        raise UsageError(f"the picture can be png or svg, not {fmt!r}")
    return picture.png(timeline, size)


def follow_along_page(timeline: Timeline, media: str) -> str:
    """The follow-along page (HTML) for ``timeline``, playing the file named ``media`` in
    the same folder (as ``render`` writes it beside the MP3)."""
    from . import page

    return page.for_timeline(timeline, media)
