"""The routine's description reaches players as the ID3 comment (a COMM frame).

ffmpeg's MP3 muxer writes a ``comment`` as ``TXXX:comment`` (a user-defined text frame that
players do not show as the comment); tags.comment_to_comm turns it into COMM in place. These
run ffmpeg itself (whichever one the suite uses: scripts/test.sh runs them with Debian's and
with the bundled one) on a tiny MP3, and read the result back with mutagen.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from fake_gtts import make_mp3
from measure import decode
from stretchaudio import ffmpeg, tags

TEXTS = [
    "A tiny routine for tests.",
    "Étirements doux, à faire le matin",  # Latin-1: ID3v2.3 stores it as ISO-8859-1
    "Ωμέγα — 日本語 ストレッチ 🧘",  # not Latin-1: UTF-16 in v2.3, UTF-8 in v2.4
]


def tagged_mp3(tmp_path: Path, comment: str, version: int = 3) -> Path:
    """A short MP3 that ffmpeg tagged with a title, a comment, another user-defined text
    (``mood``, which must stay a TXXX frame) and a chapter."""
    source = tmp_path / "plain.mp3"
    source.write_bytes(make_mp3(0.3))
    meta = tmp_path / "meta.txt"
    meta.write_text(
        ";FFMETADATA1\ntitle=Tagged\nmood=calm\n"
        f"comment={comment}\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=300\ntitle=Only\n",
        encoding="utf-8",
    )
    out = tmp_path / f"tagged-v{version}.mp3"
    cmd = [ffmpeg.ffmpeg_exe(), "-v", "error", "-y", "-i", str(source), "-i", str(meta)]
    cmd += ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy"]
    cmd += ["-id3v2_version", str(version), str(out)]
    subprocess.run(cmd, check=True)
    return out


@pytest.mark.parametrize("version", [3, 4])
@pytest.mark.parametrize("text", TEXTS)
def test_comment_becomes_a_comm_frame(tmp_path: Path, text: str, version: int) -> None:
    path = tagged_mp3(tmp_path, text, version)
    written = {f.desc: str(f) for f in ID3(path).getall("TXXX")}  # what ffmpeg writes
    assert written == {"comment": text, "mood": "calm"}
    size = path.stat().st_size
    audio = decode(path, 24_000)

    assert tags.comment_to_comm(path) is True

    tag = ID3(path)
    comments = tag.getall("COMM")
    assert [(c.lang, c.desc, c.text) for c in comments] == [("eng", "", [text])]
    assert [(f.desc, str(f)) for f in tag.getall("TXXX")] == [("mood", "calm")]
    # the rest of the tag is intact and the audio has not moved
    assert str(tag["TIT2"]) == "Tagged"
    assert [str(c.sub_frames["TIT2"]) for c in tag.getall("CHAP")] == ["Only"]
    assert path.stat().st_size == size
    assert (decode(path, 24_000) == audio).all()


def test_other_files_are_left_alone(tmp_path: Path) -> None:
    untagged = tmp_path / "plain.mp3"
    untagged.write_bytes(make_mp3(0.2))
    before = untagged.read_bytes()
    assert tags.comment_to_comm(untagged) is False
    assert untagged.read_bytes() == before

    path = tagged_mp3(tmp_path, "x")
    tags.comment_to_comm(path)
    once = path.read_bytes()
    assert tags.comment_to_comm(path) is False  # nothing left to turn
    assert path.read_bytes() == once

    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"ID3")
    assert tags.comment_to_comm(empty) is False
