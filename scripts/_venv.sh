# Shared by demo.sh and test.sh: create or update the project's .venv and install into it.
# Needs only Python 3.11+ with pip and venv. Usage: . scripts/_venv.sh EXTRAS
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "stretchaudio needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV"
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.stretchaudio-installed"
want="$(cat "$ROOT/pyproject.toml" | cksum) ${1:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing stretchaudio${1:+[$1]} into $VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT${1:+[$1]}"
  echo "$want" > "$stamp"
fi
