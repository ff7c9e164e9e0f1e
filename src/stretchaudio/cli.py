"""The command line: parse, call the library, report. No logic the library lacks.

Heavy modules (numpy, Piper, gTTS) are imported inside the commands so that
``stretchaudio --help`` starts instantly.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import StretchAudioError, UsageError
from .settings import Choice, FilePath, Flag, Group, HoldFor, Number, Options, Setting, parse_values

if TYPE_CHECKING:
    from .model import Routine

log = logging.getLogger("stretchaudio")


def _fail(exc: StretchAudioError, debug: bool) -> NoReturn:
    if debug:
        raise exc
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def _interrupted(exc: BaseException | None) -> NoReturn:
    from .signals import Interrupted, received

    click.echo("Interrupted; no partial file was left behind.", err=True)
    signum = exc.signum if isinstance(exc, Interrupted) else received()
    sys.exit(128 + signum if signum else 130)


def _os_error(exc: OSError) -> str:
    """One line for a file-system error nothing else explained (``file: reason; what to do``)."""
    name = str(exc.filename) if exc.filename is not None else ""
    shown = name if len(name) <= 80 else f"{name[:40]}...{name[-30:]}"
    where = f"{shown}: " if shown else ""
    if exc.errno == errno.ENAMETOOLONG:
        return (
            f"{where}the name is too long (file systems allow 255 bytes per name); "
            "use a shorter name"
        )
    return f"{where}{exc.strerror or exc}; check the path and its permissions"


class _Group(click.Group):
    """Turns our errors and interruptions into one clear line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from . import signals

        debug = bool(ctx.params.get("debug"))
        try:
            try:
                return super().invoke(ctx)
            finally:
                signals.uninstall()
        except KeyboardInterrupt as exc:
            if debug:
                raise
            _interrupted(exc)
        except StretchAudioError as exc:
            if signals.received() is not None and not debug:
                _interrupted(None)  # a failure caused by the interruption (ffmpeg killed...)
            _fail(exc, debug)
        except OSError as exc:  # a file-system refusal no stage explained: still one line
            if debug:
                raise
            click.echo(f"Error: {_os_error(exc)}", err=True)
            sys.exit(2 if exc.errno == errno.ENAMETOOLONG else 1)


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .ffmpeg import describe

    click.echo(f"stretchaudio, version {__version__}")
    click.echo(describe())
    ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and the ffmpeg in use, and exit.",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (cache, engine).")
def cli(debug: bool, verbose: bool) -> None:
    """Turn stretching routines into exactly-timed, voice-guided MP3s.

    \b
    Example:
      stretchaudio build l5-s1 --hold 20      # built-in routine, 20-second holds
      stretchaudio script my-routine.yaml     # check the timing before rendering
    """
    from . import signals

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    signals.install()  # SIGINT, SIGTERM, SIGHUP, SIGQUIT: clean up, exit 130/143/129/131


def _option(setting: Setting[Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click option of one setting (default None, so that "not given" can be told)."""
    kw: dict[str, Any] = {"default": None, "envvar": setting.env, "show_envvar": True}
    decls = [setting.flag]
    if isinstance(setting, Flag):
        decls = [f"{setting.flag}/--no-{setting.flag[2:]}"]
    elif isinstance(setting, HoldFor):
        kw.update(multiple=True, default=())
    elif isinstance(setting, Number):
        kw["type"] = click.INT if setting.whole else click.FLOAT
    elif isinstance(setting, Choice):
        kw["type"] = click.Choice(setting.choices, case_sensitive=False)
    elif isinstance(setting, FilePath):
        kw["type"] = click.Path(path_type=Path)
    kw["metavar"] = setting.metavar
    kw["help"] = _help(setting)
    return click.option(*decls, setting.name, **kw)


def _help(setting: Setting[Any]) -> str:
    """The help text, with the default and the allowed range."""
    extra = []
    default = setting.show(setting.default)
    if default and not isinstance(setting, Flag):
        extra.append(f"default {default}")
    if setting.profiles:
        extra += [f"{p} profile {setting.show(v)}" for p, v in setting.profiles.items()]
    if isinstance(setting, Number):
        extra.append(setting.describe_range())
    return setting.help + (f" ({'; '.join(extra)})" if extra else "")


def _settings(*groups: Group, also: tuple[str, ...] = ()) -> Callable[..., Any]:
    """Decorate a command with the options of every setting in ``groups`` (and ``also``)."""
    chosen = [
        s for s in Options.table().values() if s.cli and (s.group in groups or s.name in also)
    ]

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        for setting in reversed(chosen):
            f = _option(setting)(f)
        return f

    return deco


def _options(kw: dict[str, Any]) -> Options:
    """The user's choices: the config file, then environment variables, then flags. The
    settings' values are taken out of ``kw``. The config file's ``lang`` is the language of
    routine files that do not state one, so it sits below them (a lower layer)."""
    from .config import config_path, read_config
    from .language.catalogue import check_language

    path = config_path()
    values = read_config(path)
    lower = {}
    if "lang" in values:
        lower["lang"] = check_language(str(values.pop("lang")), f"{path}: lang")
    ctx = click.get_current_context()
    table = Options.table()
    given: dict[str, object] = {}
    for name in [n for n in kw if n in table]:
        raw = kw.pop(name)
        if raw is None or raw == ():
            continue
        setting = table[name]
        source = ctx.get_parameter_source(name)
        where = setting.flag
        if source is click.core.ParameterSource.ENVIRONMENT:
            where += f" (from {setting.env})"
        given.update(parse_values({name: raw}, lambda _name, where=where: where))
        if name == "lang":
            check_language(str(given[name]), where)
    return Options.checked({**values, **given}).over(lower)


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")


def _load(
    specs: tuple[str, ...], options: Options, folders: bool = False, from_article: bool = False
) -> list[Routine]:
    """Every routine the arguments name; with ``folders``, a folder means its .yaml files.
    Routine files that state no ``language:`` are in ``options.lang``.

    Articles (plain text or Markdown) are imported on the fly: with ``from_article``, by
    their suffix, or when a file that is not .yaml reads like an article."""
    from .naming import check_path
    from .routine import resolve

    def resolve_in_language(spec: str) -> list[Routine]:
        return resolve(spec, options.lang)

    routines = []
    for spec in specs:
        path = Path(spec)
        check_path(path, "ROUTINE")
        if folders and path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
            if not files:
                raise UsageError(f"{path}: this folder holds no .yaml routine files")
            for file in files:
                routines.extend(resolve_in_language(str(file)))
        elif path.is_file() and (from_article or _is_article(path)):
            _check_article_language(path, options)
            routines.append(_import(path).routine)
        else:
            routines.extend(resolve_in_language(spec))
    return routines


def _check_article_language(path: Path, options: Options) -> None:
    """The importer reads English articles only: say so when another language is asked for."""
    from .language.catalogue import base_language, language_name

    lang = options.lang
    if options.given("lang") and base_language(lang) != "en":
        raise UsageError(
            f"{path}: the article importer reads English articles only, but --lang {lang} "
            f"asks for {language_name(lang)}; write the routine as a YAML file with "
            f"'language: {lang}' (see 'Routine files' in the README), or drop --lang"
        )


def _is_article(path: Path) -> bool:
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        return True
    if path.suffix.lower() in (".yaml", ".yml"):
        return False
    from .importer import looks_like_article

    try:
        with path.open("rb") as stream:  # only the head: the file may be huge
            head = stream.read(200_000).decode("utf-8", errors="ignore")
    except OSError:
        return False  # the routine loader reports the problem
    return looks_like_article(head)


def _import(path: Path) -> Any:
    """Import an article file on the fly (build, script): its warnings and a count of what
    it leaves out go to stderr."""
    from .importer import build_messages, import_file

    result = import_file(path)
    for line in build_messages(result, str(path)):
        click.echo(line, err=True)
    return result


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
@_settings(Group.TIMING, Group.CUES, Group.VOICE, Group.OUTPUT)
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
    from .language import clock
    from .naming import check_path, output_names
    from .render import Renderer

    check_path(output_dir, "-o/--output-dir")
    options = _options(kw)
    loaded = _load(routines, options, folders=True, from_article=kw.pop("from_article"))
    renderer = Renderer(options)
    jobs = list(zip(loaded, output_names([r.title for r in loaded]), strict=True))
    bar = _Bar()
    try:
        results = renderer.render_many(jobs, output_dir, bar)
    finally:
        bar.close()
    for result in results:
        length = clock(result.timeline.total_samples, result.timeline.sample_rate)
        click.echo(f"Wrote {result.path} ({length})")
    synthesised = sum(r.synthesised for r in results)
    cached = sum(r.cached for r in results)
    phrases = "phrase" if synthesised == 1 else "phrases"
    click.echo(f"Speech: {synthesised} {phrases} synthesised, {cached} from cache")


@cli.command()
@click.argument("routine", metavar="ROUTINE")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.option(
    "--estimate",
    is_flag=True,
    help="Estimate speech lengths instead of synthesising (no engine needed).",
)
@click.option(
    "--picture",
    "picture_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Also draw the routine's picture into FILE (.png or .svg), as build embeds it.",
)
@_settings(Group.TIMING, Group.CUES, Group.VOICE, also=("sample_rate", "profile"))
def script(
    routine: str, as_json: bool, estimate: bool, picture_file: Path | None, **kw: Any
) -> None:
    """Print the narration script of ROUTINE with the exact start of every line and pause.

    Speech lengths come from the synthesised clips (cached), so the times are those of
    the MP3 that `build` writes with the same options.

    \b
    Examples:
      stretchaudio script l5-s1
      stretchaudio script l5-s1 --hold 20 --json > plan.json
      stretchaudio script l5-s1 --estimate --picture l5-s1.png
    """
    from . import api, scriptfmt

    if picture_file is not None and picture_file.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--picture: {picture_file} must end in .png or .svg")
    options = _options(kw)
    for number, r in enumerate(_load((routine,), options), 1):
        timeline = api.script(r, options, estimate=estimate)
        click.echo(scriptfmt.to_json(timeline) if as_json else scriptfmt.to_text(timeline))
        if picture_file is not None:
            _write_picture(timeline, picture_file, number)


def _write_picture(timeline: Any, path: Path, number: int) -> None:
    """The picture of ``timeline`` into ``path`` (PNG or SVG by its suffix), atomically; the
    second routine of a file goes to NAME-2.png, and so on."""
    from . import api
    from .atomic import Staging

    if number > 1:
        path = path.with_name(f"{path.stem}-{number}{path.suffix}")
    data = api.draw_picture(timeline, path.suffix.lower().lstrip("."))
    with Staging(path.parent) as stage:
        stage.file(path).write_bytes(data)
    click.echo(f"Wrote {path}", err=True)


@cli.command("import")
@click.argument("article", metavar="FILE|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the routine YAML here instead of to standard output.",
)
@click.option(
    "--max-exercises",
    type=click.IntRange(1),
    help="Allow an article that gives more exercises than this (default 60; more usually "
    "means a book or the wrong file).",
)
@click.option(
    "--max-hours",
    type=click.FloatRange(0, min_open=True),
    help="Allow a routine that lasts longer than this many hours (default 3).",
)
def import_cmd(
    article: str, output: Path | None, max_exercises: int | None, max_hours: float | None
) -> None:
    """Turn a plain-text or Markdown article into a routine YAML file to review and build.

    Exercises come from headings, numbered or bulleted steps, tables, label lines
    ("Reps: 10 | Hold: 5 sec") or prose; timing words ("hold for 30 seconds", "a few
    breaths", "switch sides", "10 reps") become timed actions; the starting position
    becomes set-up said once; safety warnings become the spoken intro. Every sentence
    left out (ads, credits, related links, tips, commentary) is listed on stderr with
    the reason, as 'FILE:LINE: skipped ...'; those that looked like instructions are
    marked 'Warning:'. Every default applied is marked in the YAML.

    \b
    Examples:
      stretchaudio import article.txt -o my-routine.yaml
      curl -s https://example.org/stretches.md | stretchaudio import - > routine.yaml
      stretchaudio build article.md            # imports on the fly
    """
    from .importer import import_bytes, import_command_output, import_file, read_limited
    from .naming import check_path

    if output is not None:
        check_path(output, "-o/--output")
    limits: dict[str, Any] = {
        name: value
        for name, value in (("max_exercises", max_exercises), ("max_hours", max_hours))
        if value is not None
    }
    if article == "-":
        data = read_limited(click.get_binary_stream("stdin"), "<stdin>")
        result = import_bytes(data, "<stdin>", **limits)
    else:
        check_path(Path(article), "FILE")
        result = import_file(Path(article), **limits)
    routine_yaml, report = import_command_output(result)
    for line in report:
        click.echo(line, err=True)
    if output is None:
        click.echo(routine_yaml, nl=False)
        return
    from .atomic import Staging

    with Staging(output.parent) as stage:
        stage.file(output).write_text(routine_yaml)
    click.echo(f"Wrote {output} ({len(result.routine.exercises)} exercises)", err=True)


@cli.command("list")
def list_cmd() -> None:
    """List the built-in routines: name, title, exercises and length (estimated from the
    words, with your settings: config file and environment included).

    \b
    Example:
      stretchaudio list
    """
    from . import api
    from .routine import builtin_names, load_builtin

    options = _options({})
    for name in builtin_names():
        for r in load_builtin(name):
            minutes = api.script(r, options, estimate=True).seconds / 60
            count = len(r.exercises)
            click.echo(f"{name:20} {r.title}: {count} exercises, about {minutes:.0f} min")


@cli.command()
@click.option("-a", "--all", "show_all", is_flag=True, help="List every voice of every engine.")
def engines(show_all: bool) -> None:
    """List the speech engines, whether each works here (and why not), and their voices.

    \b
    Example:
      stretchaudio engines
    """
    from .engines.base import DEFAULT_ENGINE, describe_engines
    from .ffmpeg import describe

    for info in describe_engines():
        state = "available" if info.available else "NOT available"
        default = " (default)" if info.name == DEFAULT_ENGINE else ""
        click.echo(f"{info.name}{default}: {state}: {info.detail}")
        shown = info.voices if show_all else info.voices[:12]
        for voice in shown:
            click.echo(f"    {voice}")
        if len(info.voices) > len(shown):
            click.echo(f"    ... and {len(info.voices) - len(shown)} more (--all lists them)")
    click.echo(describe())


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
    from .cache import default_folder, info, limit_bytes, problem

    folder = default_folder()
    entries, size = info(folder)
    click.echo(f"folder:  {folder}")
    trouble = problem(folder)
    if trouble:
        click.echo(f"status:  NOT used: the folder {trouble}; make it private (chmod 700)")
    click.echo(f"clips:   {entries}")
    click.echo(
        f"size:    {size / 1e6:.1f} MB (bound {limit_bytes() / 1e6:.0f} MB; set "
        "STRETCHAUDIO_CACHE_MAX_MB to change it)"
    )


@cache.command("clear")
def cache_clear_cmd() -> None:
    """Delete every cached clip (they are synthesised again when needed).

    Only files the tool wrote are removed; anything else in the folder is left alone."""
    from .cache import clear, default_folder

    folder = default_folder()
    entries, size, left = clear(folder)
    note = f"; left {left} files it did not write" if left else ""
    click.echo(f"Removed {entries} clips ({size / 1e6:.1f} MB) from {folder}{note}")


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
