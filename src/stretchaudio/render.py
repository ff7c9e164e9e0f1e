"""The pipeline: routine -> plan -> speech clips -> timeline -> mixed samples -> files.

This is the one place that wires the stages together; the CLI only parses and reports.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from . import atomic, cache, encoder, ffmpeg, mixer, sidecars, stream, tags
from .atomic import Staging
from .cancel import Cancel, Cancelled, wait_for
from .clips import ClipStore, Progress, Samples, default_cache_dir
from .engines.base import Engine, get_engine
from .errors import AudioError, UsageError
from .fitting import fitted_plan
from .loudness import mono_target
from .model import Routine
from .naming import slugify
from .planner import Plan, language_mismatch, narration_language, plan
from .settings import Options
from .timeline import Timeline, layout

log = logging.getLogger(__name__)


def check_output(options: Options) -> None:
    """Reject output settings that cannot work together, before any work is done."""
    encoder.check_output(options.format, options.sample_rate, options.bitrate)
    cover = options.cover
    if cover is not None and not _is_file(cover):
        raise UsageError(f"--cover: {cover} is not a file; give a JPEG or PNG image")
    if cover is not None and cover.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        raise UsageError(f"--cover: {cover} must be a .jpg, .jpeg or .png image")
    if cover is not None and options.format != "mp3":
        raise UsageError("--cover needs --format mp3: WAV files carry no cover image")


@dataclass(frozen=True)
class RenderResult:
    path: Path
    timeline: Timeline
    synthesised: int
    cached: int
    sidecars: tuple[Path, ...] = ()


class Renderer:
    """Renders routines with one engine and one clip cache (the engine loads once).

    The engine speaks the language of ``options.lang``; a routine in another language (its
    ``language:`` key) gets an engine of the same kind for its language, made when first
    needed (:meth:`store_for`), unless an engine instance was given."""

    def __init__(
        self,
        options: Options | None = None,
        cache_dir: Path | None = None,
        engine: Engine | None = None,
    ) -> None:
        """``options``: what the user chose; ``cache_dir``: the clip cache (default: the
        per-user cache folder, unless ``options.cache`` is off); ``engine``: an engine
        instance to use instead of the one ``options.engine`` names."""
        self.options = options = options or Options()
        check_output(options)
        # The engine for --lang, or for English: the config file's lang is only the language
        # of routine files that state none, and English routines must not need its voice.
        lang = options.lang if options.given("lang") else "en"
        self.engine: Engine = engine or get_engine(options.engine, options.replace(lang=lang))
        self._fixed_engine = engine is not None
        self._folder = (cache_dir or default_cache_dir()) if options.cache else None
        if self._folder is not None:
            cache.limit_bytes()  # a bad STRETCHAUDIO_CACHE_MAX_MB: an error now, not after
        self.voice_lufs = mono_target(options.loudness)
        self.store = self._store(self.engine)
        self._stores = {lang: self.store}
        self._warned: list[Routine] = []

    def _store(self, engine: Engine) -> ClipStore:
        rate, lufs = self.options.sample_rate, self.voice_lufs
        return ClipStore(engine, rate, self._folder, loudness=lufs)

    def store_for(self, routine: Routine) -> ClipStore:
        """The clip store whose engine speaks the routine's narration language (see
        :func:`~stretchaudio.planner.narration_language`); warns once when that is not the
        language the routine is written in."""
        lang = narration_language(routine, self.options)
        mismatch = language_mismatch(routine, self.options)
        if mismatch and not any(r is routine for r in self._warned):
            self._warned.append(routine)
            log.warning("%s", mismatch)
        if self._fixed_engine:
            return self.store
        if lang not in self._stores:
            options = self.options.replace(lang=lang)
            self._stores[lang] = self._store(get_engine(options.engine, options))
        return self._stores[lang]

    def _counts(self) -> tuple[int, int]:
        """(phrases synthesised, phrases from the cache) so far, in every language."""
        stores = self._stores.values()
        return sum(s.stats.synthesised for s in stores), sum(s.stats.cached for s in stores)

    def timeline(
        self, routine: Routine, progress: Progress | None = None
    ) -> tuple[Timeline, dict[str, Samples]]:
        """Plan the routine and measure its speech: the exact timeline and its clips."""
        clips: dict[str, Samples] = {}
        store = self.store_for(routine)

        def measure(texts: list[str]) -> dict[str, int]:
            new = [t for t in texts if t not in clips]
            clips.update(store.get(new, progress))
            return {t: len(clips[t]) for t in texts}

        the_plan = fitted_plan(routine, self.options, measure)
        return layout(the_plan, measure(the_plan.texts())), clips

    def render(
        self,
        routine: Routine,
        out_dir: Path,
        name: str | None = None,
        progress: Progress | None = None,
        track: tuple[int, int] | None = None,
    ) -> RenderResult:
        """Render one routine to ``out_dir`` (and its sidecars), all or nothing.

        The track is mixed and encoded while the speech is synthesised (``stream``), unless
        the layout needs every clip first: ``--minutes`` measures all the speech to solve the
        holds, and background music ducks ahead of each line."""
        ffmpeg.find_soon()  # checks the ffmpeg in use while the plan is made
        before = self._counts()
        store = self.store_for(routine)
        if self.options.minutes is None and self.options.music is None:
            the_plan = plan(routine, self.options)
            clips, missing = store.lookup(the_plan.texts())
            if missing:
                timeline, path, written = self._stream(
                    routine, the_plan, clips, missing, out_dir, name, progress, track
                )
            else:  # all cached: nothing to overlap, encode in one pass
                if progress:
                    progress.start(0)
                timeline = layout(the_plan, {t: len(c) for t, c in clips.items()})
                path, written = self.write(routine, timeline, clips, out_dir, name, track)
        else:
            timeline, clips = self.timeline(routine, progress)
            path, written = self.write(routine, timeline, clips, out_dir, name, track)
        after = self._counts()
        return RenderResult(
            path=path,
            timeline=timeline,
            synthesised=after[0] - before[0],
            cached=after[1] - before[1],
            sidecars=written,
        )

    def _stream(
        self,
        routine: Routine,
        the_plan: Plan,
        cached: dict[str, Samples],
        missing: list[str],
        out_dir: Path,
        name: str | None,
        progress: Progress | None,
        track: tuple[int, int] | None,
    ) -> tuple[Timeline, Path, tuple[Path, ...]]:
        """Synthesise ``missing`` while the track is mixed and encoded (``stream.run``); the
        sidecars are staged when the timeline is final (the picture is also the cover the
        tag embeds); everything moves into place together, the MP3 last."""
        opts = self.options
        target = out_dir / f"{name or slugify(routine.title)}.{opts.format}"
        extras: list[tuple[tuple[Path, ...], encoder.Cover | None]] = []
        heard = threading.Event()
        with Staging(out_dir) as stage:

            def encode(
                blocks: Iterator[Samples], timeline: Callable[[], Timeline], cancel: Cancel
            ) -> None:
                def cover() -> encoder.Cover | None:
                    """Called by the encoder once the last clip is in (``heard``)."""
                    extras.append(self._extras(timeline(), target, stage))
                    return extras[0][1]

                written = encoder.encode(
                    blocks,
                    target,
                    the_plan.sample_rate,
                    fmt=opts.format,
                    bitrate=opts.bitrate,
                    metadata=lambda: tags.ffmetadata(routine, timeline(), track),
                    cover=cover,
                    staging=stage,
                    cancel=cancel,
                    early=heard,
                )
                _check_length(written, timeline())

            def synthesise(
                texts: list[str], on_ready: Callable[[str, Samples], None], cancel: Cancel
            ) -> None:
                self.store_for(routine).synthesise(texts, progress, on_ready, cancel)
                heard.set()  # every clip is in: the timeline, tags and sidecars are final

            timeline = stream.run(the_plan, cached, missing, synthesise, encode)
            assert extras, "the encoder asks for the cover when it makes the tags"
            written = extras[0][0]
        self.store.trim()
        return timeline, target, written

    def render_many(
        self,
        jobs: list[tuple[Routine, str]],
        out_dir: Path,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> list[RenderResult]:
        """Render several routines: speech first (each distinct line once, in this process),
        then mixing and encoding in parallel, one ffmpeg per core. If one fails or the run is
        interrupted, the others stop too and no partial file is left."""
        _check_names([name for _, name in jobs])
        ffmpeg.find_soon()  # checks the ffmpeg in use while the speech is made
        atomic.check_folder(out_dir)  # before minutes of synthesis, not after
        for routine, _ in jobs:  # every routine's language and voice, before any synthesis
            self.store_for(routine)
        if len(jobs) == 1:
            return [self.render(jobs[0][0], out_dir, jobs[0][1], progress)]
        before = self._counts()
        prepared = [(r, n, *self.timeline(r, progress)) for r, n in jobs]
        after = self._counts()
        stats = (after[0] - before[0], after[1] - before[1])
        cancel = Cancel()
        total = len(prepared)

        def one(k: int) -> RenderResult:
            routine, name, timeline, clips = prepared[k]
            track = (k + 1, total) if total > 1 else None
            path, written = self.write(routine, timeline, clips, out_dir, name, track, cancel)
            return RenderResult(path, timeline, *(stats if k == 0 else (0, 0)), written)

        pool = ThreadPoolExecutor(max_workers=workers or min(total, os.cpu_count() or 1))
        futures: list[Future[RenderResult]] = []
        try:
            futures += [pool.submit(one, k) for k in range(total)]
            wait(futures, return_when=FIRST_EXCEPTION)
            if any(f.done() and f.exception() for f in futures):
                cancel.cancel()  # the others stop at their next block
            wait(futures)
            errors = [e for e in (f.exception() for f in futures) if e is not None]
            if errors:  # the cause, not the parts it cancelled
                raise next((e for e in errors if not isinstance(e, Cancelled)), errors[0])
            return [f.result() for f in futures]
        except BaseException:
            cancel.cancel()
            raise
        finally:
            _shutdown(pool, futures, cancel)

    def write(
        self,
        routine: Routine,
        timeline: Timeline,
        clips: dict[str, Samples],
        out_dir: Path,
        name: str | None = None,
        track: tuple[int, int] | None = None,
        cancel: Cancel | None = None,
    ) -> tuple[Path, tuple[Path, ...]]:
        """Mix and encode a measured timeline, with its sidecars; all files or none."""
        opts = self.options
        stem = name or slugify(routine.title)
        target = out_dir / f"{stem}.{opts.format}"
        bed = None
        if opts.music is not None:
            from . import music

            bed = music.load(opts.music, timeline, self.voice_lufs, opts.music_level)
        blocks = mixer.mix(timeline, clips, bed=bed)
        if cancel is not None:
            blocks = _cancellable(blocks, cancel)
        extras: list[tuple[tuple[Path, ...], encoder.Cover | None]] = []
        with Staging(out_dir) as stage:

            def cover() -> encoder.Cover | None:
                """The sidecars, staged while the audio is encoded (``early``)."""
                extras.append(self._extras(timeline, target, stage))
                return extras[0][1]

            samples = encoder.encode(
                blocks,
                target,
                timeline.sample_rate,
                fmt=opts.format,
                bitrate=opts.bitrate,
                metadata=tags.ffmetadata(routine, timeline, track),
                cover=cover,
                staging=stage,
                cancel=cancel,
                early=True,
            )
            _check_length(samples, timeline)
            assert extras, "the encoder asks for the cover"
            written = extras[0][0]
        self.store.trim()
        return target, written

    def _extras(
        self, timeline: Timeline, target: Path, stage: Staging
    ) -> tuple[tuple[Path, ...], encoder.Cover | None]:
        """Stage the sidecars beside ``target`` (if wanted): captions, lyrics, timeline,
        picture and page. Returns their paths and the cover to embed: the user's, else the
        routine's picture (the staged ``NAME.png`` itself, or a scratch copy without sidecars),
        else None."""
        opts = self.options
        embed = opts.cover is None and opts.picture and opts.format == "mp3"
        files: dict[str, str | bytes] = {}
        if opts.sidecars:
            files.update(sidecars.render_all(timeline))
            if opts.picture:
                files.update(sidecars.picture(timeline))
            if opts.page:
                files.update(sidecars.page(timeline, target.name))
        elif embed:
            files.update(sidecars.picture(timeline, svg=False))
        written, staged = [], {}
        for suffix, content in files.items():
            path = target.with_suffix(f".{suffix}")
            if opts.sidecars:
                staged[suffix] = stage.file(path)
                written.append(path)
            else:  # only the cover: a temporary file, never moved into place
                staged[suffix] = stage.scratch(path.name)
            data = content.encode("utf-8") if isinstance(content, str) else content
            staged[suffix].write_bytes(data)
        cover: encoder.Cover | None = staged["png"] if embed else opts.cover
        return tuple(written), cover


def _check_length(written: int, timeline: Timeline) -> None:
    if written != timeline.total_samples:
        raise AudioError(
            f"the encoder was given {written} samples instead of the timeline's "
            f"{timeline.total_samples}; nothing was replaced (please report this)"
        )


def _check_names(names: list[str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        if name.casefold() in seen:
            raise UsageError(
                f"two routines would be written to the same file name {name!r}; "
                "give each routine its own title"
            )
        seen[name.casefold()] = name


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def _shutdown(
    pool: ThreadPoolExecutor, futures: list[Future[RenderResult]], cancel: Cancel
) -> None:
    """Wait for every worker, even if interrupted meanwhile (then cancel, and re-raise after);
    waits on the futures, not on thread joins, which an interruption can cut short."""
    done = threading.Event()
    remaining = [len(futures)]
    lock = threading.Lock()

    def one_done(_: Future[RenderResult]) -> None:
        with lock:
            remaining[0] -= 1
            if remaining[0] == 0:
                done.set()

    if not futures:
        done.set()
    for future in futures:
        future.add_done_callback(one_done)
    interrupted = wait_for(done, cancel)
    pool.shutdown(wait=True)  # every task has returned: this only reaps the threads
    if interrupted is not None:
        raise interrupted


def _cancellable(blocks: Iterator[Samples], cancel: Cancel) -> Iterator[Samples]:
    for block in blocks:
        cancel.check()
        yield block
