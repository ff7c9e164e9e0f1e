"""stretchaudio: turn stretching and exercise routines into exactly-timed, voice-guided MP3s.

The Python API (see :mod:`stretchaudio.api` and docs/api.md)::

    import stretchaudio
    routine = stretchaudio.load("l5-s1")
    stretchaudio.render(routine, "output", stretchaudio.Options(hold=20))

Importing this package is cheap: the stages (and numpy, Piper, ffmpeg) load on first use.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("stretchaudio")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

if TYPE_CHECKING:
    from .api import (
        Engine,
        ImportResult,
        Options,
        Plan,
        RenderResult,
        Routine,
        Timeline,
        draw_picture,
        follow_along_page,
        import_article,
        load,
        load_all,
        plan,
        register_engine,
        render,
        script,
        script_text,
    )
    from .errors import StretchAudioError

__all__ = [
    "Engine",
    "ImportResult",
    "Options",
    "Plan",
    "RenderResult",
    "Routine",
    "StretchAudioError",
    "Timeline",
    "__version__",
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


def __getattr__(name: str) -> Any:
    """The API's names, imported when first used (so `stretchaudio --help` stays instant)."""
    if name == "StretchAudioError":
        from .errors import StretchAudioError

        return StretchAudioError
    if name in __all__:
        from . import api

        # Bind every API name now: importing the api also imports submodules, and a
        # submodule named like an API function must not hide it.
        globals().update({n: getattr(api, n) for n in api.__all__})
        return getattr(api, name)
    raise AttributeError(f"module 'stretchaudio' has no attribute {name!r}")
