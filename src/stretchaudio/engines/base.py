"""The engine interface and registry.

An engine turns one phrase into mono 16-bit samples at its own sample rate. It is built from
``EngineSettings`` (cheap), loads anything expensive lazily on first use, and says in
``identity()`` everything that changes its output, so the clip cache can key on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ..errors import EngineError, StretchAudioError, UsageError
from ..settings import Options

ENTRY_POINT_GROUP = "stretchaudio.engines"
DEFAULT_ENGINE = "piper"


@dataclass(frozen=True)
class Clip:
    """Mono int16 samples and their rate."""

    samples: npt.NDArray[np.int16]
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


EngineSettings = Options
"""Engines read the voice settings (``speed``, ``voice``, ``lang``, ``tld``, ``slow``,
``timeout``, ``retries``, ``retry_budget``, ``deterministic``) from the options object."""


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from a speech engine."""

    name: ClassVar[str]

    def __init__(self, settings: EngineSettings) -> None: ...

    def identity(self) -> dict[str, Any]:
        """Everything that changes the audio for a given text (voice, settings, versions)."""
        ...

    def synthesize(self, text: str) -> Clip:
        """Speak ``text``. Raises EngineError with a clear message on failure."""
        ...


@dataclass(frozen=True)
class EngineInfo:
    """What `stretchaudio engines` shows about one engine."""

    name: str
    available: bool
    detail: str
    voices: tuple[str, ...] = ()


def describe_engines() -> list[EngineInfo]:
    """Every installed engine: whether it can speak here, why not, and its voices.

    Engines may define classmethods ``availability() -> str | None`` (None when usable, else
    the reason) and ``voices() -> list[str]``. Neither may synthesise, and both must return
    quickly: an engine that needs a server may check that it answers (gTTS does), bounded by
    a few seconds whatever the network does, so that "available" is true where it is shown.
    """
    out = []
    for name, ep in sorted(available_engines().items()):
        try:
            cls = ep.load()
            problem = cls.availability() if hasattr(cls, "availability") else None
            voices = tuple(cls.voices()) if hasattr(cls, "voices") and problem is None else ()
        except Exception as exc:
            out.append(EngineInfo(name, False, f"cannot be loaded: {exc}"))
            continue
        summary = (cls.__doc__ or "").strip().splitlines() or [f"the {name} engine"]
        detail = problem or summary[0]
        out.append(EngineInfo(name, problem is None, detail, voices))
    return out


@dataclass(frozen=True)
class _Registered:
    """An engine class registered in-process, looking like an entry point (``load()``)."""

    name: str
    cls: type

    def load(self) -> type:
        return self.cls


_REGISTERED: dict[str, _Registered] = {}


def register_engine(name: str, cls: type) -> None:
    """Make ``cls`` (built from ``EngineSettings``, see :class:`Engine`) available as engine
    ``name`` in this process, beside (or instead of) the installed ones. Packages that want
    their engine available everywhere register it as an entry point in the group
    ``stretchaudio.engines`` instead."""
    _REGISTERED[name] = _Registered(name, cls)


def available_engines() -> dict[str, Any]:
    """Engine name -> entry point (or in-process registration), for every engine here."""
    found: dict[str, Any] = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return {**found, **_REGISTERED}


def get_engine(name: str, settings: EngineSettings) -> Engine:
    """Build the engine called ``name``; a clear error lists the installed ones otherwise."""
    eps = available_engines()
    if name not in eps:
        known = ", ".join(sorted(eps)) or "none (is stretchaudio installed with pip?)"
        raise UsageError(f"unknown engine {name!r}; installed engines: {known}")
    try:
        cls = eps[name].load()
    except Exception as exc:  # a broken plugin must not crash with a traceback
        raise EngineError(f"engine {name!r} could not be loaded: {exc}") from exc
    try:
        engine: Engine = cls(settings)
    except StretchAudioError:
        raise
    except Exception as exc:  # nor a plugin that fails to start
        raise EngineError(f"engine {name!r} could not be started: {exc}") from exc
    return engine
