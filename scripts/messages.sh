#!/usr/bin/env bash
# The phrase catalogues, kept in step with the code (see CONTRIBUTING.md, "Adding a language").
#   scripts/messages.sh          extract the phrases into catalogues/messages.pot and add new
#                                ones (untranslated) to every catalogues/<code>.po
#   scripts/messages.sh init xx  start catalogues/xx.po for a new language from the template
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_venv.sh" "test,bench"
DIR="$ROOT/src/stretchaudio/language/catalogues"
BABEL="$VENV/bin/pybabel"
"$BABEL" -q extract --no-default-keywords -k _ -k _n:1,2 -k _p:1c,2 -k N_ \
  --add-comments=Translators: --add-location=file --width=100 --project=stretchaudio \
  --copyright-holder="stretchaudio developers" --msgid-bugs-address="" \
  -o "$DIR/messages.pot" "$ROOT/src/stretchaudio/language/phrasebook.py" \
  "$ROOT/src/stretchaudio/language/screen.py"
if [ "${1:-}" = "init" ]; then
  code="${2:?give a language code, e.g. scripts/messages.sh init sv}"
  "$BABEL" -q init -i "$DIR/messages.pot" -o "$DIR/$code.po" -l "$code"
  echo "Created $DIR/$code.po: translate every msgstr, then run scripts/test.sh -k languages"
  exit 0
fi
shopt -s nullglob
for po in "$DIR"/*.po; do
  code="$(basename "$po" .po)"
  "$BABEL" -q update --no-fuzzy-matching --ignore-obsolete --width=100 -i "$DIR/messages.pot" -o "$po" -l "$code"
done
