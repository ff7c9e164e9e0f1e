#!/usr/bin/env bash
# One command: install stretchaudio into .venv (offline voice included) and render the
# built-in routine to output/. Safe to run again; works from any folder.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_venv.sh" ""
cd "$ROOT"
"$VENV/bin/stretchaudio" build l5-s1 -o "$ROOT/output" "$@"
echo "Done. Listen to the MP3 above, or see all options: .venv/bin/stretchaudio build --help"
