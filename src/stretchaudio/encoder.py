"""Encode PCM blocks to an MP3 (or WAV) file with ffmpeg, check it, and stage it.

ffmpeg reads the PCM from a pipe and writes a file in the staging folder (see ``atomic``);
because that output is a seekable file, ffmpeg adds the LAME/Info tag (encoder delay and
padding), so decoders trim them and the decoded track has exactly the samples we mixed. While
it encodes, a second ffmpeg decodes what it has written (``verify``); the file is staged only
when it has been proved to be exactly the audio we fed, and it replaces the target only when
the staging commits: a failed or interrupted run never leaves a partial file, and a previous
good file of the same name stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import ffmpeg, mp3, tags
from .atomic import Staged, Staging
from .cancel import Cancel
from .errors import AudioError, OutputError, UsageError
from .verify import Mp3Check, Proof, WavCheck, check_copy

DEFAULT_BITRATE = "64k"  # constant bitrate: exact seeking; clear for mono speech at 22.05 kHz
MP3_RATES = mp3.RATES
FORMATS = ("mp3", "wav")
Cover = Path | Staged
"""An image to embed: the user's file, or one staged beside the target (the picture)."""
_BITRATE_RE = re.compile(r"([0-9]{1,6})([kK]?)")


def check_output(fmt: str, rate: int, bitrate: str) -> None:
    """Reject combinations the MP3 format cannot hold, before any work is done."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt != "mp3":
        return
    if rate not in MP3_RATES:
        rates = ", ".join(str(r) for r in MP3_RATES)
        raise UsageError(f"MP3 cannot store {rate} Hz; use one of {rates} (or --format wav)")
    kbps = bitrate_kbps(bitrate)
    allowed = mp3.bitrates(rate)
    if kbps not in allowed:
        raise UsageError(
            f"MP3 at {rate} Hz takes bitrates from {allowed[0]}k to {allowed[-1]}k "
            f"({', '.join(f'{k}k' for k in allowed)}), got {bitrate}; "
            "change --bitrate or --sample-rate"
        )


def bitrate_kbps(bitrate: str) -> int:
    """``64k`` (or ``64000``) -> 64; UsageError for anything else (ASCII digits only)."""
    match = _BITRATE_RE.fullmatch(bitrate)
    number = int(match[1]) if match else -1
    if match and not match[2]:  # bits per second
        number = number // 1000 if number % 1000 == 0 else -1
    if number <= 0:
        raise UsageError(f"--bitrate must be kilobits per second like 64k or 128k, got {bitrate!r}")
    return number


def encode(
    blocks: Iterable[npt.NDArray[np.int16]],
    target: Path,
    sample_rate: int,
    *,
    fmt: str = "mp3",
    bitrate: str = DEFAULT_BITRATE,
    metadata: str | Callable[[], str] | None = None,
    cover: Cover | Callable[[], Cover | None] | None = None,
    staging: Staging | None = None,
    cancel: Cancel | None = None,
) -> int:
    """Stream ``blocks`` into ``target`` (atomically); return the number of samples written.

    ``metadata`` is an FFMETADATA text (tags and chapters), or a function that gives it once
    the last block has been read (when the chapters are only known at the end): the audio is
    then encoded first and copied, unchanged, into a file with the tags. ``cover`` is an image
    to embed (a path, or a file staged beside the target), or a function that gives it
    (called when the tags are written). With a ``staging`` the file is only moved into place
    when the staging commits (after its other files: it is the primary file). ``cancel``
    stops the encoder (and kills ffmpeg) from another thread.
    """
    if fmt not in FORMATS:
        raise AudioError(f"unknown output format {fmt!r}; use mp3 or wav")
    job = _Job(sample_rate, fmt, bitrate_kbps(bitrate) if fmt == "mp3" else 0, cancel)
    with contextlib.ExitStack() as stack:
        stage = staging or stack.enter_context(Staging(target.parent))
        job.stage = stage
        out = stage.file(target, last=True)
        try:
            if callable(metadata):  # audio first, then copied into the tagged file
                audio = stage.scratch(f"audio.{fmt}")
                written, proof = job.encode(blocks, audio, None, None)
                image = cover() if callable(cover) else cover
                job.copy(audio, out, metadata(), image, written, proof)
            else:
                image = cover() if callable(cover) else cover
                written, _ = job.encode(blocks, out, metadata, image)
            if fmt == "mp3":  # players read the comment from COMM, not TXXX (the tag keeps
                with os.fdopen(os.dup(out.fd), "r+b") as fh:  # its size: the audio stays)
                    tags.comment_to_comm_in(fh)
        except OSError as exc:
            if isinstance(exc, OutputError):
                raise
            raise OutputError(
                f"cannot write {target}: {exc.strerror or exc}. Check free space and permissions."
            ) from exc
    return written


class _Job:
    """One encode: the ffmpeg command lines, the runs, and their checks."""

    def __init__(self, rate: int, fmt: str, kbps: int, cancel: Cancel | None) -> None:
        self.rate, self.fmt, self.kbps = rate, fmt, kbps
        self.cancel = cancel or Cancel()
        self.exe = ffmpeg.ffmpeg_exe()
        self.stage: Staging | None = None

    def command(
        self, source: list[str], out: Staged, metadata: str | None, cover: Cover | None
    ) -> list[str]:
        """ffmpeg reading ``source`` (its first input's arguments) into ``out``; with no
        bitrate (a copy pass) the encoded audio is copied as it is."""
        cmd = [self.exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *source]
        maps = ["-map", "0:a"]
        if metadata is not None:
            assert self.stage is not None
            meta = self.stage.scratch("tags.txt")
            meta.write_text(metadata)
            cmd += ["-f", "ffmetadata", "-i", meta.child_path]
            maps += ["-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None and self.fmt == "mp3":
            cmd += ["-i", cover.child_path if isinstance(cover, Staged) else str(cover)]
            maps += ["-map", f"{cmd.count('-i') - 1}:v", "-c:v", "copy"]
            maps += ["-disposition:v", "attached_pic", "-metadata:s:v", "comment=Cover (front)"]
        cmd += maps
        if source[0] != "-f":  # copying an encoded file
            cmd += ["-c:a", "copy"]
        elif self.fmt == "mp3":
            cmd += ["-c:a", "libmp3lame", "-b:a", f"{self.kbps}k"]
        else:
            cmd += ["-c:a", "pcm_s16le"]
        if self.fmt == "mp3":
            # The LAME tag names its encoder: encoding says "Lavc<version>", copying "Lavf".
            # One name for both, so a file's bytes do not depend on the pass that made it.
            cmd += ["-metadata:s:a:0", "encoder=Lavf", "-id3v2_version", "3"]
        return [*cmd, "-f", self.fmt, out.child_path]

    def encode(
        self,
        blocks: Iterable[npt.NDArray[np.int16]],
        out: Staged,
        metadata: str | None,
        cover: Cover | None,
    ) -> tuple[int, Proof | bytes]:
        """Encode ``blocks`` into ``out`` and prove the file holds them: (samples, proof)."""
        assert self.stage is not None
        pcm = ["-f", "s16le", "-ar", str(self.rate), "-ac", "1", "-i", "pipe:0"]
        cmd = self.command(pcm, out, metadata, cover)
        wav = WavCheck(self.rate, self.exe) if self.fmt == "wav" else None
        check = Mp3Check(out, self.rate, self.kbps, self.exe) if self.fmt == "mp3" else None
        child = ffmpeg.Child(cmd, budget=ffmpeg.BASE_SECONDS, pass_fds=self.stage.pass_fds)
        with contextlib.ExitStack() as stack:
            stack.callback(child.close)
            if check is not None:
                stack.callback(check.close)
                check.start()
            stack.enter_context(self.cancel.hook(child.kill))
            written, complete = self._feed(child, blocks, wav)
            code = child.finish()
            self.cancel.check()
            self._judge(child, code, complete, written)
            if check is None:
                assert wav is not None
                return written, wav.check(out.fd, written)
            fix_gapless_padding(out.fd, written)
            return written, check.finish(written)

    def _feed(
        self,
        child: ffmpeg.Child,
        blocks: Iterable[npt.NDArray[np.int16]],
        wav: WavCheck | None,
    ) -> tuple[int, bool]:
        """Write every block to ffmpeg; (samples written, whether all blocks were)."""
        written = 0
        try:
            for block in blocks:
                data = block.astype("<i2").tobytes()
                if wav is not None:
                    wav.fed(data)
                child.write(data)
                written += len(block)
                child.budget = ffmpeg.BASE_SECONDS + written / self.rate * ffmpeg.PER_AUDIO_SECOND
        except BrokenPipeError:
            self.cancel.check()  # killed on purpose
            return written, False  # ffmpeg stopped early; its exit code and message say why
        return written, True

    def _judge(self, child: ffmpeg.Child, code: int, complete: bool, written: int) -> None:
        if code == 0 and complete:
            return
        err = child.error_line()
        if "No space left" in err:
            raise OutputError(f"the disk is full while writing the {self.fmt.upper()}: {err}")
        if code == 0:
            raise AudioError(
                f"ffmpeg ({self.exe}) stopped reading the audio after {written / self.rate:.1f} s "
                "and said it succeeded; nothing was replaced. Check that this ffmpeg works, or "
                "set STRETCHAUDIO_FFMPEG to another one"
            )
        raise AudioError(
            f"ffmpeg failed to encode the {self.fmt.upper()}: {err or f'exit code {code}'}"
        )

    def copy(
        self,
        audio: Staged,
        out: Staged,
        metadata: str,
        cover: Cover | None,
        written: int,
        proof: Proof | bytes,
    ) -> None:
        """Copy the checked ``audio`` into ``out`` with its tags, and prove the copy is it."""
        assert self.stage is not None
        cmd = self.command(["-i", audio.child_path], out, metadata, cover)
        budget = ffmpeg.BASE_SECONDS + written / self.rate * ffmpeg.PER_AUDIO_SECOND
        with self.cancel.hook(lambda: None):
            code, _, err = ffmpeg.run(cmd, budget=budget, pass_fds=self.stage.pass_fds)
        self.cancel.check()
        if code != 0:
            if "No space left" in err:
                raise OutputError(f"the disk is full while writing the {self.fmt.upper()}: {err}")
            raise AudioError(f"ffmpeg failed to tag the {self.fmt.upper()}: {err or code}")
        if self.fmt == "mp3":
            fix_gapless_padding(out.fd, written)
        check_copy(out.fd, proof, written, self.rate, self.exe)


def fix_gapless_padding(fd: int, samples: int) -> None:
    """Correct the LAME/Info tag's end padding so decoders return exactly ``samples``
    (see ``mp3.set_padding``)."""
    mp3.set_padding(fd, samples)
