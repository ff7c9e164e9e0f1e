# Shared by test.sh: the Debian programs the tests need, installed when missing.
# chromium drives the follow-along page test, espeak-ng the espeak engine tests, ffmpeg is
# Debian's own build (5.1 on Debian 12), so the suite runs against it as well as against the
# static ffmpeg bundled by imageio-ffmpeg. Installs only as root with apt-get (CI); elsewhere it
# says what is missing, and the tests that need it are skipped with that reason.
# Usage: . scripts/_system.sh
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Not installed (tests that need them are skipped): ${need[*]}" >&2
  fi
fi
