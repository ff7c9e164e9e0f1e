"""The config file: TOML, one key per setting (``hold = 25``, ``engine = "gtts"``).

Where it is: ``$STRETCHAUDIO_CONFIG``, else ``config.toml`` in the per-user config folder
(``~/.config/stretchaudio/config.toml`` on Linux, from platformdirs). Keys are the settings'
names (:mod:`stretchaudio.settings`), written with ``_`` or ``-`` (``step_pause`` or
``step-pause``); each value is checked like the flag of the same name. The file is read with
a size bound, and only if it is a regular file (not a FIFO or a device).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import UsageError
from .settings import Options, parse_values

MAX_CONFIG_BYTES = 100_000


def config_path() -> Path:
    """$STRETCHAUDIO_CONFIG, else config.toml in the per-user config folder."""
    env = os.environ.get("STRETCHAUDIO_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("stretchaudio")) / "config.toml"


def read_config(path: Path) -> dict[str, object]:
    """The settings the config file at ``path`` chooses, checked; {} when there is none."""
    import tomllib

    text = _read_text(path)
    if text is None:
        return {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}. Fix or delete the file.") from exc
    table = Options.table()
    values: dict[str, object] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        setting = table.get(name)
        if setting is None or not setting.cli:
            valid = ", ".join(n for n, s in table.items() if s.cli)
            raise UsageError(f"{path}: unknown setting {key!r}; valid settings: {valid}")
        values[name] = value
    return parse_values(values, lambda name: f"{path}: {name}")


def _read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist; bounded, regular files only."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UsageError(
                f"{path}: the config file is not a regular file; point STRETCHAUDIO_CONFIG "
                "at a .toml file"
            )
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise UsageError(
            f"{path}: the config file is larger than {MAX_CONFIG_BYTES} bytes; a config file "
            "holds a few settings. Check the path."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the config file is not UTF-8 text; save it as UTF-8") from exc
