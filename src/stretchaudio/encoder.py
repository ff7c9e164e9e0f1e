"""Encode PCM blocks to an MP3 (or WAV) file with ffmpeg, atomically.

ffmpeg reads the PCM from a pipe and writes a temporary file beside the target; because that
output is a seekable file, ffmpeg adds the LAME/Info tag (encoder delay and padding), so
decoders trim them and the decoded track has exactly the samples we mixed. Only when ffmpeg
has finished successfully is the file moved over the target name: a failed or interrupted run
never leaves a partial file, and a previous good file of the same name stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import ffmpeg
from .errors import AudioError, OutputError

DEFAULT_BITRATE = "64k"  # constant bitrate: exact seeking; clear for mono speech at 22.05 kHz


def encode(
    blocks: Iterable[npt.NDArray[np.int16]],
    target: Path,
    sample_rate: int,
    *,
    fmt: str = "mp3",
    bitrate: str = DEFAULT_BITRATE,
    tags: Mapping[str, str] | None = None,
) -> int:
    """Stream ``blocks`` into ``target``; return the number of samples written."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.stem}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise OutputError(
            f"cannot write to the output folder {folder}: {exc.strerror or exc}. "
            "Choose another folder with -o/--output-dir."
        ) from exc
    tmp = Path(tmp_name)
    try:
        written = _run_ffmpeg(blocks, tmp, sample_rate, fmt, bitrate, tags or {})
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(
            f"cannot write {target}: {exc.strerror or exc}. Check free space and permissions."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return written


def _run_ffmpeg(
    blocks: Iterable[npt.NDArray[np.int16]],
    tmp: Path,
    rate: int,
    fmt: str,
    bitrate: str,
    tags: Mapping[str, str],
) -> int:
    cmd = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
           "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
    if fmt == "mp3":
        cmd += ["-c:a", "libmp3lame", "-b:a", bitrate, "-id3v2_version", "3"]
    elif fmt == "wav":
        cmd += ["-c:a", "pcm_s16le"]
    else:
        raise AudioError(f"unknown output format {fmt!r}; use mp3 or wav")
    for key, value in tags.items():
        cmd += ["-metadata", f"{key}={value}"]
    cmd += ["-f", fmt, str(tmp)]
    errlog = tempfile.TemporaryFile()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=errlog)
    except OSError as exc:
        errlog.close()
        raise AudioError(f"could not start ffmpeg ({cmd[0]}): {exc}") from exc
    assert proc.stdin is not None
    written = 0
    try:
        for block in blocks:
            proc.stdin.write(block.astype("<i2").tobytes())
            written += len(block)
        proc.stdin.close()
        code = proc.wait()
    except BrokenPipeError:
        code = proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        with contextlib.suppress(OSError):
            if not proc.stdin.closed:
                proc.stdin.close()
        errlog.seek(0)
        err = errlog.read().decode("utf-8", "replace").strip()
        errlog.close()
    if code != 0:
        detail = err.splitlines()[-1] if err else f"exit code {code}"
        if "No space left" in err:
            raise OutputError(f"the disk is full while writing {tmp.parent}: {detail}")
        raise AudioError(f"ffmpeg failed to encode the {fmt.upper()}: {detail}")
    return written
