#!/usr/bin/env bash
# One command: install stretchaudio with its test and benchmark extras into .venv, check the
# code (ruff; mypy --strict over src and tests) and run the whole suite, docstring examples
# included. Extra arguments go to pytest (e.g. scripts/test.sh -k planner). Works from any folder.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_venv.sh" "test,bench"
. "$ROOT/scripts/_system.sh"
cd "$ROOT"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy" src tests
# The same fuzz examples on every CI run (HYPOTHESIS_PROFILE=default explores new ones).
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
# The suite, with the ffmpeg stretchaudio finds: $STRETCHAUDIO_FFMPEG, else the first on PATH
# (Debian's 5.1 in CI, see _system.sh), else the static one bundled by imageio-ffmpeg.
"$VENV/bin/python" -m pytest "$@"
# The tests whose results depend on ffmpeg's version (encoding, decoding, tags, chapters,
# loudness, tempo) once more with the bundled ffmpeg, unless that is the one just used: the
# product must work with both. pytest's exit code 5 (the arguments selected none of them) is
# not a failure.
bundled="$("$VENV/bin/python" -c 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())')"
used="$("$VENV/bin/python" -c 'from stretchaudio.ffmpeg import ffmpeg_exe; print(ffmpeg_exe())')"
if [ "$used" != "$bundled" ]; then
  echo "Again with the bundled ffmpeg ($bundled); the pass above used $used"
  status=0
  STRETCHAUDIO_FFMPEG="$bundled" "$VENV/bin/python" -m pytest "$@" \
    tests/test_output.py tests/test_audio.py tests/test_tags.py tests/test_gtts.py || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 5 ] || exit "$status"
fi
