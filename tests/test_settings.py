"""One table of settings: flags, environment variables, config keys, routine-file keys and the
README's tables all come from it, and agree."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from stretchaudio import cli as cli_module
from stretchaudio.cli import cli
from stretchaudio.errors import RoutineError, UsageError
from stretchaudio.routine import load_routines_text
from stretchaudio.settings import Choice, Flag, Group, HoldFor, Number, Options, Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from update_readme import updated  # noqa: E402

TABLE = {name: s for name, s in Options.table().items() if s.cli}


def sample(name: str) -> tuple[list[str], str, str]:
    """A value other than the default for a setting: (flag arguments, env value, TOML)."""
    s = TABLE[name]
    if isinstance(s, Flag):
        on = not s.default
        flag = s.flag if on else f"--no-{s.flag[2:]}"
        return [flag], "1" if on else "0", str(on).lower()
    if isinstance(s, HoldFor):
        return [s.flag, "knee=12"], "knee=12", '["knee=12"]'
    if isinstance(s, Number):
        number = s.high if s.default != s.high else s.low
        text = str(int(number)) if s.whole else str(float(number))
        return [s.flag, text], text, text
    if isinstance(s, Choice):
        choice = next(c for c in s.choices if c != s.default)
        return [s.flag, choice], choice, f'"{choice}"'
    assert isinstance(s, Text | type(s))
    value = {"engine": "espeak", "lang": "de", "tld": "co.uk", "bitrate": "96k"}.get(name, "x")
    value = {"voice": "/tmp/voice.onnx", "cover": "/tmp/c.png", "music": "/tmp/m.mp3"}.get(
        name, value
    )
    return [s.flag, value], value, f'"{value}"'


@click.command()
@cli_module._settings(*Group)
def show(**kw: Any) -> None:
    """Prints the user's choices as the real commands collect them (the config file's lang
    sits in a lower layer, under a routine file's own language: see test_languages)."""
    options = cli_module._options(kw)
    click.echo(repr(sorted((name, v) for name, v in options if options.set_anywhere(name))))


def choices(args: list[str], env: dict[str, str], tmp_path: Path, toml: str = "") -> str:
    config = tmp_path / "config.toml"
    config.write_text(toml)
    res = CliRunner(mix_stderr=False).invoke(
        show, args, env={"STRETCHAUDIO_CONFIG": str(config), **env}
    )
    assert res.exit_code == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("name", sorted(TABLE))
def test_flag_environment_and_config_key_choose_the_same(name: str, tmp_path: Path) -> None:
    args, env_value, toml_value = sample(name)
    by_flag = choices(args, {}, tmp_path)
    by_env = choices([], {TABLE[name].env: env_value}, tmp_path)
    by_config = choices([], {}, tmp_path, f"{name} = {toml_value}\n")
    assert by_flag == by_env == by_config
    assert f"('{name}'," in by_flag


def test_a_flag_outranks_the_environment_which_outranks_the_config(tmp_path: Path) -> None:
    out = choices(["--hold", "40"], {"STRETCHAUDIO_HOLD": "30"}, tmp_path, "hold = 20\nrest = 4")
    assert "('hold', 40.0)" in out and "('rest', 4.0)" in out
    out = choices([], {"STRETCHAUDIO_HOLD": "30"}, tmp_path, "hold = 20\n")
    assert "('hold', 30.0)" in out


@pytest.mark.parametrize("name", sorted(n for n, s in TABLE.items() if s.routine))
def test_a_flag_and_a_routine_key_accept_exactly_the_same_range(name: str) -> None:
    s = TABLE[name]
    if not isinstance(s, Number):
        return
    step = 1 if s.whole else 0.01
    for value, ok in ((s.low, True), (s.high, True), (s.low - step, False), (s.high + step, False)):
        shown = str(int(value)) if s.whole else repr(float(value))
        text = (
            f"title: T\ndefaults:\n  {name}: {shown}\nexercises:\n  - name: A\n    steps: [Go.]\n"
        )
        if name == "inhale":  # an inhale must fit in the breath
            text = text.replace("defaults:\n", "defaults:\n  breath_seconds: 30\n")
        flag_ok = file_ok = True
        try:
            Options(**{name: int(value) if s.whole else float(value)})
        except UsageError as error:
            flag_ok = False
            assert s.describe_range() in str(error)
        try:
            load_routines_text(text)
        except RoutineError as error:
            file_ok = False
            assert s.describe_range() in str(error)
        assert flag_ok == file_ok == ok, (name, value)


def test_readme_tables_list_every_setting_with_its_default_and_range() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == updated(readme), "README is out of date: run scripts/update_readme.py"
    for name, s in TABLE.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{s.flag}"))
        assert f"`{name}`" in row and (s.describe_range() or "-").replace("|", "\\|") in row


def one_line(res: Any, *words: str) -> None:
    assert res.exit_code == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), res.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("hold = [1, 2]", ("hold", "expected a number of seconds, got a list")),
        ("cues = 2", ("cues", "expected true or false")),
        ("cover = 5", ("cover", "expected a file path")),
        ("hold = 9000", ("hold", "use 1 to 600 seconds")),
        ("hodl = 3", ("unknown setting 'hodl'",)),
        ("hold = ", ("invalid TOML",)),
        ("format = 'flac'", ("format", "expected one of mp3, wav")),
        ("sample_rate = 0", ("sample_rate", "8000 to 48000")),
    ],
)
def test_bad_config_values_are_one_line(toml: str, words: tuple[str, ...], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml + "\n")
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["script", "l5-s1", "--estimate"], env={"STRETCHAUDIO_CONFIG": str(config)}
    )
    one_line(res, *words)


def test_config_that_is_a_device_or_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        res = CliRunner(mix_stderr=False).invoke(
            cli, ["script", "l5-s1", "--estimate"], env={"STRETCHAUDIO_CONFIG": path}
        )
        one_line(res, "not a regular file")


def test_sample_rate_zero_is_refused_not_replaced() -> None:
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["script", "l5-s1", "--estimate", "--sample-rate", "0"]
    )
    one_line(res, "--sample-rate: 0 is outside the allowed range")


@pytest.mark.slow
def test_minutes_20_renders_20_minutes_and_config_format_applies(tmp_path: Path) -> None:
    env = {"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")}
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["script", "l5-s1", "--minutes", "20", "--json"], env=env
    )
    assert res.exit_code == 0, res.stderr
    assert abs(json.loads(res.stdout)["total_seconds"] - 1200) <= 1.0
    config = tmp_path / "config.toml"
    config.write_text('format = "wav"\n')
    small = tmp_path / "small.yaml"
    small.write_text("title: Small\nexercises:\n  - name: A\n    steps: [Reach up.]\n")
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(small), "-o", str(tmp_path / "out")],
        env={**env, "STRETCHAUDIO_CONFIG": str(config)},
    )
    assert res.exit_code == 0, res.stderr
    assert [p.suffix for p in (tmp_path / "out").glob("small.*")].count(".wav") == 1
