#!/usr/bin/env sh
# Installs the system packages the test suite needs, when they are missing (run first by `npm test`):
#   chromium              the HTML report's browser tests (path: $SCALEGAP_CHROMIUM or /usr/bin/chromium)
#   python3-torch         the lab's exporter check, in Debian's /usr/bin/python3 (with libopenblas0-pthread)
#   fonts-dejavu-core     the fonts the rendered charts are compared in
#   python3-numpy/-scipy  the reference scripts (only when python3 on PATH is the system one)
# As root with apt-get it installs them; otherwise it prints the one command that does and exits 1.
# --dry-run prints what it would run and changes nothing. SCALEGAP_SYSTEM_PYTHON and SCALEGAP_FONT_FILE
# exist for this script's own test.
set -eu

dry_run=0
[ "${1:-}" = "--dry-run" ] && dry_run=1

chromium="${SCALEGAP_CHROMIUM:-/usr/bin/chromium}"
system_python="${SCALEGAP_SYSTEM_PYTHON:-/usr/bin/python3}"
font_file="${SCALEGAP_FONT_FILE:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}"

missing_packages() {
  need=""
  [ -x "$chromium" ] || need="$need chromium"
  "$system_python" -c 'import torch' >/dev/null 2>&1 || need="$need python3-torch libopenblas0-pthread"
  [ -f "$font_file" ] || need="$need fonts-dejavu-core"
  if ! python3 -c 'import numpy, scipy' >/dev/null 2>&1; then
    if [ "$(command -v python3 || true)" = "$system_python" ] || ! command -v python3 >/dev/null 2>&1; then
      need="$need python3-numpy python3-scipy"
    else
      echo "ensure-test-deps: $(command -v python3) lacks numpy or scipy: run  python3 -m pip install numpy scipy" >&2
      exit 1
    fi
  fi
  echo "$need"
}

need="$(missing_packages)"
[ -z "$need" ] && exit 0

install="apt-get install -y --no-install-recommends$need"
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: the tests need Debian packages that are missing:$need" >&2
  echo "install them with:  sudo sh -c 'apt-get update && $install'" >&2
  exit 1
fi
if [ "$dry_run" = 1 ]; then
  echo "would run: apt-get update && $install"
  exit 0
fi
echo "ensure-test-deps: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # $need is a word list of package names
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $need >/dev/null; }; then
  echo "ensure-test-deps: apt-get could not install:$need (no network or no package source?)" >&2
  echo "install them with:  apt-get update && $install" >&2
  exit 1
fi
still="$(missing_packages)"
if [ -n "$still" ]; then
  echo "ensure-test-deps: still missing after apt-get install:$still" >&2
  exit 1
fi
