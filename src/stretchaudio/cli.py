"""The command line: parse, call the library, report. No logic the library lacks.

Heavy modules (numpy, Piper, gTTS) are imported inside the commands so that
``stretchaudio --help`` starts instantly.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import StretchAudioError

if TYPE_CHECKING:
    from .model import Routine
    from .render import RenderOptions

log = logging.getLogger("stretchaudio")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: clean up and leave no partial file."""


def _on_sigterm(signum: int, frame: Any) -> NoReturn:
    raise _Terminated()


def _fail(exc: StretchAudioError, debug: bool) -> NoReturn:
    if debug:
        raise exc
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    """Turns our errors and interruptions into one clear line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except StretchAudioError as exc:
            _fail(exc, debug)
        except KeyboardInterrupt:
            if debug:
                raise
            click.echo("Interrupted; no partial file was left behind.", err=True)
            sys.exit(130 if not isinstance(sys.exc_info()[1], _Terminated) else 143)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stretchaudio")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (cache, engine).")
def cli(debug: bool, verbose: bool) -> None:
    """Turn stretching routines into exactly-timed, voice-guided MP3s.

    \b
    Example:
      stretchaudio build l5-s1 --hold 20      # built-in routine, 20-second holds
      stretchaudio script my-routine.yaml     # check the timing before rendering
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    signal.signal(signal.SIGTERM, _on_sigterm)


def _timing_options(f: Callable[..., Any]) -> Callable[..., Any]:
    opts = [
        click.option(
            "--hold",
            type=float,
            metavar="SECONDS",
            help="Length of every hold (overrides the routine).",
        ),
        click.option("--breaths", type=int, metavar="N", help="Breaths in every breathing pause."),
        click.option("--breath-seconds", type=float, metavar="S", help="Seconds per breath."),
        click.option("--rest", type=float, metavar="S", help="Rest between exercises."),
        click.option(
            "--switch", type=float, metavar="S", help="Time to change sides after 'Switch sides'."
        ),
        click.option(
            "--step-pause",
            type=float,
            metavar="S",
            help="Pause after a spoken step with no timed action.",
        ),
        click.option(
            "--say-durations/--no-say-durations",
            default=None,
            help="Speak durations ('Hold for thirty seconds'); changing them then "
            "needs new synthesis.",
        ),
        click.option(
            "--engine",
            default="piper",
            show_default=True,
            help="Speech engine: piper (offline) or gtts (Google, online).",
        ),
        click.option(
            "--speed",
            type=float,
            default=1.0,
            show_default=True,
            help="Speaking rate (0.5 = slower, 1.5 = faster).",
        ),
        click.option(
            "--voice", metavar="MODEL.onnx", help="Piper voice model (default: bundled joe)."
        ),
        click.option("--lang", default="en", show_default=True, help="Language (gtts)."),
        click.option(
            "--tld",
            default="com",
            show_default=True,
            help="Google domain, picks the accent (gtts): com, co.uk, com.au, ca, co.in...",
        ),
        click.option("--slow", is_flag=True, help="Slow speech (gtts)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the clip cache."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _render_options(kw: dict[str, Any]) -> RenderOptions:
    from .engines.base import EngineSettings
    from .planner import Overrides
    from .render import RenderOptions

    overrides = Overrides(
        hold=kw["hold"],
        breaths=kw["breaths"],
        breath_seconds=kw["breath_seconds"],
        rest=kw["rest"],
        switch=kw["switch"],
        step_pause=kw["step_pause"],
        say_durations=kw["say_durations"],
    )
    voice = EngineSettings(
        speed=kw["speed"], voice=kw["voice"], lang=kw["lang"], tld=kw["tld"], slow=kw["slow"]
    )
    return RenderOptions(
        overrides=overrides, engine=kw["engine"], voice=voice, cache=not kw["no_cache"]
    )


def _load(specs: tuple[str, ...]) -> list[Routine]:
    from .routine import resolve

    routines = []
    for spec in specs:
        routines.extend(resolve(spec))
    return routines


def _fmt_time(seconds: float) -> str:
    minutes, sec = divmod(seconds, 60)
    return f"{int(minutes)}:{sec:06.3f}"


class _Bar:
    """A progress bar for speech synthesis, shown only on a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        if sys.stderr.isatty() and total > 0:
            self.bar = click.progressbar(length=total, label="Speech", file=sys.stderr)
            self.bar.__enter__()

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.argument("routines", nargs=-1, required=True, metavar="ROUTINE...")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the MP3 files.",
)
@_timing_options
def build(routines: tuple[str, ...], output_dir: Path, **kw: Any) -> None:
    """Render each ROUTINE (a YAML file or a built-in name) to one MP3.

    A file holding several routines gives one MP3 per routine. Every routine is
    checked before anything is rendered.

    \b
    Examples:
      stretchaudio build l5-s1
      stretchaudio build my-routine.yaml --hold 45 --rest 15 -o ~/Music/stretch
      stretchaudio build l5-s1 --engine gtts --tld co.uk
    """
    from .naming import slugify
    from .render import Renderer

    loaded = _load(routines)
    renderer = Renderer(_render_options(kw))
    used: dict[str, int] = {}
    for routine in loaded:
        base = slugify(routine.title)
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base}-{used[base]}"
        bar = _Bar()
        try:
            result = renderer.render(routine, output_dir, name, bar)
        finally:
            bar.close()
        click.echo(
            f"Wrote {result.path} ({_fmt_time(result.timeline.seconds)}; "
            f"{result.synthesised} phrases synthesised, {result.cached} from cache)"
        )


@cli.command()
@click.argument("routine", metavar="ROUTINE")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.option(
    "--estimate",
    is_flag=True,
    help="Estimate speech lengths instead of synthesising (no engine needed).",
)
@_timing_options
def script(routine: str, as_json: bool, estimate: bool, **kw: Any) -> None:
    """Print the narration script of ROUTINE with the exact start of every line and pause.

    Speech lengths come from the synthesised clips (cached), so the times are those of
    the MP3 that `build` writes with the same options.

    \b
    Examples:
      stretchaudio script l5-s1
      stretchaudio script l5-s1 --hold 20 --json > plan.json
    """
    from . import scriptfmt
    from .planner import estimate_lengths, layout, plan
    from .render import Renderer

    options = _render_options(kw)
    for r in _load((routine,)):
        if estimate:
            p = plan(r, options.overrides)
            timeline = layout(p, estimate_lengths(p))
        else:
            timeline, _ = Renderer(options).timeline(r)
        click.echo(scriptfmt.to_json(timeline) if as_json else scriptfmt.to_text(timeline))


@cli.command("list")
def list_cmd() -> None:
    """List the built-in routines.

    \b
    Example:
      stretchaudio list
    """
    from .routine import builtin_names, load_builtin

    for name in builtin_names():
        for r in load_builtin(name):
            names = ", ".join(e.name for e in r.exercises)
            click.echo(f"{name:12} {r.title} ({len(r.exercises)} exercises: {names})")


def main() -> None:
    cli(prog_name="stretchaudio")
