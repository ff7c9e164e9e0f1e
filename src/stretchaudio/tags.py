"""ID3 tags and chapters, handed to ffmpeg as an FFMETADATA file.

ffmpeg writes the chapters as ID3v2 CHAP frames plus a CTOC in time order (mutagen would order
them by frame size, see NOTES), each titled by its exercise (and side). ffmpeg's MP3 muxer
writes a ``comment`` as a user-defined ``TXXX:comment`` frame, which players do not show as
the comment, so :func:`comment_to_comm` turns it into the ``COMM`` frame they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .language.phrasebook import phrasebook
from .model import Routine
from .timeline import Timeline


@dataclass(frozen=True)
class Chapter:
    start_ms: int
    end_ms: int
    title: str


def chapters(timeline: Timeline) -> list[Chapter]:
    """One chapter per exercise, or per side of a two-sided exercise, starting at its first
    spoken line (the exercise's name, or "Switch sides." for the second side)."""
    rate = timeline.sample_rate
    starts: list[tuple[int, str]] = []
    seen: set[tuple[int, int | None]] = set()
    sided = {ev.exercise for ev in timeline.events if ev.side is not None}
    book = phrasebook(timeline.language)
    for ev in timeline.events:
        if ev.exercise is None or ev.kind != "speech":
            continue
        # The exercise's name and setup open its first side.
        side = (ev.side or 1) if ev.exercise in sided else None
        if (ev.exercise, side) in seen:
            continue
        seen.add((ev.exercise, side))
        name = timeline.exercise_names[ev.exercise]
        starts.append((ev.start, book.chapter(name, side) if side else name))
    out = []
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else timeline.total_samples
        out.append(Chapter(start * 1000 // rate, end * 1000 // rate, title))
    return out


def _escape(value: str) -> str:
    for ch in ("\\", "=", ";", "#", "\n"):
        value = value.replace(ch, "\\" + ch)
    return value


def ffmetadata(routine: Routine, timeline: Timeline, track: tuple[int, int] | None = None) -> str:
    """The FFMETADATA1 text: global tags, then one [CHAPTER] per chapter."""
    tags = {
        "title": routine.title,
        "artist": "stretchaudio",
        "album": "stretchaudio routines",
        "genre": "Speech",
    }
    if routine.description:
        tags["comment"] = " ".join(routine.description.split())
    if track:
        tags["track"] = f"{track[0]}/{track[1]}"
    lines = [";FFMETADATA1"] + [f"{k}={_escape(v)}" for k, v in tags.items()]
    for ch in chapters(timeline):
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={ch.start_ms}",
            f"END={ch.end_ms}",
            f"title={_escape(ch.title)}",
        ]
    return "\n".join(lines) + "\n"


COMMENT_LANGUAGE = b"eng"
"""The COMM frame's ISO 639-2 language: what most taggers and players write and expect."""


def _synchsafe(data: bytes) -> int:
    return (data[0] & 0x7F) << 21 | (data[1] & 0x7F) << 14 | (data[2] & 0x7F) << 7 | data[3] & 0x7F


def _frame_size(data: bytes, major: int) -> int:
    return _synchsafe(data) if major == 4 else int.from_bytes(data, "big")


def _split_string(body: bytes, encoding: int) -> tuple[bytes, bytes] | None:
    """(first string without its terminator, the rest) of an ID3 text body."""
    if encoding in (1, 2):  # UTF-16: a terminator is two zero bytes on a character boundary
        for i in range(0, len(body) - 1, 2):
            if body[i : i + 2] == b"\0\0":
                return body[:i], body[i + 2 :]
        return None
    end = body.find(b"\0")
    return (body[:end], body[end + 1 :]) if end >= 0 else None


def _comm_body(txxx: bytes) -> bytes | None:
    """The COMM frame body for a ``TXXX:comment`` body, or None for any other TXXX."""
    if not txxx:
        return None
    encoding = txxx[0]
    split = _split_string(txxx[1:], encoding)
    codec = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}.get(encoding)
    if split is None or codec is None:
        return None
    description, value = split
    if description.decode(codec, "replace").lstrip("\ufeff") != "comment":
        return None
    empty = {0: b"\0", 1: b"\xff\xfe\0\0", 2: b"\0\0", 3: b"\0"}[encoding]
    return bytes([encoding]) + COMMENT_LANGUAGE + empty + value


def comment_to_comm(path: Path) -> bool:
    """Turn the ``TXXX:comment`` frame ffmpeg wrote into a ``COMM`` frame, in place.

    The COMM frame is shorter (its language and empty description take fewer bytes than the
    description "comment"), so the frames after it move up and the tag keeps its size, with
    the freed bytes as padding: the audio does not move. Returns whether a frame was turned.
    Tags this cannot safely edit (not ID3v2.3/2.4, unsynchronised, extended header) are left
    as they are.
    """
    with path.open("r+b") as fh:
        return comment_to_comm_in(fh)


def comment_to_comm_in(fh: BinaryIO) -> bool:
    """``comment_to_comm`` on a file already open for reading and writing (at any position):
    the encoder edits its staged file through the descriptor it holds, never by name."""
    fh.seek(0)
    head = fh.read(10)
    if len(head) < 10 or head[:3] != b"ID3" or head[3] not in (3, 4) or head[5] & 0xC0:
        return False
    size = _synchsafe(head[6:10])
    tag = bytearray(fh.read(size))
    pos = 0
    while pos + 10 <= len(tag) and tag[pos] != 0:
        frame_id = bytes(tag[pos : pos + 4])
        length = _frame_size(bytes(tag[pos + 4 : pos + 8]), head[3])
        end = pos + 10 + length
        if end > len(tag):
            return False
        body = _comm_body(bytes(tag[pos + 10 : end])) if frame_id == b"TXXX" else None
        if body is not None and not tag[pos + 8 : pos + 10].strip(b"\0"):
            size_bytes = (
                bytes((len(body) >> s) & 0x7F for s in (21, 14, 7, 0))
                if head[3] == 4
                else len(body).to_bytes(4, "big")
            )
            frame = b"COMM" + size_bytes + b"\0\0" + body
            freed = (end - pos) - len(frame)
            tag[pos:end] = frame
            tag += bytes(freed)  # the tag keeps its size: the freed bytes become padding
            fh.seek(10)
            fh.write(tag)
            return True
        pos = end
    return False
