#!/usr/bin/env bash
# One command: install stretchaudio with its test extras into .venv and run the whole suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k planner). Works from any folder.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_venv.sh" "test,bench"
. "$ROOT/scripts/_system.sh"
cd "$ROOT"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy" src
# The same fuzz examples on every CI run (HYPOTHESIS_PROFILE=default explores new ones).
HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" "$VENV/bin/python" -m pytest "$@"
