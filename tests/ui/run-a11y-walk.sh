#!/bin/sh
# The accessibility walk (RECIPES, "Use it through the accessibility tree"): starts the
# built accord on a sample database under Xvfb with an AT-SPI bus, and runs a11y_walk.py,
# which signs in to the Client Area preview (its sign-in window and Your Profile), opens a
# client, its Users tab and the Manage User dialog, and checks that every input is named by
# its visible label.
# Usage: tests/ui/run-a11y-walk.sh [BUILD_DIR]   (default: build)
# Needs: xvfb, dbus, at-spi2-core, python3-pyatspi (Debian's /usr/bin/python3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
accord="$build/accord"
[ -x "$accord" ] || { echo "no accord binary in $build" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# Settings and data of this run only (recent databases, window geometry).
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
"$accord" --db "$work/a11y.sqlite" init --sample 20 --sample-password a11y-pass-1 >/dev/null
# Someone to sign in as in the Client Area: one client account, no two-factor sign-in.
email=$("$accord" --db "$work/a11y.sqlite" users --format json | /usr/bin/python3 -c '
import json, sys
print(next(u["email"] for u in json.load(sys.stdin)
           if u["client_count"] == 1 and not u["two_factor"]))')

# CI once saw accord refused ("could not connect to display") by an Xvfb that xvfb-run had
# reported ready. -noreset: by default Xvfb resets when its last client leaves and refuses
# clients during the reset; and the display is waited for before anything starts on it,
# on a second Xvfb if the first never takes a client (exit code 3).
for attempt in 1 2; do
rc=0
timeout -k 10 300 xvfb-run -a -s "-screen 0 1400x1000x24 -noreset" dbus-run-session -- sh -c '
  accord=$1 db=$2 walk=$3 email=$4
  export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1
  unset QT_QPA_PLATFORM
  /usr/bin/python3 "${walk%/*}/wait-for-display.py" || exit 3
  /usr/libexec/at-spi-bus-launcher --launch-immediately & bus=$!
  sleep 1
  "$accord" --db "$db" & app=$!
  rc=0
  /usr/bin/python3 "$walk" --app accord --timeout 60 --email "$email" --password a11y-pass-1 || rc=$?
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  kill "$bus" 2>/dev/null || true
  exit $rc' sh "$accord" "$work/a11y.sqlite" "$here/a11y_walk.py" "$email" || rc=$?
[ "$rc" -eq 3 ] || break
done
exit "$rc"
