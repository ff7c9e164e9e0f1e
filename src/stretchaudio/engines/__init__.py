"""Speech engines behind one small interface, found through the ``stretchaudio.engines``
entry-point group (the built-in ones are registered there too)."""

from .base import Clip, Engine, EngineSettings, available_engines, get_engine

__all__ = ["Clip", "Engine", "EngineSettings", "available_engines", "get_engine"]
