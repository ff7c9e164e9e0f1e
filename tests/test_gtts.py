"""The gTTS engine, offline against a fake Google endpoint (see fake_gtts.py and conftest.py)."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import FakeTime
from fake_gtts import FakeGoogle, make_mp3, unreachable
from stretchaudio.cli import cli
from stretchaudio.engines import get_engine
from stretchaudio.engines import gtts as gtts_engine
from stretchaudio.engines.base import Clip, EngineSettings, register_engine
from stretchaudio.engines.gtts import (
    MAX_CHARS,
    SAMPLE_RATE,
    Boundary,
    GTTSEngine,
    Piece,
    _tokens,
    atempo_filter,
    split_text,
    trim_silence,
)
from stretchaudio.errors import EngineError, UsageError

MakeEngine = Callable[..., GTTSEngine]

# Five sentences, each too long to share a request with the next: five requests.
FIVE_SENTENCES = " ".join(
    f"Sentence number {n} asks you to breathe in slowly and then let your shoulders drop."
    for n in ("one", "two", "three", "four", "five")
)
# The default fake audio: 0.1 s silence, 0.5 s of tone, 0.2 s silence. Trimmed, each piece
# keeps the tone plus 10 ms before and 30 ms after it (plus a little MP3 smearing).
TONE = 0.5
PADS = 0.04


def rms(clip: Clip) -> float:
    return float(np.sqrt(np.mean(clip.samples.astype(np.float64) ** 2)))


# --- success ----------------------------------------------------------------------------


def test_speaks_one_short_phrase(fake_google: FakeGoogle, make_gtts_engine: MakeEngine) -> None:
    clip = make_gtts_engine().synthesize("Reach for your toes.")

    assert clip.sample_rate == SAMPLE_RATE == 24_000
    assert clip.samples.dtype == np.int16
    assert clip.seconds == pytest.approx(TONE + PADS, abs=0.03)
    assert rms(clip) > 5000  # a 0.5-amplitude sine is ~11600 RMS
    assert [(c.text, c.lang, c.slow, c.host) for c in fake_google.calls] == [
        ("Reach for your toes.", "en", False, "translate.google.com")
    ]


def test_noise_burst_is_decoded_too(fake_google: FakeGoogle, make_gtts_engine: MakeEngine) -> None:
    fake_google.add_audio(make_mp3(0.3, kind="noise", lead=0.2, tail=0.3))
    clip = make_gtts_engine().synthesize("Breathe.")
    assert clip.seconds == pytest.approx(0.3 + PADS, abs=0.03)
    assert rms(clip) > 3000


def test_pieces_are_trimmed_and_joined_with_a_pause(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    engine = make_gtts_engine()
    clip = engine.synthesize(FIVE_SENTENCES)

    assert len(fake_google.calls) == 5
    assert " ".join(fake_google.texts) == FIVE_SENTENCES
    gap = engine.gaps[Boundary.SENTENCE]
    assert clip.seconds == pytest.approx(5 * (TONE + PADS) + 4 * gap, abs=5 * 0.03)
    # the middle of the first seam is digital silence, the middle of each tone is not
    piece = round((TONE + PADS) * SAMPLE_RATE)
    seam = clip.samples[piece + 1000 : piece + round(gap * SAMPLE_RATE) - 1000]
    assert seam.size > 0 and not seam.any()
    assert np.abs(clip.samples[piece // 2 : piece // 2 + 240]).max() > 10_000


def test_speed_changes_tempo_not_the_request(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    fake_google.add_audio(make_mp3(1.0))
    clip = make_gtts_engine(speed=2.0).synthesize("Faster now.")
    assert clip.seconds == pytest.approx(0.5 + PADS, abs=0.04)
    assert fake_google.calls[0].slow is False


def test_slow_mode_and_language_are_sent(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    make_gtts_engine(lang="fr", slow=True).synthesize("Respirez.")
    assert (fake_google.calls[0].lang, fake_google.calls[0].slow) == ("fr", True)


def test_tld_picks_the_host(fake_google: FakeGoogle, make_gtts_engine: MakeEngine) -> None:
    make_gtts_engine(tld="co.uk").synthesize("Cheerio.")
    assert [c.url for c in fake_google.calls] == [
        "https://translate.google.co.uk/_/TranslateWebserverUi/data/batchexecute"
    ]


def test_identity_names_everything_that_changes_the_audio() -> None:
    settings = EngineSettings(lang="en", tld="com.au", slow=True, speed=1.1)
    identity = GTTSEngine(settings).identity()
    assert identity == {
        "engine": "gtts",
        "lang": "en",
        "tld": "com.au",
        "slow": True,
        "speed": 1.1,
        "gtts": "2.5.4",
        "revision": GTTSEngine.revision,
    }


def test_registered_as_an_engine() -> None:
    assert isinstance(get_engine("gtts", EngineSettings()), GTTSEngine)


def test_importing_the_module_does_not_import_gtts() -> None:
    code = (
        "import sys, stretchaudio.engines.gtts; "
        "print(sorted(m for m in ('gtts', 'requests') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- retries ----------------------------------------------------------------------------


def test_rate_limit_is_retried_with_growing_delays(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_status(429, times=3)
    clip = make_gtts_engine().synthesize("Hold the stretch.")
    assert len(fake_google.calls) == 4
    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert clip.seconds == pytest.approx(TONE + PADS, abs=0.03)


def test_backoff_uses_full_jitter(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    engine = make_gtts_engine()
    caps: list[float] = []

    def quarter(cap: float) -> float:
        caps.append(cap)
        return cap / 4

    engine.jitter = quarter
    fake_google.add_status(503, times=2)
    engine.synthesize("Hold.")
    assert caps == [1.0, 2.0]
    assert fake_time.sleeps == [0.25, 0.5]


def test_retry_after_header_is_respected(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_status(429, headers={"Retry-After": "7"})
    make_gtts_engine().synthesize("Hold.")
    assert fake_time.sleeps == [7.0]


def test_server_errors_give_up_after_bounded_attempts(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_status(500, times=100)
    with pytest.raises(EngineError) as info:
        make_gtts_engine().synthesize("Roll your shoulders back and down, then relax.")

    assert len(fake_google.calls) == 5  # one try and the default 4 retries
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 8.0]
    message = str(info.value)
    assert message.startswith(
        "gTTS could not synthesise 'Roll your shoulders back and down,…' after 5 attempts."
    )
    assert "Probable cause: Google's server error (HTTP 500)." in message
    assert message.endswith("Use the offline engine instead: --engine piper.")


def test_rate_limit_give_up_says_so(fake_google: FakeGoogle, make_gtts_engine: MakeEngine) -> None:
    fake_google.add_status(429, times=100)
    with pytest.raises(
        EngineError, match=r"after 3 attempts\. .*rate limited by Google \(HTTP 429\)"
    ):
        make_gtts_engine(retries=2).synthesize("Hold.")
    assert len(fake_google.calls) == 3


def test_retry_budget_bounds_the_time(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_status(502, times=100)
    with pytest.raises(EngineError, match=r"after 3 attempts \(retry budget of 5 s used up\)"):
        make_gtts_engine(retries=10, retry_budget=5).synthesize("Hold.")
    assert fake_time.sleeps == [1.0, 2.0]  # the next delay, 4 s, would pass 5 s in all


def test_no_retries_means_one_attempt(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_status(500)
    with pytest.raises(EngineError, match=r"after 1 attempt\. "):
        make_gtts_engine(retries=0).synthesize("Hold.")
    assert fake_time.sleeps == []


def test_connection_error_says_offline(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    # A connection that drops on the way (the host was reached) is worth retrying.
    fake_google.add_error(requests.ConnectionError("Connection reset by peer"), times=100)
    with pytest.raises(EngineError) as info:
        make_gtts_engine(tld="com.au").synthesize("Hold.")
    assert len(fake_google.calls) == 5
    assert str(info.value) == (
        "gTTS could not synthesise 'Hold.' after 5 attempts. Probable cause: no network "
        "connection / timeout (could not reach translate.google.com.au). "
        "Use the offline engine instead: --engine piper."
    )


UNREACHABLE = [
    (None, "its name could not be looked up"),
    (
        ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
        "the connection was refused",
    ),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "the network is unreachable"),
]


@pytest.mark.parametrize(("cause", "reason"), UNREACHABLE)
def test_no_network_fails_at_once_with_one_clear_message(
    fake_google: FakeGoogle,
    make_gtts_engine: MakeEngine,
    fake_time: FakeTime,
    cause: OSError | None,
    reason: str,
) -> None:
    fake_google.add_error(unreachable(cause), times=100)
    engine = make_gtts_engine(tld="co.uk")
    with pytest.raises(EngineError) as info:
        engine.synthesize("Hold.")
    assert str(info.value) == (
        f"gTTS needs a network connection: cannot reach translate.google.co.uk ({reason}). "
        "Use the offline engine instead: --engine piper."
    )
    assert len(fake_google.calls) == 1 and fake_time.sleeps == []
    # every later phrase fails the same way, without another request
    with pytest.raises(EngineError, match="needs a network connection"):
        engine.synthesize("Switch sides.")
    assert len(fake_google.calls) == 1


def test_unreachable_after_an_answer_is_passing_trouble_and_retried(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    engine = make_gtts_engine()
    engine.synthesize("Hold.")  # Google answered: the network is up
    fake_google.add_error(unreachable(), times=2)
    clip = engine.synthesize("Release.")
    assert len(fake_google.calls) == 4 and fake_time.sleeps == [1.0, 2.0]
    assert clip.seconds == pytest.approx(TONE + PADS, abs=0.03)


@pytest.fixture
def closed_port() -> int:
    """A local TCP port nothing listens on: connecting to it is refused by the real OS."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_proxy")
def test_real_refused_connection_fails_at_once(
    closed_port: int, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    import gtts.tts

    urls: list[str] = []

    def local(tld: str = "com", path: str = "") -> str:
        urls.append(path)
        return f"http://127.0.0.1:{closed_port}/{path}"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gtts.tts, "_translate_url", local)
        with pytest.raises(EngineError, match=r"\(the connection was refused\)\. Use the offline"):
            make_gtts_engine().synthesize("Hold.")
    assert len([u for u in urls if u.endswith("batchexecute")]) == 1  # one request
    assert fake_time.sleeps == []


@pytest.mark.usefixtures("no_proxy")
def test_real_failed_name_lookup_fails_at_once(
    make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    # .invalid never resolves (RFC 6761), online or not
    with pytest.raises(EngineError, match=r"translate\.google\.invalid \(its name could not be"):
        make_gtts_engine(tld="invalid").synthesize("Hold.")
    assert fake_time.sleeps == []


@pytest.mark.usefixtures("no_proxy")
def test_offline_build_prints_one_line_and_stops(closed_port: int, tmp_path: Path) -> None:
    """The whole CLI in its own process, with the real thread pool and real sleeps: before the
    fix it printed 20 interleaved retry warnings over 15 seconds before the error."""
    code = (
        "import sys, gtts.tts\n"
        f"local = 'http://127.0.0.1:{closed_port}/'\n"
        "gtts.tts._translate_url = lambda tld='com', path='': local + path\n"
        "from stretchaudio.cli import main\n"
        "sys.argv = ['stretchaudio', *sys.argv[1:]]\n"
        "main()\n"
    )
    out = tmp_path / "out"
    env = {**os.environ, "STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-c", code, "build", "l5-s1", "--engine", "gtts", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "Error: gTTS needs a network connection: cannot reach translate.google.com "
        "(the connection was refused). Use the offline engine instead: --engine piper."
    ]
    assert not out.exists() or not any(out.iterdir())


# --- is Google there? (stretchaudio engines) ------------------------------------------------


def test_engines_says_whether_google_can_be_reached(fake_google: FakeGoogle) -> None:
    listing = CliRunner().invoke(cli, ["engines", "--all"]).output
    assert "gtts: available: Google's voices" in listing
    assert "--lang fr: French" in listing
    fake_google.reachable = False
    listing = CliRunner().invoke(cli, ["engines"]).output
    assert (
        "gtts: NOT available: needs a network connection; cannot reach translate.google.com "
        "(its name could not be looked up)\n"
    ) in listing
    assert "piper (default): available" in listing
    assert fake_google.probes == 2 and fake_google.calls == []  # a probe, never a synthesis


@pytest.mark.usefixtures("fake_google")
def test_engines_lists_a_plugin_without_a_docstring() -> None:
    class Quiet:
        name = "quiet"

    register_engine("quiet", Quiet)  # conftest forgets it after this test
    result = CliRunner().invoke(cli, ["engines"])
    assert result.exit_code == 0, result.output
    assert "quiet: available: the quiet engine\n" in result.output


@pytest.fixture
def probe_url(monkeypatch: pytest.MonkeyPatch, no_proxy: None) -> Callable[[int], None]:
    """``probe_url(port)``: the probe asks http://127.0.0.1:port/ instead of Google."""

    def point(port: int) -> None:
        monkeypatch.setattr(gtts_engine, "tts_url", lambda tld: f"http://127.0.0.1:{port}/")

    return point


def test_probe_of_a_real_refused_connection(
    closed_port: int, probe_url: Callable[[int], None]
) -> None:
    probe_url(closed_port)
    assert gtts_engine.probe() == "the connection was refused"


def test_probe_gives_up_on_a_server_that_never_answers(probe_url: Callable[[int], None]) -> None:
    with socket.socket() as server:  # accepts connections (the OS does) and never answers
        server.bind(("127.0.0.1", 0))
        server.listen()
        probe_url(server.getsockname()[1])
        assert gtts_engine.probe(timeout=0.5) == "no answer within 0.5 s"


def test_probe_gives_up_on_a_name_lookup_that_hangs(
    monkeypatch: pytest.MonkeyPatch, no_proxy: None
) -> None:
    """No socket timeout bounds a name lookup; the probe's own deadline does."""
    release = threading.Event()

    def hang(*args: object, **kwargs: object) -> object:
        release.wait(60)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    try:
        assert gtts_engine.probe(timeout=0.3) == "no answer within 0.3 s"
    finally:
        release.set()


def test_timeout_is_retried_and_reported(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    fake_google.add_error(requests.ReadTimeout("read timed out"), times=100)
    with pytest.raises(
        EngineError, match=r"no network connection / timeout \(no answer within 3 s\)"
    ):
        make_gtts_engine(timeout=3, retries=1).synthesize("Hold.")
    assert len(fake_google.calls) == 2


def test_timeout_is_always_passed_to_requests(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    real_send = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> object:
        seen.append(kwargs.get("timeout"))
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    make_gtts_engine(timeout=4.5).synthesize("Hold.")
    assert seen == [4.5]


@pytest.mark.parametrize("status", [400, 403, 404])
def test_other_client_errors_are_not_retried(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime, status: int
) -> None:
    fake_google.add_status(status, times=100)
    with pytest.raises(EngineError, match=rf"Probable cause: HTTP {status} from Google") as info:
        make_gtts_engine(tld="xyz").synthesize("Hold.")
    assert len(fake_google.calls) == 1
    assert fake_time.sleeps == []
    assert "--engine piper" in str(info.value)
    if status == 404:
        assert "Unsupported tld 'xyz'" in str(info.value)


def test_failure_on_the_third_of_five_pieces_fails_the_phrase(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    assert len(split_text(FIVE_SENTENCES)) == 5
    fake_google.add_audio(times=2)
    fake_google.add_status(403)
    engine = make_gtts_engine()
    result: Clip | None = None
    with pytest.raises(EngineError, match=r"'Sentence number one asks you to…'.*HTTP 403"):
        result = engine.synthesize(FIVE_SENTENCES)
    assert result is None  # no partial audio comes back
    assert len(fake_google.calls) == 3


def test_a_piece_that_keeps_failing_fails_the_phrase(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    fake_google.add_audio(times=2)
    fake_google.add_status(500, times=100)
    with pytest.raises(EngineError, match="after 2 attempts"):
        make_gtts_engine(retries=1).synthesize(FIVE_SENTENCES)
    assert len(fake_google.calls) == 4


# --- languages --------------------------------------------------------------------------


def test_null_payload_means_unsupported_language(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine, fake_time: FakeTime
) -> None:
    fake_google.add_null(times=100)
    with pytest.raises(EngineError) as info:
        make_gtts_engine(lang="la").synthesize("Spira.")
    assert len(fake_google.calls) == 1  # not worth retrying
    assert fake_time.sleeps == []
    message = str(info.value)
    assert "Google sent no audio for language 'la'" in message
    assert "--engine piper" in message


def test_unknown_language_is_rejected_before_any_request(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    with pytest.raises(UsageError) as info:
        make_gtts_engine(lang="xx").synthesize("Hold.")
    assert fake_google.calls == []
    message = str(info.value)
    assert message.startswith("language 'xx' is not supported by gTTS; supported: af, am, ar,")
    assert "run `stretchaudio engines`" in message


def test_unknown_language_suggests_a_close_one(make_gtts_engine: MakeEngine) -> None:
    with pytest.raises(
        UsageError, match=r"'en-US' is not supported by gTTS \(did you mean 'en'\?\)"
    ):
        make_gtts_engine(lang="en-US").synthesize("Hold.")


def test_nothing_to_say(fake_google: FakeGoogle, make_gtts_engine: MakeEngine) -> None:
    with pytest.raises(EngineError, match="nothing to say"):
        make_gtts_engine().synthesize(" ... — ")
    assert fake_google.calls == []


def test_only_silence_back_is_an_error(
    fake_google: FakeGoogle, make_gtts_engine: MakeEngine
) -> None:
    fake_google.add_audio(make_mp3(0.3, amplitude=0.0))
    with pytest.raises(EngineError, match="only silence"):
        make_gtts_engine().synthesize("Hold.")


def test_settings_validate_retry_options() -> None:
    with pytest.raises(UsageError, match="retries"):
        EngineSettings(retries=-1)
    with pytest.raises(UsageError, match=r"retry_budget: -0.5 is outside the allowed range"):
        EngineSettings(retry_budget=-0.5)
    assert EngineSettings(retries=0, retry_budget=0).retries == 0


# --- splitting --------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [piece.text for piece in split_text(text)]


def test_short_text_is_one_piece() -> None:
    assert split_text("  Reach  for your\ntoes.  ") == [split_text("Reach for your toes.")[0]]
    assert texts("Reach for your toes. Hold it there.") == ["Reach for your toes. Hold it there."]


def test_sentences_are_packed_and_seams_fall_between_them() -> None:
    pieces = split_text(FIVE_SENTENCES)
    assert [p.boundary for p in pieces] == [Boundary.SENTENCE] * 4 + [Boundary.END]
    assert all(p.text.endswith(".") for p in pieces)
    assert " ".join(p.text for p in pieces) == FIVE_SENTENCES
    short = "Inhale. Exhale. " * 12
    assert all(len(t) <= MAX_CHARS and t.endswith(".") for t in texts(short))
    assert len(texts(short)) == 2  # packed, not one request per sentence


def test_long_sentence_is_split_at_clauses() -> None:
    text = (
        "Keep your back straight, your shoulders relaxed and your chin tucked in; "
        "now slowly fold forward from the hips: let your arms hang down, and breathe."
    )
    pieces = texts(text)
    assert all(len(t) <= MAX_CHARS for t in pieces)
    assert [t[-1] for t in pieces[:-1]] and all(t[-1] in ",;:" for t in pieces[:-1])
    assert " ".join(pieces) == text


def test_long_clause_is_split_between_words() -> None:
    text = " ".join(["stretch"] * 40) + "."
    pieces = split_text(text)
    assert all(len(p.text) <= MAX_CHARS for p in pieces)
    assert [p.boundary for p in pieces[:-1]] == [Boundary.WORD] * (len(pieces) - 1)
    assert " ".join(p.text for p in pieces) == text


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Ask Dr. Smith, e.g. about the stretch. " + "Hold still. " * 8
    assert "Dr." not in [t.split()[-1] for t in texts(text)]


def test_punctuation_is_never_sent_alone() -> None:
    assert texts("... — Breathe in — and out. !!!") == ["... — Breathe in — and out. !!!"]
    assert texts("— ! ...") == []
    assert split_text("Breathe in — and out.")[0].boundary is Boundary.END


def test_a_monster_word_is_cut() -> None:
    word = "a" * 250
    pieces = split_text(f"{word}!!! Then rest.")
    assert [p.text for p in pieces] == [word[:100], word[100:200], word[200:] + "!!! Then rest."]
    assert [p.boundary for p in pieces] == [
        Boundary.INSIDE_WORD,
        Boundary.INSIDE_WORD,
        Boundary.END,
    ]
    # the punctuation glued to a word that had to be cut is not sent on its own
    assert split_text("b" * 100 + " ...") == [Piece("b" * 100, Boundary.END)]


WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÅé1"), min_size=1, max_size=25)
PUNCT = st.sampled_from(["", "", "", ",", ";", ":", ".", "!", "?", "...", '."', " —", " -"])


@given(st.lists(st.tuples(WORDS, PUNCT), min_size=1, max_size=80), st.integers(30, 100))
def test_pieces_rejoin_to_the_original_words(words: list[tuple[str, str]], limit: int) -> None:
    text = " ".join(word + mark for word, mark in words)
    pieces = split_text(text, max_chars=limit)
    assert all(0 < len(p.text) <= limit for p in pieces)
    assert " ".join(p.text for p in pieces).split() == text.split()
    assert pieces[-1].boundary is Boundary.END
    # A seam weaker than a sentence break is only there because the rest of the clause (or
    # the next word) did not fit: no seam falls inside a phrase that would have fitted.
    for index, piece in enumerate(pieces[:-1]):
        if piece.boundary >= Boundary.SENTENCE:
            continue
        rest = _tokens(" ".join(p.text for p in pieces[index + 1 :]))
        ends = [i for i, (_, brk) in enumerate(rest) if brk >= piece.boundary]
        unit = ends[0] if ends else len(rest) - 1  # or the end of the text
        assert len(piece.text) + 1 + len(" ".join(w for w, _ in rest[: unit + 1])) > limit


# --- audio helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("speed", "chain"),
    [
        (1.25, "atempo=1.250000"),
        (0.5, "atempo=0.500000"),
        (2.0, "atempo=2.000000"),
        (4.0, "atempo=2.000000,atempo=2.000000"),
        (0.25, "atempo=0.500000,atempo=0.500000"),
        (3.0, "atempo=1.732051,atempo=1.732051"),
    ],
)
def test_atempo_chain(speed: float, chain: str) -> None:
    assert atempo_filter(speed) == chain


def test_trim_silence_keeps_pads() -> None:
    samples = np.zeros(2400, dtype=np.int16)
    samples[1000:1100] = 8000
    samples[500] = 100  # under the threshold: still silence
    trimmed = trim_silence(samples, lead=10, tail=20)
    assert len(trimmed) == 130 and trimmed[10] == 8000
    assert trim_silence(np.zeros(50, dtype=np.int16)).size == 0


# --- the real thing ---------------------------------------------------------------------


@pytest.mark.net
def test_real_google() -> None:
    engine = GTTSEngine(EngineSettings(timeout=15, retries=1))
    clip = engine.synthesize("Reach for your toes and hold.")
    assert clip.sample_rate == SAMPLE_RATE
    assert 0.8 < clip.seconds < 5
    assert rms(clip) > 500
