"""Issue #14 "Trust nothing unchecked": the attacks that broke the README's promises, through
the real CLI (faked ffmpegs and Google, injected faults, real signals, real processes).

After each: one ``Error:`` line with the documented exit code, no partial or temporary file
left, an earlier MP3 of the same name byte-identical, and a clip cache that holds only what
it should.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clitools import (
    OUTPUTS,
    check_cache,
    check_interrupted,
    fake_ffmpeg,
    good_output,
    left_as_it_was,
    one_line,
    processes_with,
    record_moves,
    run,
    snapshot,
    staged,
    start,
    wait_for,
)
from fake_gtts import FakeGoogle
from measure import decode
from stretchaudio import atomic, ffmpeg
from stretchaudio.naming import output_names, slugify

ROUTINE = (
    "title: {title}\nexercises:\n  - name: Reach\n    steps: [Reach up., Hold for {n} seconds.]\n"
)


def write_routine(folder: Path, name: str, title: str, n: int = 2) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(ROUTINE.format(title=json.dumps(title), n=n), encoding="utf-8")
    return path


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warnings logged (the CLI prints them as ``WARNING: ...`` lines on stderr)."""
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- 1. output names ---------------------------------------------------------------------------


@pytest.mark.slow
def test_titles_that_give_one_name_get_distinct_files(warm_cache: Path, tmp_path: Path) -> None:
    """ "Evening", "Evening 2" and "EVENING" built together: three files, none lost."""
    titles = {"a": "Evening", "b": "Evening 2", "c": "EVENING"}
    files = [str(write_routine(tmp_path, k, t, n)) for n, (k, t) in enumerate(titles.items(), 2)]
    out = tmp_path / "out"
    result = run(["build", *files, "-o", str(out), "--prep", "0"], warm_cache)
    assert result.exit_code == 0, result.stderr
    wrote = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("Wrote")]
    assert len(set(wrote)) == 3
    got = {
        json.loads((out / f"{stem}.json").read_text())["title"]: stem
        for stem in ("evening", "evening-2", "evening-3")
    }
    assert got == {"Evening": "evening", "Evening 2": "evening-2", "EVENING": "evening-3"}
    assert len(list(out.iterdir())) == 3 * len(OUTPUTS)


@given(
    st.lists(
        st.sampled_from(
            [
                "Evening",
                "EVENING",
                "Evening 2",
                "evening-2",
                "Évening",
                "Evening 3",
                "x",
                "X",
                "",
                "日本",
                "-",
            ]
        ),
        max_size=12,
    )
)
def test_output_names_never_coincide(titles: list[str]) -> None:
    names = output_names(titles)
    assert len({name.casefold() for name in names}) == len(titles)
    for title, name in zip(titles, names, strict=True):
        assert name == slugify(title) or name.startswith(f"{slugify(title)}-")


# --- 2. ffmpeg is not trusted ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
def test_an_unusable_ffmpeg_on_path_gives_way_to_the_bundled_one(
    warm_cache: Path, small: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    junk = fake_ffmpeg(folder, "head -c 100000 /dev/urandom\nexit 0\n", probe=False)
    path = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    out = tmp_path / "out"
    result = run(["build", str(small), "-o", str(out)], warm_cache, PATH=path)
    assert result.exit_code == 0, result.stderr
    (warning,) = warnings(caplog)
    assert str(junk) in warning and "bundled" in warning
    assert len(decode(out / "small-one.mp3")) > 22050
    engines = run(["engines"], warm_cache, PATH=path)
    assert f"not {junk}" in engines.stdout and "bundled (imageio-ffmpeg)" in engines.stdout


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("head -c 1000 /dev/urandom\nexit 0\n", "has no MP3 encoder"),
        ("head -c 10000000 /dev/urandom\nexit 0\n", "does not answer as ffmpeg does"),
        ("exit 3\n", "fails (exit code 3)"),
        ("sleep 600\n", "did not answer"),
    ],
    ids=["junk", "flood", "fails", "hangs"],
)
def test_a_configured_ffmpeg_that_does_not_work_is_one_line(
    body: str,
    needle: str,
    warm_cache: Path,
    small: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ffmpeg, "PROBE_SECONDS", 1.0)
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    fake = fake_ffmpeg(tmp_path, body, probe=False)
    result = run(["build", str(small), "-o", str(out)], warm_cache, STRETCHAUDIO_FFMPEG=str(fake))
    one_line(result, 1, "STRETCHAUDIO_FFMPEG points to", needle)
    left_as_it_was(out, before)
    version = run(["--version"], warm_cache, STRETCHAUDIO_FFMPEG=str(fake))
    assert "stretchaudio, version" in version.stdout and "NOT available" in version.stdout


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
def test_junk_from_ffmpeg_never_enters_the_cache(fake_google: FakeGoogle, tmp_path: Path) -> None:
    """gTTS speech is decoded by ffmpeg: a junk-printing ffmpeg must not poison the cache."""
    real = ffmpeg.find().path
    body = (
        'case " $* " in *" -f mp3 -i pipe:0 "*) cat >/dev/null; head -c 400000 /dev/urandom; '
        f'exit 0;; esac\nexec {real} "$@"\n'
    )
    fake = fake_ffmpeg(tmp_path, body)
    routine = write_routine(tmp_path, "r", "Gtts one")
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = ["build", str(routine), "-o", str(out), "--engine", "gtts", "--sample-rate", "44100"]
    one_line(run(args, cache, STRETCHAUDIO_FFMPEG=str(fake)), 1, "decoded", "holds")
    assert check_cache(cache) == 0 and not out.exists()
    ffmpeg.forget()
    assert run(args, cache).exit_code == 0  # the real ffmpeg: real speech is cached now
    fresh = run([*args[:3], str(tmp_path / "fresh"), *args[4:]], tmp_path / "fresh-cache")
    assert fresh.exit_code == 0
    assert (out / "gtts-one.mp3").read_bytes() == (tmp_path / "fresh" / "gtts-one.mp3").read_bytes()


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
def test_a_failed_cold_render_leaves_a_clean_cache(small: Path, tmp_path: Path) -> None:
    """A cold Piper render at 44.1 kHz with an ffmpeg that prints junk: the render fails, and
    the clips it cached are exactly those a clean render makes (no ffmpeg in between)."""
    junk = fake_ffmpeg(tmp_path, "cat >/dev/null\nhead -c 300000 /dev/urandom\nexit 0\n")
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = ["build", str(small), "-o", str(out), "--sample-rate", "44100"]
    one_line(run(args, cache, STRETCHAUDIO_FFMPEG=str(junk)), 1, "wrote a bad MP3")
    ffmpeg.forget()
    assert run(args, cache).exit_code == 0
    fresh = run([*args[:3], str(tmp_path / "fresh"), *args[4:]], tmp_path / "fresh-cache")
    assert fresh.exit_code == 0
    assert (out / "small-one.mp3").read_bytes() == (
        tmp_path / "fresh" / "small-one.mp3"
    ).read_bytes()


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
@pytest.mark.parametrize(
    "body",
    [
        "cat >/dev/null\nexit 0\n",
        "head -c 50000 >/dev/null\nexit 0\n",
        'cat >/dev/null\nhead -c 300000000 /dev/zero >"$OUT"\nexit 0\n',
    ],
    ids=["writes-nothing", "stops-reading", "300-MB-of-zeros"],
)
def test_ffmpeg_success_is_not_trusted(
    body: str, warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    fake = fake_ffmpeg(tmp_path, body, decode=True)
    result = run(
        ["build", str(small), "-o", str(out), "--hold", "20"],
        warm_cache,
        STRETCHAUDIO_FFMPEG=str(fake),
    )
    one_line(result, 1, "nothing was replaced")
    left_as_it_was(out, before)


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
def test_a_hung_ffmpeg_does_not_hang_the_tool(
    warm_cache: Path, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ffmpeg, "BASE_SECONDS", 1.0)
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    fake = fake_ffmpeg(tmp_path, "head -c 1000 >/dev/null\nsleep 600\n", decode=True)
    started = time.monotonic()
    result = run(["build", str(small), "-o", str(out)], warm_cache, STRETCHAUDIO_FFMPEG=str(fake))
    one_line(result, 1, "stopped responding")
    assert time.monotonic() - started < 20
    left_as_it_was(out, before)


# --- 3. temporary files cannot be redirected ---------------------------------------------------


@pytest.mark.slow
def test_swapping_staged_files_for_symlinks_redirects_nothing(
    warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    """Someone who can write to the output folder swaps our staging folder for a symlink to
    their target as soon as it appears, and plants symlinks at the output names: nothing
    outside the folder is written or made readable, and the render still lands."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "secret").write_text("private")
    (victim / "secret").chmod(0o600)
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("mp3", "vtt"):
        (out / f"small-one.{suffix}").symlink_to(victim / "secret")
    swapped: list[str] = []
    done = threading.Event()

    def attacker() -> None:
        while not done.is_set():
            for entry in out.iterdir():
                if entry.name.startswith(".stretchaudio-") and not entry.is_symlink():
                    try:
                        entry.rename(out / f"moved{len(swapped)}")
                        entry.symlink_to(victim)
                        swapped.append(entry.name)
                    except OSError:
                        continue

    thread = threading.Thread(target=attacker)
    thread.start()
    try:
        result = run(
            ["build", str(small), "-o", str(out), "--hold", "30", "--sets", "3"], warm_cache
        )
    finally:
        done.set()
        thread.join()
    assert swapped  # the attack happened
    assert sorted(p.name for p in victim.iterdir()) == ["secret"]
    assert (victim / "secret").read_text() == "private"
    assert (victim / "secret").stat().st_mode & 0o777 == 0o600
    if result.exit_code == 0:
        for suffix in ("mp3", "vtt", "lrc", "json"):
            assert not (out / f"small-one.{suffix}").is_symlink()
        assert len(decode(out / "small-one.mp3")) > 22050 * 30
    else:  # the staging folder was taken from under us: a clean failure is fine too
        one_line(result, 1)


# --- 4. the clip cache -------------------------------------------------------------------------


@pytest.mark.slow
def test_swapped_cache_entries_still_say_the_right_words(
    small: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    assert run(["build", str(small), "-o", str(tmp_path / "a")], cache).exit_code == 0
    entries = sorted(cache.glob("??/*.clip"))
    contents = [p.read_bytes() for p in entries]
    for path, data in zip(entries, contents[1:] + contents[:1], strict=True):
        path.write_bytes(data)  # every entry now holds another clip's valid entry
    result = run(["build", str(small), "-o", str(tmp_path / "b")], cache)
    assert result.exit_code == 0, result.stderr
    assert any("holds another clip" in w for w in warnings(caplog))
    a, b = (tmp_path / d / "small-one.mp3" for d in "ab")
    assert a.read_bytes() == b.read_bytes()
    check_cache(cache)


@pytest.mark.slow
def test_a_cache_folder_others_can_write_is_not_used(
    warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    run(["build", str(small), "-o", str(tmp_path / "warm")], cache)
    cache.chmod(0o777)
    before = {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    proc = start(["build", str(small), "-o", str(tmp_path / "out")], cache)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    (warning,) = stderr.strip().splitlines()  # once, not once per clip
    assert warning.startswith("WARNING: the clip cache folder") and "chmod 700" in warning
    assert "can be written by other users" in warning
    assert re.search(r"Speech: [1-9][0-9]* phrases synthesised, 0 from cache", stdout), stdout
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_cache_entries_linked_to_dev_zero_are_not_read(
    small: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"  # of this routine alone: every entry is read again below
    assert run(["build", str(small), "-o", str(tmp_path / "a")], cache).exit_code == 0
    for entry in cache.glob("??/*.clip"):
        entry.unlink()
        entry.symlink_to("/dev/zero")  # read to the end, it would fill the memory
    result = run(["build", str(small), "-o", str(tmp_path / "b")], cache)
    assert result.exit_code == 0, result.stderr
    assert "symbolic link" in warnings(caplog)[0]
    a, b = (tmp_path / d / "small-one.mp3" for d in "ab")
    assert a.read_bytes() == b.read_bytes()
    assert check_cache(cache) > 0  # the links were replaced by real entries


@pytest.mark.slow
def test_cache_clear_leaves_what_it_did_not_write(
    warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    run(["build", str(small), "-o", str(tmp_path / "a")], cache)
    sub = sorted(cache.glob("??"))[0]
    mine = [sub / "notes.clip", sub / f"{sub.name}{'a' * 62}.clip", cache / "README"]
    for path in mine:
        path.write_text("the user's own file")
    result = run(["cache", "clear"], cache)
    assert result.exit_code == 0 and "left 1 files it did not write" in result.stdout
    assert all(p.read_text() == "the user's own file" for p in mine)
    assert run(["cache", "info"], cache).stdout.count("clips:   1") == 1


# --- 5. bounded reads --------------------------------------------------------------------------


def test_import_from_an_endless_stream_is_refused(tmp_path: Path) -> None:
    source = subprocess.Popen(
        ["yes", "Lie on your back and hold for 30 seconds."], stdout=subprocess.PIPE
    )
    try:
        proc = start(["import", "-"], tmp_path, stdin=source.stdout)
        _, stderr = proc.communicate(timeout=60)
    finally:
        source.kill()
        source.wait()
    assert proc.returncode == 2, stderr
    assert stderr.startswith("Error: <stdin>: standard input is longer than"), stderr
    assert stderr.count("\n") == 1


def test_a_line_longer_than_any_engine_takes_is_refused(tmp_path: Path) -> None:
    text = "Reach up " * 700 + "and hold."
    routine = tmp_path / "long.yaml"
    routine.write_text(f"title: Long\nexercises:\n  - name: A\n    steps: [{text}]\n")
    cache = tmp_path / "cache"
    one_line(
        run(["build", str(routine), "-o", str(tmp_path / "out")], cache),
        2,
        "characters long",
        "Split it",
    )
    assert check_cache(cache) == 0


def piper_peak(words: int) -> tuple[float, int]:
    """(seconds spoken, peak memory in KB) of a fresh process speaking one sentence of
    ``words`` words with Piper."""
    vocabulary = ["stretch", "your", "left", "arm", "slowly", "toward", "the", "far", "wall"]
    text = " ".join(vocabulary[i % len(vocabulary)] for i in range(words)) + "."
    code = (
        "import resource, sys\nfrom stretchaudio.engines.base import get_engine, EngineSettings\n"
        "clip = get_engine('piper', EngineSettings()).synthesize(sys.argv[1])\n"
        "print(clip.seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(
        [sys_executable(), "-c", code, text],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    seconds, peak = proc.stdout.split()
    return float(seconds), int(peak)


@pytest.mark.slow
def test_piper_memory_stays_bounded_for_one_very_long_sentence() -> None:
    """One 300-word sentence: Piper alone needs ~2.3 GB for it (0.5 GB at 50 words, 3 GB at
    400); spoken in pieces, about what one 35-word sentence needs, plus its audio."""
    short_seconds, short_peak = piper_peak(35)
    long_seconds, long_peak = piper_peak(300)
    assert long_seconds > 8 * short_seconds  # all of it was said
    assert long_peak < short_peak + 400_000, (short_peak, long_peak)


def sys_executable() -> str:
    import sys

    return sys.executable


# --- 6. signals and killed runs ----------------------------------------------------------------


LONG = (
    "title: Long holds\nexercises:\n  - name: Fold\n"
    "    steps: [Fold forward., Hold for 20 seconds.]\n"
)


@pytest.fixture
def long_routine(warm_cache: Path, tmp_path: Path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(LONG, encoding="utf-8")
    warm = ["build", str(path), "-o", str(tmp_path / "warm"), "--no-say-durations"]
    assert run(warm, warm_cache).exit_code == 0
    return path


def start_long_build(
    routine: Path, cache: Path, out: Path
) -> tuple[subprocess.Popen[str], dict[str, bytes]]:
    """A first build into ``out`` (the earlier files), then a long one, once it is encoding:
    (its process, the earlier files)."""
    assert run(["build", str(routine), "-o", str(out)], cache).exit_code == 0
    before = snapshot(out)
    args = ["build", str(routine), "-o", str(out), "--hold", "600", "--sets", "5"]
    proc = start([*args, "--no-say-durations"], cache)
    wait_for(lambda: staged(out, "long-holds.mp3"), proc, 60)
    return proc, before


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGHUP, 129), (signal.SIGQUIT, 131)])
def test_hangup_and_quit_are_handled_like_sigterm(
    sig: int, code: int, long_routine: Path, warm_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc, before = start_long_build(long_routine, warm_cache, out)
    proc.send_signal(sig)
    check_interrupted(proc, code)
    left_as_it_was(out, before)
    assert not processes_with(proc)  # ffmpeg and the checking decoder are gone too


@pytest.mark.slow
def test_what_sigkill_leaves_is_removed_by_the_next_run(
    long_routine: Path, warm_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc, before = start_long_build(long_routine, warm_cache, out)
    proc.kill()
    proc.communicate()
    deadline = time.monotonic() + 20
    while processes_with(proc) and time.monotonic() < deadline:  # ffmpeg sees its input end
        time.sleep(0.1)
    assert not processes_with(proc)
    left = snapshot(out)
    assert {n for n in left if n.startswith(".stretchaudio-")}  # SIGKILL cannot clean up
    assert {n: d for n, d in left.items() if not n.startswith(".")} == before
    assert run(["build", str(long_routine), "-o", str(out)], warm_cache).exit_code == 0
    assert snapshot(out).keys() == before.keys()  # the next run removed the leftovers


@pytest.mark.slow
def test_an_interrupted_cold_render_leaves_no_process_behind(small: Path, tmp_path: Path) -> None:
    """Ctrl-C while the encoder thread streams (cold render): the wait for it is not
    abandoned; ffmpeg and the checking decoder are stopped before the process exits."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    routine = tmp_path / "many.yaml"
    routine.write_text(
        "title: Many\nexercises:\n"
        + "".join(
            f"  - name: Move {n}\n"
            f"    steps: [Reach out toward point number {n}., Hold for 20 seconds.]\n"
            for n in range(12)
        )
    )
    proc = start(["build", str(routine), "-o", str(out)], cache)
    wait_for(lambda: staged(out, "many.mp3"), proc, 120)
    proc.send_signal(signal.SIGINT)
    check_interrupted(proc, 130)
    assert not processes_with(proc)
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.slow
def test_the_mp3_is_moved_last(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = record_moves(monkeypatch)
    cache = tmp_path / "cache"
    for label in ("cold", "warm"):
        moved.clear()
        result = run(["build", str(small), "-o", str(tmp_path / label)], cache)
        assert result.exit_code == 0 and (label == "cold") == ("0 from cache" in result.stdout)
        outputs = [m for m in moved if m.startswith("small-one.")]
        assert outputs[-1] == "small-one.mp3" and len(outputs) == len(OUTPUTS), (label, moved)


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_never_mix_their_sets(
    warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for hold in (2, 3, 4):
        assert (
            run(
                ["build", str(small), "-o", str(tmp_path / "w"), "--hold", str(hold)], warm_cache
            ).exit_code
            == 0
        )
    for _ in range(3):
        procs = [
            start(["build", str(small), "-o", str(out), "--hold", str(hold)], warm_cache)
            for hold in (2, 3, 4)
        ]
        for proc in procs:
            _, stderr = proc.communicate(timeout=120)
            assert proc.returncode == 0, stderr
        timeline = json.loads((out / "small-one.json").read_text())
        vtt = (out / "small-one.vtt").read_text()
        assert round(len(decode(out / "small-one.mp3")) / 22050, 3) == round(
            timeline["total_seconds"], 3
        )
        starts = [e["start_sample"] for e in [*timeline["events"], *timeline["cues"]]]
        last_cue = vtt.strip().splitlines()[-2].split(" --> ")[0]
        assert last_cue in {_vtt(n * 1000 // 22050) for n in starts}  # from the same render
        assert sorted(p.name for p in out.iterdir()) == sorted(f"small-one.{k}" for k in OUTPUTS)


def _vtt(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


# --- 7. every error is one line ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "lots", "1e999"])
def test_a_bad_cache_bound_is_one_line_before_anything_is_written(
    value: str, warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    entries = check_cache(cache)
    out = tmp_path / "out"
    result = run(["build", str(small), "-o", str(out)], cache, STRETCHAUDIO_CACHE_MAX_MB=value)
    one_line(result, 2, "STRETCHAUDIO_CACHE_MAX_MB must be a number of megabytes")
    assert not out.exists() and check_cache(cache) == entries  # nan used to empty the cache
    one_line(run(["cache", "info"], cache, STRETCHAUDIO_CACHE_MAX_MB=value), 2)


LONG_NAME = "n" * 300


@pytest.mark.slow  # the --music case synthesises the speech before it reads the music
@pytest.mark.parametrize(
    "args",
    [
        ["build", f"{LONG_NAME}.yaml"],
        ["script", f"{LONG_NAME}.yaml", "--estimate"],
        ["build", "SMALL", "-o", f"out/{LONG_NAME}"],
        ["build", "SMALL", "--cover", f"{LONG_NAME}.png"],
        ["build", "SMALL", "--music", f"{LONG_NAME}.mp3"],
        ["import", f"{LONG_NAME}.txt"],
        ["import", "SMALL", "-o", f"{LONG_NAME}.yaml"],
    ],
    ids=["routine", "script", "output-dir", "cover", "music", "import", "import-output"],
)
def test_names_longer_than_file_systems_allow_are_one_line(
    args: list[str], warm_cache: Path, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [str(small) if a == "SMALL" else a for a in args]
    line = one_line(run(args, warm_cache), 2)
    assert "255" in line or "not a file" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.yaml"]


def test_atomic_staging_is_used_for_imported_yaml(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "# Stretches\n\n## Knee hug\n\n1. Lie on your back.\n2. Hug your knee "
        "and hold for 20 seconds.\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.yaml"
    target.symlink_to(tmp_path / "elsewhere.yaml")
    result = run(["import", str(article), "-o", str(target)], tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    assert not target.is_symlink() and "Knee hug" in target.read_text()
    assert not (tmp_path / "elsewhere.yaml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(atomic.PREFIX)]
