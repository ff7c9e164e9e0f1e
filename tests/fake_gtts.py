"""A fake Google Translate text-to-speech endpoint, so gTTS can be tested offline.

gTTS POSTs to ``https://translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute``;
``FakeGoogle`` intercepts that with ``responses`` for every tld, records what was asked
(text, language, slow mode) and answers from a queue of planned replies, falling back to real
MP3 audio made with lameenc (24 kHz mono 32 kbit/s, as Google sends), so decoding is real.

    fake = FakeGoogle(mock)            # or the ``fake_google`` fixture from conftest.py
    fake.add_status(429, times=2)      # two "rate limited" answers, then audio
    fake.add_null()                    # what Google says to a language it does not speak
    fake.add_error(requests.ConnectionError("reset"))   # a connection dropped on the way
    fake.add_error(unreachable())      # no network: the name lookup fails, as urllib3 says it
    fake.reachable = False             # and the reachability probe (a HEAD) fails the same way
"""

from __future__ import annotations

import base64
import json
import re
import socket
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import lameenc  # type: ignore[import-not-found, unused-ignore]
import numpy as np
import requests
import responses

SAMPLE_RATE = 24_000
TTS_PATH = "/_/TranslateWebserverUi/data/batchexecute"
TTS_URL_PATTERN = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/")


def tts_url(tld: str = "com") -> str:
    """The URL gTTS posts to for ``tld``."""
    return f"https://translate.google.{tld}{TTS_PATH}"


def make_mp3(
    seconds: float = 0.5,
    *,
    kind: str = "tone",
    freq: float = 440.0,
    amplitude: float = 0.5,
    lead: float = 0.1,
    tail: float = 0.2,
    seed: int = 0,
) -> bytes:
    """An MP3 like Google's: ``lead`` s of silence, ``seconds`` of a sine tone (``kind="tone"``)
    or white noise (``kind="noise"``) with 10 ms ramps, then ``tail`` s of silence; 24 kHz mono
    32 kbit/s."""
    n = round(seconds * SAMPLE_RATE)
    if kind == "tone":
        sound = np.sin(2 * np.pi * freq * np.arange(n) / SAMPLE_RATE)
    elif kind == "noise":
        sound = np.random.default_rng(seed).uniform(-1.0, 1.0, n)
    else:
        raise ValueError(f"kind must be 'tone' or 'noise', got {kind!r}")
    fade = min(n // 2, SAMPLE_RATE // 100)  # 10 ms ramps, like speech: no clicks to smear
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        sound[:fade] *= ramp
        sound[n - fade :] *= ramp[::-1]
    pcm = np.concatenate(
        [
            np.zeros(round(lead * SAMPLE_RATE)),
            sound * amplitude * 32767,
            np.zeros(round(tail * SAMPLE_RATE)),
        ]
    ).astype("<i2")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm.tobytes()) + encoder.flush())


def unreachable(cause: OSError | None = None) -> requests.ConnectionError:
    """The error requests raises when the host cannot be reached, with the OS error behind it
    chained as urllib3 chains it (default: a failed name lookup, as when offline)."""
    inner = cause or socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    error = requests.ConnectionError(f"Max retries exceeded: {inner}")
    error.__context__ = inner
    return error


def batchexecute_body(mp3: bytes | None) -> str:
    """A response body gTTS accepts; ``None`` gives the ``null`` payload Google sends for a
    language it does not speak. The compact JSON separators matter: gTTS reads it by regex."""
    payload = json.dumps([base64.b64encode(mp3).decode("ascii") if mp3 is not None else None])
    line = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":")
    )
    return f")]}}'\n\n{len(line)}\n{line}\n"


@dataclass(frozen=True)
class Call:
    """One request gTTS made."""

    url: str
    text: str
    lang: str
    slow: bool

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc


@dataclass(frozen=True)
class Reply:
    """A planned answer: audio (``mp3``), a bare HTTP ``status``, ``null`` audio, or an
    ``error`` that requests raises instead of answering."""

    mp3: bytes | None = None
    status: int = 200
    null: bool = False
    error: BaseException | None = None
    headers: dict[str, str] = field(default_factory=dict)


def parse_request_body(body: str | bytes) -> tuple[str, str, bool]:
    """(text, lang, slow) from the form body gTTS sends."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    form = urllib.parse.parse_qs(body)
    rpc = json.loads(form["f.req"][0])
    text, lang, speed, _ = json.loads(rpc[0][0][1])
    return text, lang, speed is True


class FakeGoogle:
    """Answers gTTS's requests from a queue of replies, then with ``default_mp3`` audio."""

    def __init__(self, mock: responses.RequestsMock, default_mp3: bytes | None = None) -> None:
        self.default_mp3 = default_mp3 if default_mp3 is not None else make_mp3()
        self.replies: deque[Reply] = deque()
        self.calls: list[Call] = []
        self.reachable = True
        """Whether the reachability probe (``stretchaudio engines``) gets an answer."""
        self.probes = 0
        mock.add_callback(responses.POST, TTS_URL_PATTERN, callback=self._answer)
        mock.add_callback(responses.HEAD, TTS_URL_PATTERN, callback=self._probe)

    # -- planning --

    def add_audio(self, mp3: bytes | None = None, *, times: int = 1) -> None:
        self.replies.extend([Reply(mp3=mp3 if mp3 is not None else self.default_mp3)] * times)

    def add_status(
        self, status: int, *, times: int = 1, headers: dict[str, str] | None = None
    ) -> None:
        self.replies.extend([Reply(status=status, headers=dict(headers or {}))] * times)

    def add_null(self, *, times: int = 1) -> None:
        self.replies.extend([Reply(null=True)] * times)

    def add_error(self, error: BaseException, *, times: int = 1) -> None:
        self.replies.extend([Reply(error=error)] * times)

    # -- answering --

    @property
    def texts(self) -> list[str]:
        return [call.text for call in self.calls]

    def _probe(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], Any]:
        self.probes += 1
        if not self.reachable:
            return 0, {}, unreachable()
        return 405, {}, ""  # Google's endpoint wants a POST; any answer means it is there

    def _answer(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], Any]:
        body = request.body if isinstance(request.body, str | bytes) else ""
        text, lang, slow = parse_request_body(body)
        self.calls.append(Call(str(request.url), text, lang, slow))
        reply = self.replies.popleft() if self.replies else Reply(mp3=self.default_mp3)
        if reply.error is not None:
            return 0, {}, reply.error  # responses raises an exception given as the body
        if reply.status != 200:
            return reply.status, reply.headers, "error"
        return 200, reply.headers, batchexecute_body(None if reply.null else reply.mp3)
