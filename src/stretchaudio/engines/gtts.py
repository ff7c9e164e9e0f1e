"""gTTS: Google Translate's text-to-speech. Needs a network connection.

Google speaks at most 100 characters per request. gTTS would cut longer text itself and glue
the MP3 pieces back to back, and every seam then adds ~75 ms of codec padding that can sound
like a hiccup. So we split the text ourselves, at sentence, then clause, then word
boundaries, send one request per piece, decode each piece, trim its near-silence and join
the pieces with a pause that suits the boundary. The MP3s only ever live in memory, so a
failure never leaves a partial file behind, and a failure on any piece fails the phrase.

Requests have a timeout and are retried with exponential backoff and full jitter after a
connection error, a timeout, HTTP 429 (rate limited) or HTTP 5xx; other errors are final.
One exception: while Google has not answered once, a failed name lookup, a refused connection
or an unreachable network means there is no network here, and retrying (on every phrase at
once) would only print warnings for seconds before the same error. That fails at once, with
one clear message, and every phrase after it fails the same way without a request.
``stretchaudio engines`` checks the same way whether Google can be reached (``probe``),
bounded by a few seconds even when the name lookup hangs.

gtts (and with it requests) is imported on first use only, so the CLI starts fast.
"""

from __future__ import annotations

import difflib
import importlib
import io
import logging
import math
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from ..errors import EngineError, UsageError
from ..ffmpeg import decode
from ..language.text import is_abbreviation
from . import network
from .base import Clip, EngineSettings

log = logging.getLogger(__name__)

SAMPLE_RATE = 24_000
"""Google sends MPEG-2 Layer III at 24 kHz mono; we decode at that rate, no resampling."""
MAX_CHARS = 100
"""Google's limit per request (``gTTS.GOOGLE_TTS_MAX_CHARS``)."""
OFFLINE_HINT = "Use the offline engine instead: --engine piper."
PROBE_TIMEOUT = 3.0
"""Seconds ``stretchaudio engines`` waits for Google before it says gTTS cannot be used."""
TTS_PATH = "_/TranslateWebserverUi/data/batchexecute"
"""Where gTTS sends its requests, under ``https://translate.google.<tld>/``."""


# --- splitting --------------------------------------------------------------------------


class Boundary(IntEnum):
    """How strongly the text breaks after a word. Higher is a stronger break."""

    INSIDE_WORD = 0
    """A word longer than ``MAX_CHARS`` had to be cut (only for absurd input)."""
    WORD = 1
    CLAUSE = 2
    SENTENCE = 3
    END = 4
    """The end of the phrase."""


@dataclass(frozen=True)
class Piece:
    """Text for one request, and the break that follows it (which sets the pause)."""

    text: str
    boundary: Boundary


# Non-ASCII marks are written as escapes so they cannot be mistaken for ASCII ones: closing
# quotes and guillemet; ellipsis; CJK full stop, !, ?, comma, enumeration comma, ; and :;
# em and en dashes.
_CLOSERS = re.escape("\"')]}\u201d\u2019\u00bb")
_SENTENCE_END = re.compile(rf"[.!?\u2026\u3002\uff01\uff1f]+[{_CLOSERS}]*$")
_CLAUSE_END = re.compile(rf"[,;:\uff0c\u3001\uff1b\uff1a\u2014\u2013]+[{_CLOSERS}]*$")
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_Token = tuple[str, Boundary]


def _speakable(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


def _word_boundary(word: str) -> Boundary:
    if _SENTENCE_END.search(word) and not is_abbreviation(word):  # "Dr.", "e.g."
        return Boundary.SENTENCE
    if word in _DASHES or _CLAUSE_END.search(word):
        return Boundary.CLAUSE
    return Boundary.WORD


def _tokens(text: str) -> list[_Token]:
    """Words with the break after each. A word with nothing to say ("—", "...") is glued to
    its neighbour, so no request is ever punctuation alone (Google would refuse it)."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for word in text.split():
        if _speakable(word):
            groups.append([*pending, word])
            pending = []
        elif groups:
            groups[-1].append(word)
        else:
            pending.append(word)
    return [(" ".join(g), max(_word_boundary(w) for w in g)) for g in groups]


def _size(tokens: Sequence[_Token]) -> int:
    return sum(len(word) for word, _ in tokens) + len(tokens) - 1


def _segments(tokens: list[_Token], level: Boundary) -> list[list[_Token]]:
    """Cut ``tokens`` after every break at least as strong as ``level``."""
    segments: list[list[_Token]] = [[]]
    for token in tokens:
        segments[-1].append(token)
        if token[1] >= level:
            segments.append([])
    return [s for s in segments if s]


def _pack(tokens: list[_Token], level: Boundary, limit: int) -> list[list[_Token]]:
    """Greedily fill pieces with whole segments at ``level``; split a segment that cannot fit
    at the next weaker level."""
    pieces: list[list[_Token]] = []
    current: list[_Token] = []
    for segment in _segments(tokens, level):
        if _size(segment) > limit:
            if current:
                pieces.append(current)
            if level > Boundary.WORD:
                parts = _pack(segment, Boundary(level - 1), limit)
            else:  # a single "word" longer than Google's limit: cut it where we must
                word, after = segment[0]
                cuts = [word[i : i + limit] for i in range(0, len(word), limit)]
                parts = [[(cut, Boundary.INSIDE_WORD)] for cut in cuts[:-1]]
                parts.append([(cuts[-1], after)])
            # the last part ends where the segment ends, on a break at this level: what
            # follows may still join it
            pieces.extend(parts[:-1])
            current = parts[-1]
            continue
        if current and _size(current) + 1 + _size(segment) > limit:
            pieces.append(current)
            current = []
        current.extend(segment)
    if current:
        pieces.append(current)
    return pieces


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[Piece]:
    """Split ``text`` into pieces of at most ``max_chars`` characters for one request each.

    Whole sentences are packed together while they fit; a longer sentence is split at
    clause breaks (, ; : and dashes), a longer clause between words, and only a single word
    longer than ``max_chars`` is cut inside. Whitespace runs become single spaces, so
    ``" ".join(p.text for p in pieces).split() == text.split()`` whenever no word is that
    long and the text has something to say. Text without letters or digits gives ``[]``.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    pieces: list[Piece] = []
    for group in _pack(_tokens(text), Boundary.SENTENCE, max_chars):
        piece = " ".join(word for word, _ in group)
        if _speakable(piece):
            pieces.append(Piece(piece, group[-1][1]))
        elif pieces:  # the punctuation tail of a cut word: keep only its break
            last = pieces[-1]
            pieces[-1] = Piece(last.text, max(last.boundary, group[-1][1]))
    if pieces:
        pieces[-1] = Piece(pieces[-1].text, Boundary.END)
    return pieces


# --- audio helpers ----------------------------------------------------------------------


def atempo_filter(speed: float) -> str:
    """An ffmpeg filter chain changing the tempo by ``speed`` without changing the pitch.

    One ``atempo`` stage is only trusted between 0.5 and 2.0 (older ffmpeg builds refuse
    more), so larger changes are spread evenly over several stages.
    """
    if speed <= 0:
        raise ValueError(f"speed must be positive, got {speed}")
    stages = max(1, math.ceil(abs(math.log2(speed)) - 1e-9))
    factor = speed ** (1.0 / stages)
    return ",".join([f"atempo={factor:.6f}"] * stages)


def trim_silence(
    samples: npt.NDArray[np.int16],
    *,
    threshold: int = 164,
    lead: int = 240,
    tail: int = 720,
) -> npt.NDArray[np.int16]:
    """Drop near-silence (peaks at or under ``threshold``, -46 dBFS by default) at both ends,
    keeping ``lead``/``tail`` samples (10/30 ms at 24 kHz) so soft onsets and decays survive.
    All-quiet input gives an empty array."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if loud.size == 0:
        return samples[:0]
    start = max(0, int(loud[0]) - lead)
    end = min(len(samples), int(loud[-1]) + 1 + tail)
    return samples[start:end]


def _full_jitter(cap: float) -> float:
    return random.uniform(0.0, cap)


def _snippet(text: str, words: int = 6) -> str:
    parts = text.split()
    shown = " ".join(parts[:words])
    if len(shown) > 50:
        shown = shown[:50].rstrip()
    return f"'{shown}…'" if shown != " ".join(parts) else f"'{shown}'"


def _gtts_version() -> str:
    try:
        return version("gTTS")
    except PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True)
class _Failure:
    """What one failed request tells us."""

    retry: bool
    cause: str
    retry_after: float = 0.0
    unreachable: bool = False
    """The host could not be reached at all (name lookup, refused, no route): no network."""


def tts_url(tld: str) -> str:
    return f"https://translate.google.{tld}/{TTS_PATH}"


def probe(tld: str = "com", timeout: float = PROBE_TIMEOUT) -> str | None:
    """None when Google's text-to-speech host answers within ``timeout`` seconds, else why
    not (see network.probe)."""
    return network.probe(tts_url(tld), timeout)


# --- the engine -------------------------------------------------------------------------


class GTTSEngine:
    """Google's voices through gTTS: many languages and accents; needs a network connection.

    ``sleep``, ``clock`` and ``jitter`` are attributes so tests (and callers that throttle)
    can replace them: ``jitter(cap)`` picks the backoff delay in ``[0, cap]``.
    """

    name: ClassVar[str] = "gtts"
    concurrency: ClassVar[int] = 4
    """Phrases requested at once: enough to hide network latency, few enough to avoid 429s."""
    revision: ClassVar[int] = 1
    """Bump when splitting, trimming or gaps change, so cached clips are not reused."""

    backoff_base: ClassVar[float] = 1.0
    """Cap of the first backoff delay in seconds; it doubles per retry..."""
    backoff_max: ClassVar[float] = 16.0
    """...up to this cap."""
    gaps: ClassVar[dict[Boundary, float]] = {
        Boundary.INSIDE_WORD: 0.0,
        Boundary.WORD: 0.04,
        Boundary.CLAUSE: 0.12,
        Boundary.SENTENCE: 0.25,
        Boundary.END: 0.0,
    }
    """Seconds of silence at a seam between pieces (at speed 1.0), by the break there."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.sleep: Callable[[float], None] = time.sleep
        self.clock: Callable[[], float] = time.monotonic
        self.jitter: Callable[[float], float] = _full_jitter
        self._lang_ok = False
        self._answered = False
        """Google has answered a request: the network is up, so connection errors are
        passing trouble and are retried."""
        self._unreachable: str | None = None
        """Set when the first request could not reach Google: every phrase fails at once."""

    def identity(self) -> dict[str, Any]:
        return {
            "engine": self.name,
            "lang": self.settings.lang,
            "tld": self.settings.tld,
            "slow": self.settings.slow,
            "speed": self.settings.speed,
            "gtts": _gtts_version(),
            "revision": self.revision,
        }

    @classmethod
    def availability(cls) -> str | None:
        import importlib.util

        if importlib.util.find_spec("gtts") is None:
            return "the gTTS package is not installed; reinstall stretchaudio with pip"
        problem = probe()
        if problem is not None:
            return f"needs a network connection; cannot reach translate.google.com ({problem})"
        return None

    @classmethod
    def voices(cls) -> list[str]:
        from gtts.lang import tts_langs

        langs = tts_langs()
        return [f"--lang {code}: {name}" for code, name in sorted(langs.items())] + [
            "accents via --tld: com (US), co.uk (UK), com.au (Australia), ca (Canada), "
            "co.in (India), ie (Ireland), co.za (South Africa)"
        ]

    # -- checks --

    def check_language(self) -> None:
        """Raise UsageError unless gTTS knows ``settings.lang`` (a local look-up, no network)."""
        if self._lang_ok:
            return
        try:
            from gtts.lang import tts_langs
        except ImportError as exc:  # pragma: no cover - a regular dependency
            raise EngineError(
                f"gTTS is not installed ({exc}). Reinstall stretchaudio with pip."
            ) from exc
        langs: dict[str, str] = tts_langs()
        lang = self.settings.lang
        if lang not in langs:
            raise UsageError(
                f"language {lang!r} is not supported by gTTS{_suggest(lang, langs)}; "
                f"supported: {', '.join(sorted(langs))}; run `stretchaudio engines` "
                "to see their names, and pick an accent with --tld."
            )
        self._lang_ok = True

    # -- synthesis --

    def synthesize(self, text: str) -> Clip:
        self.check_language()
        pieces = split_text(text)
        if not pieces:
            raise EngineError(
                f"gTTS has nothing to say for {text!r}: the phrase has no letters or digits."
            )
        filters = atempo_filter(self.settings.speed) if self.settings.speed != 1.0 else None
        parts: list[npt.NDArray[np.int16]] = []
        previous = Boundary.INSIDE_WORD  # the break since the last piece that had sound
        for piece in pieces:
            mp3 = self._fetch(piece.text, phrase=text)
            samples = trim_silence(
                decode(mp3, sample_rate=SAMPLE_RATE, input_format="mp3", filters=filters)
            )
            if samples.size == 0:
                log.warning("gTTS sent only silence for %r; leaving it out", piece.text)
                previous = max(previous, piece.boundary)
                continue
            if parts:  # the pause is set by the break before this piece
                gap = self.gaps[previous] / self.settings.speed
                parts.append(np.zeros(round(gap * SAMPLE_RATE), dtype=np.int16))
            parts.append(samples)
            previous = piece.boundary
        if not parts:
            raise EngineError(
                f"gTTS sent only silence for {_snippet(text)}. Check the text and --lang "
                f"({self.settings.lang!r}). {OFFLINE_HINT}"
            )
        return Clip(samples=np.concatenate(parts), sample_rate=SAMPLE_RATE)

    def _request(self, text: str) -> bytes:
        """One request for one piece (at most MAX_CHARS characters), into memory."""
        from gtts import gTTS

        s = self.settings
        # pre_processor_funcs=[]: the text is already split and cleaned; gTTS's own
        # pre-processors could lengthen a piece past 100 characters (one more request) or
        # strip a sentence's final period ("first." -> "first", its abbreviation rule).
        tts = gTTS(
            text,
            lang=s.lang,
            tld=s.tld,
            slow=s.slow,
            timeout=s.timeout,
            lang_check=False,
            pre_processor_funcs=[],
        )
        buffer = io.BytesIO()
        tts.write_to_fp(buffer)
        return buffer.getvalue()

    def _fetch(self, text: str, *, phrase: str) -> bytes:
        """MP3 bytes for ``text``, retrying what is worth retrying; EngineError otherwise."""
        start = self.clock()
        attempt = 0
        while True:
            attempt += 1
            if self._unreachable is not None:  # found by this or another phrase's request
                raise EngineError(self._unreachable)
            try:
                data = self._request(text)
            except Exception as exc:
                failure = self._diagnose(exc)
                if failure.unreachable and not self._answered:
                    self._unreachable = f"gTTS needs a network connection: {failure.cause}. " + (
                        OFFLINE_HINT
                    )
                    raise EngineError(self._unreachable) from exc
                if not failure.retry:
                    raise EngineError(
                        f"gTTS could not synthesise {_snippet(phrase)}. Probable cause: "
                        f"{failure.cause}. {OFFLINE_HINT}"
                    ) from exc
                spent = self.clock() - start
                delay = self.jitter(min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1)))
                delay = max(delay, failure.retry_after)
                over_budget = spent + delay > self.settings.retry_budget
                if attempt > self.settings.retries or over_budget:
                    budget = (
                        f" (retry budget of {self.settings.retry_budget:g} s used up)"
                        if over_budget and attempt <= self.settings.retries
                        else ""
                    )
                    plural = "s" if attempt != 1 else ""
                    raise EngineError(
                        f"gTTS could not synthesise {_snippet(phrase)} after {attempt} "
                        f"attempt{plural}{budget}. Probable cause: {failure.cause}. "
                        f"{OFFLINE_HINT}"
                    ) from exc
                log.warning(
                    "gTTS: %s; retrying in %.1f s (attempt %d of %d)",
                    failure.cause,
                    delay,
                    attempt + 1,
                    self.settings.retries + 1,
                )
                self.sleep(delay)
                continue
            self._answered = True
            if not data:
                raise EngineError(
                    f"gTTS could not synthesise {_snippet(phrase)}: Google sent an empty answer. "
                    f"{OFFLINE_HINT}"
                )
            return data

    def _diagnose(self, exc: BaseException) -> _Failure:
        """Is ``exc`` worth a retry, and what most probably caused it?"""
        # requests through importlib: its type stubs are optional, and gtts has none either
        requests = importlib.import_module("requests")
        from gtts import gTTSError

        offline = (
            "no network connection / timeout "
            f"(could not reach translate.google.{self.settings.tld})"
        )
        if isinstance(exc, gTTSError):
            rsp = exc.rsp
            if rsp is None:  # gTTS raised it while handling the requests error
                if network.caused_by(exc, requests.exceptions.Timeout):
                    return _Failure(
                        True,
                        f"no network connection / timeout (no answer within "
                        f"{self.settings.timeout:g} s)",
                    )
                return self._connection_failure(exc, offline)
            status = int(rsp.status_code)
            if status == 429:
                return _Failure(
                    True, "rate limited by Google (HTTP 429)", network.retry_after(rsp.headers)
                )
            if status >= 500:
                return _Failure(True, f"Google's server error (HTTP {status})")
            if status == 200:  # an answer without audio: Google refused the language
                return _Failure(
                    False,
                    f"Google sent no audio for language {self.settings.lang!r}, which it "
                    "probably no longer speaks; pick another --lang",
                )
            gtts_cause = str(exc).partition("Probable cause: ")[2] or "unknown"
            return _Failure(False, f"HTTP {status} from Google ({gtts_cause})")
        if isinstance(exc, requests.exceptions.RequestException):
            return self._connection_failure(exc, offline)
        return _Failure(False, f"gTTS failed unexpectedly ({type(exc).__name__}: {exc})")

    def _connection_failure(self, exc: BaseException, cause: str) -> _Failure:
        reason = network.unreachable_reason(exc)
        if reason is None:  # reset, dropped, TLS trouble...: worth another try
            return _Failure(True, cause)
        host = f"translate.google.{self.settings.tld}"
        return _Failure(True, f"cannot reach {host} ({reason})", unreachable=True)


def _suggest(lang: str, langs: dict[str, str]) -> str:
    by_lower = {code.lower(): code for code in langs}
    guess = by_lower.get(lang.lower()) or by_lower.get(lang.lower().split("-")[0])
    if guess is None:
        close = difflib.get_close_matches(lang, list(langs), n=1, cutoff=0.6)
        guess = close[0] if close else None
    return f" (did you mean {guess!r}?)" if guess else ""
