#!/usr/bin/env bash
# One command: install dependencies, build, start Accord. Arguments go to accord.
set -euo pipefail
cd "$(dirname "$0")/.."

# Checked first so a headless machine fails before a long build.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "run.sh: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2
    echo "Accord is a desktop application: start it from a desktop session," >&2
    echo "or set QT_QPA_PLATFORM=offscreen to try it without one." >&2
    exit 1
fi

bash packaging/bootstrap.sh

launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
cmake --build build

exec build/accord "$@"
