"""Atomic writes (atomic.py): staged files in a private folder, moved together (the primary
file last), never through a symlink; what killed runs leave behind is cleaned by the next run;
moves are serialised per output name."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from clitools import record_moves
from stretchaudio import atomic, signals
from stretchaudio.errors import OutputError

SRC = Path(__file__).resolve().parents[1] / "src"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_files_are_made_in_a_private_folder_and_moved_together(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic.Staging(out) as stage:
        mp3 = stage.file(out / "a.mp3", last=True)
        mp3.write_bytes(b"audio")
        stage.file(out / "a.vtt").write_text("WEBVTT\n")
        stage.scratch("tags.txt").write_text("x")
        (folder,) = [p for p in out.iterdir() if p.name.startswith(".stretchaudio-")]
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # nobody else can enter it
        assert folder.stat().st_uid == os.geteuid()
        assert names(out) == [folder.name]  # nothing is in place yet
    assert names(out) == ["a.mp3", "a.vtt"]  # the folder and the scratch file are gone
    assert (out / "a.mp3").read_bytes() == b"audio"
    mode = stat.S_IMODE((out / "a.mp3").stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_children_reach_staged_files_through_the_open_folder(tmp_path: Path) -> None:
    """A child process writes by a path through our descriptor of the private folder: even a
    folder renamed and replaced by a symlink cannot redirect the write."""
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    with atomic.Staging(out) as stage:
        staged = stage.file(out / "x.mp3", last=True)
        if not staged.child_path.startswith("/proc/self/fd/"):
            pytest.skip("no /proc/self/fd here")
        (folder,) = [p for p in out.iterdir() if p.name.startswith(".stretchaudio-")]
        folder.rename(out / "moved-away")
        folder.symlink_to(victim)  # the attacker's swap
        script = f"printf written > {staged.child_path}"
        subprocess.run(["sh", "-c", script], pass_fds=stage.pass_fds, check=True)
    assert names(victim) == []
    assert (out / "x.mp3").read_bytes() == b"written"
    assert (out / folder.name).is_symlink()  # left alone: not ours, never followed


def test_a_symlink_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o600)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.mp3").symlink_to(victim)
    with atomic.Staging(out) as stage:
        stage.file(out / "a.mp3", last=True).write_bytes(b"new")
    assert victim.read_text() == "keep me" and stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert not (out / "a.mp3").is_symlink() and (out / "a.mp3").read_bytes() == b"new"


def test_the_primary_file_moves_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moved = record_moves(monkeypatch)
    out = tmp_path / "out"
    with atomic.Staging(out) as stage:
        stage.file(out / "a.mp3", last=True).write_bytes(b"1")  # staged first,
        stage.file(out / "a.vtt").write_bytes(b"2")
        stage.file(out / "a.json").write_bytes(b"3")
    assert moved == ["a.vtt", "a.json", "a.mp3"]  # moved last


def test_a_failure_or_interruption_leaves_the_old_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.mp3").write_bytes(b"old")
    for error in (OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()):
        with pytest.raises((OutputError, KeyboardInterrupt)), atomic.Staging(out) as stage:
            stage.file(out / "a.mp3", last=True).write_bytes(b"new")
            stage.file(out / "a.vtt").write_bytes(b"new")
            raise error
        assert names(out) == ["a.mp3"] and (out / "a.mp3").read_bytes() == b"old"


def test_made_folders_are_removed_when_nothing_was_written(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    atomic.check_folder(out)
    assert names(tmp_path) == []
    with pytest.raises(RuntimeError), atomic.Staging(out) as stage:
        stage.file(out / "x.mp3").write_bytes(b"1")
        raise RuntimeError
    assert names(tmp_path) == []


def test_a_made_folder_removed_by_a_concurrent_check_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run's folder check makes ``out`` and removes it again when empty; a run that
    found ``out`` made just then must make it anew, not fail with "No such file"."""
    out = tmp_path / "out"
    real = atomic.open_folder
    vanished: list[str] = []

    def open_after_the_other_run_removed_it(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == out and not vanished:
            out.rmdir()  # what the other run's cleanup does between our mkdir and our open
            vanished.append("once")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(atomic, "open_folder", open_after_the_other_run_removed_it)
    with atomic.Staging(out) as stage:
        stage.file(out / "a.mp3").write_bytes(b"audio")
    assert vanished and names(out) == ["a.mp3"]


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_unusable_output_folder_is_one_clear_error(where: str, tmp_path: Path) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("x")
    folder = blocker if where == "file" else blocker / "out"
    with pytest.raises(OutputError, match="cannot write to the output folder"):
        atomic.check_folder(folder)


def run_and_kill(out: Path, tmp_path: Path) -> None:
    """A process that stages a file in ``out`` and is killed with SIGKILL meanwhile."""
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom stretchaudio import atomic\n"
        "out = Path(sys.argv[1])\nwith atomic.Staging(out) as stage:\n"
        "    stage.file(out / 'a.mp3', last=True).write_bytes(b'partial')\n"
        "    print('staged', flush=True)\n    time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "staged"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_what_a_killed_run_left_is_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.mp3").write_bytes(b"good")
    (out / ".stretchaudio-notes.tmp").write_text("not ours: wrong name pattern")
    run_and_kill(out, tmp_path)
    left = [p for p in out.iterdir() if p.name.startswith(".stretchaudio-") and p.is_dir()]
    assert len(left) == 1 and (out / "a.mp3").read_bytes() == b"good"  # SIGKILL leaves it
    with atomic.Staging(out) as stage:  # the next run into the folder
        stage.file(out / "b.vtt").write_bytes(b"x")
    assert names(out) == [".stretchaudio-notes.tmp", "a.mp3", "b.vtt"]


def test_a_live_runs_folder_is_never_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic.Staging(out) as first:
        first.file(out / "a.mp3").write_bytes(b"1")
        with atomic.Staging(out) as second:  # cleans stale folders on its way in
            second.file(out / "b.mp3").write_bytes(b"2")
        assert [p for p in out.iterdir() if p.name.startswith(".stretchaudio-")]
    assert names(out) == ["a.mp3", "b.mp3"]


def test_a_folder_of_another_user_or_a_symlink_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious").write_text("x")
    (out / ".stretchaudio-1-abcdef.tmp").symlink_to(target)  # a dead pid, but a symlink
    atomic.clean_stale(atomic.open_folder(out))
    assert (target / "precious").exists() and (out / ".stretchaudio-1-abcdef.tmp").is_symlink()
    if os.geteuid() == 0:  # root can make a folder that belongs to someone else
        other = out / ".stretchaudio-1-fedcba.tmp"
        other.mkdir()
        os.chown(other, 65534, 65534)
        atomic.clean_stale(atomic.open_folder(out))
        assert other.exists()


def test_commits_to_one_name_are_serialised(tmp_path: Path) -> None:
    """Two writers of the same name never interleave their moves: whoever holds the name's
    lock sees one whole set, never a mix of two."""
    out = tmp_path / "out"
    out.mkdir()
    mixed: list[set[str]] = []

    def writer(tag: str) -> None:
        for _ in range(40):
            with atomic.Staging(out) as stage:
                for suffix in ("vtt", "lrc", "json"):
                    stage.file(out / f"a.{suffix}").write_text(tag)
                stage.file(out / "a.mp3", last=True).write_text(tag)
            fd = atomic.open_folder(out)
            try:
                with atomic.locked(fd, ["a"], out):
                    texts = {p.read_text() for p in out.glob("a.*")}
            finally:
                os.close(fd)
            if len(texts) != 1:
                mixed.append(texts)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not mixed
    assert names(out) == ["a.json", "a.lrc", "a.mp3", "a.vtt"]  # no lock file left


def test_an_unheld_lock_file_left_by_a_killed_run_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f".a{atomic.LOCK_SUFFIX}").touch()
    with atomic.Staging(out) as stage:
        stage.file(out / "b.mp3").write_bytes(b"x")
    assert names(out) == ["b.mp3"]


def test_a_signal_during_the_moves_puts_the_old_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (twice) while the files move: the moves finish or are undone as a whole, never
    cut half way; the first signal is raised after, and the old set is back."""
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("mp3", "vtt", "json"):
        (out / f"a.{suffix}").write_text("old")
    real = os.replace
    sent: list[int] = []

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        real(src, dst, **kw)
        if len(sent) < 2:  # after the first move, and again during the undo
            sent.append(1)
            os.kill(os.getpid(), signal.SIGINT)

    signals.install()
    monkeypatch.setattr(os, "replace", replace)
    try:
        with pytest.raises(signals.Interrupted) as caught, atomic.Staging(out) as stage:
            for suffix in ("vtt", "json"):
                stage.file(out / f"a.{suffix}").write_text("new")
            stage.file(out / "a.mp3", last=True).write_text("new")
    finally:
        signals.uninstall()
    assert caught.value.exit_code == 130
    assert names(out) == ["a.json", "a.mp3", "a.vtt"]
    assert {p.read_text() for p in out.iterdir()} == {"old"}


def test_replace_file_and_stale_temporaries(tmp_path: Path) -> None:
    fd = atomic.open_folder(tmp_path)
    try:
        atomic.replace_file(fd, "x.clip", b"data")
        assert (tmp_path / "x.clip").read_bytes() == b"data"
        assert stat.S_IMODE((tmp_path / "x.clip").stat().st_mode) == 0o600
        dead = tmp_path / ".tmp-999999999-abcdef.clip"  # no such process
        live = tmp_path / f".tmp-{os.getpid()}-abcdef.clip"
        young = tmp_path / ".tmp-999999998-abcdef.clip"
        for path in (dead, live, young):
            path.write_bytes(b"half")
        for path in (dead, live):
            os.utime(path, (time.time() - 3600,) * 2)
        assert atomic.clean_temps(fd) == 1
        assert not dead.exists() and live.exists() and young.exists()
    finally:
        os.close(fd)
