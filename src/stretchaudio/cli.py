"""The command line: parse, call the library, report. No logic the library lacks.

Heavy modules (numpy, Piper, gTTS) are imported inside the commands so that
``stretchaudio --help`` starts instantly.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import StretchAudioError, UsageError

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
    ctx = click.get_current_context()
    defaults = load_config(config_path())
    if defaults:
        ctx.default_map = {"build": defaults, "script": defaults}


CONFIG_KEYS: list[str] = []  # every option that the config file may set


def config_path() -> Path:
    """$STRETCHAUDIO_CONFIG, else config.toml in the per-user config folder."""
    env = os.environ.get("STRETCHAUDIO_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("stretchaudio")) / "config.toml"


def load_config(path: Path) -> dict[str, Any]:
    """Option defaults from a TOML file (keys are option names: hold = 20, engine = "gtts")."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the config file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}. Fix or delete the file.") from exc
    out = {}
    for key, value in data.items():
        name = key.replace("_", "-")
        if name not in CONFIG_KEYS:
            raise UsageError(
                f"{path}: unknown setting {key!r}; valid settings: {', '.join(sorted(CONFIG_KEYS))}"
            )
        out[name.replace("-", "_")] = value
    return out


def _env(name: str) -> str:
    return "STRETCHAUDIO_" + name.upper().replace("-", "_")


def _opt(*decls: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option that can also come from $STRETCHAUDIO_<NAME> or the config file."""
    name = decls[0].split("/")[0].lstrip("-")
    CONFIG_KEYS.append(name)
    kw.setdefault("envvar", _env(name))
    kw.setdefault("show_envvar", True)
    return click.option(*decls, **kw)


TIMING_OPTIONS = [
    _opt("--hold", type=float, metavar="S", help="Length of every hold, in seconds."),
    _opt(
        "--hold-for",
        multiple=True,
        metavar="NAME=S",
        help="Hold length for one exercise (slug or name prefix); repeatable.",
    ),
    _opt("--scale", type=float, metavar="X", help="Multiply every hold by X."),
    _opt(
        "--minutes",
        type=float,
        metavar="M",
        help="Fit the whole routine to M minutes by scaling holds and rests.",
    ),
    _opt("--breaths", type=int, metavar="N", help="Breaths in every breathing pause."),
    _opt("--breath-seconds", type=float, metavar="S", help="Seconds per breath."),
    _opt("--inhale", type=float, metavar="S", help="Seconds of each inhale."),
    _opt("--exhale", type=float, metavar="S", help="Seconds of each exhale."),
    _opt("--rest", type=float, metavar="S", help="Rest between exercises and sets."),
    _opt("--switch", type=float, metavar="S", help="Time to change sides after 'Switch sides'."),
    _opt(
        "--step-pause",
        type=float,
        metavar="S",
        help="Pause after a spoken step with no timed action.",
    ),
    _opt("--prep", type=float, metavar="S", help="Get-ready time before the first exercise."),
    _opt("--sets", type=int, metavar="N", help="Sets of every exercise."),
    _opt("--reps", type=int, metavar="N", help="Repetitions of every exercise that has them."),
    _opt(
        "--cues/--no-cues",
        default=None,
        help="Cues inside holds: chimes, a 3-second countdown, 'Halfway', breathing cues.",
    ),
    _opt("--chime/--no-chime", default=None, help="Soft chimes at the start and end of holds."),
    _opt(
        "--countdown",
        type=int,
        metavar="K",
        help="Count down the last K seconds of holds aloud (0: off). Default 3.",
    ),
    _opt(
        "--halfway",
        type=float,
        metavar="S",
        help="Say 'Halfway' in holds of at least S seconds (0: never). Default 30.",
    ),
    _opt(
        "--breath-cues",
        type=click.Choice(["voice", "tones", "none"]),
        help="Guide breaths with 'Breathe in/out', soft tones, or nothing. Default voice.",
    ),
    _opt(
        "--say-durations/--no-say-durations",
        default=None,
        help="Speak durations ('Hold for thirty seconds'); new hold times then need new speech.",
    ),
]
VOICE_OPTIONS = [
    _opt(
        "--engine",
        default="piper",
        show_default=True,
        help="Speech engine: piper (offline) or gtts (Google, online).",
    ),
    _opt(
        "--speed",
        type=float,
        default=1.0,
        show_default=True,
        help="Speaking rate (0.8 = slower, 1.2 = faster).",
    ),
    _opt("--voice", metavar="MODEL.onnx", help="Piper voice model (default: the bundled voice)."),
    _opt("--lang", default="en", show_default=True, help="Language (gtts)."),
    _opt(
        "--tld",
        default="com",
        show_default=True,
        help="Google domain, which picks the accent (gtts): com, co.uk, com.au, ca, co.in...",
    ),
    _opt("--slow/--no-slow", default=False, help="Slow speech (gtts)."),
    _opt(
        "--timeout",
        type=float,
        default=10.0,
        show_default=True,
        help="Seconds to wait for one network request (gtts).",
    ),
    _opt(
        "--retries",
        type=int,
        default=4,
        show_default=True,
        help="Retries after a network error, HTTP 429 or 5xx (gtts).",
    ),
    _opt(
        "--retry-budget",
        type=float,
        default=60.0,
        show_default=True,
        help="Most seconds spent retrying one request (gtts).",
    ),
    _opt("--cache/--no-cache", default=True, help="Read and write the clip cache."),
]
RATE_OPTION = _opt(
    "--sample-rate",
    type=int,
    metavar="HZ",
    help="Sample rate of the audio (default 22050; podcast profile 44100).",
)
OUTPUT_OPTIONS = [
    _opt(
        "--format",
        "fmt",
        type=click.Choice(["mp3", "wav"]),
        default="mp3",
        show_default=True,
        help="mp3 to listen to, wav for editing.",
    ),
    _opt("--bitrate", metavar="RATE", help="MP3 constant bitrate (default 64k; podcast 96k)."),
    _opt(
        "--profile",
        type=click.Choice(["default", "podcast"]),
        default="default",
        show_default=True,
        help="podcast: 44.1 kHz, 96 kbit/s, as podcast hosts ask.",
    ),
    _opt(
        "--loudness",
        type=float,
        default=-16.0,
        show_default=True,
        metavar="LUFS",
        help="Loudness target as a stereo player measures it (-16 for spoken word).",
    ),
    _opt("--cover", type=click.Path(path_type=Path), help="Cover image (JPEG/PNG) to embed."),
    _opt(
        "--music",
        type=click.Path(path_type=Path),
        help="Background music (any format ffmpeg reads), looped and ducked under speech.",
    ),
    _opt(
        "--music-level",
        type=float,
        default=-18.0,
        show_default=True,
        metavar="LU",
        help="Music loudness in holds, relative to the voice.",
    ),
    _opt(
        "--sidecars/--no-sidecars",
        default=True,
        show_default=True,
        help="Also write .vtt captions, .lrc lyrics and a .json timeline.",
    ),
]


def _with(options: list[Callable[..., Any]]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        for opt in reversed(options):
            f = opt(f)
        return f

    return deco


DEFAULT_RATE, PODCAST_RATE = 22050, 44100
DEFAULT_BITRATE, PODCAST_BITRATE = "64k", "96k"


def _render_options(kw: dict[str, Any]) -> RenderOptions:
    from .engines.base import EngineSettings
    from .planner import Overrides
    from .render import RenderOptions

    given = {f.name: kw[f.name] for f in fields(Overrides) if f.name in kw}
    given["hold_for"] = tuple(_name_seconds(v) for v in kw["hold_for"])
    podcast = kw.get("profile") == "podcast"
    given["sample_rate"] = kw.get("sample_rate") or (PODCAST_RATE if podcast else DEFAULT_RATE)
    overrides = Overrides(**given)
    voice = EngineSettings(
        speed=kw["speed"],
        voice=kw["voice"],
        lang=kw["lang"],
        tld=kw["tld"],
        slow=kw["slow"],
        timeout=kw["timeout"],
        retries=kw["retries"],
        retry_budget=kw["retry_budget"],
    )
    output = {}
    if "fmt" in kw:
        output = {
            "fmt": kw["fmt"],
            "bitrate": kw["bitrate"] or (PODCAST_BITRATE if podcast else DEFAULT_BITRATE),
            "loudness": kw["loudness"],
            "cover": kw["cover"],
            "music": kw["music"],
            "music_level": kw["music_level"],
            "sidecars": kw["sidecars"],
        }
    return RenderOptions(
        overrides=overrides, engine=kw["engine"], voice=voice, cache=kw["cache"], **output
    )


def _name_seconds(value: str) -> tuple[str, float]:
    name, sep, seconds = value.rpartition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        return name.strip(), float(seconds)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not NAME=SECONDS (e.g. --hold-for hamstring=45)", param_hint="--hold-for"
        ) from None


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def _load(
    specs: tuple[str, ...], folders: bool = False, from_article: bool = False
) -> list[Routine]:
    """Every routine the arguments name; with ``folders``, a folder means its .yaml files.

    Articles (plain text or Markdown) are imported on the fly: with ``from_article``, by
    their suffix, or when a file that is not .yaml reads like an article."""
    from .routine import resolve

    routines = []
    for spec in specs:
        path = Path(spec)
        if folders and path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
            if not files:
                raise UsageError(f"{path}: this folder holds no .yaml routine files")
            for file in files:
                routines.extend(resolve(str(file)))
        elif path.is_file() and (from_article or _is_article(path)):
            routines.append(_import(path).routine)
        else:
            routines.extend(resolve(spec))
    return routines


def _is_article(path: Path) -> bool:
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        return True
    if path.suffix.lower() in (".yaml", ".yml"):
        return False
    from .importer import looks_like_article

    try:
        head = path.read_bytes()[:200_000].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # the routine loader reports the problem
    return looks_like_article(head)


def _import(path: Path | None, text: str | None = None) -> Any:
    """Import an article (a file, or ``text`` read from stdin); warnings go to stderr."""
    from .importer import import_article, import_file

    result = import_file(path) if path is not None else import_article(text or "", "<stdin>")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    return result


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
@click.option(
    "--from-article",
    is_flag=True,
    help="Treat every ROUTINE file as an article to import (see 'import').",
)
@_with([*TIMING_OPTIONS, RATE_OPTION, *VOICE_OPTIONS, *OUTPUT_OPTIONS])
def build(routines: tuple[str, ...], output_dir: Path, **kw: Any) -> None:
    """Render each ROUTINE (a YAML file, a folder of them, or a built-in name) to one MP3.

    A file holding several routines gives one MP3 per routine. Every routine is
    checked before anything is rendered; several routines are encoded in parallel.

    \b
    Examples:
      stretchaudio build l5-s1
      stretchaudio build my-routine.yaml --hold 45 --rest 15 -o ~/Music/stretch
      stretchaudio build l5-s1 --engine gtts --tld co.uk
    """
    from .naming import slugify
    from .render import Renderer

    loaded = _load(routines, folders=True, from_article=kw.pop("from_article"))
    renderer = Renderer(_render_options(kw))
    used: dict[str, int] = {}
    jobs = []
    for routine in loaded:
        base = slugify(routine.title)
        used[base] = used.get(base, 0) + 1
        jobs.append((routine, base if used[base] == 1 else f"{base}-{used[base]}"))
    bar = _Bar()
    try:
        results = renderer.render_many(jobs, output_dir, bar)
    finally:
        bar.close()
    for result in results:
        click.echo(f"Wrote {result.path} ({_fmt_time(result.timeline.seconds)})")
    synthesised = sum(r.synthesised for r in results)
    cached = sum(r.cached for r in results)
    click.echo(f"Speech: {synthesised} phrases synthesised, {cached} from cache")


@cli.command()
@click.argument("routine", metavar="ROUTINE")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.option(
    "--estimate",
    is_flag=True,
    help="Estimate speech lengths instead of synthesising (no engine needed).",
)
@_with([*TIMING_OPTIONS, RATE_OPTION, *VOICE_OPTIONS])
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
    from .planner import plan
    from .render import Renderer
    from .timeline import estimate_lengths, layout

    options = _render_options(kw)
    for r in _load((routine,)):
        if estimate:
            p = plan(r, options.overrides)
            timeline = layout(p, estimate_lengths(p))  # --minutes needs real lengths
            if options.overrides.minutes is not None:
                raise UsageError("--minutes needs the real speech lengths; drop --estimate")
        else:
            timeline, _ = Renderer(options).timeline(r)
        click.echo(scriptfmt.to_json(timeline) if as_json else scriptfmt.to_text(timeline))


@cli.command("import")
@click.argument("article", metavar="FILE|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the routine YAML here instead of to standard output.",
)
def import_cmd(article: str, output: Path | None) -> None:
    """Turn a plain-text or Markdown article into a routine YAML file to review and build.

    Exercises come from headings, numbered or bulleted steps, "How to do it:" blocks or
    prose; timing words ("hold for 30 seconds", "a few breaths", "switch sides", "10 reps")
    become timed actions; safety warnings become the spoken intro; ads, credits, related
    links and tips are left out. Every default it applies is marked in the YAML, and every
    instruction-like line it skipped is reported.

    \b
    Examples:
      stretchaudio import article.txt -o my-routine.yaml
      curl -s https://example.org/stretches.md | stretchaudio import - > routine.yaml
      stretchaudio build article.md            # imports on the fly
    """
    if article == "-":
        result = _import(None, click.get_text_stream("stdin").read())
    else:
        result = _import(Path(article))
    if output is None:
        click.echo(result.routine_yaml, nl=False)
        return
    from .encoder import Staging

    with Staging(output.parent if str(output.parent) else Path(".")) as stage:
        stage.temp_for(output).write_text(result.routine_yaml, encoding="utf-8")
    click.echo(f"Wrote {output} ({len(result.routine.exercises)} exercises)", err=True)


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


@cli.command()
@click.option("-a", "--all", "show_all", is_flag=True, help="List every voice of every engine.")
def engines(show_all: bool) -> None:
    """List the speech engines, whether each works here (and why not), and their voices.

    \b
    Example:
      stretchaudio engines
    """
    from .engines.base import DEFAULT_ENGINE, describe_engines

    for info in describe_engines():
        state = "available" if info.available else "NOT available"
        default = " (default)" if info.name == DEFAULT_ENGINE else ""
        click.echo(f"{info.name}{default}: {state}: {info.detail}")
        shown = info.voices if show_all else info.voices[:12]
        for voice in shown:
            click.echo(f"    {voice}")
        if len(info.voices) > len(shown):
            click.echo(f"    ... and {len(info.voices) - len(shown)} more (--all lists them)")


@cli.group()
def cache() -> None:
    """Inspect or clear the clip cache.

    \b
    Examples:
      stretchaudio cache info
      stretchaudio cache clear
    """


@cache.command("info")
def cache_info_cmd() -> None:
    """Show where the clip cache is, how big it is, and its size bound."""
    from .clips import cache_info, cache_limit_bytes, default_cache_dir

    folder = default_cache_dir()
    entries, size = cache_info(folder)
    click.echo(f"folder:  {folder}")
    click.echo(f"clips:   {entries}")
    click.echo(
        f"size:    {size / 1e6:.1f} MB (bound {cache_limit_bytes() / 1e6:.0f} MB; set "
        "STRETCHAUDIO_CACHE_MAX_MB to change it)"
    )


@cache.command("clear")
def cache_clear_cmd() -> None:
    """Delete every cached clip (they are synthesised again when needed)."""
    from .clips import clear_cache, default_cache_dir

    folder = default_cache_dir()
    entries, size = clear_cache(folder)
    click.echo(f"Removed {entries} clips ({size / 1e6:.1f} MB) from {folder}")


def main() -> None:
    """Run the CLI. Usage errors are one line, like every other error, with a pointer to
    --help (click would print the whole usage text above them)."""
    try:
        code = cli.main(prog_name="stretchaudio", standalone_mode=False)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "stretchaudio"
        click.echo(f"Error: {exc.format_message()} (see '{where} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Interrupted; no partial file was left behind.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
