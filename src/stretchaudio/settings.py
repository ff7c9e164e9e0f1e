"""Every setting a user can choose, declared once.

Each class attribute of :class:`Options` is one setting: its name, type, built-in default,
allowed range, unit, help text and group. Everything else is derived from that one line:

* the command-line option (``--hold``, ``--no-cues``; :mod:`stretchaudio.cli` builds them),
* the environment variable (``STRETCHAUDIO_HOLD``) and the config-file key (``hold``),
* the key in a routine file's ``defaults:`` (settings marked ``routine=True``) and its range,
* the ranges the article importer accepts, and the README tables (a test keeps them in sync).

An :class:`Options` object holds what the user chose (through the Python API, flags, the
environment or the config file); reading an attribute gives the chosen value, or else the
value from a lower layer (a routine file's defaults, see :meth:`Options.over`), or else the
profile's default, or else the built-in default::

    >>> options = Options(hold=20)
    >>> options.hold, options.rest, options.given("hold"), options.given("rest")
    (20.0, 10.0, True, False)
    >>> Options(hold=9000)
    Traceback (most recent call last):
    ...
    stretchaudio.errors.UsageError: hold: 9000 is outside the allowed range; use 1 to 600 seconds

This module is a leaf: it imports nothing from the stages of the pipeline, so every stage may
import it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, overload

from .errors import UsageError
from .language.catalogue import CODE_PATTERN

T = TypeVar("T")


class Group(StrEnum):
    """Where a setting shows up in ``--help`` and in the README."""

    TIMING = "timing"
    CUES = "cues"
    VOICE = "voice"
    OUTPUT = "output"


class InvalidValue(ValueError):
    """A value a setting cannot take; ``str(error)`` says why, without saying where."""


def plain(number: float) -> str:
    """``30`` rather than ``30.0``; ``0.5`` stays ``0.5``."""
    if not math.isfinite(number):
        return str(number)
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def describe_value(value: object) -> str:
    """What a value is, for "expected X, got Y" messages."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {plain(value) if abs(value) < 1e15 else 'with many digits'}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table of keys"
    return f"a {type(value).__name__}"


class Setting(Generic[T]):
    """One setting. Subclasses say how a raw value (from TOML, YAML, an environment variable
    already converted by click, or a Python caller) becomes a checked value of type ``T``."""

    kind: ClassVar[str] = "value"

    def __init__(
        self,
        default: T,
        help: str,
        *,
        group: Group,
        routine: bool = False,
        flag: str | None = None,
        metavar: str | None = None,
        cli: bool = True,
        profiles: Mapping[str, T] | None = None,
    ) -> None:
        self.default = default
        self.help = help
        self.group = group
        self.routine = routine
        """Whether a routine file's ``defaults:`` may set it (under the same name)."""
        self._flag = flag
        self.metavar = metavar
        self.cli = cli
        """Whether it is a command-line option (and so an environment variable)."""
        self.profiles: Mapping[str, T] = profiles or {}
        """Defaults that a ``--profile`` changes."""
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...

    @overload
    def __get__(self, obj: Options, owner: type) -> T: ...

    def __get__(self, obj: Options | None, owner: type) -> Setting[T] | T:
        if obj is None:
            return self
        value: T = obj._lookup(self)
        return value

    @property
    def flag(self) -> str:
        """``--step-pause`` for ``step_pause`` (or the flag given explicitly)."""
        return self._flag or "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return "STRETCHAUDIO_" + self.name.upper()

    def parse(self, raw: object) -> T:
        """``raw`` as this setting's value; raises InvalidValue saying why not."""
        raise NotImplementedError

    def describe_range(self) -> str:
        """The allowed values in words ("1 to 600 seconds"), or ""."""
        return ""

    def show(self, value: object) -> str:
        """A value as the README and ``--help`` write it."""
        if value is None or value == ():
            return ""
        if isinstance(value, bool):
            return "on" if value else "off"
        if isinstance(value, float):
            return plain(value)
        return str(value)


class Number(Setting[T]):
    """A number within ``low`` to ``high`` (inclusive), in ``unit``; ``whole`` for counts."""

    kind = "number"

    def __init__(
        self,
        default: T,
        help: str,
        *,
        low: float,
        high: float,
        unit: str = "",
        whole: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(default, help, **kw)
        self.low, self.high, self.unit, self.whole = low, high, unit, whole

    def parse(self, raw: object) -> T:
        expected = "a whole number" if self.whole else f"a number{self._of_unit()}"
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise InvalidValue(f"expected {expected}, got {describe_value(raw)}")
        if isinstance(raw, int) and raw.bit_length() > 64:
            raise InvalidValue(f"the number is far too large; use {self.describe_range()}")
        number = float(raw)
        if self.whole and math.isfinite(number) and not number.is_integer():
            raise InvalidValue(f"expected a whole number, got {plain(number)}")
        if not self.low <= number <= self.high:  # NaN fails too
            raise InvalidValue(
                f"{plain(number)} is outside the allowed range; use {self.describe_range()}"
            )
        value: Any = int(number) if self.whole else number
        return value  # type: ignore[no-any-return]

    def _of_unit(self) -> str:
        return f" of {self.unit}" if self.unit in ("seconds", "minutes") else ""

    def describe_range(self) -> str:
        low, high = plain(self.low), plain(self.high)
        if self.whole:
            return f"a whole number from {low} to {high}"
        return f"{low} to {high}" + (f" {self.unit}" if self.unit else "")


class Flag(Setting[T]):
    """On or off."""

    kind = "flag"

    def parse(self, raw: object) -> T:
        if not isinstance(raw, bool):
            raise InvalidValue(f"expected true or false, got {describe_value(raw)}")
        value: Any = raw
        return value  # type: ignore[no-any-return]

    def describe_range(self) -> str:
        return "on or off"


class Choice(Setting[T]):
    """One of a few words (compared case-insensitively)."""

    kind = "choice"

    def __init__(self, default: T, help: str, *, choices: tuple[str, ...], **kw: Any) -> None:
        super().__init__(default, help, **kw)
        self.choices = choices

    def parse(self, raw: object) -> T:
        if not isinstance(raw, str) or raw.strip().lower() not in self.choices:
            raise InvalidValue(
                f"expected one of {', '.join(self.choices)}, got {describe_value(raw)}"
            )
        value: Any = raw.strip().lower()
        return value  # type: ignore[no-any-return]

    def describe_range(self) -> str:
        return " | ".join(self.choices)


class Text(Setting[T]):
    """A short text on one line (an engine name, a language code, a bitrate)."""

    kind = "text"

    def __init__(self, default: T, help: str, *, pattern: str | None = None, **kw: Any) -> None:
        super().__init__(default, help, **kw)
        self.pattern = pattern
        """A regular expression the whole text must match (ASCII), with its description."""

    def parse(self, raw: object) -> T:
        import re

        if not isinstance(raw, str) or not raw.strip():
            raise InvalidValue(f"expected a word or code, got {describe_value(raw)}")
        text = raw.strip()
        if len(text) > 200 or not text.isprintable():
            raise InvalidValue("expected a short text on one line")
        if self.pattern and not re.fullmatch(self.pattern, text, re.ASCII):
            raise InvalidValue(f"{text!r} does not look like {self.metavar or 'a valid value'}")
        value: Any = text
        return value  # type: ignore[no-any-return]


class FilePath(Setting[T]):
    """A path to a file (checked when it is used)."""

    kind = "path"

    def parse(self, raw: object) -> T:
        if isinstance(raw, Path):
            value: Any = raw
        elif isinstance(raw, str) and raw.strip() and "\x00" not in raw:
            value = Path(raw).expanduser()
        else:
            raise InvalidValue(f"expected a file path (text), got {describe_value(raw)}")
        return value  # type: ignore[no-any-return]


class HoldFor(Setting[tuple[tuple[str, float], ...]]):
    """Hold lengths for single exercises: ``NAME=SECONDS`` pairs (a table in TOML)."""

    kind = "pairs"

    def parse(self, raw: object) -> tuple[tuple[str, float], ...]:
        if isinstance(raw, str):
            raw = [raw]
        if isinstance(raw, Mapping):
            raw = [f"{name}={seconds}" for name, seconds in raw.items()]
        if not isinstance(raw, list | tuple):
            raise InvalidValue(f"expected NAME=SECONDS pairs, got {describe_value(raw)}")
        return tuple(self._pair(item) for item in raw)

    def _pair(self, item: object) -> tuple[str, float]:
        if isinstance(item, tuple) and len(item) == 2:
            name, seconds = item
        else:
            name, sep, seconds = str(item).rpartition("=")
            if not sep or not name.strip():
                raise InvalidValue(f"{item!r} is not NAME=SECONDS (e.g. hamstring=45)")
            try:
                seconds = float(seconds)
            except ValueError:
                raise InvalidValue(f"{item!r}: {seconds!r} is not a number of seconds") from None
        hold: Setting[float] = Options.hold
        try:
            return str(name).strip(), hold.parse(seconds)
        except InvalidValue as error:
            raise InvalidValue(f"{name}: {error}") from None


# Shorthands for the table below.
_T, _C, _V, _O = Group.TIMING, Group.CUES, Group.VOICE, Group.OUTPUT
MP3_BITRATE = r"[0-9]{1,3}k"
DEFAULT_SAMPLE_RATE = 22050
PROFILES = ("default", "podcast")


class Options:
    """What the user chose. One attribute per setting (see the module docstring)."""

    # One setting per paragraph, its range on one line: a table, not a call list.
    # fmt: off
    # --- timing -------------------------------------------------------------------------------
    hold = Number(
        30.0, "Length of every hold.",
        low=1, high=600, unit="seconds", group=_T, routine=True, metavar="S",
    )
    hold_for = HoldFor(
        (), "Hold length for one exercise (its slug, or a prefix of its name); repeatable.",
        group=_T, metavar="NAME=S",
    )
    scale: Number[float | None] = Number(
        None, "Multiply every hold by X.",
        low=0.1, high=10, group=_T, metavar="X",
    )
    minutes: Number[float | None] = Number(
        None, "Fit the whole routine to M minutes by lengthening (or shortening) its holds "
        "and breath counts; rests only when there is nothing else.",
        low=1, high=600, unit="minutes", group=_T, metavar="M",
    )
    breaths = Number(
        3, "Breaths in every breathing pause.",
        low=1, high=50, whole=True, group=_T, routine=True, metavar="N",
    )
    breath_seconds = Number(
        5.0, "Seconds per breath (inhale plus exhale).",
        low=1, high=30, unit="seconds", group=_T, routine=True, metavar="S",
    )
    inhale: Number[float | None] = Number(
        None, "Seconds of each inhale (default: 40% of the breath).",
        low=0.5, high=30, unit="seconds", group=_T, routine=True, metavar="S",
    )
    exhale: Number[float | None] = Number(
        None, "Seconds of each exhale (default: the rest of the breath).",
        low=0.5, high=30, unit="seconds", group=_T, routine=True, metavar="S",
    )
    rest = Number(
        10.0, "Rest between exercises and between sets.",
        low=0, high=600, unit="seconds", group=_T, routine=True, metavar="S",
    )
    switch = Number(
        5.0, "Time to change sides.",
        low=0, high=120, unit="seconds", group=_T, routine=True, metavar="S",
    )
    step_pause = Number(
        2.0, "Pause after a spoken step with no timed action.",
        low=0, high=60, unit="seconds", group=_T, routine=True, metavar="S",
    )
    prep = Number(
        5.0, "Get-ready time before the first exercise.",
        low=0, high=120, unit="seconds", group=_T, routine=True, metavar="S",
    )
    sets: Number[int | None] = Number(
        None, "Sets of every exercise (default: each exercise's own, else 1).",
        low=1, high=20, whole=True, group=_T, routine=True, metavar="N",
    )
    reps: Number[int | None] = Number(
        None, "Repetitions of every exercise that has them.",
        low=1, high=100, whole=True, group=_T, metavar="N",
    )
    say_durations = Flag(
        True, "Speak durations and counts ('Hold for twenty seconds.').",
        group=_T, routine=True,
    )
    # --- cues inside windows --------------------------------------------------------------------
    cues = Flag(
        True, "Cues inside windows: a countdown, 'Halfway', breathing cues (and chimes with "
        "--chime). --no-cues leaves windows silent, except cues set on their own.",
        group=_C, routine=True,
    )
    chime = Flag(False, "Soft chimes at the start and end of holds.", group=_C, routine=True)
    countdown = Number(
        3, "Count down the last K seconds of holds and of the get-ready time (0: off).",
        low=0, high=10, whole=True, group=_C, routine=True, metavar="K",
    )
    halfway = Number(
        30.0, "Say 'Halfway' in holds of at least S seconds (0: never).",
        low=0, high=600, unit="seconds", group=_C, routine=True, metavar="S",
    )
    breath_cues = Choice(
        "voice", "Guide breaths with 'Breathe in/out', soft tones, or nothing.",
        choices=("voice", "tones", "none"), group=_C, routine=True,
    )
    # --- voice ----------------------------------------------------------------------------------
    engine = Text(
        "piper", "Speech engine: piper (offline), gtts (Google, online), espeak (offline, "
        "needs espeak-ng), or an installed plugin.",
        group=_V, metavar="NAME",
    )
    speed = Number(
        1.0, "Speaking rate (0.8 = slower, 1.2 = faster).",
        low=0.25, high=4, group=_V, metavar="X",
    )
    voice: Text[str | None] = Text(
        None, "Piper voice model (default: the bundled voice).", group=_V, metavar="MODEL.onnx"
    )
    lang = Text(
        "en", "Language of the narration: the program's phrases, number words and voice "
        "(gtts and espeak speak many; a Piper --voice speaks one). Overrides a routine file's "
        "'language:' (in the config file: for files that give none).",
        pattern=CODE_PATTERN, group=_V, metavar="CODE",
    )
    tld = Text(
        "com", "Google domain, which picks the accent (gtts): com, co.uk, com.au, ca, co.in...",
        group=_V, metavar="TLD",
    )
    slow = Flag(False, "Slow speech (gtts).", group=_V)
    timeout = Number(
        10.0, "Seconds to wait for one network request (gtts).",
        low=0.1, high=600, unit="seconds", group=_V, metavar="S",
    )
    retries = Number(
        4, "Retries after a network error, HTTP 429 or 5xx (gtts; none when offline).",
        low=0, high=20, whole=True, group=_V, metavar="N",
    )
    retry_budget = Number(
        60.0, "Most seconds spent retrying one request (gtts).",
        low=0, high=3600, unit="seconds", group=_V, metavar="S",
    )
    cache = Flag(True, "Read and write the clip cache.", group=_V)
    deterministic = Flag(
        True, "Same text, same samples (Piper without noise).", group=_V, cli=False
    )
    # --- output ---------------------------------------------------------------------------------
    profile = Choice(
        "default", "podcast: 44.1 kHz, 96 kbit/s, as podcast hosts ask.",
        choices=PROFILES, group=_O,
    )
    format = Choice(
        "mp3", "mp3 to listen to, wav for editing.", choices=("mp3", "wav"), group=_O
    )
    bitrate = Text(
        "64k", "MP3 constant bitrate (CBR: chapters and seeking land exactly).",
        pattern=MP3_BITRATE, group=_O, metavar="RATE", profiles={"podcast": "96k"},
    )
    sample_rate = Number(
        DEFAULT_SAMPLE_RATE, "Sample rate of the audio.",
        low=8000, high=48000, whole=True, unit="Hz", group=_O, metavar="HZ",
        profiles={"podcast": 44100},
    )
    loudness = Number(
        -16.0, "Integrated loudness as a stereo player measures it; true peak stays at or "
        "under -1 dBTP.",
        low=-40, high=-14, unit="LUFS", group=_O, metavar="LUFS",
    )
    cover: FilePath[Path | None] = FilePath(
        None, "Embed this JPEG/PNG as the cover instead of the routine's picture.", group=_O,
        metavar="FILE",
    )
    music: FilePath[Path | None] = FilePath(
        None, "Background music (any format ffmpeg reads), looped and ducked under speech.",
        group=_O, metavar="FILE",
    )
    music_level = Number(
        -18.0, "Music loudness in holds, relative to the voice.",
        low=-40, high=0, unit="LU", group=_O, metavar="LU",
    )
    sidecars = Flag(
        True, "Also write .vtt captions, .lrc lyrics, a .json timeline, the picture and the "
        "page beside the MP3.", group=_O
    )
    picture = Flag(
        True, "Draw the routine's picture: the MP3's cover (unless --cover) and .png/.svg "
        "files.", group=_O
    )
    page = Flag(
        True, "Write the follow-along page (.html) that plays the MP3 beside it.", group=_O
    )
    # fmt: on

    def __init__(self, **values: object) -> None:
        """The settings given here win over every lower layer (None: not given). Raises
        UsageError for an unknown name or a value the setting cannot take."""
        self._given = parse_values(values, lambda name: name)
        self._lower: Mapping[str, object] = {}

    # --- layers -------------------------------------------------------------------------------

    @classmethod
    def table(cls) -> dict[str, Setting[Any]]:
        """Every setting by name, in declaration order."""
        return {k: v for k, v in vars(cls).items() if isinstance(v, Setting)}

    @classmethod
    def checked(cls, values: Mapping[str, object]) -> Options:
        """Options from values that were already parsed (by a source that named its errors
        its own way, like the command line or the config file)."""
        made = cls()
        made._given = dict(values)
        return made

    def over(self, lower: Mapping[str, object]) -> Options:
        """These options on top of ``lower`` (already checked values, such as a routine
        file's defaults): what was given here wins, ``lower`` fills the rest."""
        made = Options.checked(self._given)
        made._lower = {**self._lower, **lower}
        return made

    def replace(self, **values: object) -> Options:
        """A copy with ``values`` given as well (checked)."""
        made = Options.checked({**self._given, **parse_values(values, lambda name: name)})
        made._lower = self._lower
        return made

    def given(self, name: str) -> bool:
        """Whether the user chose this setting (not a routine file, not a default)."""
        return name in self._given

    def set_anywhere(self, name: str) -> bool:
        """Whether the user or a lower layer (a routine file) chose this setting."""
        return name in self._given or name in self._lower

    def lower_value(self, name: str) -> Any:
        """The value a lower layer (a routine file) gives this setting, or None."""
        return self._lower.get(name)

    def choices(self) -> dict[str, object]:
        """What the user chose, by setting name."""
        return dict(self._given)

    def _lookup(self, setting: Setting[T]) -> T:
        name = setting.name
        if name in self._given:
            value: Any = self._given[name]
        elif name in self._lower:
            value = self._lower[name]
        else:
            profile = self._given.get("profile", self._lower.get("profile", "default"))
            value = setting.profiles.get(str(profile), setting.default)
        return value  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Options):
            return NotImplemented
        return (self._given, self._lower) == (other._given, other._lower)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in self._given.items())
        return f"Options({given})"

    def __iter__(self) -> Iterator[tuple[str, object]]:
        """(name, value) for every setting, as resolved."""
        for name, setting in self.table().items():
            yield name, setting.__get__(self, Options)


def parse_values(values: Mapping[str, object], where: Any) -> dict[str, object]:
    """Check every value against its setting; ``where(name)`` names it in an error."""
    table = Options.table()
    out: dict[str, object] = {}
    for name, raw in values.items():
        setting = table.get(name)
        if raw is None and setting is not None:
            continue  # None: not chosen
        if setting is None:
            raise UsageError(
                f"{where(name)}: unknown setting {name!r}; valid settings: {', '.join(table)}"
            )
        try:
            out[name] = setting.parse(raw)
        except InvalidValue as error:
            raise UsageError(f"{where(name)}: {error}") from None
    return out


def routine_settings() -> dict[str, Setting[Any]]:
    """The settings a routine file's ``defaults:`` may hold, by key."""
    return {name: s for name, s in Options.table().items() if s.routine}


def number_setting(name: str) -> Number[Any]:
    """The numeric setting called ``name`` (its range is shared by flags, files, importer)."""
    setting = Options.table()[name]
    assert isinstance(setting, Number)
    return setting


def markdown_table(group: Group) -> str:
    """The README's table of the settings in ``group`` (a test keeps README in sync)."""
    rows = [
        "| flag | config key | what it does | default | allowed | in `defaults:` |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in Options.table().items():
        if s.group is not group or not s.cli:
            continue
        flag = f"{s.flag}/--no-{s.flag[2:]}" if isinstance(s, Flag) else s.flag
        flag += f" {s.metavar}" if s.metavar else ""
        default = s.show(s.default) or "-"
        default += "".join(f"; {p}: {s.show(v)}" for p, v in s.profiles.items())
        cells = [f"`{flag}`", f"`{name}`", s.help, default, s.describe_range() or "-"]
        cells.append("yes" if s.routine else "")
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
